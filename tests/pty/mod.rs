//! End-to-end harness: the real `kiosk` binary in a pseudo-terminal, typed at like a person.
//!
//! [`Site`] is one school's installation in a temporary directory: a config file (short
//! timeouts), a SQLite database, a roster, and the admin CLI to prepare accounts. [`Kiosk`]
//! is the full-screen program running on an 80x24 pty with TERM=xterm-256color; a reader
//! thread feeds everything it draws into a `vt100::Parser` (with scrollback), and the test
//! sends keys and waits for text to appear.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;
/// Rows of scrollback the emulated terminal keeps.
pub const SCROLLBACK: usize = 1000;
/// How often `wait_for` looks at the screen.
const POLL: Duration = Duration::from_millis(50);

/// Generous limits: a debug build on two slow cores, argon2 on every verification.
pub const START: Duration = Duration::from_secs(30);
pub const STEP: Duration = Duration::from_secs(20);

pub const KIOSK: &str = env!("CARGO_BIN_EXE_kiosk");

/// One installation: a temporary directory with `kiosk.toml`, `roster.csv` and the
/// database `k.db`.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub db_url: String,
}

impl Site {
    /// A site whose kiosk wipes itself after `idle_secs` without a key (the Done screen
    /// after 8 s), with `extra` TOML appended to its config.
    pub fn with(idle_secs: u64, extra: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let db_url = format!("sqlite://{}/k.db", dir.path().display());
        let config = dir.path().join("kiosk.toml");
        // The key file by absolute path: the kiosk and this test process share it.
        let key_file = dir.path().join("secret.key");
        std::fs::write(
            &config,
            format!(
                "[kiosk]\nidle_timeout_secs = {idle_secs}\ndone_timeout_secs = 8\n\n\
                 [database]\nurl = \"{db_url}\"\n\n[keys]\nfile = \"{}\"\n\n{extra}\n",
                key_file.display()
            ),
        )
        .expect("write config");
        Site {
            dir,
            config,
            db_url,
        }
    }

    /// A site with a 10 s idle timeout.
    pub fn new() -> Site {
        Site::with(10, "")
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `kiosk --config kiosk.toml ARGS` to completion (the admin CLI).
    pub fn cli(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(KIOSK);
        cmd.current_dir(self.path())
            .arg("--config")
            .arg(&self.config)
            .args(args);
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIOSK__")) {
            cmd.env_remove(k);
        }
        cmd.output().expect("run kiosk")
    }

    fn cli_ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(
            out.status.success(),
            "kiosk {args:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Imports a roster (CSV with header username,display_name,category,email,mobile).
    pub fn import(&self, csv: &str) {
        let roster = self.path().join("roster.csv");
        std::fs::write(&roster, csv).expect("write roster");
        let out = self.cli_ok(&["admin", "import", roster.to_str().expect("utf-8 path")]);
        assert!(out.contains("imported"), "{out}");
    }

    /// Issues a temporary password with the admin CLI and returns it.
    pub fn temp_password(&self, username: &str) -> String {
        self.temp_password_with(username, &[])
    }

    /// `kiosk admin temp-password USER ARGS...`.
    pub fn temp_password_with(&self, username: &str, args: &[&str]) -> String {
        let mut all = vec!["admin", "temp-password", username];
        all.extend_from_slice(args);
        let out = self.cli_ok(&all);
        let password = out.trim().to_string();
        assert!(
            !password.is_empty() && !password.contains('\n'),
            "unexpected temp-password output: {out:?}"
        );
        password
    }

    /// `kiosk admin show USER`.
    pub fn show(&self, username: &str) -> String {
        self.cli_ok(&["admin", "show", username])
    }

    /// The settings exactly as the kiosk loads them (no KIOSK__ variables).
    pub fn settings(&self) -> kiosk::config::Settings {
        kiosk::config::Settings::load(Some(&self.config), Some(HashMap::new())).expect("settings")
    }

    /// The services on this site's database, as the kiosk itself builds them.
    pub async fn services(&self) -> kiosk::service::Services {
        let settings = self.settings();
        let store = kiosk::store::Store::connect(&settings.database.url, 2)
            .await
            .expect("connect");
        kiosk::service::Services::new(
            store,
            Arc::new(settings),
            Arc::new(kiosk::clock::SystemClock),
        )
        .expect("services")
    }

    /// Whether `password` verifies for `username` in the site's database, asked of the
    /// services the kiosk itself uses.
    pub fn verifies(&self, username: &str, password: &str) -> kiosk::service::VerifyOutcome {
        runtime().block_on(async {
            self.services()
                .await
                .verify_password(
                    &kiosk::domain::username::Username::parse(username).expect("username"),
                    &kiosk::domain::secret::Secret::password(password),
                )
                .await
                .expect("verify")
        })
    }

    /// Starts the kiosk on this site (`kiosk --config kiosk.toml EXTRA`).
    pub fn start(&self, extra: &[&str]) -> Kiosk {
        self.start_with_env(extra, &[])
    }

    /// Starts the kiosk on this site with extra environment variables.
    pub fn start_with_env(&self, extra: &[&str], env: &[(&str, &str)]) -> Kiosk {
        let mut args: Vec<&str> = vec!["--config", self.config.to_str().expect("utf-8 path")];
        args.extend_from_slice(extra);
        Kiosk::spawn_with_env(self.path(), &args, env)
    }
}

/// A runtime for the services a test asks directly, next to the kiosk process.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// What the reader thread shares with the test.
struct Shared {
    parser: vt100::Parser,
    /// Every byte the kiosk wrote, for checks on escape sequences.
    raw: Vec<u8>,
}

/// The kiosk running in a pseudo-terminal. Dropping it kills the process.
pub struct Kiosk {
    shared: Arc<Mutex<Shared>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    eof: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    // Kept open for the life of the child: closing the master hangs the terminal up.
    _master: Box<dyn MasterPty + Send>,
    exit: Option<ExitStatus>,
    /// The terminal device (/dev/pts/N), to read its modes with `stty`.
    pub tty: Option<PathBuf>,
}

impl Kiosk {
    /// Spawns `kiosk ARGS` in `cwd` on an 80x24 pty.
    pub fn spawn(cwd: &Path, args: &[&str]) -> Kiosk {
        Kiosk::spawn_with_env(cwd, args, &[])
    }

    /// Spawns `kiosk ARGS` in `cwd` on an 80x24 pty with extra environment variables.
    pub fn spawn_with_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Kiosk {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut cmd = CommandBuilder::new(KIOSK);
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env_remove("RUST_LOG");
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIOSK__")) {
            cmd.env_remove(k);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn kiosk");
        // Only the child holds the slave now, so the reader sees EOF when it exits.
        drop(pair.slave);

        let rows = NonZeroU16::new(ROWS).expect("rows");
        let cols = NonZeroU16::new(COLS).expect("cols");
        let shared = Arc::new(Mutex::new(Shared {
            parser: vt100::Parser::new(rows, cols, SCROLLBACK),
            raw: Vec::new(),
        }));
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let eof = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let thread = {
            let (shared, writer, eof) = (shared.clone(), writer.clone(), eof.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let chunk = &buf[..n];
                            let reply = {
                                let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
                                s.parser.process(chunk);
                                s.raw.extend_from_slice(chunk);
                                // Answer a cursor position query as a terminal would, in
                                // case the program asks (crossterm waits for the reply).
                                contains(chunk, b"\x1b[6n").then(|| {
                                    let (row, col) = s.parser.screen().cursor_position();
                                    format!("\x1b[{};{}R", row + 1, col + 1)
                                })
                            };
                            if let Some(reply) = reply {
                                let mut w = writer.lock().unwrap_or_else(|e| e.into_inner());
                                let _ = w.write_all(reply.as_bytes());
                                let _ = w.flush();
                            }
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        Kiosk {
            shared,
            writer,
            child,
            eof,
            reader: Some(thread),
            tty: pair.master.tty_name(),
            _master: pair.master,
            exit: None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    // ---- input -------------------------------------------------------------------------

    /// Welcome → Identify → Choose method, for `username` (the Swedish default screens).
    pub fn walk_to_methods(&mut self, username: &str) {
        self.wait_for(&ftl_fragment("sv", "ui-welcome-start"), START);
        self.key_enter();
        self.wait_for(&ftl_fragment("sv", "ui-identify-title"), STEP);
        self.type_text(username);
        self.wait_for(username, STEP);
        self.key_enter();
        self.wait_for(&ftl_fragment("sv", "ui-method-title"), STEP);
    }

    /// Moves the `›` marker to the line with `label` and presses Enter.
    pub fn select(&mut self, label: &str) {
        for _ in 0..8 {
            if self
                .screen()
                .lines()
                .any(|l| l.contains(label) && l.contains('›'))
            {
                self.key_enter();
                return;
            }
            self.key_down();
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("cannot select {label:?}:\n{}", frame(&self.screen()));
    }

    pub fn send(&self, text: &str) {
        self.send_bytes(text.as_bytes());
    }

    pub fn send_bytes(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        w.write_all(bytes).expect("write to pty");
        w.flush().expect("flush pty");
    }

    /// Types text, then pauses briefly so the next key is read as a separate event.
    pub fn type_text(&self, text: &str) {
        self.send(text);
        pause();
    }

    pub fn key_enter(&self) {
        self.send("\r");
        pause();
    }

    pub fn key_tab(&self) {
        self.send("\t");
        pause();
    }

    pub fn key_down(&self) {
        self.send("\x1b[B");
        pause();
    }

    pub fn key_up(&self) {
        self.send("\x1b[A");
        pause();
    }

    pub fn key_backspace(&self) {
        self.send("\x7f");
        pause();
    }

    /// A lone ESC: the pause after it keeps the next bytes from being read as an Alt- or
    /// escape sequence.
    pub fn key_esc(&self) {
        self.send("\x1b");
        std::thread::sleep(Duration::from_millis(250));
    }

    /// Function key Fn as xterm sends it.
    pub fn f(&self, n: u8) {
        let seq = match n {
            1 => "\x1bOP",
            2 => "\x1bOQ",
            3 => "\x1bOR",
            4 => "\x1bOS",
            5 => "\x1b[15~",
            6 => "\x1b[17~",
            7 => "\x1b[18~",
            8 => "\x1b[19~",
            9 => "\x1b[20~",
            10 => "\x1b[21~",
            11 => "\x1b[23~",
            12 => "\x1b[24~",
            _ => panic!("no function key F{n}"),
        };
        self.send(seq);
        pause();
    }

    /// Ctrl + key: the control byte a terminal sends (Ctrl-C 0x03, Ctrl-Z 0x1a, Ctrl-\ 0x1c).
    pub fn ctrl(&self, c: char) {
        let byte = (c.to_ascii_uppercase() as u8) & 0x1f;
        self.send_bytes(&[byte]);
        pause();
    }

    /// A bracketed paste, as a terminal sends it when the program enabled the mode.
    pub fn paste(&self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
        pause();
    }

    // ---- output ------------------------------------------------------------------------

    /// The visible screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.lock().parser.screen().contents()
    }

    /// Whether the program switched the terminal to bracketed-paste mode.
    pub fn bracketed_paste(&self) -> bool {
        self.lock().parser.screen().bracketed_paste()
    }

    /// Whether the alternate screen is showing.
    pub fn alternate_screen(&self) -> bool {
        self.lock().parser.screen().alternate_screen()
    }

    /// The terminal's scrollback (the rows above the visible screen), oldest first.
    pub fn scrollback(&self) -> String {
        let mut s = self.lock();
        read_scrollback(s.parser.screen_mut())
    }

    /// How many bytes the kiosk has written so far: a mark for [`Kiosk::output_since`].
    pub fn mark(&self) -> usize {
        self.lock().raw.len()
    }

    /// The raw bytes written since `mark`.
    pub fn output_since(&self, mark: usize) -> Vec<u8> {
        self.lock().raw[mark..].to_vec()
    }

    /// The screen and scrollback of a terminal *without* an alternate screen, such as the
    /// Linux console the kiosk runs on in production: everything the kiosk wrote replayed
    /// with the alternate-screen switches removed, after `history` (what the terminal
    /// showed before the kiosk started). Returns (scrollback, screen).
    pub fn console_view(&self, history: &str) -> (String, String) {
        let raw = self.lock().raw.clone();
        let mut parser = vt100::Parser::new(
            NonZeroU16::new(ROWS).expect("rows"),
            NonZeroU16::new(COLS).expect("cols"),
            SCROLLBACK,
        );
        parser.process(history.replace('\n', "\r\n").as_bytes());
        let mut stream = raw;
        for seq in [
            &b"\x1b[?1049h"[..],
            b"\x1b[?1049l",
            b"\x1b[?1047h",
            b"\x1b[?1047l",
            b"\x1b[?47h",
            b"\x1b[?47l",
        ] {
            stream = replace_all(&stream, seq, b"");
        }
        parser.process(&stream);
        let scrollback = read_scrollback(parser.screen_mut());
        (scrollback, parser.screen().contents())
    }

    /// Waits until `text` is on the screen and returns the screen. Matching ignores line
    /// breaks, borders and runs of spaces, so a sentence wrapped inside a box still
    /// matches. Panics with the last screen on timeout or when the kiosk exits.
    pub fn wait_for(&mut self, text: &str, timeout: Duration) -> String {
        let want = normalise(text);
        self.wait_until(&format!("{text:?} on screen"), timeout, |screen| {
            normalise(screen).contains(&want)
        })
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_gone(&mut self, text: &str, timeout: Duration) -> String {
        let want = normalise(text);
        self.wait_until(&format!("{text:?} gone"), timeout, |screen| {
            !normalise(screen).contains(&want)
        })
    }

    /// Waits until `ready(screen)` holds; panics with `what` and the last screen otherwise.
    pub fn wait_until(
        &mut self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if let Some(status) = self.try_exit() {
                // Let the reader drain what the program wrote last.
                std::thread::sleep(Duration::from_millis(100));
                panic!(
                    "kiosk exited ({status:?}) while waiting for {what}; last screen:\n{}\n\
                     last output: {}",
                    frame(&self.screen()),
                    self.tail()
                );
            }
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}; last screen:\n{}",
                    frame(&screen)
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// The last bytes of output, escaped, for failure messages.
    fn tail(&self) -> String {
        let s = self.lock();
        let from = s.raw.len().saturating_sub(600);
        String::from_utf8_lossy(&s.raw[from..])
            .escape_debug()
            .to_string()
    }

    /// The screen stays as it is for `quiet` (it must not change within it).
    pub fn assert_steady(&mut self, before: &str, quiet: Duration) {
        let deadline = Instant::now() + quiet;
        while Instant::now() < deadline {
            std::thread::sleep(POLL);
            let now = self.screen();
            assert_eq!(
                now,
                before,
                "the screen changed:\nbefore:\n{}\nafter:\n{}",
                frame(before),
                frame(&now)
            );
        }
    }

    // ---- the process -------------------------------------------------------------------

    /// The exit status once the process has exited.
    pub fn try_exit(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none()
            && let Ok(Some(status)) = self.child.try_wait()
        {
            self.exit = Some(status);
        }
        self.exit.clone()
    }

    pub fn is_alive(&mut self) -> bool {
        self.try_exit().is_none()
    }

    /// Waits for the process to exit and for its last output to be read.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_exit() {
                // The reader thread stops at EOF, after the last byte was parsed.
                while !self.eof.load(Ordering::SeqCst) && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "kiosk still running after {timeout:?}; screen:\n{}",
                    frame(&self.screen())
                );
            }
            std::thread::sleep(POLL);
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        if self.try_exit().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The reader ends at EOF once the child is gone; do not hang a failing test on it.
        if let Some(reader) = self.reader.take()
            && self.eof.load(Ordering::SeqCst)
        {
            let _ = reader.join();
        }
    }
}

/// A short pause between keys, so each arrives as its own read.
fn pause() {
    std::thread::sleep(Duration::from_millis(60));
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether the raw output contains an escape sequence (or any byte string).
pub fn output_contains(output: &[u8], needle: &[u8]) -> bool {
    contains(output, needle)
}

fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// Every scrollback row, oldest first. At offset k the top visible row is scrollback row
/// `len - k`; the view is put back on the live screen afterwards.
fn read_scrollback(screen: &mut vt100::Screen) -> String {
    let len = screen.scrollback_len();
    let mut rows = Vec::with_capacity(len);
    for offset in (1..=len).rev() {
        screen.set_scrollback(offset);
        rows.push(screen.rows(0, COLS).next().unwrap_or_default());
    }
    screen.set_scrollback(0);
    rows.join("\n")
}

/// Text for loose matching: box-drawing and block characters become spaces, whitespace
/// runs (line breaks included) one space.
pub fn normalise(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{2500}'..='\u{259f}' => ' ',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The screen in a frame, for failure messages.
pub fn frame(screen: &str) -> String {
    let mut out = format!("+{}+\n", "-".repeat(COLS as usize));
    for line in screen.split('\n') {
        out.push_str(&format!("|{line:<width$}|\n", width = COLS as usize));
    }
    out.push_str(&format!("+{}+", "-".repeat(COLS as usize)));
    out
}

/// A message from assets/i18n/LANG.ftl, for asserting on the wording the user sees. Only
/// the first line of the value, with `{ $placeholder }`s replaced by `placeholder`, so
/// the caller can pick a fragment: see [`ftl_fragment`].
pub fn ftl(lang: &str, key: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/i18n")
        .join(format!("{lang}.ftl"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        if k.trim() != key || line.starts_with(' ') {
            continue;
        }
        let mut value = v.trim().to_string();
        if value.is_empty() {
            // A multi-line value: its first indented line.
            value = lines.next().unwrap_or_default().trim().to_string();
        }
        return value;
    }
    panic!("no message {key} in {}", path.display())
}

/// The longest run of literal text in a Fluent message (between placeholders), which is
/// what can be looked for on screen whatever the placeholders became.
pub fn ftl_fragment(lang: &str, key: &str) -> String {
    let value = ftl(lang, key);
    let mut best = String::new();
    let mut rest = value.as_str();
    loop {
        let (literal, after) = match rest.find('{') {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        let literal = literal.trim();
        if literal.chars().count() > best.chars().count() {
            best = literal.to_string();
        }
        match after.and_then(|a| a.find('}').map(|j| &a[j + 1..])) {
            Some(next) => rest = next,
            None => break,
        }
    }
    assert!(!best.is_empty(), "{key} has no literal text: {value:?}");
    best
}

// With a directory: the password sign-in and the new-password form (e2e_directory,
// e2e_active_directory).

/// Welcome → Identify → Choose method (the password) → Current password → Profile → New
/// password.
pub fn sign_in(k: &mut Kiosk, username: &str, password: &str) {
    k.walk_to_methods(username);
    let label = ftl_fragment("sv", "ui-method-password");
    for _ in 0..6 {
        if k.screen()
            .lines()
            .any(|l| l.contains(&label) && l.contains('›'))
        {
            break;
        }
        k.key_down();
        std::thread::sleep(Duration::from_millis(200));
    }
    k.key_enter();
    k.wait_for(&ftl_fragment("sv", "ui-current-title"), STEP);
    k.type_text(password);
    k.key_enter();
    // Signed in with their own password: the Profile, "change my password" selected.
    k.wait_for(&ftl_fragment("sv", "ui-profile-change"), STEP);
    k.key_enter();
    k.wait_for(&ftl_fragment("sv", "ui-new-field"), STEP);
}

/// Where the outbox SMS provider writes, relative to the site (where the kiosk runs).
pub const OUTBOX: &str = "outbox/sms.jsonl";

/// The `[sms]` section that sends to the outbox.
pub fn sms_outbox_toml() -> String {
    format!("[sms]\nprovider = \"outbox\"\n[sms.outbox]\npath = \"{OUTBOX}\"\n")
}

/// The messages in the site's outbox: (to, text).
pub fn outbox(dir: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(dir.join(OUTBOX)) else {
        return Vec::new();
    };
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("outbox line");
            (
                v["to"].as_str().unwrap_or_default().to_string(),
                v["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Welcome → Identify → Choose method (the password) → Current password → New password,
/// with a temporary password (which goes straight to New password).
pub fn temp_sign_in(k: &mut Kiosk, username: &str, temp: &str) {
    k.walk_to_methods(username);
    let label = ftl_fragment("sv", "ui-method-password");
    k.wait_until("the password method selected", STEP, |s| {
        s.lines().any(|l| l.contains(&label) && l.contains('›'))
    });
    k.key_enter();
    k.wait_for(&ftl_fragment("sv", "ui-current-title"), STEP);
    k.type_text(temp);
    k.key_enter();
    k.wait_for(&ftl_fragment("sv", "ui-new-field"), STEP);
}

/// Types the new password twice and presses Enter until the kiosk takes it.
pub fn submit(k: &mut Kiosk, password: &str, until: &str) -> String {
    k.type_text(password);
    retype(k, password);
    press_until(k, until)
}

/// Once the strength estimate of the typed password is in (its rule ticked), types it
/// again in Confirm.
pub fn retype(k: &mut Kiosk, password: &str) {
    let strength_rule = ftl_fragment("sv", "rule-min-strength");
    k.wait_until("the strength rule ticked", STEP, |screen| {
        screen
            .lines()
            .any(|l| l.contains(&strength_rule) && l.contains('✓'))
    });
    k.key_tab();
    k.type_text(password);
}

/// Presses Enter until `until` shows: an Enter that lands while the last estimate runs
/// is refused with a notice, and a second one submits.
pub fn press_until(k: &mut Kiosk, until: &str) -> String {
    k.key_enter();
    let deadline = std::time::Instant::now() + STEP;
    while std::time::Instant::now() < deadline {
        let screen = k.screen();
        if normalise(&screen).contains(&normalise(until)) {
            break;
        }
        if screen.contains(&ftl_fragment("sv", "ui-notice-rules-not-met")) {
            k.key_enter();
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    k.wait_for(until, STEP)
}
