//! The Profile, after signing in with the current password (or after a change, from Done):
//! a menu with "change my password" first and preselected, "my password rules" in plain
//! words with the next required change, "security questions" (choose the category's number
//! of questions from the catalogue and answer each), and "mobile number" (the SMS feature's
//! screen). A password about to expire is said at the top.

use crossterm::event::{KeyCode, KeyEvent};

use super::FeatureRequest;
use super::feature::{Ctx, Next};
use super::field::{Edit, SecretField};
use crate::config::Settings;
use crate::domain::answers::{AnswerError, AnswerRules, MAX_ANSWER_CHARS};
use crate::domain::auth::VerifiedAccount;
use crate::domain::expiry;
use crate::domain::questions::Catalogue;
use crate::domain::recovery::{AnswerInput, EnrolOutcome, Enrolment};
use crate::domain::secret::Secret;

/// One entry of the Profile menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    ChangePassword,
    Rules,
    Questions,
    Mobile,
}

/// The menu for an account: questions only when its category offers them.
pub fn menu(settings: &Settings, account: &VerifiedAccount) -> Vec<MenuItem> {
    let questions = settings
        .policy(account.category())
        .is_some_and(|p| p.questions.enroll > 0);
    let mut items = vec![MenuItem::ChangePassword, MenuItem::Rules];
    if questions {
        items.push(MenuItem::Questions);
    }
    items.push(MenuItem::Mobile);
    items
}

/// What the Profile learnt from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileInfo {
    /// The service's clock (epoch seconds): expiry days are counted from it.
    pub now: i64,
    pub enrolment: Enrolment,
}

/// A message on the answer page that is not about one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolNotice {
    /// A paste or keystroke would pass the longest answer.
    TooLong,
    /// The service refused the set (questions are off for the category).
    NotOffered,
    Unavailable,
}

/// The answers to the chosen questions.
#[derive(Debug)]
pub struct AnswerPage {
    /// Catalogue ids, in catalogue order.
    pub ids: Vec<String>,
    pub fields: Vec<SecretField>,
    pub focus: usize,
    /// The focused answer is shown in clear (F4) until the focus moves.
    pub revealed: bool,
    /// One entry per answer, from the last check.
    pub errors: Vec<Option<AnswerError>>,
    pub notice: Option<EnrolNotice>,
    pub busy: bool,
}

/// Why Enter or Space was refused while choosing questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChooseError {
    /// Enter with fewer than `enroll` ticked.
    TooFew,
    /// Space on another question with `enroll` already ticked.
    TooMany,
}

/// Which page of the Profile shows.
#[derive(Debug)]
pub enum Page {
    Menu {
        selected: usize,
    },
    Rules,
    /// Choosing questions: ids ticked (catalogue ids), the row under the cursor.
    Choose {
        chosen: Vec<String>,
        cursor: usize,
        error: Option<ChooseError>,
    },
    Answer(AnswerPage),
}

/// The screen's state.
#[derive(Debug)]
pub struct Step {
    pub account: VerifiedAccount,
    pub page: Page,
    /// `None` until the service answered.
    pub info: Option<ProfileInfo>,
    /// The questions were just saved.
    pub saved: bool,
}

impl Step {
    /// Days left when the password expires within the category's warning window.
    pub fn expires_in_days(&self, settings: &Settings) -> Option<u32> {
        let info = self.info.as_ref()?;
        let warn = settings.policy(self.account.category())?.warn_days;
        expiry::warning_days(self.account.expires_at(), info.now, warn)
    }

    /// How many questions the category asks to choose.
    pub fn enroll(&self, settings: &Settings) -> usize {
        enroll_count(settings, &self.account)
    }
}

/// Work for the app to run.
#[derive(Debug)]
pub enum Request {
    /// The account's enrolment and the service's clock.
    Load { account: VerifiedAccount },
    /// Store a new answer set (`Services::enroll_questions`).
    Enrol {
        account: VerifiedAccount,
        answers: Vec<AnswerInput>,
    },
}

/// What the work came back with.
#[derive(Debug)]
pub enum Reply {
    Loaded(ProfileInfo),
    Enrolled(EnrolOutcome),
}

fn load(ctx: &mut Ctx, account: &VerifiedAccount) {
    ctx.request(FeatureRequest::Profile(Request::Load {
        account: account.clone(),
    }));
}

/// Enters the menu, "change my password" selected.
pub fn start(ctx: &mut Ctx, account: VerifiedAccount) -> Step {
    load(ctx, &account);
    Step {
        account,
        page: Page::Menu { selected: 0 },
        info: None,
        saved: false,
    }
}

fn menu_index(ctx: &Ctx, step: &Step, item: MenuItem) -> usize {
    menu(ctx.settings, &step.account)
        .iter()
        .position(|i| *i == item)
        .unwrap_or(0)
}

pub fn key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    match &mut step.page {
        Page::Menu { .. } => menu_key(ctx, step, key),
        Page::Rules => {
            if matches!(key.code, KeyCode::Esc | KeyCode::Enter) {
                let selected = menu_index(ctx, step, MenuItem::Rules);
                step.page = Page::Menu { selected };
            }
            Next::Stay
        }
        Page::Choose { .. } => choose_key(ctx, step, key),
        Page::Answer(_) => answer_key(ctx, step, key),
    }
}

/// The profile menu.
fn menu_key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    let items = menu(ctx.settings, &step.account);
    let Page::Menu { selected } = &mut step.page else {
        return Next::Stay;
    };
    match key.code {
        KeyCode::Up | KeyCode::BackTab => *selected = selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => {
            *selected = (*selected + 1).min(items.len().saturating_sub(1));
        }
        // Signing out is the way back from here: everything is wiped.
        KeyCode::Esc => return Next::Wipe,
        KeyCode::Enter => match items.get(*selected) {
            Some(MenuItem::ChangePassword) => {
                return Next::ChangePassword(step.account.clone());
            }
            Some(MenuItem::Rules) => {
                step.saved = false;
                step.page = Page::Rules;
            }
            Some(MenuItem::Questions) => {
                step.saved = false;
                let chosen = step
                    .info
                    .as_ref()
                    .map(|i| i.enrolment.question_ids.clone())
                    .unwrap_or_default();
                step.page = Page::Choose {
                    chosen,
                    cursor: 0,
                    error: None,
                };
            }
            Some(MenuItem::Mobile) => return Next::Mobile(step.account.clone()),
            None => {}
        },
        _ => {}
    }
    Next::Stay
}

/// Ticking the questions to enrol in.
fn choose_key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    let Page::Choose {
        chosen,
        cursor,
        error,
    } = &mut step.page
    else {
        return Next::Stay;
    };
    let catalogue = Catalogue::embedded();
    let enroll = enroll_count(ctx.settings, &step.account);
    match key.code {
        KeyCode::Up | KeyCode::BackTab => *cursor = cursor.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => {
            *cursor = (*cursor + 1).min(catalogue.len().saturating_sub(1));
        }
        KeyCode::Char(' ') => {
            if let Some(q) = catalogue.all().get(*cursor) {
                if let Some(i) = chosen.iter().position(|id| *id == q.id) {
                    chosen.remove(i);
                    *error = None;
                } else if chosen.len() < enroll {
                    chosen.push(q.id.clone());
                    *error = None;
                } else {
                    *error = Some(ChooseError::TooMany);
                }
            }
        }
        KeyCode::Enter if chosen.len() == enroll => {
            // Answers are asked in catalogue order, whatever the order of ticking.
            let ids: Vec<String> = catalogue
                .all()
                .iter()
                .filter(|q| chosen.contains(&q.id))
                .map(|q| q.id.clone())
                .collect();
            let n = ids.len();
            step.page = Page::Answer(AnswerPage {
                ids,
                fields: (0..n).map(|_| SecretField::new(MAX_ANSWER_CHARS)).collect(),
                focus: 0,
                revealed: false,
                errors: vec![None; n],
                notice: None,
                busy: false,
            });
        }
        KeyCode::Enter => *error = Some(ChooseError::TooFew),
        KeyCode::Esc => {
            let selected = menu_index(ctx, step, MenuItem::Questions);
            step.page = Page::Menu { selected };
        }
        _ => {}
    }
    Next::Stay
}

/// Typing the answers.
fn answer_key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    let Page::Answer(page) = &mut step.page else {
        return Next::Stay;
    };
    if page.busy {
        return Next::Stay;
    }
    let n = page.fields.len().max(1);
    match key.code {
        KeyCode::Esc => {
            // Back to the choice, which is kept; the answers are dropped (zeroized).
            let chosen = page.ids.clone();
            step.page = Page::Choose {
                chosen,
                cursor: 0,
                error: None,
            };
        }
        KeyCode::Tab | KeyCode::Down => {
            page.focus = (page.focus + 1) % n;
            page.revealed = false;
        }
        KeyCode::BackTab | KeyCode::Up => {
            page.focus = (page.focus + n - 1) % n;
            page.revealed = false;
        }
        KeyCode::F(4) => page.revealed = !page.revealed,
        KeyCode::Enter if page.focus + 1 < page.fields.len() => {
            page.focus += 1;
            page.revealed = false;
        }
        KeyCode::Enter => submit(ctx, &step.account, page),
        _ => {
            let focus = page.focus;
            if let Some(field) = page.fields.get_mut(focus) {
                match field.key(&key) {
                    Edit::Changed => {
                        page.notice = None;
                        if let Some(e) = page.errors.get_mut(focus) {
                            *e = None;
                        }
                    }
                    Edit::TooLong => page.notice = Some(EnrolNotice::TooLong),
                    Edit::Unchanged => {}
                }
            }
        }
    }
    Next::Stay
}

fn enroll_count(settings: &Settings, account: &VerifiedAccount) -> usize {
    settings
        .policy(account.category())
        .map_or(0, |p| p.questions.enroll as usize)
}

/// Checks the answers here (the same rules the service applies) and sends them when fine.
fn submit(ctx: &mut Ctx, account: &VerifiedAccount, page: &mut AnswerPage) {
    let secrets: Vec<Secret> = page.fields.iter().map(SecretField::secret).collect();
    let pairs: Vec<(&str, &Secret)> = page.ids.iter().map(String::as_str).zip(&secrets).collect();
    let rules = AnswerRules {
        min_chars: ctx.settings.questions.min_answer_length,
        username: account.username(),
    };
    page.errors = Catalogue::embedded().check_answers(&pairs, &rules);
    page.revealed = false;
    if let Some(first) = page.errors.iter().position(Option::is_some) {
        page.focus = first;
        return;
    }
    page.busy = true;
    page.notice = None;
    let answers = page
        .ids
        .iter()
        .zip(secrets)
        .map(|(id, secret)| AnswerInput::new(id.clone(), secret))
        .collect();
    ctx.request(FeatureRequest::Profile(Request::Enrol {
        account: account.clone(),
        answers,
    }));
}

pub fn paste(_ctx: &mut Ctx, step: &mut Step, text: &str) -> Next {
    if let Page::Answer(page) = &mut step.page
        && !page.busy
    {
        let focus = page.focus;
        if let Some(field) = page.fields.get_mut(focus) {
            match field.paste(text) {
                Edit::TooLong => page.notice = Some(EnrolNotice::TooLong),
                _ => {
                    page.notice = None;
                    if let Some(e) = page.errors.get_mut(focus) {
                        *e = None;
                    }
                }
            }
        }
    }
    Next::Stay
}

pub fn reply(ctx: &mut Ctx, step: &mut Step, reply: Reply) -> Next {
    match reply {
        Reply::Loaded(info) => step.info = Some(info),
        Reply::Enrolled(outcome) => {
            let Page::Answer(page) = &mut step.page else {
                return Next::Stay;
            };
            if !page.busy {
                return Next::Stay;
            }
            page.busy = false;
            match outcome {
                EnrolOutcome::Enrolled => {
                    let selected = menu_index(ctx, step, MenuItem::Questions);
                    // The answers leave memory with the page.
                    step.page = Page::Menu { selected };
                    step.saved = true;
                    load(ctx, &step.account);
                }
                EnrolOutcome::Rejected(errors) => {
                    page.focus = errors.iter().position(Option::is_some).unwrap_or(0);
                    page.errors = errors;
                }
                EnrolOutcome::BadChoice | EnrolOutcome::NotOffered => {
                    page.notice = Some(EnrolNotice::NotOffered);
                }
            }
        }
    }
    Next::Stay
}

pub fn tick(_ctx: &mut Ctx, _step: &mut Step) -> Next {
    Next::Stay
}

/// The database could not be reached for the last request.
pub fn unavailable(step: &mut Step) {
    if let Page::Answer(page) = &mut step.page
        && page.busy
    {
        page.busy = false;
        page.notice = Some(EnrolNotice::Unavailable);
    }
}

#[cfg(test)]
mod tests;
