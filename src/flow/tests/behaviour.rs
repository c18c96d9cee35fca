//! Behaviour across screens: timeouts, languages, errors kept, the New password checks,
//! refused pastes and the unavailable database.

use super::*;
use crate::domain::auth::Leaving;

#[test]
fn every_screen_times_out_to_a_clean_welcome() {
    for start in [
        Start::IdentifyTyped,
        Start::ChooseMethod,
        Start::PasswordTyped,
        Start::NewReady,
    ] {
        let mut m = build(start);
        let session = m.session;
        update(&mut m, key(KeyCode::F(2)));
        let now = m.now;
        let fx = update(&mut m, Msg::Tick(now + Duration::from_secs(59)));
        assert!(!effect_kinds(&fx).contains(&"ClearTerminal"), "{start:?}");
        let fx = update(&mut m, Msg::Tick(now + Duration::from_secs(61)));
        assert_eq!(screen_kind(&m), "Welcome", "{start:?}");
        assert_eq!(effect_kinds(&fx), ["ClearTerminal"]);
        assert_eq!(m.session, session + 1);
        assert_eq!(m.lang, Lang::Sv, "language back to the default");
        // A late result of the old session is dropped.
        let late = Msg::Result {
            session,
            result: EffectResult::Verified(VerifyOutcome::Verified(account())),
        };
        update(&mut m, late);
        assert_eq!(screen_kind(&m), "Welcome");
    }
}

#[test]
fn countdown_shows_in_the_last_ten_seconds() {
    let mut m = build(Start::IdentifyTyped);
    let now = m.now;
    update(&mut m, Msg::Tick(now + Duration::from_secs(49)));
    assert_eq!(m.countdown(), None);
    update(&mut m, Msg::Tick(now + Duration::from_millis(50_500)));
    assert_eq!(m.countdown(), Some(10));
    update(&mut m, Msg::Tick(now + Duration::from_secs(59)));
    assert_eq!(m.countdown(), Some(1));
    // A key press starts the wait again.
    update(&mut m, key(KeyCode::Left));
    assert_eq!(m.countdown(), None);
    // Welcome in the default language has nothing to wipe and no countdown.
    let mut w = build(Start::Welcome);
    update(&mut w, Msg::Tick(Instant::now() + Duration::from_secs(600)));
    assert_eq!(w.countdown(), None);
}

/// Issue 11, point 8: however busy, one person's session ends `kiosk.session_limit_secs`
/// (600 by default) after its first key, with the same wipe as the idle timeout; the
/// countdown shows before it.
#[test]
fn a_busy_session_ends_at_the_absolute_limit() {
    let mut m = build(Start::IdentifyTyped);
    let started = m
        .session_started
        .expect("the first key started the session");
    let session = m.session;
    assert_eq!(m.settings.kiosk.session_limit_secs, 600);
    // A key every 30 s: never idle.
    let mut t = 0;
    while t + 30 < 590 {
        t += 30;
        let fx = update(&mut m, Msg::Tick(started + Duration::from_secs(t)));
        assert!(
            !effect_kinds(&fx).contains(&"ClearTerminal"),
            "wiped at {t} s"
        );
        update(&mut m, key(KeyCode::Left));
    }
    update(&mut m, Msg::Tick(started + Duration::from_millis(590_500)));
    assert_eq!(m.countdown(), Some(10), "the countdown warns of the limit");
    update(&mut m, key(KeyCode::Left));
    assert_eq!(m.countdown(), Some(10), "a key does not put the limit off");
    assert_eq!(screen_kind(&m), "Identify");
    let fx = update(&mut m, Msg::Tick(started + Duration::from_secs(600)));
    assert_eq!(screen_kind(&m), "Welcome");
    assert_eq!(effect_kinds(&fx), ["ClearTerminal"]);
    assert_eq!(m.session, session + 1);
    assert_eq!(m.session_started, None, "the next person starts afresh");
    // Untouched, the fresh Welcome is never wiped again.
    let fx = update(&mut m, Msg::Tick(started + Duration::from_secs(1_300)));
    assert!(fx.is_empty(), "{fx:?}");
}

#[test]
fn done_returns_to_welcome_after_its_own_timeout() {
    let mut m = build(Start::Done);
    let now = m.now;
    update(&mut m, Msg::Tick(now + Duration::from_secs(14)));
    assert_eq!(screen_kind(&m), "Done");
    update(&mut m, Msg::Tick(now + Duration::from_secs(15)));
    assert_eq!(screen_kind(&m), "Welcome");
}

#[test]
fn language_cycles_on_every_screen_and_f10_quits_only_in_demo() {
    let mut m = build(Start::NewEmpty);
    for expected in [Lang::En, Lang::It, Lang::Sv] {
        update(&mut m, key(KeyCode::F(2)));
        assert_eq!(m.lang, expected);
    }
    let mut demo = Model::new(settings(), true, Instant::now());
    assert_eq!(
        effect_kinds(&update(&mut demo, key(KeyCode::F(10)))),
        ["Quit"]
    );
}

#[test]
fn verification_errors_are_kept_for_the_screen() {
    let cases = [
        (VerifyOutcome::Invalid, VerifyError::Invalid),
        (
            VerifyOutcome::Locked { until: Some(5) },
            VerifyError::Locked { until: Some(5) },
        ),
        (
            VerifyOutcome::Locked { until: None },
            VerifyError::Locked { until: None },
        ),
        (VerifyOutcome::TempExpired, VerifyError::TempExpired),
    ];
    for (outcome, expected) in cases {
        let mut m = build(Start::PasswordBusy);
        let r = result(&m, EffectResult::Verified(outcome));
        update(&mut m, r);
        match &m.screen {
            Screen::CurrentPassword { error, field, .. } => {
                assert_eq!(*error, Some(expected));
                assert!(field.is_empty(), "the typed password is not kept");
            }
            _ => panic!("stays on the password screen"),
        }
    }
}

#[test]
fn new_password_rules_strength_and_history() {
    let mut m = build(Start::NewEmpty);
    typed(&mut m, "abc");
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    assert!(!step.can_submit());
    assert_eq!(step.generation, 3);
    // A strength result for an older generation does not count for the rules.
    let r = result(
        &m,
        EffectResult::Strength {
            generation: 2,
            strength: estimate("ab", &[]),
        },
    );
    update(&mut m, r);
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    let strength = step
        .checks()
        .into_iter()
        .find(|c| matches!(c.rule, policy::Rule::MinStrength(_)));
    assert_eq!(strength.map(|c| c.status), Some(RuleStatus::Pending));
    // The history check waits only for a pause in typing: not for the other rules (here
    // the password is still too short), so its rule never hangs on them.
    let now = m.now;
    let fx = update(&mut m, Msg::Tick(now + Duration::from_secs(1)));
    assert_eq!(effect_kinds(&fx), ["CheckHistory"], "asked while too short");
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    assert_eq!(step.history_check(), HistoryCheck::Checking);
    let generation = step.generation;
    let r = result(
        &m,
        EffectResult::History {
            generation,
            reused: false,
        },
    );
    update(&mut m, r);
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    let status = |step: &NewPasswordStep, pick: fn(&policy::Rule) -> bool| {
        step.checks()
            .into_iter()
            .find(|c| pick(&c.rule))
            .map(|c| c.status)
    };
    assert_eq!(
        status(step, |r| matches!(r, policy::Rule::History(_))),
        Some(RuleStatus::Pass)
    );
    assert_eq!(
        status(step, |r| matches!(r, policy::Rule::MinLength(_))),
        Some(RuleStatus::Fail),
        "resolved while another rule still fails"
    );
    typed(&mut m, "defghijkl");
    let t = m.now + Duration::from_millis(100);
    let fx = update(&mut m, Msg::Tick(t));
    assert!(effect_kinds(&fx).is_empty(), "still typing");
    let t = m.now + Duration::from_secs(1);
    let fx = update(&mut m, Msg::Tick(t));
    assert_eq!(effect_kinds(&fx), ["CheckHistory"]);
    let t = m.now + Duration::from_secs(2);
    let fx = update(&mut m, Msg::Tick(t));
    assert!(effect_kinds(&fx).is_empty(), "asked once per generation");
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    let generation = step.generation;
    let r = result(
        &m,
        EffectResult::History {
            generation,
            reused: true,
        },
    );
    update(&mut m, r);
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    let history = step
        .checks()
        .into_iter()
        .find(|c| matches!(c.rule, policy::Rule::History(_)));
    assert_eq!(history.map(|c| c.status), Some(RuleStatus::Fail));
}

#[test]
fn a_history_check_the_database_missed_says_so_and_is_asked_again() {
    let mut m = build(Start::NewEmpty);
    typed(&mut m, "abcdefghijkl");
    let t = m.now + Duration::from_secs(1);
    assert_eq!(
        effect_kinds(&update(&mut m, Msg::Tick(t))),
        ["CheckHistory"]
    );
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    let generation = step.generation;
    let r = result(&m, EffectResult::HistoryUnavailable { generation });
    update(&mut m, r);
    assert!(m.unavailable, "the banner shows");
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    assert_eq!(step.history_check(), HistoryCheck::Later);
    let t = m.now + Duration::from_secs(2);
    let kinds = effect_kinds(&update(&mut m, Msg::Tick(t)));
    assert!(
        !kinds.contains(&"CheckHistory"),
        "not asked while away: {kinds:?}"
    );
    let r = result(&m, EffectResult::Healthy);
    update(&mut m, r);
    let t = m.now + Duration::from_secs(3);
    let kinds = effect_kinds(&update(&mut m, Msg::Tick(t)));
    assert!(kinds.contains(&"CheckHistory"), "asked again: {kinds:?}");
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    assert_eq!(step.history_check(), HistoryCheck::Checking);
}

#[test]
fn pasting_too_much_is_refused_whole() {
    let mut m = build(Start::NewEmpty);
    let fx = update(&mut m, Msg::Paste("x".repeat(129)));
    assert!(fx.is_empty());
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    assert!(step.new.is_empty());
    assert_eq!(step.notice, Some(Notice::TooLong));
    let fx = update(
        &mut m,
        Msg::Paste(format!("{}\u{1b}[31m\n", "y".repeat(120))),
    );
    assert_eq!(effect_kinds(&fx), ["EstimateStrength"]);
    let Screen::NewPassword(step) = &m.screen else {
        panic!()
    };
    assert_eq!(step.new.chars(), 124);
    assert_eq!(step.notice, None);
}

#[test]
fn unavailable_database_is_flagged_and_health_checked_until_back() {
    let mut m = build(Start::IdentifyBusy);
    let r = result(&m, EffectResult::Unavailable);
    update(&mut m, r);
    assert!(m.unavailable);
    let t = m.now + Duration::from_secs(4);
    let fx = update(&mut m, Msg::Tick(t));
    assert_eq!(effect_kinds(&fx), ["CheckHealth"]);
    update(
        &mut m,
        Msg::Result {
            session: 0,
            result: EffectResult::Healthy,
        },
    );
    assert!(!m.unavailable);
}

#[test]
fn usernames_typed_at_machine_speed_many_times_cool_the_kiosk_down() {
    let mut m = Model::new(Arc::new(Settings::defaults()), false, Instant::now());
    let limit = m.settings.kiosk.machine_submissions;
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    for n in 1..=limit {
        // All keys of a name at one instant: a script, not a person.
        drive::typed(&mut m, &format!("gissa.{n}"));
        let fx = drive::key(&mut m, KeyCode::Enter);
        if n < limit {
            assert_eq!(effect_kinds(&fx), ["LookupMethods"], "submission {n}");
            // Back to the username, as a script would, to try the next name.
            let Screen::Identify { busy, field, .. } = &mut m.screen else {
                panic!("{}", screen_kind(&m))
            };
            *busy = false;
            *field = TextField::new(64);
        } else {
            assert_eq!(effect_kinds(&fx), ["MachineInput"]);
        }
    }
    // Cooling down: even typed like a person, nothing goes through until the time is up.
    let now = m.now;
    assert!(m.input_pace.cooling(now).is_some());
    for (i, c) in "anna.ostlund".chars().enumerate() {
        update(
            &mut m,
            Msg::Tick(now + Duration::from_millis(200 * i as u64)),
        );
        drive::key(&mut m, KeyCode::Char(c));
    }
    assert!(drive::key(&mut m, KeyCode::Enter).is_empty());
    update(&mut m, Msg::Tick(now + Duration::from_secs(61)));
    let Screen::Identify { field, .. } = &mut m.screen else {
        panic!()
    };
    *field = TextField::new(64);
    for (i, c) in "anna.ostlund".chars().enumerate() {
        update(
            &mut m,
            Msg::Tick(now + Duration::from_secs(61) + Duration::from_millis(150 * i as u64)),
        );
        drive::key(&mut m, KeyCode::Char(c));
    }
    assert_eq!(
        effect_kinds(&drive::key(&mut m, KeyCode::Enter)),
        ["LookupMethods"]
    );
}

#[test]
fn typing_on_welcome_starts_the_username_with_that_letter() {
    let mut m = build(Start::Welcome);
    m.help_open = true;
    let fx = update(&mut m, key(KeyCode::Char('a')));
    assert!(fx.is_empty());
    assert!(!m.help_open);
    let Screen::Identify { field, error, busy } = &m.screen else {
        panic!("the username screen opens")
    };
    assert_eq!(
        (field.value(), field.cursor(), *error, *busy),
        ("a", 1, None, false)
    );
    typed(&mut m, "nna.ostlund");
    let Screen::Identify { field, .. } = &m.screen else {
        panic!()
    };
    assert_eq!(field.value(), "anna.ostlund");
    for ignored in [ctrl('a'), key(KeyCode::Char(' ')), key(KeyCode::Tab)] {
        let mut m = build(Start::Welcome);
        update(&mut m, ignored);
        assert_eq!(screen_kind(&m), "Welcome");
    }
}

#[test]
fn left_and_right_on_welcome_step_back_and_forth_through_the_languages() {
    let mut m = build(Start::Welcome);
    assert_eq!(m.lang, Lang::Sv);
    for expected in [Lang::It, Lang::En, Lang::Sv, Lang::It] {
        update(&mut m, key(KeyCode::Left));
        assert_eq!(m.lang, expected, "←");
    }
    for expected in [Lang::Sv, Lang::En, Lang::It] {
        update(&mut m, key(KeyCode::Right));
        assert_eq!(m.lang, expected, "→");
    }
    assert_eq!(screen_kind(&m), "Welcome");
}

#[test]
fn an_over_long_current_password_is_refused_with_a_message() {
    let mut m = build(Start::PasswordEmpty);
    typed(&mut m, "Temp");
    let fx = update(&mut m, Msg::Paste("x".repeat(129)));
    assert!(fx.is_empty());
    let Screen::CurrentPassword { field, error, .. } = &m.screen else {
        panic!("stays on the password screen")
    };
    assert_eq!(field.chars(), 4, "the paste is refused whole");
    assert_eq!(*error, Some(VerifyError::TooLong));
    // The next edit clears the message; a paste that fits goes in.
    update(&mut m, Msg::Paste("-Pass".into()));
    let Screen::CurrentPassword { field, error, .. } = &m.screen else {
        panic!()
    };
    assert_eq!((field.chars(), *error), (9, None));
    // Typing past the limit says so too.
    update(
        &mut m,
        Msg::Paste("y".repeat(crate::config::MAX_PASSWORD_CHARS - 9)),
    );
    update(&mut m, key(KeyCode::Char('z')));
    let Screen::CurrentPassword { field, error, .. } = &m.screen else {
        panic!()
    };
    assert_eq!(field.chars(), crate::config::MAX_PASSWORD_CHARS);
    assert_eq!(*error, Some(VerifyError::TooLong));
}

/// New password reached by a temporary password: Esc asks first when leaving costs the
/// last use; the second Esc leaves and gives the use up; any other key stays.
#[test]
fn leaving_a_temporary_password_asks_before_it_costs_the_office() {
    let at_new = |leaving: Leaving| {
        let mut m = build(Start::PasswordBusy);
        let r = result(
            &m,
            EffectResult::Verified(VerifyOutcome::Verified(
                account().leaving_for_tests(leaving),
            )),
        );
        update(&mut m, r);
        assert_eq!(screen_kind(&m), "New");
        m
    };
    let notice = |m: &Model| match &m.screen {
        Screen::NewPassword(step) => step.notice,
        _ => None,
    };
    // The last use: asked, then "stay" with any other key, then asked again and left.
    let mut m = at_new(Leaving::TempUse { last: true });
    let fx = update(&mut m, key(KeyCode::Esc));
    assert!(effect_kinds(&fx).is_empty());
    assert_eq!(notice(&m), Some(Notice::LeaveAsked));
    update(&mut m, key(KeyCode::Char('x')));
    assert_eq!(screen_kind(&m), "New");
    assert_eq!(notice(&m), None);
    update(&mut m, key(KeyCode::Esc));
    let fx = update(&mut m, key(KeyCode::Esc));
    assert_eq!(effect_kinds(&fx), ["GiveUp"]);
    assert_eq!(screen_kind(&m), "Password");
    // A ticket from the office: asked too, and leaving ends it.
    let mut m = at_new(Leaving::Ticket);
    update(&mut m, key(KeyCode::Esc));
    assert_eq!(notice(&m), Some(Notice::LeaveAsked));
    assert_eq!(effect_kinds(&update(&mut m, key(KeyCode::Esc))), ["GiveUp"]);
    // Uses left: no question, but the use is given up.
    let mut m = at_new(Leaving::TempUse { last: false });
    assert_eq!(effect_kinds(&update(&mut m, key(KeyCode::Esc))), ["GiveUp"]);
    assert_eq!(screen_kind(&m), "Password");
    // Free to come back: Esc simply goes back.
    let mut m = at_new(Leaving::Free);
    assert!(effect_kinds(&update(&mut m, key(KeyCode::Esc))).is_empty());
    assert_eq!(screen_kind(&m), "Password");
}

/// A database blip during the save keeps the session and both typed passwords; the save
/// goes again, once, when the health check finds the database back; only idle ends it.
#[test]
fn a_save_cut_off_by_an_outage_is_retried_when_the_database_is_back() {
    let mut m = build(Start::NewBusy);
    let session = m.session;
    let typed = |m: &Model| match &m.screen {
        Screen::NewPassword(step) => (step.new.secret(), step.repeat.secret()),
        _ => panic!("not on New password"),
    };
    let before = typed(&m);
    let r = result(&m, EffectResult::SaveUnavailable);
    assert!(effect_kinds(&update(&mut m, r)).is_empty());
    assert!(m.unavailable, "the banner shows");
    assert_eq!(screen_kind(&m), "NewBusy");
    assert!(matches!(&m.screen, Screen::NewPassword(s) if s.retry));
    assert_eq!(typed(&m), before, "the typed passwords are kept");
    // Keys (Esc included) wait with the save; the health check keeps asking.
    assert!(effect_kinds(&update(&mut m, key(KeyCode::Esc))).is_empty());
    assert_eq!(screen_kind(&m), "NewBusy");
    let t = m.now + Duration::from_secs(4);
    assert_eq!(effect_kinds(&update(&mut m, Msg::Tick(t))), ["CheckHealth"]);
    // Still down: the health check's own Unavailable changes nothing.
    update(
        &mut m,
        Msg::Result {
            session: 0,
            result: EffectResult::Unavailable,
        },
    );
    assert_eq!(screen_kind(&m), "NewBusy");
    // Back: the same change goes again, exactly once.
    let healthy = || Msg::Result {
        session: 0,
        result: EffectResult::Healthy,
    };
    let fx = update(&mut m, healthy());
    assert_eq!(effect_kinds(&fx), ["ChangePassword"]);
    match &fx[0] {
        Effect::ChangePassword {
            session: s,
            password,
            ..
        } => {
            assert_eq!(*s, session);
            assert!(*password == before.0);
        }
        _ => unreachable!(),
    }
    assert!(!m.unavailable);
    assert!(effect_kinds(&update(&mut m, healthy())).is_empty(), "once");
    // Cut again: waits again; then the answer lands on Done.
    let r = result(&m, EffectResult::SaveUnavailable);
    update(&mut m, r);
    assert_eq!(effect_kinds(&update(&mut m, healthy())), ["ChangePassword"]);
    let r = msg(&m, In::Changed);
    update(&mut m, r);
    assert_eq!(screen_kind(&m), "Done");
}

/// Another effect of the session failing (a history check asked just before Enter) while
/// the save is still in flight, then the health check passing, must not send the save
/// again: the first is still running and would be answered twice (and, had it committed,
/// the change notice sent twice).
#[test]
fn another_failure_during_a_save_in_flight_sends_nothing_again() {
    let mut m = build(Start::NewBusy);
    let generation = match &m.screen {
        Screen::NewPassword(step) => step.generation,
        _ => panic!("not on New password"),
    };
    for failed in [
        EffectResult::Unavailable,
        EffectResult::HistoryUnavailable { generation },
    ] {
        let r = result(&m, failed);
        update(&mut m, r);
    }
    assert!(m.unavailable, "the banner shows");
    assert!(matches!(&m.screen, Screen::NewPassword(s) if !s.retry));
    let fx = update(
        &mut m,
        Msg::Result {
            session: 0,
            result: EffectResult::Healthy,
        },
    );
    assert!(effect_kinds(&fx).is_empty(), "{:?}", effect_kinds(&fx));
    let r = msg(&m, In::Changed);
    update(&mut m, r);
    assert_eq!(screen_kind(&m), "Done");
}

#[test]
fn a_save_waiting_for_the_database_ends_only_at_the_idle_timeout() {
    let mut m = build(Start::NewBusy);
    let session = m.session;
    let r = result(&m, EffectResult::SaveUnavailable);
    update(&mut m, r);
    let now = m.now;
    let fx = update(&mut m, Msg::Tick(now + Duration::from_secs(30)));
    assert_eq!(screen_kind(&m), "NewBusy");
    assert_eq!(effect_kinds(&fx), ["CheckHealth"]);
    let fx = update(&mut m, Msg::Tick(now + Duration::from_secs(61)));
    assert_eq!(screen_kind(&m), "Welcome");
    assert_eq!(effect_kinds(&fx), ["ClearTerminal"]);
    assert_eq!(m.session, session + 1);
    // The database back after the wipe: nothing is sent for the old session.
    let fx = update(
        &mut m,
        Msg::Result {
            session: 0,
            result: EffectResult::Healthy,
        },
    );
    assert!(effect_kinds(&fx).is_empty());
}
