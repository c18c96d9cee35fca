//! Process hygiene, set up first thing in `main` before anything secret is in memory:
//! no core dumps (a dump would hold passwords, codes and keys), and a panic on any thread,
//! a tokio task's included, restores the terminal and ends the whole process (systemd
//! restarts it) instead of leaving the kiosk running on a broken terminal.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::DisableBracketedPaste;
use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, LeaveAlternateScreen, disable_raw_mode};

/// The exit code after a panic (Rust's own for a panicking main thread).
pub const PANIC_EXIT_CODE: i32 = 101;

/// Set while the full-screen kiosk owns the terminal: only then does a panic restore it
/// (a CLI command's panic must not print escape sequences into a pipe).
static TERMINAL_IN_USE: AtomicBool = AtomicBool::new(false);

/// Turns core dumps off for this process: not dumpable (no core file, no ptrace attach by
/// the same user) and a core size limit of 0 that children inherit.
/// A system-call filter that refuses setrlimit is fine when the limit is already 0
/// (`LimitCORE=0` in the units).
pub fn disable_core_dumps() -> nix::Result<()> {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    nix::sys::prctl::set_dumpable(false)?;
    match setrlimit(Resource::RLIMIT_CORE, 0, 0) {
        Ok(()) => Ok(()),
        Err(e) if getrlimit(Resource::RLIMIT_CORE) == Ok((0, 0)) => {
            let _ = e;
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Installs the panic hook: restore the terminal if the kiosk holds it, then one line on
/// stderr (where, never the panic's message, which could hold a secret) and exit 101.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if TERMINAL_IN_USE.load(Ordering::SeqCst) {
            restore_terminal();
        }
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let thread = std::thread::current()
            .name()
            .map(|n| format!(" in thread {n}"))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "kiosk: internal error (panic{thread}{location}); exiting"
        );
        std::process::exit(PANIC_EXIT_CODE);
    }));
}

/// The kiosk now holds the terminal (raw mode, alternate screen, bracketed paste).
pub(super) fn terminal_taken() {
    TERMINAL_IN_USE.store(true, Ordering::SeqCst);
}

/// The kiosk gave the terminal back.
pub(super) fn terminal_released() {
    TERMINAL_IN_USE.store(false, Ordering::SeqCst);
}

/// Undoes everything `app::run` did to the terminal, clearing first: on a Linux console
/// there is no alternate screen, and the next person must not find the last one's screen.
fn restore_terminal() {
    let mut out = std::io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        Clear(ClearType::All),
        Clear(ClearType::Purge),
        LeaveAlternateScreen,
        Show
    );
    let _ = out.flush();
    let _ = disable_raw_mode();
}
