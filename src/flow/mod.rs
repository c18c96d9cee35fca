//! The kiosk's flow as a pure state machine: `update(model, msg) -> effects`. No terminal,
//! no database, no clock: time arrives in `Msg::Tick`, results in `Msg::Result`. A verified
//! account lives only inside the screens that need it, so `NewPassword` cannot be reached
//! without verification.
//!
//! This file holds the types; [`update`] (in update.rs) hands each message to the module of
//! the screen showing: the core screens (welcome, identify, choose_method, current_password,
//! new_password, done) and the features (questions, sms, profile, mobile, staff).
//!
//! Screens and reset methods are closed enums matched exhaustively, never through `_ =>` or
//! `matches!`: adding a [`Method`] or a [`Screen`] fails to compile until choose_method, the
//! tick, key, paste, unavailable and reset-result dispatch, and the UI each handle it. An
//! enum rather than a trait, because every screen carries its own data that the UI pattern-
//! matches on, and the compiler's list of non-exhaustive matches is the checklist.

mod choose_method;
mod current_password;
mod done;
#[cfg(test)]
mod drive;
pub mod feature;
pub mod field;
mod identify;
pub mod mobile;
mod new_password;
pub mod profile;
pub mod questions;
pub mod sms;
pub mod staff;
mod update;
mod welcome;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use crate::config::Settings;
use crate::domain::auth::{ChangeOutcome, Method, ResetProgress, VerifiedAccount, VerifyOutcome};
use crate::domain::lang::Lang;
use crate::domain::lockout::InputPace;
use crate::domain::secret::Secret;
use crate::domain::strength::Strength;
use crate::domain::username::Username;
pub use feature::{Ctx, Next, ResetState};
pub use field::{Edit, SecretField, TextField};
pub use new_password::{HistoryCheck, NewField, NewPasswordStep, Notice, new_password_screen};
pub use update::update;

/// The countdown is shown for the last seconds before the idle wipe.
pub const COUNTDOWN: Duration = Duration::from_secs(10);
/// Quiet time after the last keystroke before the history check runs (argon2 x depth).
pub const HISTORY_DEBOUNCE: Duration = Duration::from_millis(400);

/// Input to the state machine.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Tick(Instant),
    Resize(u16, u16),
    /// The result of an effect started in session `session`.
    Result {
        session: u64,
        result: EffectResult,
    },
}

/// Work the state machine asks the outside world to do. Each carries the session it
/// belongs to; a result for an older session is dropped.
#[derive(Debug)]
pub enum Effect {
    LookupMethods {
        session: u64,
        username: Username,
    },
    VerifyPassword {
        session: u64,
        username: Username,
        password: Secret,
    },
    /// Newest wins: a later request for the same session supersedes an unstarted one.
    EstimateStrength {
        session: u64,
        generation: u64,
        password: Secret,
        user_inputs: Vec<String>,
    },
    CheckHistory {
        session: u64,
        generation: u64,
        account: VerifiedAccount,
        password: Secret,
    },
    ChangePassword {
        session: u64,
        account: VerifiedAccount,
        password: Secret,
    },
    /// The person left New password without saving: a temporary password loses a use.
    GiveUp {
        account: VerifiedAccount,
    },
    /// Weighs the proofs of a reset (`verification.require`).
    CompleteReset {
        session: u64,
        reset: ResetState,
    },
    /// A feature's own work (questions, SMS, profile, mobile, staff).
    Feature {
        session: u64,
        request: FeatureRequest,
    },
    /// Is the database back? Asked every few seconds while it is unavailable.
    CheckHealth,
    /// Input came at machine speed: a cooldown started (audited).
    MachineInput,
    /// Clear the screen and the terminal's scrollback.
    ClearTerminal,
    /// Leave the program (demo only).
    Quit,
}

/// What an effect came back with.
#[derive(Debug)]
pub enum EffectResult {
    /// `None`: the username does not exist and config says to reveal it.
    Methods(Option<Vec<Method>>),
    Verified(VerifyOutcome),
    Strength {
        generation: u64,
        strength: Strength,
    },
    History {
        generation: u64,
        reused: bool,
    },
    /// The history check could not reach the database: asked again once it is back.
    HistoryUnavailable {
        generation: u64,
    },
    Changed(ChangeOutcome),
    Reset {
        reset: ResetState,
        progress: ResetProgress,
    },
    Feature(FeatureReply),
    /// The database could not be reached.
    Unavailable,
    /// A password save did not go through (the database or the directory away): it
    /// waits and is sent again once the health check finds the database back. Only the
    /// save's own failure does this, so a health check failing while a save is still in
    /// flight never sends it a second time.
    SaveUnavailable,
    /// The health check reached the database.
    Healthy,
}

/// Work of one feature.
#[derive(Debug)]
pub enum FeatureRequest {
    Questions(questions::Request),
    Sms(sms::Request),
    Profile(profile::Request),
    Mobile(mobile::Request),
    Staff(staff::Request),
}

/// A reply to a [`FeatureRequest`].
#[derive(Debug)]
pub enum FeatureReply {
    Questions(questions::Reply),
    Sms(sms::Reply),
    Profile(profile::Reply),
    Mobile(mobile::Reply),
    Staff(staff::Reply),
}

/// Why a password check did not let the user in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyError {
    Invalid,
    /// The kiosk is slowing down after wrong passwords: Enter waits until then.
    Wait {
        until: Instant,
    },
    Locked {
        until: Option<i64>,
    },
    TempExpired,
    Unavailable,
    /// A paste or a key that would make the password longer than a field allows.
    TooLong,
}

/// The verdict shown on the Done screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `account`: signed in with the new password, for the Profile (F3 on Done).
    Changed {
        score: u8,
        expires_at: Option<i64>,
        account: VerifiedAccount,
        /// How each cloud target took the new password.
        targets: Vec<crate::domain::targets::TargetResult>,
    },
    Conflict,
    Unavailable,
    /// A reset ended on a locked account (locked by staff or after expiry).
    Locked {
        until: Option<i64>,
    },
}

/// One screen of the kiosk, carrying its own data.
#[derive(Debug)]
pub enum Screen {
    Welcome,
    Identify {
        field: TextField,
        error: Option<IdentifyError>,
        busy: bool,
    },
    ChooseMethod {
        reset: ResetState,
        selected: usize,
    },
    CurrentPassword {
        reset: ResetState,
        field: SecretField,
        error: Option<VerifyError>,
        busy: bool,
    },
    NewPassword(Box<NewPasswordStep>),
    Done(Outcome),
    Questions(Box<questions::Step>),
    Sms(Box<sms::Step>),
    Profile(Box<profile::Step>),
    Mobile(Box<mobile::Step>),
    Staff(Box<staff::Step>),
}

impl Screen {
    /// The reset method whose proof this screen sent to be weighed (`CompleteReset`): only
    /// such a screen may take the answer. Exhaustive, so a new method's screen must say.
    fn reset_method(&self) -> Option<Method> {
        match self {
            Screen::Questions(_) => Some(Method::Questions),
            Screen::Sms(_) => Some(Method::Sms),
            // The current password signs in directly; it never waits for the weighing.
            Screen::CurrentPassword { .. } => None,
            Screen::Welcome
            | Screen::Identify { .. }
            | Screen::ChooseMethod { .. }
            | Screen::NewPassword(_)
            | Screen::Done(_)
            | Screen::Profile(_)
            | Screen::Mobile(_)
            | Screen::Staff(_) => None,
        }
    }
}

/// Why the username was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifyError {
    Empty,
    BadCharacters,
    TooLong,
    /// Only with `reveal_unknown_username = true`.
    Unknown,
    Unavailable,
}

/// The whole state of the kiosk. Dropping it wipes every secret in it.
#[derive(Debug)]
pub struct Model {
    pub settings: Arc<Settings>,
    pub demo: bool,
    pub lang: Lang,
    pub screen: Screen,
    /// The "don't know your username?" panel is open.
    pub help_open: bool,
    /// Bumped at every wipe: results of older sessions are dropped.
    pub session: u64,
    pub last_activity: Instant,
    /// The first key or paste of this session: the absolute limit counts from here.
    /// `None` while nobody has touched the kiosk since the last wipe.
    pub session_started: Option<Instant>,
    pub now: Instant,
    /// The database could not be reached; cleared when the health check succeeds.
    pub unavailable: bool,
    last_health_check: Option<Instant>,
    /// Machine-speed input across sessions (see `domain::lockout::InputPace`).
    pub input_pace: InputPace,
    /// The office's own terminal (`kiosk --staff`): every session starts, and every wipe
    /// returns, at the staff sign-in instead of Welcome.
    pub staff_terminal: bool,
}

impl Model {
    pub fn new(settings: Arc<Settings>, demo: bool, now: Instant) -> Self {
        let lang = settings.languages.default;
        Self {
            settings,
            demo,
            lang,
            screen: Screen::Welcome,
            help_open: false,
            session: 1,
            last_activity: now,
            session_started: None,
            now,
            unavailable: false,
            last_health_check: None,
            input_pace: InputPace::default(),
            staff_terminal: false,
        }
    }

    /// The model of the office's own terminal (`kiosk --staff`): it opens at the staff
    /// sign-in and comes back there after every wipe.
    pub fn office_terminal(settings: Arc<Settings>, demo: bool, now: Instant) -> Self {
        Self {
            screen: Screen::Staff(Box::new(staff::Step::sign_in())),
            staff_terminal: true,
            ..Self::new(settings, demo, now)
        }
    }

    /// Seconds left before the wipe (idle or the session limit, whichever comes first),
    /// when the countdown is showing.
    pub fn countdown(&self) -> Option<u64> {
        let idle = self.now.saturating_duration_since(self.last_activity);
        let idle_left = self.idle_limit().map(|limit| limit.saturating_sub(idle));
        let session_left = self.session_left().filter(|_| self.idle_limit().is_some());
        let left = idle_left.into_iter().chain(session_left).min()?;
        (left <= COUNTDOWN).then(|| left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }

    /// Whether this session has run past `kiosk.session_limit_secs`: someone could keep an
    /// unattended kiosk busy for ever, so busy or not it ends. The office's own terminal's
    /// staff screens are staffed and exempt.
    fn session_expired(&self) -> bool {
        self.session_left().is_some_and(|left| left.is_zero())
    }

    /// Time left before the absolute session limit; `None` when it does not apply.
    fn session_left(&self) -> Option<Duration> {
        if self.staff_terminal && matches!(self.screen, Screen::Staff(_)) {
            return None;
        }
        let limit = Duration::from_secs(self.settings.kiosk.session_limit_secs);
        let used = self.now.saturating_duration_since(self.session_started?);
        Some(limit.saturating_sub(used))
    }

    fn idle_limit(&self) -> Option<Duration> {
        match self.screen {
            // Welcome holds nothing personal; only a changed language is reset.
            Screen::Welcome if !self.help_open && self.lang == self.settings.languages.default => {
                None
            }
            Screen::Done(_) => Some(Duration::from_secs(self.settings.kiosk.done_timeout_secs)),
            // The office terminal's empty sign-in form holds nothing either.
            Screen::Staff(ref step)
                if self.staff_terminal
                    && step.is_pristine()
                    && self.lang == self.settings.languages.default =>
            {
                None
            }
            Screen::Staff(_) => Some(Duration::from_secs(
                self.settings.helpdesk.idle_timeout_secs,
            )),
            Screen::Welcome
            | Screen::Identify { .. }
            | Screen::ChooseMethod { .. }
            | Screen::CurrentPassword { .. }
            | Screen::NewPassword(_)
            | Screen::Questions(_)
            | Screen::Sms(_)
            | Screen::Profile(_)
            | Screen::Mobile(_) => Some(Duration::from_secs(self.settings.kiosk.idle_timeout_secs)),
        }
    }

    /// Drops everything of the current person (secrets are zeroized as their fields drop)
    /// and starts a new session at Welcome.
    fn wipe(&mut self, effects: &mut Vec<Effect>) {
        let next = Model {
            session: self.session + 1,
            unavailable: self.unavailable,
            last_health_check: self.last_health_check,
            input_pace: self.input_pace,
            ..if self.staff_terminal {
                Model::office_terminal(self.settings.clone(), self.demo, self.now)
            } else {
                Model::new(self.settings.clone(), self.demo, self.now)
            }
        };
        *self = next;
        effects.push(Effect::ClearTerminal);
    }

    fn next_lang(&mut self) {
        self.step_lang(1);
    }

    /// The language before this one (← on Welcome), wrapping round.
    fn previous_lang(&mut self) {
        let langs = self.settings.languages.available.len();
        self.step_lang(langs.saturating_sub(1));
    }

    /// Moves `forward` places on through the available languages, wrapping round.
    fn step_lang(&mut self, forward: usize) {
        let langs = &self.settings.languages.available;
        let i = langs.iter().position(|l| *l == self.lang).unwrap_or(0);
        if let Some(lang) = langs.get((i + forward) % langs.len().max(1)) {
            self.lang = *lang;
        }
    }
}

#[cfg(test)]
mod tests;
