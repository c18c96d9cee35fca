//! The kiosk's flow as a pure state machine: `update(model, msg) -> effects`. No terminal,
//! no database, no clock: time arrives in `Msg::Tick`, results in `Msg::Result`. A verified
//! account lives only inside the screens that need it, so `NewPassword` cannot be reached
//! without verification.

#[cfg(test)]
mod drive;
pub mod feature;
pub mod field;
pub mod mobile;
mod new_password;
pub mod profile;
pub mod questions;
pub mod sms;
pub mod staff;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::config::{MAX_PASSWORD_CHARS, Settings};
use crate::domain::policy::{self, RuleStatus};
use crate::domain::secret::Secret;
use crate::domain::strength::Strength;
use crate::domain::username::Username;
use crate::i18n::Lang;
use crate::service::{ChangeOutcome, Method, ResetProgress, VerifiedAccount, VerifyOutcome};
pub use feature::{Ctx, Next, ResetState};
pub use field::{Edit, SecretField, TextField};
pub use new_password::{NewField, NewPasswordStep, Notice, new_password_screen};
use new_password::{after_edit, new_password_key};

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
    Changed(ChangeOutcome),
    Reset {
        reset: ResetState,
        progress: ResetProgress,
    },
    Feature(FeatureReply),
    /// The database could not be reached.
    Unavailable,
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
    Locked { until: Option<i64> },
    TempExpired,
    Unavailable,
}

/// The verdict shown on the Done screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `account`: signed in with the new password, for the Profile (F3 on Done).
    Changed {
        score: u8,
        expires_at: Option<i64>,
        account: VerifiedAccount,
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
    pub now: Instant,
    /// The database could not be reached; cleared when the health check succeeds.
    pub unavailable: bool,
    last_health_check: Option<Instant>,
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
            now,
            unavailable: false,
            last_health_check: None,
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

    /// Seconds left before the idle wipe, when the countdown is showing.
    pub fn countdown(&self) -> Option<u64> {
        let limit = self.idle_limit()?;
        let idle = self.now.saturating_duration_since(self.last_activity);
        let left = limit.saturating_sub(idle);
        (left <= COUNTDOWN).then(|| left.as_secs() + u64::from(left.subsec_nanos() > 0))
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
            _ => Some(Duration::from_secs(self.settings.kiosk.idle_timeout_secs)),
        }
    }

    /// Drops everything of the current person (secrets are zeroized as their fields drop)
    /// and starts a new session at Welcome.
    fn wipe(&mut self, effects: &mut Vec<Effect>) {
        let next = Model {
            session: self.session + 1,
            unavailable: self.unavailable,
            last_health_check: self.last_health_check,
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
        let langs = &self.settings.languages.available;
        let i = langs.iter().position(|l| *l == self.lang).unwrap_or(0);
        self.lang = langs[(i + 1) % langs.len()];
    }
}

/// Advances the state machine by one message.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Tick(now) => tick(model, now, &mut fx),
        Msg::Resize(..) => {}
        Msg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return fx;
            }
            model.last_activity = model.now;
            on_key(model, key, &mut fx);
        }
        Msg::Paste(text) => {
            model.last_activity = model.now;
            on_paste(model, &text, &mut fx);
        }
        Msg::Result { session, result } => {
            if session == model.session || matches!(result, EffectResult::Healthy) {
                on_result(model, result, &mut fx);
            }
        }
    }
    fx
}

fn tick(model: &mut Model, now: Instant, fx: &mut Vec<Effect>) {
    model.now = now;
    if let Some(limit) = model.idle_limit()
        && now.saturating_duration_since(model.last_activity) >= limit
    {
        model.wipe(fx);
        return;
    }
    if model.unavailable
        && model
            .last_health_check
            .is_none_or(|t| now.saturating_duration_since(t) >= Duration::from_secs(3))
    {
        model.last_health_check = Some(now);
        fx.push(Effect::CheckHealth);
    }
    if matches!(
        model.screen,
        Screen::Questions(_)
            | Screen::Sms(_)
            | Screen::Profile(_)
            | Screen::Mobile(_)
            | Screen::Staff(_)
    ) {
        let next = feature_input(model, fx, Input::Tick);
        apply(model, next, fx);
        return;
    }
    let session = model.session;
    if let Screen::NewPassword(step) = &mut model.screen {
        let due = now.saturating_duration_since(step.last_edit) >= HISTORY_DEBOUNCE;
        let known = step.reused.is_some_and(|(g, _)| g == step.generation);
        let long_enough = step.new.chars() >= step.policy.min_length;
        if step.policy.history_depth > 0
            && due
            && !known
            && long_enough
            && step.history_asked != Some(step.generation)
        {
            step.history_asked = Some(step.generation);
            fx.push(Effect::CheckHistory {
                session,
                generation: step.generation,
                account: step.account.clone(),
                password: step.new.secret(),
            });
        }
    }
}

fn on_key(model: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) {
    match key.code {
        KeyCode::F(2) => return model.next_lang(),
        KeyCode::F(10) if model.demo => return fx.push(Effect::Quit),
        KeyCode::F(1) if matches!(model.screen, Screen::Welcome | Screen::Identify { .. }) => {
            model.help_open = !model.help_open;
            return;
        }
        _ => {}
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && !key.modifiers.contains(KeyModifiers::ALT) {
        // Ctrl-C, Ctrl-Z, Ctrl-\ and friends do nothing at a kiosk.
        return;
    }
    let session = model.session;
    let max_user = Username::MAX_CHARS;
    match &mut model.screen {
        Screen::Welcome => match key.code {
            KeyCode::Enter => {
                model.help_open = false;
                model.screen = Screen::Identify {
                    field: TextField::new(max_user),
                    error: None,
                    busy: false,
                };
            }
            KeyCode::Left | KeyCode::Right => model.next_lang(),
            KeyCode::F(9) => {
                model.help_open = false;
                let step = staff::start(&mut ctx!(model, fx));
                model.screen = Screen::Staff(Box::new(step));
            }
            KeyCode::Esc => model.help_open = false,
            _ => {}
        },
        Screen::Identify { field, error, busy } => match key.code {
            _ if *busy => {}
            KeyCode::Esc => {
                model.help_open = false;
                model.screen = Screen::Welcome;
            }
            KeyCode::Enter => match Username::parse(field.value()) {
                Ok(username) => {
                    *busy = true;
                    *error = None;
                    fx.push(Effect::LookupMethods { session, username });
                }
                Err(e) => {
                    use crate::domain::username::UsernameError as E;
                    *error = Some(match e {
                        E::Empty => IdentifyError::Empty,
                        E::TooLong => IdentifyError::TooLong,
                        E::BadChar(_) => IdentifyError::BadCharacters,
                    });
                }
            },
            _ => {
                if field.key(&key) == Edit::TooLong {
                    *error = Some(IdentifyError::TooLong);
                } else {
                    *error = None;
                }
            }
        },
        Screen::ChooseMethod { reset, selected } => match key.code {
            KeyCode::Esc => {
                let mut field = TextField::new(max_user);
                field.paste(reset.username.as_str());
                model.screen = Screen::Identify {
                    field,
                    error: None,
                    busy: false,
                };
            }
            KeyCode::Up | KeyCode::BackTab => *selected = selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => {
                *selected = (*selected + 1).min(reset.methods.len().saturating_sub(1));
            }
            KeyCode::Enter => {
                let reset = reset.clone();
                match reset.methods.get(*selected).copied() {
                    Some(Method::Password) => {
                        model.screen = Screen::CurrentPassword {
                            reset,
                            field: SecretField::new(MAX_PASSWORD_CHARS),
                            error: None,
                            busy: false,
                        };
                    }
                    Some(Method::Questions) => {
                        let step = questions::start(&mut ctx!(model, fx), reset);
                        model.screen = Screen::Questions(Box::new(step));
                    }
                    Some(Method::Sms) => {
                        let step = sms::start(&mut ctx!(model, fx), reset);
                        model.screen = Screen::Sms(Box::new(step));
                    }
                    None => {}
                }
            }
            _ => {}
        },
        Screen::CurrentPassword {
            reset,
            field,
            error,
            busy,
        } => match key.code {
            _ if *busy => {}
            KeyCode::Esc => {
                let reset = reset.clone();
                model.screen = Screen::ChooseMethod { reset, selected: 0 };
            }
            KeyCode::Enter if !field.is_empty() => {
                *busy = true;
                fx.push(Effect::VerifyPassword {
                    session,
                    username: reset.username.clone(),
                    password: field.secret(),
                });
                // The typed password is not kept once it has been sent for checking.
                *field = SecretField::new(MAX_PASSWORD_CHARS);
            }
            _ => {
                if field.key(&key) == Edit::Changed {
                    *error = None;
                }
            }
        },
        Screen::NewPassword(step) => {
            if key.code == KeyCode::Esc && !step.busy {
                // Back one step: the verification is given up and must be done again.
                let username = Username::parse(&step.account.username).ok();
                model.screen = match username {
                    Some(username) => Screen::CurrentPassword {
                        reset: ResetState {
                            username,
                            methods: vec![Method::Password],
                            proofs: Vec::new(),
                        },
                        field: SecretField::new(MAX_PASSWORD_CHARS),
                        error: None,
                        busy: false,
                    },
                    None => Screen::Welcome,
                };
            } else {
                new_password_key(step, key, session, model.now, fx);
            }
        }
        Screen::Done(outcome) => {
            if key.code == KeyCode::Enter {
                model.wipe(fx);
            } else if key.code == KeyCode::F(3)
                && let Outcome::Changed { account, .. } = outcome
            {
                let account = account.clone();
                apply(model, Next::Profile(account), fx);
            }
        }
        Screen::Questions(_)
        | Screen::Sms(_)
        | Screen::Profile(_)
        | Screen::Mobile(_)
        | Screen::Staff(_) => {
            let next = feature_input(model, fx, Input::Key(key));
            apply(model, next, fx);
        }
    }
}

/// Builds the [`Ctx`] a feature handler gets.
macro_rules! ctx {
    ($model:expr, $fx:expr) => {
        Ctx {
            session: $model.session,
            now: $model.now,
            lang: $model.lang,
            settings: &$model.settings,
            effects: $fx,
        }
    };
}
use ctx;

/// An input for a feature screen.
enum Input<'a> {
    Key(KeyEvent),
    Paste(&'a str),
    Reply(FeatureReply),
    Tick,
}

/// Hands an input to the feature whose screen is showing. A reply for another feature is
/// dropped: it belongs to a screen that is gone.
fn feature_input(model: &mut Model, fx: &mut Vec<Effect>, input: Input) -> Next {
    let mut ctx = Ctx {
        session: model.session,
        now: model.now,
        lang: model.lang,
        settings: &model.settings,
        effects: fx,
    };
    macro_rules! dispatch {
        ($module:ident, $step:expr, $reply:pat => $r:ident) => {
            match input {
                Input::Key(k) => $module::key(&mut ctx, $step, k),
                Input::Paste(t) => $module::paste(&mut ctx, $step, t),
                Input::Tick => $module::tick(&mut ctx, $step),
                Input::Reply($reply) => $module::reply(&mut ctx, $step, $r),
                Input::Reply(_) => Next::Stay,
            }
        };
    }
    match &mut model.screen {
        Screen::Questions(step) => dispatch!(questions, step, FeatureReply::Questions(r) => r),
        Screen::Sms(step) => dispatch!(sms, step, FeatureReply::Sms(r) => r),
        Screen::Profile(step) => dispatch!(profile, step, FeatureReply::Profile(r) => r),
        Screen::Mobile(step) => dispatch!(mobile, step, FeatureReply::Mobile(r) => r),
        Screen::Staff(step) => dispatch!(staff, step, FeatureReply::Staff(r) => r),
        _ => Next::Stay,
    }
}

/// Applies what a feature decided.
fn apply(model: &mut Model, next: Next, fx: &mut Vec<Effect>) {
    match next {
        Next::Stay => {}
        Next::Go(screen) => model.screen = screen,
        Next::Proved(reset) => fx.push(Effect::CompleteReset {
            session: model.session,
            reset,
        }),
        Next::Methods(reset) => model.screen = Screen::ChooseMethod { reset, selected: 0 },
        Next::ChangePassword(account) => {
            model.screen = new_password_screen(&model.settings, account, model.now)
                .unwrap_or(Screen::Done(Outcome::Unavailable));
        }
        Next::Profile(account) => {
            let step = profile::start(&mut ctx!(model, fx), account);
            model.screen = Screen::Profile(Box::new(step));
        }
        Next::Mobile(account) => {
            let step = mobile::start(&mut ctx!(model, fx), account);
            model.screen = Screen::Mobile(Box::new(step));
        }
        Next::Wipe => model.wipe(fx),
    }
}

fn on_paste(model: &mut Model, text: &str, fx: &mut Vec<Effect>) {
    let session = model.session;
    let now = model.now;
    match &mut model.screen {
        Screen::Identify {
            field,
            error,
            busy: false,
        } => {
            let refused = field.paste(text) == Edit::TooLong;
            *error = refused.then_some(IdentifyError::TooLong);
        }
        Screen::CurrentPassword {
            field, busy: false, ..
        } => {
            field.paste(text);
        }
        Screen::NewPassword(step) if !step.busy => {
            let edit = match step.focus {
                NewField::New => step.new.paste(text),
                NewField::Repeat => step.repeat.paste(text),
            };
            after_edit(step, edit, session, now, fx);
        }
        Screen::Questions(_)
        | Screen::Sms(_)
        | Screen::Profile(_)
        | Screen::Mobile(_)
        | Screen::Staff(_) => {
            let next = feature_input(model, fx, Input::Paste(text));
            apply(model, next, fx);
        }
        _ => {}
    }
}

fn on_result(model: &mut Model, result: EffectResult, fx: &mut Vec<Effect>) {
    let now = model.now;
    let was_done = matches!(model.screen, Screen::Done(_));
    match result {
        EffectResult::Healthy => model.unavailable = false,
        EffectResult::Unavailable => {
            model.unavailable = true;
            model.last_health_check = Some(now);
            match &mut model.screen {
                Screen::Identify { busy, error, .. } => {
                    *busy = false;
                    *error = Some(IdentifyError::Unavailable);
                }
                Screen::CurrentPassword { busy, error, .. } => {
                    *busy = false;
                    *error = Some(VerifyError::Unavailable);
                }
                Screen::NewPassword(step) if step.busy => {
                    model.screen = Screen::Done(Outcome::Unavailable);
                }
                Screen::Questions(step) => questions::unavailable(step),
                Screen::Profile(step) => profile::unavailable(step),
                Screen::Staff(step) => staff::unavailable(step),
                Screen::Sms(step) => sms::unavailable(step),
                Screen::Mobile(step) => mobile::unavailable(step),
                _ => {}
            }
        }
        EffectResult::Methods(methods) => {
            let Screen::Identify { field, error, busy } = &mut model.screen else {
                return;
            };
            let Some(username) = Username::parse(field.value()).ok().filter(|_| *busy) else {
                return;
            };
            match methods {
                None => {
                    *busy = false;
                    *error = Some(IdentifyError::Unknown);
                }
                Some(methods) => {
                    let reset = ResetState {
                        username,
                        methods,
                        proofs: Vec::new(),
                    };
                    model.screen = Screen::ChooseMethod { reset, selected: 0 };
                }
            }
        }
        EffectResult::Verified(outcome) => {
            let Screen::CurrentPassword {
                error, busy: true, ..
            } = &mut model.screen
            else {
                return;
            };
            match outcome {
                // Signed in with the current password: the Profile, "change" preselected.
                VerifyOutcome::Verified(account) if !account.must_change => {
                    apply(model, Next::Profile(account), fx);
                }
                VerifyOutcome::Verified(account) => {
                    match new_password_screen(&model.settings, account, now) {
                        Some(screen) => model.screen = screen,
                        None => *error = Some(VerifyError::Unavailable),
                    }
                }
                other => {
                    let Screen::CurrentPassword { error, busy, .. } = &mut model.screen else {
                        return;
                    };
                    *busy = false;
                    *error = Some(match other {
                        VerifyOutcome::Locked { until } => VerifyError::Locked { until },
                        VerifyOutcome::TempExpired => VerifyError::TempExpired,
                        _ => VerifyError::Invalid,
                    });
                }
            }
        }
        EffectResult::Strength {
            generation,
            strength,
        } => {
            if let Screen::NewPassword(step) = &mut model.screen {
                // Newest wins: never replace a newer estimate with an older one.
                if step.strength.as_ref().is_none_or(|(g, _)| *g <= generation) {
                    step.strength = Some((generation, strength));
                }
            }
        }
        EffectResult::History { generation, reused } => {
            if let Screen::NewPassword(step) = &mut model.screen
                && step.reused.is_none_or(|(g, _)| g <= generation)
            {
                step.reused = Some((generation, reused));
            }
        }
        EffectResult::Feature(reply) => {
            let next = feature_input(model, fx, Input::Reply(reply));
            apply(model, next, fx);
        }
        EffectResult::Reset { reset, progress } => {
            // Only the screen that asked (a reset method's screen) may take the answer.
            if !matches!(model.screen, Screen::Questions(_) | Screen::Sms(_)) {
                return;
            }
            match progress {
                ResetProgress::Verified(account) => {
                    model.screen = new_password_screen(&model.settings, account, now)
                        .unwrap_or(Screen::Done(Outcome::Unavailable));
                }
                ResetProgress::Missing(methods) => {
                    model.screen = Screen::ChooseMethod {
                        reset: ResetState { methods, ..reset },
                        selected: 0,
                    };
                }
                ResetProgress::Locked { until } => {
                    model.screen = Screen::Done(Outcome::Locked { until })
                }
                ResetProgress::Refused => {
                    model.screen = Screen::Done(Outcome::Locked { until: None })
                }
            }
        }
        EffectResult::Changed(outcome) => {
            let Screen::NewPassword(step) = &mut model.screen else {
                return;
            };
            if !step.busy {
                return;
            }
            step.busy = false;
            match outcome {
                ChangeOutcome::Changed { score, expires_at } => {
                    // The new password is the one in use now: the Profile may follow.
                    let account = VerifiedAccount {
                        must_change: false,
                        expires_at,
                        ..step.account.clone()
                    };
                    model.screen = Screen::Done(Outcome::Changed {
                        score,
                        expires_at,
                        account,
                    });
                }
                ChangeOutcome::Conflict => {
                    model.screen = Screen::Done(Outcome::Conflict);
                }
                ChangeOutcome::Rejected(checks) => {
                    // The server knows more (history): its verdict shows in the checklist.
                    if let Some(history) = checks
                        .iter()
                        .find(|c| matches!(c.rule, policy::Rule::History(_)))
                    {
                        step.reused = Some((step.generation, history.status == RuleStatus::Fail));
                    }
                    step.server_checks = Some((step.generation, checks));
                    step.notice = Some(Notice::Rejected);
                }
            }
        }
    }
    if !was_done && matches!(model.screen, Screen::Done(_)) {
        // The Done screen's own timeout counts from when it appeared.
        model.last_activity = now;
    }
    let _ = fx;
}

#[cfg(test)]
mod tests;
