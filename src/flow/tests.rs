//! Table tests of `update`: every screen against every kind of message, the illegal
//! combinations included (they must leave the screen as it was and start nothing).

use super::*;
use crossterm::event::{KeyCode, KeyModifiers};

use crate::domain::policy::{self, RuleStatus};
use crate::domain::strength::estimate;

fn settings() -> Arc<Settings> {
    Arc::new(Settings::defaults())
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, key(KeyCode::Char(c)));
    }
}

fn result(model: &Model, result: EffectResult) -> Msg {
    Msg::Result {
        session: model.session,
        result,
    }
}

fn account() -> VerifiedAccount {
    VerifiedAccount::for_tests(1, "anna.ostlund", "Anna Östlund", "students", true, None)
}

/// The states the table starts from, each built by driving `update` as a user would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Welcome,
    IdentifyEmpty,
    IdentifyTyped,
    IdentifyBusy,
    ChooseMethod,
    PasswordEmpty,
    PasswordTyped,
    PasswordBusy,
    NewEmpty,
    NewReady,
    NewMismatch,
    NewBusy,
    Done,
}

fn build(start: Start) -> Model {
    let mut m = Model::new(settings(), false, Instant::now());
    if start == Start::Welcome {
        return m;
    }
    update(&mut m, key(KeyCode::Enter));
    if start == Start::IdentifyEmpty {
        return m;
    }
    typed(&mut m, "anna.ostlund");
    if start == Start::IdentifyTyped {
        return m;
    }
    update(&mut m, key(KeyCode::Enter));
    if start == Start::IdentifyBusy {
        return m;
    }
    let r = result(&m, EffectResult::Methods(Some(vec![Method::Password])));
    update(&mut m, r);
    if start == Start::ChooseMethod {
        return m;
    }
    update(&mut m, key(KeyCode::Enter));
    if start == Start::PasswordEmpty {
        return m;
    }
    typed(&mut m, "Tillfallig-Nyckel-7");
    if start == Start::PasswordTyped {
        return m;
    }
    update(&mut m, key(KeyCode::Enter));
    if start == Start::PasswordBusy {
        return m;
    }
    let r = result(
        &m,
        EffectResult::Verified(VerifyOutcome::Verified(account())),
    );
    update(&mut m, r);
    if start == Start::NewEmpty {
        return m;
    }
    let pw = "Vinter Sol Blåbär 88";
    typed(&mut m, pw);
    let generation = match &m.screen {
        Screen::NewPassword(step) => step.generation,
        _ => unreachable!(),
    };
    let r = result(
        &m,
        EffectResult::Strength {
            generation,
            strength: estimate(pw, &[]),
        },
    );
    update(&mut m, r);
    update(&mut m, key(KeyCode::Tab));
    typed(
        &mut m,
        if start == Start::NewMismatch {
            "Vinter Sol"
        } else {
            pw
        },
    );
    if matches!(start, Start::NewReady | Start::NewMismatch) {
        return m;
    }
    update(&mut m, key(KeyCode::Enter));
    if start == Start::NewBusy {
        return m;
    }
    let r = result(
        &m,
        EffectResult::Changed(ChangeOutcome::Changed {
            score: 4,
            expires_at: None,
            account: VerifiedAccount::for_tests(
                1,
                "anna.ostlund",
                "Anna Östlund",
                "students",
                false,
                None,
            ),
            targets: vec![],
        }),
    );
    update(&mut m, r);
    assert_eq!(start, Start::Done);
    m
}

fn screen_kind(m: &Model) -> &'static str {
    match &m.screen {
        Screen::Welcome => "Welcome",
        Screen::Identify { busy: true, .. } => "IdentifyBusy",
        Screen::Identify { .. } => "Identify",
        Screen::ChooseMethod { .. } => "ChooseMethod",
        Screen::CurrentPassword { busy: true, .. } => "PasswordBusy",
        Screen::CurrentPassword { .. } => "Password",
        Screen::NewPassword(s) if s.busy => "NewBusy",
        Screen::NewPassword(_) => "New",
        Screen::Done(_) => "Done",
        Screen::Questions(_) => "Questions",
        Screen::Sms(_) => "Sms",
        Screen::Profile(_) => "Profile",
        Screen::Mobile(_) => "Mobile",
        Screen::Staff(_) => "Staff",
    }
}

fn effect_kinds(fx: &[Effect]) -> Vec<&'static str> {
    fx.iter()
        .map(|e| match e {
            Effect::LookupMethods { .. } => "LookupMethods",
            Effect::VerifyPassword { .. } => "VerifyPassword",
            Effect::EstimateStrength { .. } => "EstimateStrength",
            Effect::CheckHistory { .. } => "CheckHistory",
            Effect::ChangePassword { .. } => "ChangePassword",
            Effect::GiveUp { .. } => "GiveUp",
            Effect::CheckHealth => "CheckHealth",
            Effect::CompleteReset { .. } => "CompleteReset",
            Effect::Feature { .. } => "Feature",
            Effect::ClearTerminal => "ClearTerminal",
            Effect::MachineInput => "MachineInput",
            Effect::Quit => "Quit",
        })
        .collect()
}

/// A message in the table; results are made for the model's current session.
#[derive(Debug, Clone, Copy)]
enum In {
    Enter,
    Esc,
    Tab,
    Char,
    CtrlC,
    CtrlZ,
    F2,
    F10,
    Methods,
    Verified,
    WrongPassword,
    Changed,
    Conflict,
    Rejected,
    Unavailable,
}

fn msg(m: &Model, i: In) -> Msg {
    match i {
        In::Enter => key(KeyCode::Enter),
        In::Esc => key(KeyCode::Esc),
        In::Tab => key(KeyCode::Tab),
        In::Char => key(KeyCode::Char('x')),
        In::CtrlC => ctrl('c'),
        In::CtrlZ => ctrl('z'),
        In::F2 => key(KeyCode::F(2)),
        In::F10 => key(KeyCode::F(10)),
        In::Methods => result(m, EffectResult::Methods(Some(vec![Method::Password]))),
        In::Verified => result(
            m,
            EffectResult::Verified(VerifyOutcome::Verified(account())),
        ),
        In::WrongPassword => result(m, EffectResult::Verified(VerifyOutcome::Invalid)),
        In::Changed => result(
            m,
            EffectResult::Changed(ChangeOutcome::Changed {
                score: 4,
                expires_at: None,
                account: VerifiedAccount::for_tests(
                    1,
                    "anna.ostlund",
                    "Anna Östlund",
                    "students",
                    false,
                    None,
                ),
                targets: vec![],
            }),
        ),
        In::Conflict => result(m, EffectResult::Changed(ChangeOutcome::Conflict)),
        In::Rejected => result(m, EffectResult::Changed(ChangeOutcome::Rejected(vec![]))),
        In::Unavailable => result(m, EffectResult::Unavailable),
    }
}

#[test]
fn transition_table() {
    use In::*;
    use Start as S;
    #[rustfmt::skip]
    let table: &[(Start, In, &str, &[&str])] = &[
        // Welcome
        (S::Welcome, Enter, "Identify", &[]),
        (S::Welcome, Esc, "Welcome", &[]),
        (S::Welcome, Tab, "Welcome", &[]),
        (S::Welcome, Char, "Identify", &[]),
        (S::Welcome, CtrlC, "Welcome", &[]),
        (S::Welcome, F10, "Welcome", &[]),
        (S::Welcome, Methods, "Welcome", &[]),
        (S::Welcome, Verified, "Welcome", &[]),
        (S::Welcome, Changed, "Welcome", &[]),
        // Identify
        (S::IdentifyEmpty, Enter, "Identify", &[]),
        (S::IdentifyEmpty, Esc, "Welcome", &[]),
        (S::IdentifyEmpty, Methods, "Identify", &[]),
        (S::IdentifyTyped, Enter, "IdentifyBusy", &["LookupMethods"]),
        (S::IdentifyTyped, CtrlC, "Identify", &[]),
        (S::IdentifyTyped, Verified, "Identify", &[]),
        (S::IdentifyBusy, Methods, "ChooseMethod", &[]),
        (S::IdentifyBusy, Enter, "IdentifyBusy", &[]),
        (S::IdentifyBusy, Char, "IdentifyBusy", &[]),
        (S::IdentifyBusy, Unavailable, "Identify", &[]),
        (S::IdentifyBusy, Verified, "IdentifyBusy", &[]),
        // Choose method
        (S::ChooseMethod, Enter, "Password", &[]),
        (S::ChooseMethod, Esc, "Identify", &[]),
        (S::ChooseMethod, Tab, "ChooseMethod", &[]),
        (S::ChooseMethod, Char, "ChooseMethod", &[]),
        (S::ChooseMethod, Verified, "ChooseMethod", &[]),
        (S::ChooseMethod, Changed, "ChooseMethod", &[]),
        // Current password
        (S::PasswordEmpty, Enter, "Password", &[]),
        (S::PasswordEmpty, Esc, "ChooseMethod", &[]),
        (S::PasswordEmpty, Verified, "Password", &[]),
        (S::PasswordTyped, Enter, "PasswordBusy", &["VerifyPassword"]),
        (S::PasswordTyped, CtrlZ, "Password", &[]),
        (S::PasswordTyped, Verified, "Password", &[]),
        (S::PasswordBusy, Verified, "New", &[]),
        (S::PasswordBusy, WrongPassword, "Password", &[]),
        (S::PasswordBusy, Unavailable, "Password", &[]),
        (S::PasswordBusy, Enter, "PasswordBusy", &[]),
        (S::PasswordBusy, Esc, "PasswordBusy", &[]),
        (S::PasswordBusy, Changed, "PasswordBusy", &[]),
        // New password
        (S::NewEmpty, Char, "New", &["EstimateStrength"]),
        (S::NewEmpty, Enter, "New", &[]),
        (S::NewEmpty, Tab, "New", &[]),
        (S::NewEmpty, Esc, "Password", &[]),
        (S::NewEmpty, Changed, "New", &[]),
        (S::NewEmpty, Verified, "New", &[]),
        (S::NewReady, Enter, "NewBusy", &["ChangePassword"]),
        (S::NewReady, CtrlC, "New", &[]),
        (S::NewMismatch, Enter, "New", &[]),
        (S::NewBusy, Changed, "Done", &[]),
        (S::NewBusy, Conflict, "Done", &[]),
        (S::NewBusy, Rejected, "New", &[]),
        (S::NewBusy, Unavailable, "NewBusy", &[]),
        (S::NewBusy, Enter, "NewBusy", &[]),
        (S::NewBusy, Esc, "NewBusy", &[]),
        (S::NewBusy, Char, "NewBusy", &[]),
        // Done
        (S::Done, Enter, "Welcome", &["ClearTerminal"]),
        (S::Done, Esc, "Done", &[]),
        (S::Done, Char, "Done", &[]),
        (S::Done, Changed, "Done", &[]),
        (S::Done, F2, "Done", &[]),
    ];
    for (start, input, to, effects) in table {
        let mut m = build(*start);
        let message = msg(&m, *input);
        let fx = update(&mut m, message);
        assert_eq!(screen_kind(&m), *to, "{start:?} + {input:?}");
        assert_eq!(effect_kinds(&fx), *effects, "{start:?} + {input:?}");
    }
}

mod behaviour;
