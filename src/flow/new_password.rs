//! The New password screen: two masked fields, the live checklist (the policy's own
//! `evaluate`, so it never disagrees with the final check), the strength estimate and the
//! history check as they arrive, and the submit rules.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent};

use crate::config::{CategoryPolicy, MAX_PASSWORD_CHARS, Settings};
use crate::domain::auth::{ChangeOutcome, Leaving, VerifiedAccount};
use crate::domain::directory::{Refusal, merge};
use crate::domain::policy::{self, PolicyContext, RuleCheck, RuleStatus};
use crate::domain::strength::Strength;
use crate::domain::username::Username;

use super::{
    Edit, Effect, HISTORY_DEBOUNCE, Model, Outcome, ResetState, Screen, SecretField, choose_method,
    current_password,
};

/// Which of the two new-password fields has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewField {
    New,
    Repeat,
}

/// A message on the New password screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Typing or a paste was refused at the maximum length.
    TooLong,
    /// Enter was pressed before every rule passed.
    RulesNotMet,
    /// Enter was pressed while the two fields differ.
    Mismatch,
    /// The server-side check refused the password (shown with the checklist).
    Rejected,
    /// Esc once where leaving sends the person back to the office: a second Esc leaves.
    LeaveAsked,
    /// The school's directory refused it: one sentence naming the rule and its number.
    Directory(Refusal),
}

/// The history rule while its answer is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryCheck {
    /// Nothing typed.
    Idle,
    /// Asked (or about to be, at the next pause in typing).
    Checking,
    /// The database did not answer: asked again when it is back, and the save checks anyway.
    Later,
}

/// The New password screen's state.
#[derive(Debug)]
pub struct NewPasswordStep {
    pub account: VerifiedAccount,
    pub policy: CategoryPolicy,
    pub context: PolicyContext,
    pub new: SecretField,
    pub repeat: SecretField,
    pub focus: NewField,
    /// Bumped on every edit of the new password.
    pub generation: u64,
    /// The newest strength estimate and the generation it belongs to.
    pub strength: Option<(u64, Strength)>,
    pub reused: Option<(u64, bool)>,
    pub history_asked: Option<u64>,
    /// The generation whose history check could not reach the database.
    pub history_failed: Option<u64>,
    pub last_edit: Instant,
    pub notice: Option<Notice>,
    pub busy: bool,
    /// A save cut off by an outage (`busy` stays on): sent again, once, when the health
    /// check finds the database back. The typed passwords stay in their fields.
    pub retry: bool,
    /// The server's verdict on a submitted text (it knows the history for sure).
    pub server_checks: Option<(u64, Vec<RuleCheck>)>,
    /// Reached by a reset (questions, SMS): Esc goes back to its list of methods, every
    /// method offered and no proofs kept. `None`: reached by a password, Esc goes back to
    /// the current-password screen.
    pub reset: Option<ResetState>,
}

impl NewPasswordStep {
    /// The rules, ticked for the current text: the one function the final check uses too.
    pub fn checks(&self) -> Vec<RuleCheck> {
        let score = self
            .strength
            .as_ref()
            .filter(|(g, _)| *g == self.generation)
            .map(|(_, s)| s.score);
        let reused = self
            .reused
            .filter(|(g, _)| *g == self.generation)
            .map(|(_, r)| r);
        let secret = self.new.secret();
        let mut checks =
            policy::evaluate(&self.policy, secret.expose(), &self.context, score, reused);
        if let Some((_, server)) = self
            .server_checks
            .as_ref()
            .filter(|(g, _)| *g == self.generation)
        {
            for check in &mut checks {
                if server
                    .iter()
                    .any(|c| c.rule == check.rule && c.status == RuleStatus::Fail)
                {
                    check.status = RuleStatus::Fail;
                }
            }
        }
        checks
    }

    /// Both fields hold the same, non-empty password.
    pub fn matches(&self) -> bool {
        !self.new.is_empty() && self.new.secret() == self.repeat.secret()
    }

    /// Enter may submit: no rule fails, strength is known, both fields match. A pending
    /// history check is left to the server, which checks everything again.
    pub fn can_submit(&self) -> bool {
        let checks = self.checks();
        self.matches()
            && checks.iter().all(|c| match c.status {
                RuleStatus::Pass => true,
                RuleStatus::Fail => false,
                RuleStatus::Pending => matches!(c.rule, policy::Rule::History(_)),
            })
    }

    /// Where the history check stands while its rule is pending: it runs on its own,
    /// whatever the other rules say, so "…" never waits on them.
    pub fn history_check(&self) -> HistoryCheck {
        if self.new.is_empty() {
            HistoryCheck::Idle
        } else if self.history_failed == Some(self.generation) {
            HistoryCheck::Later
        } else {
            HistoryCheck::Checking
        }
    }

    /// The newest strength known (possibly for an older generation while a new one runs).
    pub fn shown_strength(&self) -> Option<&Strength> {
        if self.new.is_empty() {
            return None;
        }
        self.strength.as_ref().map(|(_, s)| s)
    }
}

/// The New password screen for a verified account.
pub fn new_password_screen(
    settings: &Settings,
    account: VerifiedAccount,
    now: Instant,
) -> Option<Screen> {
    let category = settings.policy(account.category())?;
    // With a directory, its rules count too: the checklist shows the stricter of each.
    let policy = match account.directory_policy() {
        Some(dir) => merge(category, dir),
        None => category.clone(),
    };
    let context = PolicyContext::new(
        account.username(),
        account.display_name(),
        &settings.kiosk.school_name,
    );
    Some(Screen::NewPassword(Box::new(NewPasswordStep {
        account,
        policy,
        context,
        new: SecretField::new(MAX_PASSWORD_CHARS),
        repeat: SecretField::new(MAX_PASSWORD_CHARS),
        focus: NewField::New,
        generation: 0,
        strength: None,
        reused: None,
        history_asked: None,
        history_failed: None,
        last_edit: now,
        notice: None,
        busy: false,
        retry: false,
        server_checks: None,
        reset: None,
    })))
}

/// The New password screen at the end of `reset`: Esc returns to its methods.
pub(super) fn after_reset(
    settings: &Settings,
    account: VerifiedAccount,
    now: Instant,
    reset: &ResetState,
) -> Option<Screen> {
    let mut screen = new_password_screen(settings, account, now)?;
    if let Screen::NewPassword(step) = &mut screen {
        step.reset = Some(reset.restarted());
    }
    Some(screen)
}

pub(super) fn key(model: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) {
    let (session, now) = (model.session, model.now);
    let Screen::NewPassword(step) = &mut model.screen else {
        return;
    };
    if key.code == KeyCode::Esc && !step.busy {
        let leaving = step.account.leaving();
        if leaving.needs_office_again() && step.notice != Some(Notice::LeaveAsked) {
            step.notice = Some(Notice::LeaveAsked);
            return;
        }
        if leaving != Leaving::Free {
            fx.push(Effect::GiveUp {
                account: step.account.clone(),
            });
        }
        // Back one step: the verification is given up and must be done again, after a
        // reset from its full list of methods.
        model.screen = match (&step.reset, Username::parse(step.account.username())) {
            (Some(reset), _) => choose_method::screen(reset.restarted()),
            (None, Ok(username)) => current_password::again(username),
            (None, Err(_)) => Screen::Welcome,
        };
    } else {
        // Any other key answers "stay".
        if step.notice == Some(Notice::LeaveAsked) {
            step.notice = None;
        }
        new_password_key(step, key, session, now, fx);
    }
}

pub(super) fn paste(model: &mut Model, text: &str, fx: &mut Vec<Effect>) {
    let (session, now) = (model.session, model.now);
    let Screen::NewPassword(step) = &mut model.screen else {
        return;
    };
    if step.busy {
        return;
    }
    let edit = match step.focus {
        NewField::New => step.new.paste(text),
        NewField::Repeat => step.repeat.paste(text),
    };
    after_edit(step, edit, session, now, fx);
}

/// Asks for the history check once typing has paused (it costs an argon2 hash per entry),
/// whatever the other rules say: its answer never waits on them.
pub(super) fn tick(model: &mut Model, fx: &mut Vec<Effect>) {
    let (session, now) = (model.session, model.now);
    let Screen::NewPassword(step) = &mut model.screen else {
        return;
    };
    let due = now.saturating_duration_since(step.last_edit) >= HISTORY_DEBOUNCE;
    let known = step.reused.is_some_and(|(g, _)| g == step.generation);
    // A save in flight (or waiting for the database) checks the history itself.
    if step.policy.history_depth > 0
        && !step.busy
        && due
        && !known
        && !step.new.is_empty()
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

/// The database went away with a change in flight: it is kept, with the session and the
/// typed passwords, and sent again when the database is back (the service makes a change
/// that did commit before the cut report Changed). Only the idle timeout ends the wait.
pub(super) fn unavailable(model: &mut Model) {
    if let Screen::NewPassword(step) = &mut model.screen
        && step.busy
    {
        step.retry = true;
    }
}

/// The health check reached the database: a save waiting for it goes again, once; a
/// history check that could not be made is asked again at the next tick.
pub(super) fn healthy(model: &mut Model, fx: &mut Vec<Effect>) {
    let session = model.session;
    if let Screen::NewPassword(step) = &mut model.screen
        && step.history_failed.take().is_some()
    {
        step.history_asked = None;
    }
    if let Screen::NewPassword(step) = &mut model.screen
        && step.busy
        && step.retry
    {
        step.retry = false;
        fx.push(Effect::ChangePassword {
            session,
            account: step.account.clone(),
            password: step.new.secret(),
        });
    }
}

pub(super) fn strength(model: &mut Model, generation: u64, strength: Strength) {
    if let Screen::NewPassword(step) = &mut model.screen {
        // Newest wins: never replace a newer estimate with an older one.
        if step.strength.as_ref().is_none_or(|(g, _)| *g <= generation) {
            step.strength = Some((generation, strength));
        }
    }
}

pub(super) fn history_unavailable(model: &mut Model, generation: u64) {
    if let Screen::NewPassword(step) = &mut model.screen {
        step.history_failed = Some(generation);
    }
}

pub(super) fn history(model: &mut Model, generation: u64, reused: bool) {
    if let Screen::NewPassword(step) = &mut model.screen
        && step.reused.is_none_or(|(g, _)| g <= generation)
    {
        step.reused = Some((generation, reused));
    }
}

/// The change's answer: Done, or the server's verdict in the checklist.
pub(super) fn changed(model: &mut Model, outcome: ChangeOutcome) {
    let Screen::NewPassword(step) = &mut model.screen else {
        return;
    };
    if !step.busy {
        return;
    }
    step.busy = false;
    step.retry = false;
    match outcome {
        ChangeOutcome::Changed {
            score,
            expires_at,
            account,
            targets,
        } => {
            // The new password is the one in use now: the Profile may follow.
            model.screen = Screen::Done(Outcome::Changed {
                score,
                expires_at,
                account,
                targets,
            });
        }
        ChangeOutcome::Conflict => model.screen = Screen::Done(Outcome::Conflict),
        ChangeOutcome::Refused(refusal) => {
            if let Refusal::InHistory { .. } = refusal {
                step.reused = Some((step.generation, true));
            }
            step.notice = Some(Notice::Directory(refusal));
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

fn new_password_key(
    step: &mut NewPasswordStep,
    key: KeyEvent,
    session: u64,
    now: Instant,
    fx: &mut Vec<Effect>,
) {
    if step.busy {
        return;
    }
    match key.code {
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
            step.focus = match step.focus {
                NewField::New => NewField::Repeat,
                NewField::Repeat => NewField::New,
            };
        }
        KeyCode::Enter if step.focus == NewField::New => {
            step.focus = NewField::Repeat;
        }
        KeyCode::Enter => {
            if !step.matches() {
                step.notice = Some(if step.can_submit_ignoring_match() {
                    Notice::Mismatch
                } else {
                    Notice::RulesNotMet
                });
            } else if !step.can_submit() {
                step.notice = Some(Notice::RulesNotMet);
            } else {
                step.busy = true;
                step.notice = None;
                fx.push(Effect::ChangePassword {
                    session,
                    account: step.account.clone(),
                    password: step.new.secret(),
                });
            }
        }
        _ => {
            let edit = match step.focus {
                NewField::New => step.new.key(&key),
                NewField::Repeat => step.repeat.key(&key),
            };
            after_edit(step, edit, session, now, fx);
        }
    }
}

impl NewPasswordStep {
    fn can_submit_ignoring_match(&self) -> bool {
        self.checks().iter().all(|c| c.status != RuleStatus::Fail)
    }
}

fn after_edit(
    step: &mut NewPasswordStep,
    edit: Edit,
    session: u64,
    now: Instant,
    fx: &mut Vec<Effect>,
) {
    match edit {
        Edit::TooLong => step.notice = Some(Notice::TooLong),
        Edit::Unchanged => {}
        Edit::Changed => {
            step.notice = None;
            if step.focus == NewField::New {
                step.generation += 1;
                step.last_edit = now;
                if !step.new.is_empty() {
                    fx.push(Effect::EstimateStrength {
                        session,
                        generation: step.generation,
                        password: step.new.secret(),
                        user_inputs: step.context.words().to_vec(),
                    });
                }
            }
        }
    }
}
