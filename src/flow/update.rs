//! [`update`]: hands each message to the module of the screen showing. Every match over
//! [`Screen`] here is exhaustive (no `_ =>`), so a new screen does not compile until its
//! tick, key, paste, unavailable and result handling are decided.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{
    Ctx, Effect, EffectResult, FeatureReply, Model, Msg, Next, Outcome, Screen, choose_method,
    current_password, done, identify, mobile, new_password, new_password_screen, profile,
    questions, sms, staff, welcome,
};
use crate::domain::auth::ResetProgress;
use crate::domain::lockout::Submit;

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
pub(super) use ctx;

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
            model.session_started.get_or_insert(model.now);
            on_key(model, key, &mut fx);
        }
        Msg::Paste(text) => {
            model.last_activity = model.now;
            model.session_started.get_or_insert(model.now);
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
    let idle = model
        .idle_limit()
        .is_some_and(|limit| now.saturating_duration_since(model.last_activity) >= limit);
    if idle || model.session_expired() {
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
    match model.screen {
        Screen::Welcome
        | Screen::Identify { .. }
        | Screen::ChooseMethod { .. }
        | Screen::CurrentPassword { .. }
        | Screen::Done(_) => {}
        Screen::NewPassword(_) => new_password::tick(model, fx),
        Screen::Questions(_)
        | Screen::Sms(_)
        | Screen::Profile(_)
        | Screen::Mobile(_)
        | Screen::Staff(_) => feature(model, fx, Input::Tick),
    }
}

fn on_key(model: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) {
    let help_screen = matches!(model.screen, Screen::Welcome | Screen::Identify { .. });
    match key.code {
        KeyCode::F(2) => return model.next_lang(),
        KeyCode::F(10) if model.demo => return fx.push(Effect::Quit),
        KeyCode::F(1) if help_screen => {
            model.help_open = !model.help_open;
            return;
        }
        _ => {}
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && !key.modifiers.contains(KeyModifiers::ALT) {
        // Ctrl-C, Ctrl-Z, Ctrl-\ and friends do nothing at a kiosk.
        return;
    }
    if !machine_pace(model, key, fx) {
        return;
    }
    match model.screen {
        Screen::Welcome => welcome::key(model, key, fx),
        Screen::Identify { .. } => identify::key(model, key, fx),
        Screen::ChooseMethod { .. } => choose_method::key(model, key, fx),
        Screen::CurrentPassword { .. } => current_password::key(model, key, fx),
        Screen::NewPassword(_) => new_password::key(model, key, fx),
        Screen::Done(_) => {
            let next = done::key(model, key);
            apply(model, next, fx);
        }
        Screen::Questions(_)
        | Screen::Sms(_)
        | Screen::Profile(_)
        | Screen::Mobile(_)
        | Screen::Staff(_) => feature(model, fx, Input::Key(key)),
    }
}

/// Watches how fast the username and the password are typed; false when an Enter must
/// not go through (a cooldown after machine-speed input).
fn machine_pace(model: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) -> bool {
    let entry = match &model.screen {
        Screen::Identify { busy, .. } => !busy,
        Screen::CurrentPassword { busy, field, .. } => !busy && !field.is_empty(),
        _ => false,
    };
    if !entry {
        return true;
    }
    let rules = model.settings.kiosk.machine_rules();
    match key.code {
        KeyCode::Char(_) => model.input_pace.on_key(model.now, &rules),
        KeyCode::Enter => match model.input_pace.on_submit(model.now, &rules) {
            Submit::Go => {}
            Submit::Blocked => return false,
            Submit::CooldownStarts => {
                fx.push(Effect::MachineInput);
                return false;
            }
        },
        _ => {}
    }
    true
}

fn on_paste(model: &mut Model, text: &str, fx: &mut Vec<Effect>) {
    if matches!(
        model.screen,
        Screen::Identify { .. } | Screen::CurrentPassword { .. }
    ) {
        model.input_pace.on_paste();
    }
    match model.screen {
        // Nothing to paste into.
        Screen::Welcome | Screen::ChooseMethod { .. } | Screen::Done(_) => {}
        Screen::Identify { .. } => identify::paste(model, text),
        Screen::CurrentPassword { .. } => current_password::paste(model, text),
        Screen::NewPassword(_) => new_password::paste(model, text, fx),
        Screen::Questions(_)
        | Screen::Sms(_)
        | Screen::Profile(_)
        | Screen::Mobile(_)
        | Screen::Staff(_) => feature(model, fx, Input::Paste(text)),
    }
}

/// An input for a feature screen.
enum Input<'a> {
    Key(KeyEvent),
    Paste(&'a str),
    Reply(FeatureReply),
    Tick,
}

/// Hands an input to the feature whose screen is showing and applies what it decided.
fn feature(model: &mut Model, fx: &mut Vec<Effect>, input: Input) {
    let next = feature_input(model, fx, input);
    apply(model, next, fx);
}

/// A reply for another feature than the one showing is dropped: it belongs to a screen
/// that is gone.
fn feature_input(model: &mut Model, fx: &mut Vec<Effect>, input: Input) -> Next {
    let mut ctx = ctx!(model, fx);
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
        // The core screens ask no feature for anything.
        Screen::Welcome
        | Screen::Identify { .. }
        | Screen::ChooseMethod { .. }
        | Screen::CurrentPassword { .. }
        | Screen::NewPassword(_)
        | Screen::Done(_) => Next::Stay,
    }
}

/// Applies what a screen's module decided.
fn apply(model: &mut Model, next: Next, fx: &mut Vec<Effect>) {
    match next {
        Next::Stay => {}
        Next::Go(screen) => model.screen = screen,
        Next::Proved(reset) => fx.push(Effect::CompleteReset {
            session: model.session,
            reset,
        }),
        Next::Methods(reset) => model.screen = choose_method::screen(reset),
        Next::ChangePassword(account) => {
            model.screen = new_password_screen(&model.settings, account, model.now)
                .unwrap_or(Screen::Done(Outcome::Unavailable));
        }
        // The Profile changes recovery factors: never after a reset (issue 11, point 5).
        Next::Profile(account) | Next::Mobile(account) if !account.signed_in() => {}
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

fn on_result(model: &mut Model, result: EffectResult, fx: &mut Vec<Effect>) {
    let now = model.now;
    let was_done = matches!(model.screen, Screen::Done(_));
    match result {
        EffectResult::Healthy => {
            model.unavailable = false;
            new_password::healthy(model, fx);
        }
        EffectResult::Unavailable => {
            model.unavailable = true;
            model.last_health_check = Some(now);
            unavailable(model);
        }
        EffectResult::Methods(methods) => identify::methods(model, methods),
        EffectResult::Verified(outcome) => {
            let next = current_password::verified(model, outcome);
            apply(model, next, fx);
        }
        EffectResult::Strength {
            generation,
            strength,
        } => new_password::strength(model, generation, strength),
        EffectResult::History { generation, reused } => {
            new_password::history(model, generation, reused)
        }
        EffectResult::SaveUnavailable => {
            model.unavailable = true;
            model.last_health_check = Some(now);
            new_password::unavailable(model);
        }
        EffectResult::HistoryUnavailable { generation } => {
            model.unavailable = true;
            model.last_health_check = Some(now);
            new_password::history_unavailable(model, generation);
        }
        EffectResult::Feature(reply) => feature(model, fx, Input::Reply(reply)),
        EffectResult::Reset { reset, progress } => reset_progress(model, reset, progress),
        EffectResult::Changed(outcome) => new_password::changed(model, outcome),
    }
    if !was_done && matches!(model.screen, Screen::Done(_)) {
        // The Done screen's own timeout counts from when it appeared.
        model.last_activity = now;
    }
}

/// The database could not be reached: the screen waiting for it says so.
fn unavailable(model: &mut Model) {
    match &mut model.screen {
        // Waiting for nothing.
        Screen::Welcome | Screen::ChooseMethod { .. } | Screen::Done(_) => {}
        Screen::Identify { .. } => identify::unavailable(model),
        Screen::CurrentPassword { .. } => current_password::unavailable(model),
        // A save waits for its own answer (`SaveUnavailable`), not for a health check's.
        Screen::NewPassword(_) => {}
        Screen::Questions(step) => questions::unavailable(step),
        Screen::Sms(step) => sms::unavailable(step),
        Screen::Profile(step) => profile::unavailable(step),
        Screen::Mobile(step) => mobile::unavailable(step),
        Screen::Staff(step) => staff::unavailable(step),
    }
}

/// The weighing of a reset's proofs: New password, the methods still missing, or a lock.
fn reset_progress(model: &mut Model, reset: super::ResetState, progress: ResetProgress) {
    // Only the screen of the method that asked may take the answer.
    if model.screen.reset_method().is_none() {
        return;
    }
    model.screen = match progress {
        ResetProgress::Verified(account) => {
            new_password::after_reset(&model.settings, account, model.now, &reset)
                .unwrap_or(Screen::Done(Outcome::Unavailable))
        }
        ResetProgress::Missing(methods) => {
            choose_method::screen(super::ResetState { methods, ..reset })
        }
        ResetProgress::Locked { until } => Screen::Done(Outcome::Locked { until }),
        ResetProgress::Refused => Screen::Done(Outcome::Locked { until: None }),
    };
}
