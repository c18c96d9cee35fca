//! Staff sign-in: the password, then the code sent by SMS when the service asks for one.

use crossterm::event::{KeyCode, KeyEvent};

use super::{MAX_CODE_CHARS, Message, Phase, Request, SignInField, Step, desk, request};
use crate::config::MAX_PASSWORD_CHARS;
use crate::domain::desk::{CodeOutcome, SignIn};
use crate::domain::username::Username;
use crate::flow::feature::{Ctx, Next};
use crate::flow::field::{Edit, SecretField};

pub(super) fn key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
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

pub(super) fn code_key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
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

/// The password's answer: the desk, the code step, or why not.
pub(super) fn signed_in(step: &mut Step, outcome: SignIn) -> Next {
    if !matches!(step.phase, Phase::SignIn { .. }) {
        return Next::Stay;
    }
    step.busy = false;
    match outcome {
        SignIn::SignedIn(staff) => desk::enter(step, staff),
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
        SignIn::MustChange => step.message = Some(Message::MustChange),
        SignIn::CodeNotSent => step.message = Some(Message::CodeNotSent),
        SignIn::NoSecondFactor => step.message = Some(Message::NoSecondFactor),
    }
    Next::Stay
}

/// The code's answer: the desk, another try, or back to the password.
pub(super) fn code_checked(step: &mut Step, outcome: CodeOutcome) -> Next {
    if !matches!(step.phase, Phase::Code { .. }) {
        return Next::Stay;
    }
    step.busy = false;
    match outcome {
        CodeOutcome::SignedIn(staff) => desk::enter(step, staff),
        CodeOutcome::Wrong { tries_left } => step.message = Some(Message::CodeWrong { tries_left }),
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
    Next::Stay
}
