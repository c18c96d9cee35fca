//! Office staff mode as a pure sub-flow: sign-in (password, then a code by SMS when the
//! service asks for one), look-up, the person's card, the identity check, the action menu,
//! a confirmation, and the result (a temporary password shown once, for a limited time).
//!
//! A reset ticket ends the staff part: the person gets the New password screen
//! (`Next::ChangePassword`) and the staff member's session is dropped with this step. The
//! idle wipe (`helpdesk.idle_timeout_secs`) drops everything here too: the staff session,
//! the identity check and a temporary password still on screen (zeroized on drop).

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent};

use super::FeatureRequest;
use super::feature::{Ctx, Next};
use super::field::{Edit, SecretField, TextField};
use crate::config::MAX_PASSWORD_CHARS;
use crate::domain::secret::Secret;
use crate::domain::text::fold;
use crate::domain::username::Username;
use crate::i18n::Lang;
use crate::service::{
    ActionDone, CodeOutcome, Denied, IdCheckError, IdentityCheck, MAX_REFERENCE_CHARS,
    MIN_QUERY_CHARS, PersonCard, Refusal, SearchResult, SignIn, StaffAction, StaffChallenge,
    StaffSession, Staffed,
};

/// Longest look-up text.
pub const MAX_QUERY_CHARS: usize = 64;
/// Longest code typed at the second step (spaces and dashes are allowed in it).
const MAX_CODE_CHARS: usize = 12;

/// The screen's state.
#[derive(Debug)]
pub struct Step {
    pub phase: Phase,
    /// A request is out; keys wait for its reply.
    pub busy: bool,
    pub message: Option<Message>,
}

/// Where the staff member is.
#[derive(Debug)]
pub enum Phase {
    SignIn {
        username: TextField,
        password: SecretField,
        focus: SignInField,
    },
    /// The password was right; the code sent to the staff member's mobile is typed here.
    Code {
        challenge: StaffChallenge,
        code: SecretField,
    },
    /// Signed in.
    Desk(Box<Desk>),
}

/// Which sign-in field has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInField {
    Username,
    Password,
}

/// A signed-in staff member's desk: the look-up and, once opened, one person.
#[derive(Debug)]
pub struct Desk {
    pub staff: StaffSession,
    pub query: TextField,
    /// The last look-up: the text it was for and what it found.
    pub results: Option<(String, SearchResult)>,
    pub selected: usize,
    pub person: Option<Box<PersonView>>,
}

/// One person's card and what the staff member is doing for them.
#[derive(Debug)]
pub struct PersonView {
    pub card: PersonCard,
    /// Recorded for this person (required before any action; in every action's audit row).
    pub check: Option<IdentityCheck>,
    pub stage: PersonStage,
}

/// The screens of one person.
#[derive(Debug)]
pub enum PersonStage {
    Card,
    Check {
        document: usize,
        reference: TextField,
    },
    Actions {
        selected: usize,
    },
    Confirm {
        action: StaffAction,
    },
    /// Shown once, in large characters, until dismissed or `helpdesk.temp_password_display_secs`.
    TempPassword {
        password: Secret,
        uses: u32,
        expires_at: i64,
        shown_at: Instant,
    },
    Result(Outcome),
}

/// What an action came to, as the result screen says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The temporary password was shown and is now hidden for good.
    TempShown {
        uses: u32,
        expires_at: i64,
    },
    Unlocked,
    QuestionsCleared {
        removed: u64,
    },
    MobileCleared,
    Username(String),
}

/// A message on the staff screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    EmptySignIn,
    Invalid,
    Locked { until: Option<i64> },
    TempExpired,
    NotStaff,
    MustChange,
    CodeNotSent,
    CodeWrong { tries_left: u32 },
    CodeVoid,
    CodeMalformed,
    QueryTooShort,
    NoMatches,
    Refused(Refusal),
    Inactive,
    NotFound,
    NoReference,
    ReferenceTooLong,
    Unavailable,
}

/// Work for the app to run.
#[derive(Debug)]
pub enum Request {
    SignIn {
        username: Username,
        password: Secret,
        lang: Lang,
    },
    Code {
        challenge: StaffChallenge,
        code: Secret,
    },
    Search {
        staff: StaffSession,
        query: String,
    },
    Card {
        staff: StaffSession,
        person_id: i64,
    },
    Check {
        staff: StaffSession,
        person_id: i64,
        check: IdentityCheck,
    },
    Act {
        staff: StaffSession,
        person_id: i64,
        check: IdentityCheck,
        action: StaffAction,
    },
}

/// What the work came back with.
#[derive(Debug)]
pub enum Reply {
    SignIn(SignIn),
    Code(CodeOutcome),
    Search {
        query: String,
        result: Staffed<SearchResult>,
    },
    /// Boxed: a card is large, and replies travel in every message.
    Card(Box<Staffed<PersonCard>>),
    Check {
        check: IdentityCheck,
        result: Staffed<()>,
    },
    Act(Staffed<ActionDone>),
}

impl Step {
    /// The empty sign-in form.
    pub fn sign_in() -> Self {
        Self {
            phase: Phase::SignIn {
                username: TextField::new(Username::MAX_CHARS),
                password: SecretField::new(MAX_PASSWORD_CHARS),
                focus: SignInField::Username,
            },
            busy: false,
            message: None,
        }
    }

    /// Nothing typed and nothing said: the form as it was drawn first.
    pub fn is_pristine(&self) -> bool {
        matches!(&self.phase, Phase::SignIn { username, password, .. }
            if username.value().is_empty() && password.is_empty())
            && self.message.is_none()
            && !self.busy
    }

    /// The signed-in desk, if any.
    pub fn desk(&self) -> Option<&Desk> {
        match &self.phase {
            Phase::Desk(desk) => Some(desk),
            _ => None,
        }
    }
}

/// Enters the screen (Welcome F9, or `kiosk --staff`).
pub fn start(_ctx: &mut Ctx) -> Step {
    Step::sign_in()
}

/// The database could not be reached while a request was out.
pub fn unavailable(step: &mut Step) {
    step.busy = false;
    step.message = Some(Message::Unavailable);
}

fn request(ctx: &mut Ctx, step: &mut Step, request: Request) {
    step.busy = true;
    ctx.request(FeatureRequest::Staff(request));
}

pub fn key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    if step.busy {
        return Next::Stay;
    }
    match &mut step.phase {
        Phase::SignIn { .. } => sign_in_key(ctx, step, key),
        Phase::Code { .. } => code_key(ctx, step, key),
        Phase::Desk(_) => desk_key(ctx, step, key),
    }
}

fn sign_in_key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    let Phase::SignIn {
        username,
        password,
        focus,
    } = &mut step.phase
    else {
        return Next::Stay;
    };
    match key.code {
        KeyCode::Esc => return Next::Wipe,
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
            *focus = match focus {
                SignInField::Username => SignInField::Password,
                SignInField::Password => SignInField::Username,
            };
        }
        KeyCode::Enter if *focus == SignInField::Username && password.is_empty() => {
            *focus = SignInField::Password;
        }
        KeyCode::Enter => {
            let name = Username::parse(username.value());
            if password.is_empty() || username.value().trim().is_empty() {
                step.message = Some(Message::EmptySignIn);
                return Next::Stay;
            }
            let secret = password.secret();
            // The typed password is not kept once it has been sent for checking.
            *password = SecretField::new(MAX_PASSWORD_CHARS);
            *focus = SignInField::Password;
            match name {
                Ok(username) => {
                    step.message = None;
                    let lang = ctx.lang;
                    request(
                        ctx,
                        step,
                        Request::SignIn {
                            username,
                            password: secret,
                            lang,
                        },
                    );
                }
                // A name that cannot exist is just a wrong sign-in.
                Err(_) => step.message = Some(Message::Invalid),
            }
        }
        _ => {
            let edit = match focus {
                SignInField::Username => username.key(&key),
                SignInField::Password => password.key(&key),
            };
            if edit == Edit::Changed {
                step.message = None;
            }
        }
    }
    Next::Stay
}

fn code_key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    let Phase::Code { challenge, code } = &mut step.phase else {
        return Next::Stay;
    };
    match key.code {
        KeyCode::Esc => return Next::Wipe,
        KeyCode::Enter if !code.is_empty() => {
            let typed = code.secret();
            *code = SecretField::new(MAX_CODE_CHARS);
            let challenge = challenge.clone();
            step.message = None;
            request(
                ctx,
                step,
                Request::Code {
                    challenge,
                    code: typed,
                },
            );
        }
        _ => {
            if code.key(&key) == Edit::Changed {
                step.message = None;
            }
        }
    }
    Next::Stay
}

fn desk_key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    if desk.person.is_some() {
        return person_key(ctx, step, key);
    }
    let count = desk.results.as_ref().map_or(0, |(_, r)| r.people.len());
    match key.code {
        // Signing out drops everything of this session.
        KeyCode::Esc => return Next::Wipe,
        KeyCode::Up | KeyCode::BackTab => desk.selected = desk.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => {
            desk.selected = (desk.selected + 1).min(count.saturating_sub(1))
        }
        KeyCode::Enter => {
            let query = desk.query.value().trim().to_string();
            let same = desk.results.as_ref().is_some_and(|(q, _)| *q == query);
            let chosen = desk
                .results
                .as_ref()
                .and_then(|(_, r)| r.people.get(desk.selected))
                .map(|p| p.id);
            if let (true, Some(person_id)) = (same, chosen) {
                let staff = desk.staff.clone();
                step.message = None;
                request(ctx, step, Request::Card { staff, person_id });
            } else if fold(&query).chars().filter(|c| !c.is_whitespace()).count() < MIN_QUERY_CHARS
            {
                step.message = Some(Message::QueryTooShort);
            } else {
                let staff = desk.staff.clone();
                step.message = None;
                request(ctx, step, Request::Search { staff, query });
            }
        }
        _ => {
            if desk.query.key(&key) == Edit::Changed {
                step.message = None;
            }
        }
    }
    Next::Stay
}

fn person_key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    let staff = desk.staff.clone();
    let Some(person) = desk.person.as_mut() else {
        return Next::Stay;
    };
    let person_id = person.card.id;
    let settings: &crate::config::Settings = ctx.settings;
    let documents = &settings.helpdesk.id_documents;
    match &mut person.stage {
        PersonStage::Card => match key.code {
            KeyCode::Esc => {
                desk.person = None;
                step.message = None;
            }
            KeyCode::Enter => {
                if let Some(refusal) = person.card.refusal {
                    step.message = Some(Message::Refused(refusal));
                } else if !person.card.active {
                    step.message = Some(Message::Inactive);
                } else if person.check.is_some() {
                    person.stage = PersonStage::Actions { selected: 0 };
                    step.message = None;
                } else {
                    person.stage = PersonStage::Check {
                        document: 0,
                        reference: TextField::new(MAX_REFERENCE_CHARS),
                    };
                    step.message = None;
                }
            }
            _ => {}
        },
        PersonStage::Check {
            document,
            reference,
        } => match key.code {
            KeyCode::Esc => {
                person.stage = PersonStage::Card;
                step.message = None;
            }
            KeyCode::Up | KeyCode::BackTab => *document = document.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => {
                *document = (*document + 1).min(documents.len().saturating_sub(1))
            }
            KeyCode::Enter => {
                let name = documents
                    .get(*document)
                    .map(String::as_str)
                    .unwrap_or_default();
                match IdentityCheck::new(&settings.helpdesk, name, reference.value()) {
                    Ok(check) => {
                        step.message = None;
                        request(
                            ctx,
                            step,
                            Request::Check {
                                staff,
                                person_id,
                                check,
                            },
                        );
                    }
                    Err(IdCheckError::ReferenceTooLong) => {
                        step.message = Some(Message::ReferenceTooLong)
                    }
                    Err(_) => step.message = Some(Message::NoReference),
                }
            }
            _ => match reference.key(&key) {
                Edit::Changed => step.message = None,
                Edit::TooLong => step.message = Some(Message::ReferenceTooLong),
                Edit::Unchanged => {}
            },
        },
        PersonStage::Actions { selected } => {
            let actions = person.card.actions();
            match key.code {
                KeyCode::Esc => person.stage = PersonStage::Card,
                KeyCode::Up | KeyCode::BackTab => *selected = selected.saturating_sub(1),
                KeyCode::Down | KeyCode::Tab => {
                    *selected = (*selected + 1).min(actions.len().saturating_sub(1))
                }
                KeyCode::Enter => match actions.get(*selected).copied() {
                    // Telling a username changes nothing: no confirmation.
                    Some(StaffAction::TellUsername) => {
                        let Some(check) = person.check.clone() else {
                            person.stage = PersonStage::Card;
                            return Next::Stay;
                        };
                        let action = StaffAction::TellUsername;
                        request(
                            ctx,
                            step,
                            Request::Act {
                                staff,
                                person_id,
                                check,
                                action,
                            },
                        );
                    }
                    Some(action) => person.stage = PersonStage::Confirm { action },
                    None => {}
                },
                _ => {}
            }
            step.message = None;
        }
        PersonStage::Confirm { action } => match key.code {
            KeyCode::Esc => {
                let selected = person
                    .card
                    .actions()
                    .iter()
                    .position(|a| a == action)
                    .unwrap_or(0);
                person.stage = PersonStage::Actions { selected };
            }
            KeyCode::Enter => {
                let action = *action;
                match person.check.clone() {
                    Some(check) => request(
                        ctx,
                        step,
                        Request::Act {
                            staff,
                            person_id,
                            check,
                            action,
                        },
                    ),
                    None => person.stage = PersonStage::Card,
                }
            }
            _ => {}
        },
        PersonStage::TempPassword {
            uses, expires_at, ..
        } => {
            if matches!(key.code, KeyCode::Enter | KeyCode::Esc) {
                let (uses, expires_at) = (*uses, *expires_at);
                hide_temp_password(ctx, person, staff, uses, expires_at);
            }
        }
        PersonStage::Result(_) => {
            if matches!(key.code, KeyCode::Enter | KeyCode::Esc) {
                person.stage = PersonStage::Card;
            }
        }
    }
    Next::Stay
}

/// Replaces the temporary password on screen (dropping, and so zeroizing, it) with a note
/// that it was shown, and refreshes the card.
fn hide_temp_password(
    ctx: &mut Ctx,
    person: &mut PersonView,
    staff: StaffSession,
    uses: u32,
    expires_at: i64,
) {
    person.stage = PersonStage::Result(Outcome::TempShown { uses, expires_at });
    let person_id = person.card.id;
    // A refresh in the background: no `busy`, the staff member may read on.
    ctx.request(FeatureRequest::Staff(Request::Card { staff, person_id }));
}

pub fn paste(_ctx: &mut Ctx, step: &mut Step, text: &str) -> Next {
    if step.busy {
        return Next::Stay;
    }
    let edit = match &mut step.phase {
        Phase::SignIn {
            username,
            password,
            focus,
        } => match focus {
            SignInField::Username => username.paste(text),
            SignInField::Password => password.paste(text),
        },
        Phase::Code { code, .. } => code.paste(text),
        Phase::Desk(desk) => match desk.person.as_mut().map(|p| &mut p.stage) {
            None => desk.query.paste(text),
            Some(PersonStage::Check { reference, .. }) => reference.paste(text),
            Some(_) => Edit::Unchanged,
        },
    };
    match edit {
        Edit::Changed => step.message = None,
        Edit::TooLong if desk_checking(step) => step.message = Some(Message::ReferenceTooLong),
        _ => {}
    }
    Next::Stay
}

fn desk_checking(step: &Step) -> bool {
    step.desk()
        .and_then(|d| d.person.as_ref())
        .is_some_and(|p| matches!(p.stage, PersonStage::Check { .. }))
}

pub fn reply(ctx: &mut Ctx, step: &mut Step, reply: Reply) -> Next {
    match reply {
        Reply::SignIn(outcome) => {
            if !matches!(step.phase, Phase::SignIn { .. }) {
                return Next::Stay;
            }
            step.busy = false;
            match outcome {
                SignIn::SignedIn(staff) => enter_desk(step, staff),
                SignIn::CodeSent(challenge) => {
                    step.phase = Phase::Code {
                        challenge,
                        code: SecretField::new(MAX_CODE_CHARS),
                    };
                    step.message = None;
                }
                SignIn::Invalid => step.message = Some(Message::Invalid),
                SignIn::Locked { until } => step.message = Some(Message::Locked { until }),
                SignIn::TempExpired => step.message = Some(Message::TempExpired),
                SignIn::NotStaff => step.message = Some(Message::NotStaff),
                SignIn::MustChange => step.message = Some(Message::MustChange),
                SignIn::CodeNotSent => step.message = Some(Message::CodeNotSent),
            }
        }
        Reply::Code(outcome) => {
            if !matches!(step.phase, Phase::Code { .. }) {
                return Next::Stay;
            }
            step.busy = false;
            match outcome {
                CodeOutcome::SignedIn(staff) => enter_desk(step, staff),
                CodeOutcome::Wrong { tries_left } => {
                    step.message = Some(Message::CodeWrong { tries_left })
                }
                CodeOutcome::Malformed => step.message = Some(Message::CodeMalformed),
                CodeOutcome::Void => {
                    // Back to the password: a new code needs a new sign-in.
                    let mut fresh = Step::sign_in();
                    if let (
                        Phase::Code { challenge, .. },
                        Phase::SignIn {
                            username, focus, ..
                        },
                    ) = (&step.phase, &mut fresh.phase)
                    {
                        username.paste(challenge.username());
                        *focus = SignInField::Password;
                    }
                    *step = fresh;
                    step.message = Some(Message::CodeVoid);
                }
            }
        }
        Reply::Search { query, result } => {
            let Phase::Desk(desk) = &mut step.phase else {
                return Next::Stay;
            };
            step.busy = false;
            match result {
                Ok(found) => {
                    step.message = found.people.is_empty().then_some(Message::NoMatches);
                    desk.results = Some((query, found));
                    desk.selected = 0;
                }
                Err(denied) => return denied_here(step, denied),
            }
        }
        Reply::Card(result) => return card_reply(step, *result),
        Reply::Check { check, result } => {
            let Some(person) = person_mut(step) else {
                return Next::Stay;
            };
            if !matches!(person.stage, PersonStage::Check { .. }) {
                return Next::Stay;
            }
            step.busy = false;
            match result {
                Ok(()) => {
                    if let Some(person) = person_mut(step) {
                        person.check = Some(check);
                        person.stage = PersonStage::Actions { selected: 0 };
                    }
                    step.message = None;
                }
                Err(denied) => return denied_here(step, denied),
            }
        }
        Reply::Act(result) => {
            if !step.busy {
                return Next::Stay;
            }
            step.busy = false;
            let done = match result {
                Ok(done) => done,
                Err(denied) => return denied_here(step, denied),
            };
            let Phase::Desk(desk) = &mut step.phase else {
                return Next::Stay;
            };
            let staff = desk.staff.clone();
            let Some(person) = desk.person.as_mut() else {
                return Next::Stay;
            };
            step.message = None;
            let outcome = match done {
                // The screen is the person's now; the staff session ends with this step.
                ActionDone::Ticket(account) => return Next::ChangePassword(account),
                ActionDone::TempPassword {
                    password,
                    uses,
                    expires_at,
                } => {
                    person.stage = PersonStage::TempPassword {
                        password,
                        uses,
                        expires_at,
                        shown_at: ctx.now,
                    };
                    return Next::Stay;
                }
                ActionDone::Unlocked => Outcome::Unlocked,
                ActionDone::QuestionsCleared { removed } => Outcome::QuestionsCleared { removed },
                ActionDone::MobileCleared => Outcome::MobileCleared,
                ActionDone::Username(username) => Outcome::Username(username),
            };
            person.stage = PersonStage::Result(outcome);
            let person_id = person.card.id;
            ctx.request(FeatureRequest::Staff(Request::Card { staff, person_id }));
        }
    }
    Next::Stay
}

fn person_mut(step: &mut Step) -> Option<&mut PersonView> {
    match &mut step.phase {
        Phase::Desk(desk) => desk.person.as_deref_mut(),
        _ => None,
    }
}

fn enter_desk(step: &mut Step, staff: StaffSession) {
    step.phase = Phase::Desk(Box::new(Desk {
        staff,
        query: TextField::new(MAX_QUERY_CHARS),
        results: None,
        selected: 0,
        person: None,
    }));
    step.message = None;
}

fn card_reply(step: &mut Step, result: Staffed<PersonCard>) -> Next {
    let busy = step.busy;
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    match (result, desk.person.as_mut()) {
        // The card asked for from the result list.
        (Ok(card), None) if busy => {
            desk.person = Some(Box::new(PersonView {
                card,
                check: None,
                stage: PersonStage::Card,
            }));
            step.busy = false;
            step.message = None;
        }
        // A refresh after an action.
        (Ok(card), Some(person)) if person.card.id == card.id => person.card = card,
        (Err(denied), _) if busy => {
            step.busy = false;
            return denied_here(step, denied);
        }
        (Err(Denied::SessionEnded), _) => return Next::Wipe,
        _ => {}
    }
    Next::Stay
}

/// A denied call: the session is over, or the person cannot be helped here.
fn denied_here(step: &mut Step, denied: Denied) -> Next {
    match denied {
        Denied::SessionEnded => Next::Wipe,
        Denied::Refused(refusal) => {
            if let Some(person) = person_mut(step) {
                person.card.refusal = Some(refusal);
                person.stage = PersonStage::Card;
            }
            step.message = Some(Message::Refused(refusal));
            Next::Stay
        }
        Denied::NotFound => {
            if let Phase::Desk(desk) = &mut step.phase {
                desk.person = None;
            }
            step.message = Some(Message::NotFound);
            Next::Stay
        }
    }
}

pub fn tick(ctx: &mut Ctx, step: &mut Step) -> Next {
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    let staff = desk.staff.clone();
    let Some(person) = desk.person.as_mut() else {
        return Next::Stay;
    };
    if let PersonStage::TempPassword {
        uses,
        expires_at,
        shown_at,
        ..
    } = &person.stage
    {
        let limit = Duration::from_secs(ctx.settings.helpdesk.temp_password_display_secs);
        if ctx.now.saturating_duration_since(*shown_at) >= limit {
            let (uses, expires_at) = (*uses, *expires_at);
            hide_temp_password(ctx, person, staff, uses, expires_at);
        }
    }
    Next::Stay
}

/// Seconds a temporary password stays on screen from now, for the countdown under it.
pub fn temp_password_left(step: &Step, now: Instant, display_secs: u64) -> Option<u64> {
    let person = step.desk()?.person.as_ref()?;
    let PersonStage::TempPassword { shown_at, .. } = &person.stage else {
        return None;
    };
    let left =
        Duration::from_secs(display_secs).saturating_sub(now.saturating_duration_since(*shown_at));
    Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::flow::Effect;
    use crossterm::event::KeyModifiers;

    fn press(step: &mut Step, settings: &Settings, code: KeyCode) -> (Next, Vec<Effect>) {
        let mut effects = Vec::new();
        let mut ctx = Ctx {
            session: 1,
            now: Instant::now(),
            lang: Lang::En,
            settings,
            effects: &mut effects,
        };
        let next = key(&mut ctx, step, KeyEvent::new(code, KeyModifiers::NONE));
        (next, effects)
    }

    fn type_text(step: &mut Step, settings: &Settings, text: &str) {
        for c in text.chars() {
            press(step, settings, KeyCode::Char(c));
        }
    }

    #[test]
    fn sign_in_sends_once_and_forgets_the_password() {
        let settings = Settings::defaults();
        let mut step = Step::sign_in();
        assert!(step.is_pristine());
        type_text(&mut step, &settings, "Eva.Nilsson");
        let (_, fx) = press(&mut step, &settings, KeyCode::Enter);
        assert!(fx.is_empty(), "Enter on the username moves on");
        type_text(&mut step, &settings, "Kaffe-Tavla-Krita-9");
        let (next, fx) = press(&mut step, &settings, KeyCode::Enter);
        assert!(matches!(next, Next::Stay));
        let [
            Effect::Feature {
                request:
                    FeatureRequest::Staff(Request::SignIn {
                        username, password, ..
                    }),
                ..
            },
        ] = fx.as_slice()
        else {
            panic!("one sign-in request: {fx:?}");
        };
        assert_eq!(username.as_str(), "eva.nilsson");
        assert_eq!(password.expose(), "Kaffe-Tavla-Krita-9");
        assert!(step.busy);
        let Phase::SignIn { password, .. } = &step.phase else {
            panic!("still signing in");
        };
        assert!(password.is_empty(), "the typed password is not kept");
        // Keys wait for the reply.
        let (_, fx) = press(&mut step, &settings, KeyCode::Enter);
        assert!(fx.is_empty());
        unavailable(&mut step);
        assert!(!step.busy && step.message == Some(Message::Unavailable));
    }

    #[test]
    fn sign_in_refuses_empty_and_impossible_names_without_asking() {
        let settings = Settings::defaults();
        let mut step = Step::sign_in();
        press(&mut step, &settings, KeyCode::Tab);
        let (_, fx) = press(&mut step, &settings, KeyCode::Enter);
        assert!(fx.is_empty());
        assert_eq!(step.message, Some(Message::EmptySignIn));
        press(&mut step, &settings, KeyCode::Tab);
        type_text(&mut step, &settings, "no spaces");
        press(&mut step, &settings, KeyCode::Tab);
        type_text(&mut step, &settings, "x");
        let (_, fx) = press(&mut step, &settings, KeyCode::Enter);
        assert!(fx.is_empty());
        assert_eq!(step.message, Some(Message::Invalid));
        let (next, _) = press(&mut step, &settings, KeyCode::Esc);
        assert!(matches!(next, Next::Wipe), "Esc drops everything");
    }
}
