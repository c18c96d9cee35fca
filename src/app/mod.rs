//! The loop: terminal events, ticks and effect results go into `flow::update`; the effects
//! it returns run here (database, hashing, strength estimation); then the screen is drawn.
//! Slow work never runs on this loop: a keystroke is handled and drawn in microseconds.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, EventStream};
use crossterm::execute;
use crossterm::terminal::{Clear, ClearType};
use futures::StreamExt;
use tokio::sync::{Notify, mpsc};

use crate::domain::strength;
use crate::flow::{self, Effect, EffectResult, Model, Msg};
use crate::service::{ServiceError, Services};
use crate::ui;

mod features;
pub mod hygiene;

/// How often time advances in the model (idle countdown, debounces).
const TICK: Duration = Duration::from_millis(250);
/// How long shutdown waits for change notices still being sent.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A one-slot queue: a new job replaces one not yet started, so the newest input wins and
/// a burst of keystrokes costs one estimate, not one per key.
struct Latest<T> {
    slot: Mutex<Option<T>>,
    notify: Notify,
}

impl<T: Send + 'static> Latest<T> {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            slot: Mutex::new(None),
            notify: Notify::new(),
        })
    }

    fn put(&self, job: T) {
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(job);
        self.notify.notify_one();
    }

    fn take(&self) -> Option<T> {
        self.slot.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    /// Runs `work` on each newest job, one at a time, for as long as the program runs.
    fn spawn_worker<F, Fut>(self: &Arc<Self>, work: F)
    where
        F: Fn(T) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                me.notify.notified().await;
                while let Some(job) = me.take() {
                    work(job).await;
                }
            }
        });
    }
}

type StrengthJob = (u64, u64, crate::domain::secret::Secret, Vec<String>);
type HistoryJob = (
    u64,
    u64,
    crate::service::VerifiedAccount,
    crate::domain::secret::Secret,
);

/// The schema step a kiosk started during an outage still owes (SQLite migrated,
/// PostgreSQL checked): taken once the database answers, before its first real use. A
/// wrong schema then ends the kiosk with one line, as at a normal start.
///
/// With `--demo` the demo accounts are seeded in the background after the first frame;
/// every effect waits for that too, so a name typed early finds its account.
struct Schema {
    ready: AtomicBool,
    step: tokio::sync::Mutex<()>,
    fatal: mpsc::UnboundedSender<anyhow::Error>,
    /// True once the demo accounts are in (at once without `--demo`); closed if seeding failed.
    seeded: tokio::sync::watch::Receiver<bool>,
}

impl Schema {
    /// `Err(Unavailable)` while the database is away; a wrong schema goes to `fatal`.
    async fn ensure(&self, services: &Services) -> Result<(), EffectResult> {
        if self.seeded.clone().wait_for(|done| *done).await.is_err() {
            return Err(EffectResult::Unavailable);
        }
        if self.ready.load(Ordering::Acquire) {
            return Ok(());
        }
        let _one_at_a_time = self.step.lock().await;
        if self.ready.load(Ordering::Acquire) {
            return Ok(());
        }
        match services.store.prepare_for_kiosk().await {
            Ok(()) => {
                tracing::info!("database reachable: schema ready");
                self.ready.store(true, Ordering::Release);
                Ok(())
            }
            Err(e) if e.is_unavailable() => Err(EffectResult::Unavailable),
            Err(e) => {
                let _ = self.fatal.send(e.into());
                Err(EffectResult::Unavailable)
            }
        }
    }
}

/// Runs effects and feeds their results back as messages.
struct Runner {
    services: Services,
    schema: Arc<Schema>,
    tx: mpsc::UnboundedSender<Msg>,
    strength: Arc<Latest<StrengthJob>>,
    history: Arc<Latest<HistoryJob>>,
}

fn failure(e: &ServiceError) -> EffectResult {
    // Every failure reads as "temporarily unavailable" to the person at the kiosk; the
    // detail goes to the log for the staff.
    tracing::error!(error = %e, "kiosk operation failed");
    EffectResult::Unavailable
}

impl Runner {
    fn new(services: Services, schema: Arc<Schema>, tx: mpsc::UnboundedSender<Msg>) -> Self {
        let strength = Latest::<StrengthJob>::new();
        let t = tx.clone();
        strength.spawn_worker(move |(session, generation, password, inputs)| {
            let t = t.clone();
            async move {
                let estimated = tokio::task::spawn_blocking(move || {
                    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
                    strength::estimate(password.expose(), &inputs)
                })
                .await;
                if let Ok(strength) = estimated {
                    let result = EffectResult::Strength {
                        generation,
                        strength,
                    };
                    let _ = t.send(Msg::Result { session, result });
                }
            }
        });
        let history = Latest::<HistoryJob>::new();
        let (t, s) = (tx.clone(), services.clone());
        history.spawn_worker(move |(session, generation, account, password)| {
            let (t, s) = (t.clone(), s.clone());
            async move {
                let result = match s.is_reused(&account, &password).await {
                    Ok(reused) => EffectResult::History { generation, reused },
                    Err(e) => {
                        // Shown on the rule ("checked when you save"), asked again later.
                        let _ = failure(&e);
                        EffectResult::HistoryUnavailable { generation }
                    }
                };
                let _ = t.send(Msg::Result { session, result });
            }
        });
        Self {
            services,
            schema,
            tx,
            strength,
            history,
        }
    }

    fn spawn<F>(&self, session: u64, work: F)
    where
        F: std::future::Future<Output = EffectResult> + Send + 'static,
    {
        self.spawn_or(session, work, || EffectResult::Unavailable);
    }

    /// `spawn`, answering `away()` when the schema step finds the database away.
    fn spawn_or<F>(&self, session: u64, work: F, away: fn() -> EffectResult)
    where
        F: std::future::Future<Output = EffectResult> + Send + 'static,
    {
        let (tx, schema, s) = (self.tx.clone(), self.schema.clone(), self.services.clone());
        tokio::spawn(async move {
            let result = match schema.ensure(&s).await {
                Ok(()) => work.await,
                Err(_) => away(),
            };
            let _ = tx.send(Msg::Result { session, result });
        });
    }

    /// Starts one effect. Returns false when the program should end.
    fn run(&self, effect: Effect, terminal: &mut ratatui::DefaultTerminal) -> bool {
        let s = self.services.clone();
        match effect {
            Effect::LookupMethods { session, username } => self.spawn(session, async move {
                match s.methods_for(&username).await {
                    Ok(methods) => EffectResult::Methods(methods),
                    Err(e) => failure(&e),
                }
            }),
            Effect::VerifyPassword {
                session,
                username,
                password,
            } => self.spawn(session, async move {
                match s.verify_password(&username, &password).await {
                    Ok(outcome) => EffectResult::Verified(outcome),
                    Err(e) => failure(&e),
                }
            }),
            Effect::ChangePassword {
                session,
                account,
                password,
            } => self.spawn_or(
                session,
                async move {
                    match s.change_password(&account, &password).await {
                        Ok(outcome) => EffectResult::Changed(outcome),
                        Err(e) => {
                            let _ = failure(&e);
                            EffectResult::SaveUnavailable
                        }
                    }
                },
                || EffectResult::SaveUnavailable,
            ),
            Effect::EstimateStrength {
                session,
                generation,
                password,
                user_inputs,
            } => {
                self.strength
                    .put((session, generation, password, user_inputs));
            }
            Effect::CheckHistory {
                session,
                generation,
                account,
                password,
            } => {
                self.history.put((session, generation, account, password));
            }
            Effect::CompleteReset { session, reset } => self.spawn(session, async move {
                match s.complete_reset(&reset.proofs).await {
                    Ok(progress) => EffectResult::Reset { reset, progress },
                    Err(e) => failure(&e),
                }
            }),
            Effect::Feature { session, request } => self.spawn(session, async move {
                match features::run(&s, request).await {
                    Ok(reply) => EffectResult::Feature(reply),
                    Err(e) => failure(&e),
                }
            }),
            Effect::GiveUp { account } => {
                // Outside the session: the screen has moved on, the use is spent anyway.
                tokio::spawn(async move {
                    if let Err(e) = s.give_up(&account).await {
                        tracing::warn!(error = %e, "cannot record a given-up verification");
                    }
                });
            }
            Effect::MachineInput => {
                tokio::spawn(async move {
                    if let Err(e) = s.record_machine_input().await {
                        tracing::warn!(error = %e, "cannot audit machine-speed input");
                    }
                });
            }
            Effect::CheckHealth => self.spawn(0, async move {
                if s.healthy().await {
                    EffectResult::Healthy
                } else {
                    EffectResult::Unavailable
                }
            }),
            Effect::ClearTerminal => {
                // The next person must not find anything of the last one, scrollback included.
                let mut out = std::io::stdout();
                let _ = execute!(out, Clear(ClearType::All), Clear(ClearType::Purge));
                let _ = out.flush();
                // The next frame must be drawn whole: ratatui's previous frame is forgotten.
                // Not `Terminal::clear`, which first asks the terminal for the cursor position
                // on stdin, where the event reader is waiting: it times out and skips the reset.
                if let Ok(size) = terminal.size() {
                    let _ =
                        terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height));
                }
            }
            Effect::Quit => return false,
        }
        true
    }
}

/// The console's glyph set on the Linux console: `TERM` says so (`linux`, `linux-16color`,
/// `screen.linux` under screen on a console), or stdout is a virtual console `/dev/ttyN`
/// (a unit may start the kiosk there without setting `TERM`).
pub fn console_glyphs(term: Option<&str>, stdout: Option<&std::path::Path>) -> ui::Glyphs {
    let term_says =
        term.is_some_and(|t| t == "linux" || t.starts_with("linux-") || t.ends_with(".linux"));
    let on_vt = stdout
        .and_then(|p| p.to_str())
        .and_then(|p| p.strip_prefix("/dev/tty"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if term_says || on_vt {
        ui::Glyphs::Console
    } else {
        ui::Glyphs::Unicode
    }
}

/// Runs the full-screen kiosk until F10 (demo) or a termination signal; with `staff`, as
/// the office's own terminal (every session starts at the staff sign-in).
///
/// `unreachable`: the database did not answer at start. Welcome shows the outage banner,
/// the health check asks for it every few seconds, and the schema step runs when it comes.
pub async fn run(
    services: Services,
    demo: bool,
    staff: bool,
    unreachable: bool,
) -> anyhow::Result<()> {
    let settings = services.settings.clone();
    // Raw mode turns Ctrl-C/Z/\ into key events (ignored by the flow); these handlers also
    // ignore the signals when they come from elsewhere.
    let mut ignored = Vec::new();
    for kind in [
        tokio::signal::unix::SignalKind::interrupt(),
        tokio::signal::unix::SignalKind::quit(),
        tokio::signal::unix::SignalKind::from_raw(20), // SIGTSTP
    ] {
        ignored.push(tokio::signal::unix::signal(kind)?);
    }
    let mut term_signal =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;

    let glyphs = console_glyphs(
        std::env::var("TERM").ok().as_deref(),
        std::fs::read_link("/proc/self/fd/1").ok().as_deref(),
    );
    // ratatui::init enters raw mode and the alternate screen, and restores both on panic.
    let mut terminal = ratatui::init();
    execute!(std::io::stdout(), EnableBracketedPaste)?;
    hygiene::terminal_taken();
    // Tests prove that a panic in a background task ends the process with the terminal
    // restored; a release build has no such switch.
    #[cfg(feature = "test-support")]
    if let Some(trigger) = std::env::var_os("KIOSK_TEST_PANIC_IN_BACKGROUND") {
        services.inject_background_panic(trigger.into());
    }
    // zxcvbn's dictionaries and the phone metadata (~9 MB of heap, ~20 ms to build) load
    // when someone starts at the kiosk, in the background: a kiosk nobody has used since it
    // started does not hold them, and the New password screen does not wait for them.
    let mut tables_loading = false;
    let (tx, mut rx) = mpsc::unbounded_channel();
    // Kept to drain the background notices at shutdown.
    let background = services.clone();
    let (fatal_tx, mut fatal) = mpsc::unbounded_channel();
    let (seeded_tx, seeded) = tokio::sync::watch::channel(!demo);
    if demo {
        // Eleven argon2 hashes: not before the first frame.
        let (s, fatal) = (services.clone(), fatal_tx.clone());
        tokio::spawn(async move {
            match s.seed_demo().await {
                Ok(()) => {
                    let _ = seeded_tx.send(true);
                }
                // Dropping the sender tells waiting effects; the kiosk ends with the error.
                Err(e) => {
                    let _ = fatal.send(e.into());
                }
            }
        });
    }
    let schema = Arc::new(Schema {
        ready: AtomicBool::new(!unreachable),
        step: tokio::sync::Mutex::new(()),
        fatal: fatal_tx,
        seeded,
    });
    let runner = Runner::new(services, schema, tx);
    let mut model = if staff {
        Model::office_terminal(settings, demo, Instant::now())
    } else {
        Model::new(settings, demo, Instant::now())
    };
    // The banner from the first frame; the first tick asks the health check.
    model.unavailable = unreachable;
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);

    let result = loop {
        if let Err(e) = terminal.draw(|frame| ui::draw_with(frame, &model, glyphs)) {
            break Err(e.into());
        }
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => break Err(e.into()),
                None => break Ok(()),
            },
            _ = tick.tick() => Msg::Tick(Instant::now()),
            Some(msg) = rx.recv() => msg,
            Some(e) = fatal.recv() => break Err(e),
            _ = term_signal.recv() => break Ok(()),
            _ = hangup.recv() => break Ok(()),
            _ = async { futures::future::select_all(ignored.iter_mut().map(|s| Box::pin(s.recv()))).await } => continue,
        };
        if !tables_loading && matches!(msg, Msg::Key(_) | Msg::Paste(_)) {
            tables_loading = true;
            tokio::task::spawn_blocking(|| {
                strength::warm_up();
                crate::domain::phone::warm_up();
            });
        }
        // Keys carry no time of their own; the model learns it first.
        if !matches!(msg, Msg::Tick(_)) {
            flow::update(&mut model, Msg::Tick(Instant::now()));
        }
        let effects = flow::update(&mut model, msg);
        let mut quit = false;
        for effect in effects {
            if !runner.run(effect, &mut terminal) {
                quit = true;
            }
        }
        if quit {
            break Ok(());
        }
    };
    drop(model);
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        Clear(ClearType::All),
        Clear(ClearType::Purge)
    );
    ratatui::restore();
    hygiene::terminal_released();
    // A change notice under way is let finish, briefly: the person was told it is sent.
    if !background.drain_background(SHUTDOWN_GRACE).await {
        tracing::warn!("change notices still running at shutdown were dropped");
    }
    result
}

#[cfg(test)]
mod tests {
    use super::console_glyphs;
    use crate::ui::Glyphs;
    use std::path::Path;

    #[test]
    fn the_linux_console_is_told_by_term_or_by_the_tty() {
        let pts = Some(Path::new("/dev/pts/3"));
        assert_eq!(console_glyphs(Some("linux"), pts), Glyphs::Console);
        assert_eq!(console_glyphs(Some("linux-16color"), pts), Glyphs::Console);
        assert_eq!(console_glyphs(Some("screen.linux"), pts), Glyphs::Console);
        assert_eq!(
            console_glyphs(None, Some(Path::new("/dev/tty1"))),
            Glyphs::Console
        );
        assert_eq!(
            console_glyphs(Some("xterm-256color"), Some(Path::new("/dev/tty12"))),
            Glyphs::Console
        );
        assert_eq!(console_glyphs(Some("xterm-256color"), pts), Glyphs::Unicode);
        // /dev/tty is the controlling terminal, /dev/ttyS0 a serial line: not a console.
        assert_eq!(
            console_glyphs(None, Some(Path::new("/dev/tty"))),
            Glyphs::Unicode
        );
        assert_eq!(
            console_glyphs(None, Some(Path::new("/dev/ttyS0"))),
            Glyphs::Unicode
        );
        assert_eq!(console_glyphs(Some("linuxish"), None), Glyphs::Unicode);
        assert_eq!(console_glyphs(None, None), Glyphs::Unicode);
    }
}
