//! The store and service suite, run against SQLite and PostgreSQL.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, ROSTER, T0, TestDb, env, env_with, signed_in, user};
use kiosk::clock::Clock;
use kiosk::domain::account::AccountStatus;
use kiosk::domain::audit::{AuditAction, AuditOutcome, Logged};
use kiosk::domain::policy::{Rule, RuleStatus};
use kiosk::domain::secret::Secret;
use kiosk::service::{ChangeOutcome, ImportError, Leaving, VerifyOutcome};
use kiosk::store::{AuditEntry, PasswordChange, StoreError};
use sqlx::Executor;

async fn import(env: &Env) {
    let report = env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
    assert_eq!((report.created, report.updated), (2, 0));
}

fn failed(outcome: &ChangeOutcome) -> Vec<Rule> {
    match outcome {
        ChangeOutcome::Rejected(checks) => checks
            .iter()
            .filter(|c| c.status != RuleStatus::Pass)
            .map(|c| c.rule)
            .collect(),
        other => panic!("expected a rejection, got {other:?}"),
    }
}

async fn count(env: &Env, sql: &'static str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(env.services.store.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn migrations_are_idempotent(db: TestDb) {
    let env = env(db).await;
    env.services.store.migrate().await.unwrap();
    env.services.store.migrate().await.unwrap();
    assert!(env.services.store.ping().await);
}

async fn import_creates_then_updates(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let again = ROSTER.replace("Anna Östlund", "Anna Östlund-Berg");
    let version = |name: &'static str| {
        let s = env.services.store.clone();
        async move { s.account_by_username(name).await.unwrap().unwrap().version }
    };
    let (anna_before, other_before) = (version("anna.ostlund").await, version("eva.nilsson").await);
    let report = env.services.import_csv(again.as_bytes()).await.unwrap();
    // Only the changed row is written: the unchanged one keeps its version (a change in
    // progress at a kiosk stays valid through a re-import or a directory sync).
    assert_eq!((report.created, report.updated), (0, 1));
    assert_eq!(version("anna.ostlund").await, anna_before + 1);
    assert_eq!(version("eva.nilsson").await, other_before);
    let anna = env
        .services
        .store
        .account_by_username("anna.ostlund")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(anna.display_name, "Anna Östlund-Berg");
    assert_eq!(anna.mobile.as_deref(), Some("+46701234567"));
    assert_eq!(anna.category, "students");
}

async fn import_with_one_bad_row_imports_nothing(db: TestDb) {
    let env = env(db).await;
    let header = "username,display_name,category,email,mobile\n";
    let good = "ok.user,Ok User,students,,\n";
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            format!("{header}{good}bad.cat,Bad Cat,pirates,,\n").into_bytes(),
            "line 3: unknown category",
        ),
        (
            format!("{header}{good}bad.mob,Bad Mob,students,,+46 70 123 45 678\n").into_bytes(),
            "line 3: mobile \"+46 70 123 45 678\": That number has too many digits",
        ),
        (
            format!("{header}{good}ok.user,Again,students,,\n").into_bytes(),
            "line 3: duplicate username",
        ),
        (
            format!("{header}{good}short.row,Short,students\n").into_bytes(),
            "line 3",
        ),
        (
            [
                header.as_bytes(),
                good.as_bytes(),
                b"bad.utf,Bad \xff\xfe,students,,\n",
            ]
            .concat(),
            "line 3: column display_name is not valid UTF-8",
        ),
        (
            format!("{header}{good}bad name,X,students,,\n").into_bytes(),
            "line 3: username",
        ),
        (
            b"username,display_name,category,email\nx,X,students,\n".to_vec(),
            "header",
        ),
    ];
    for (csv, expected) in cases {
        let err = env.services.import_csv(csv.as_slice()).await.unwrap_err();
        assert!(matches!(err, ImportError::Rows(_) | ImportError::Header(_)));
        assert!(
            err.to_string().contains(expected),
            "{err} should contain {expected}"
        );
        assert!(
            env.services
                .store
                .account_by_username("ok.user")
                .await
                .unwrap()
                .is_none()
        );
    }
    assert_eq!(count(&env, "SELECT COUNT(*) FROM accounts").await, 0);
}

async fn verify_right_wrong_and_unknown(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let v = signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    assert_eq!(v.username(), "anna.ostlund");
    assert!(!v.must_change());
    let wrong = env
        .services
        .verify_password(&user("anna.ostlund"), &Secret::password("nope"))
        .await
        .unwrap();
    let unknown = env
        .services
        .verify_password(&user("nobody"), &Secret::password("nope"))
        .await
        .unwrap();
    assert_eq!(wrong, VerifyOutcome::Invalid);
    assert_eq!(unknown, VerifyOutcome::Invalid);
    // An unknown user is offered methods as a real one is: the password, and others as
    // often as real accounts have them (tests/sms_codes.rs counts the shares).
    let real = env
        .services
        .methods_for(&user("anna.ostlund"))
        .await
        .unwrap()
        .unwrap();
    let fake = env
        .services
        .methods_for(&user("nobody"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fake.first(), real.first());
    assert!(fake.iter().all(|m| real.contains(m)), "{fake:?} {real:?}");
}

async fn nfkc_composed_and_decomposed_are_one_password(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    signed_in(&env, "anna.ostlund", "Caf\u{e9} trappa moln 7").await;
    let out = env
        .services
        .verify_password(
            &user("anna.ostlund"),
            &Secret::password("Cafe\u{301} trappa moln 7"),
        )
        .await
        .unwrap();
    assert!(matches!(out, VerifyOutcome::Verified(_)), "{out:?}");
}

async fn change_password_success_and_expiry(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let v = signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    env.clock.advance(3600);
    let out = env
        .services
        .change_password(&v, &Secret::password("Vinter Sol Blåbär 88"))
        .await
        .unwrap();
    let ChangeOutcome::Changed {
        score, expires_at, ..
    } = out
    else {
        panic!("{out:?}")
    };
    assert!(score >= 3);
    assert_eq!(expires_at, Some(T0 + 3600 + 365 * 86_400));
    let ok = env
        .services
        .verify_password(
            &user("anna.ostlund"),
            &Secret::password("Vinter Sol Blåbär 88"),
        )
        .await
        .unwrap();
    assert!(matches!(ok, VerifyOutcome::Verified(_)));
    let audit = env
        .services
        .store
        .audit_log(Some("anna.ostlund"), None, 100)
        .await
        .unwrap();
    let row = audit
        .iter()
        .find(|r| r.action.as_str() == "change_password")
        .unwrap();
    assert_eq!(row.outcome.as_str(), "ok");
    assert_eq!(row.kiosk_id, "kiosk-1");
    assert!(!row.detail.contains("Vinter"));
}

async fn policy_rules_apply_on_submit(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let v = signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    let s = &env.services;
    assert!(
        failed(
            &s.change_password(&v, &Secret::password("short"))
                .await
                .unwrap()
        )
        .contains(&Rule::MinLength(10))
    );
    assert!(
        failed(
            &s.change_password(&v, &Secret::password("password123"))
                .await
                .unwrap()
        )
        .contains(&Rule::NotCommon)
    );
    assert!(
        failed(
            &s.change_password(&v, &Secret::password("ostlund-moln-trappa-7"))
                .await
                .unwrap()
        )
        .contains(&Rule::NoPersonal)
    );
    assert!(
        failed(
            &s.change_password(&v, &Secret::password("aaaaaaaaaaaa"))
                .await
                .unwrap()
        )
        .contains(&Rule::MinStrength(3))
    );
    // 129 characters: refused, never truncated.
    let long = "Kx9!".repeat(32) + "Z";
    assert_eq!(long.chars().count(), 129);
    assert!(
        failed(
            &s.change_password(&v, &Secret::password(&long))
                .await
                .unwrap()
        )
        .contains(&Rule::MaxLength(128))
    );
    // 128 characters is fine.
    let ok = "Gq7#mV2p".repeat(16);
    assert!(matches!(
        s.change_password(&v, &Secret::password(&ok)).await.unwrap(),
        ChangeOutcome::Changed { .. }
    ));
    // Staff need upper, lower and digit.
    let staff = signed_in(&env, "eva.nilsson", "Kaffe-Tavla-Krita-9").await;
    let rules = failed(
        &s.change_password(&staff, &Secret::password("vinter sol blåbär"))
            .await
            .unwrap(),
    );
    assert!(
        rules.contains(&Rule::Uppercase) && rules.contains(&Rule::Digit),
        "{rules:?}"
    );
    let audit = s
        .store
        .audit_log(Some("eva.nilsson"), None, 100)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|r| r.action.as_str() == "change_password" && r.outcome.as_str() == "rejected")
    );
}

async fn history_depth_n_rejected_n_plus_one_accepted(db: TestDb) {
    // Depth 3: the current password and the two before it are refused.
    let env = env_with(db, |s| {
        s.categories.get_mut("students").unwrap().history_depth = 3;
        s.hashing.memory_kib = 4096;
    })
    .await;
    import(&env).await;
    let pw = |i: usize| Secret::password(&format!("Bergsbana {i} Vinterek"));
    // Each change voids the capability it was made with (issue 11, point 7): the next
    // change goes on with the account the change hands back.
    let mut v = signed_in(&env, "anna.ostlund", "Bergsbana 0 Vinterek").await;
    for i in 1..=2 {
        let out = env.services.change_password(&v, &pw(i)).await.unwrap();
        let ChangeOutcome::Changed { account, .. } = out else {
            panic!("{out:?}");
        };
        v = account;
    }
    // Passwords so far: 0, 1, 2 (current). 0 is the 3rd newest: refused.
    assert!(env.services.is_reused(&v, &pw(0)).await.unwrap());
    assert!(
        failed(&env.services.change_password(&v, &pw(0)).await.unwrap())
            .contains(&Rule::History(3))
    );
    assert!(
        failed(&env.services.change_password(&v, &pw(2)).await.unwrap())
            .contains(&Rule::History(3))
    );
    let out = env.services.change_password(&v, &pw(3)).await.unwrap();
    let ChangeOutcome::Changed { account, .. } = out else {
        panic!("{out:?}");
    };
    let v = account;
    // Now 0 is the 4th newest: accepted.
    assert!(!env.services.is_reused(&v, &pw(0)).await.unwrap());
    let out = env.services.change_password(&v, &pw(0)).await.unwrap();
    assert!(matches!(out, ChangeOutcome::Changed { .. }), "{out:?}");
    // History is pruned to the depth.
    assert_eq!(
        count(&env, "SELECT COUNT(*) FROM password_history").await,
        3
    );
}

async fn two_concurrent_changes_exactly_one_wins(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let v = signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    // Store level: both writers read the same version; exactly one may write.
    let account = env
        .services
        .store
        .account_by_id(v.id())
        .await
        .unwrap()
        .unwrap();
    let change = |hash: &str| PasswordChange {
        account_id: v.id(),
        expected_version: account.version,
        new_hash: hash.to_string(),
        now: T0,
        expires_at: None,
        history_keep: 5,
        audit: AuditEntry {
            at: T0,
            kiosk_id: "k".into(),
            actor: "anna.ostlund".into(),
            subject: Some("anna.ostlund".into()),
            action: AuditAction::ChangePassword,
            outcome: AuditOutcome::Ok,
            detail: String::new(),
        },
    };
    let hash = |pw: &str| env.services.hasher().hash(&Secret::password(pw)).unwrap();
    let (a, b) = (
        change(&hash("Första Lösen 1")),
        change(&hash("Andra Lösen 2")),
    );
    let (ra, rb) = tokio::join!(
        env.services.store.change_password(&a),
        env.services.store.change_password(&b)
    );
    let wins = [ra.unwrap(), rb.unwrap()];
    assert_eq!(wins.iter().filter(|w| **w).count(), 1, "{wins:?}");
    assert_eq!(
        count(&env, "SELECT COUNT(*) FROM password_history").await,
        2
    );

    // Service level: two kiosks submit at once; one changes, the other is told to retry.
    let v = signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    let s1 = env.services.clone();
    let s2 = env.services.clone();
    let (v1, v2) = (v.clone(), v.clone());
    let t1 = tokio::spawn(async move {
        s1.change_password(&v1, &Secret::password("Vinter Sol Blåbär 88"))
            .await
    });
    let t2 = tokio::spawn(async move {
        s2.change_password(&v2, &Secret::password("Höst Regn Lingon 77"))
            .await
    });
    let outs = [t1.await.unwrap().unwrap(), t2.await.unwrap().unwrap()];
    let changed = outs
        .iter()
        .filter(|o| matches!(o, ChangeOutcome::Changed { .. }))
        .count();
    let conflicts = outs
        .iter()
        .filter(|o| matches!(o, ChangeOutcome::Conflict))
        .count();
    assert_eq!((changed, conflicts), (1, 1), "{outs:?}");
}

async fn a_failure_after_the_hash_write_changes_nothing(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let v = signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    let before = env
        .services
        .store
        .account_by_id(v.id())
        .await
        .unwrap()
        .unwrap();
    let history = count(&env, "SELECT COUNT(*) FROM password_history").await;
    let audits = count(
        &env,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'change_password'",
    )
    .await;
    // The audit insert, the last write of the transaction, fails.
    let pool = env.services.store.pool();
    match env.services.store.backend() {
        kiosk::store::Backend::Sqlite => {
            pool.execute(
                "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log \
                 WHEN NEW.action = 'change_password' BEGIN SELECT RAISE(ABORT, 'injected'); END",
            )
            .await
            .unwrap();
        }
        kiosk::store::Backend::Postgres => {
            pool.execute(
                "CREATE FUNCTION fail_audit() RETURNS trigger AS $$ BEGIN \
                 IF NEW.action = 'change_password' THEN RAISE EXCEPTION 'injected'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
            )
            .await
            .unwrap();
            pool.execute(
                "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log \
                 FOR EACH ROW EXECUTE FUNCTION fail_audit()",
            )
            .await
            .unwrap();
        }
    }
    let err = env
        .services
        .change_password(&v, &Secret::password("Vinter Sol Blåbär 88"))
        .await;
    assert!(err.is_err(), "{err:?}");
    let after = env
        .services
        .store
        .account_by_id(v.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.password_hash, before.password_hash);
    assert_eq!(after.version, before.version);
    assert_eq!(after.password_changed_at, before.password_changed_at);
    assert_eq!(
        count(&env, "SELECT COUNT(*) FROM password_history").await,
        history
    );
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'change_password'"
        )
        .await,
        audits
    );
    let old = env
        .services
        .verify_password(
            &user("anna.ostlund"),
            &Secret::password("Gurka7 trappa moln"),
        )
        .await
        .unwrap();
    assert!(matches!(old, VerifyOutcome::Verified(_)));
}

async fn lockout_then_unlock(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    let s = &env.services;
    let u = user("anna.ostlund");
    let wrong = Secret::password("wrong");
    for _ in 0..4 {
        assert_eq!(
            s.verify_password(&u, &wrong).await.unwrap(),
            VerifyOutcome::Invalid
        );
    }
    let lock_until = T0 + 15 * 60;
    let locked = VerifyOutcome::Locked {
        until: Some(lock_until),
    };
    // The failure that locks says so, and from then on no password is judged: the right
    // one gets word for word what a wrong one gets.
    assert_eq!(s.verify_password(&u, &wrong).await.unwrap(), locked);
    assert_eq!(s.verify_password(&u, &wrong).await.unwrap(), locked);
    let right = Secret::password("Gurka7 trappa moln");
    assert_eq!(s.verify_password(&u, &right).await.unwrap(), locked);
    // Staff unlock.
    s.unlock("anna.ostlund", "admin:test").await.unwrap();
    assert!(matches!(
        s.verify_password(&u, &right).await.unwrap(),
        VerifyOutcome::Verified(_)
    ));
    // The unlock forgot the lock: the next one is the first again. A timed lock runs out
    // by itself and the count starts again.
    for _ in 0..5 {
        s.verify_password(&u, &wrong).await.unwrap();
    }
    assert_eq!(s.verify_password(&u, &right).await.unwrap(), locked);
    env.clock.advance(15 * 60);
    assert_eq!(
        s.verify_password(&u, &wrong).await.unwrap(),
        VerifyOutcome::Invalid
    );
    assert!(matches!(
        s.verify_password(&u, &right).await.unwrap(),
        VerifyOutcome::Verified(_)
    ));
    let audit = s
        .store
        .audit_log(Some("anna.ostlund"), None, 100)
        .await
        .unwrap();
    assert!(audit.iter().any(|r| r.action.as_str() == "lock"));
    assert!(audit.iter().any(|r| r.action.as_str() == "unlock"
        && r.actor == "admin:test"
        && r.detail == "lifted=failures"));
}

/// A right password starts the count of wrong ones again (the lock's window remembers
/// its locks, not its failures), in one transaction with its audit row; a sign-in with
/// nothing to forget writes the audit row alone (a sign-in's statements are most of a
/// flow's database time behind PgBouncer).
async fn a_right_password_starts_the_count_again(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    assert_eq!(count(&env, "SELECT COUNT(*) FROM signin_throttle").await, 0);
    let s = &env.services;
    let u = user("anna.ostlund");
    let wrong = Secret::password("wrong");
    let right = Secret::password("Gurka7 trappa moln");
    // Twelve wrong passwords, never five in a row: never locked.
    for _ in 0..3 {
        for _ in 0..4 {
            assert_eq!(
                s.verify_password(&u, &wrong).await.unwrap(),
                VerifyOutcome::Invalid
            );
        }
        assert!(matches!(
            s.verify_password(&u, &right).await.unwrap(),
            VerifyOutcome::Verified(_)
        ));
    }
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM signin_throttle WHERE failures <> 0 OR lock_count <> 0"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM accounts WHERE failed_logins <> 0"
        )
        .await,
        0
    );
    // Every attempt has its row: the first sign-in, then 3 x (4 wrong + 1 right).
    assert_eq!(
        count(
            &env,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'verify_password'"
        )
        .await,
        16
    );
    let report = s.verify_audit().await.unwrap();
    assert_eq!(report.broken, None, "{report:?}");
}

/// Locks rise (15, 30, 60 minutes) and the fourth within a day holds until staff unlock;
/// an unknown name goes through exactly the same answers, and is never written down.
async fn locks_rise_for_real_and_unknown_names_alike(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    let s = &env.services;
    let wrong = Secret::password("wrong");
    let mut answers = Vec::new();
    for name in ["anna.ostlund", "no.such.person"] {
        let u = user(name);
        let mut seen = Vec::new();
        let start = env.clock.now();
        for _ in 0..4 {
            for _ in 0..5 {
                seen.push(s.verify_password(&u, &wrong).await.unwrap());
            }
            let VerifyOutcome::Locked { until } = seen.last().cloned().unwrap() else {
                panic!("{seen:?}")
            };
            if let Some(until) = until {
                env.clock.set(until);
            }
        }
        let rel: Vec<String> = seen
            .iter()
            .map(|o| match o {
                VerifyOutcome::Locked { until: Some(t) } => format!("until+{}", t - start),
                other => format!("{other:?}"),
            })
            .collect();
        answers.push((rel, env.clock.now() - start));
        // Past the window's end the lock still holds: only staff lift it.
        env.clock.advance(7 * 86_400);
        assert_eq!(
            s.verify_password(&u, &wrong).await.unwrap(),
            VerifyOutcome::Locked { until: None }
        );
        env.clock.set(start);
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].1, (15 + 30 + 60) * 60);
    // The right password of a staff-locked account is not judged either.
    s.unlock("anna.ostlund", "admin:test").await.unwrap();
    let right = Secret::password("Gurka7 trappa moln");
    assert!(matches!(
        s.verify_password(&user("anna.ostlund"), &right)
            .await
            .unwrap(),
        VerifyOutcome::Verified(_)
    ));
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE actor LIKE '%no.such%' OR subject LIKE '%no.such%' OR detail LIKE '%no.such%'")
        .fetch_one(s.store.pool())
        .await
        .unwrap();
    assert_eq!(rows, 0, "an unknown typed name was stored");
    let (tagged,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE actor LIKE 'unknown:%'")
            .fetch_one(s.store.pool())
            .await
            .unwrap();
    assert!(tagged >= 20);
}

/// One kiosk slows down after wrong passwords whatever the names; nothing is judged while
/// it waits, and a right password resets it.
async fn the_kiosk_slows_down_across_names(db: TestDb) {
    let env = env_with(db, |s| s.lockout.kiosk_free_failures = 3).await;
    import(&env).await;
    signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    let s = &env.services;
    let wrong = Secret::password("wrong");
    for name in ["anna.ostlund", "bo.berg", "nobody.here", "x.y"] {
        assert_eq!(
            s.verify_password(&user(name), &wrong).await.unwrap(),
            VerifyOutcome::Invalid
        );
    }
    let right = Secret::password("Gurka7 trappa moln");
    let anna = user("anna.ostlund");
    // Even the right password waits.
    assert_eq!(
        s.verify_password(&anna, &right).await.unwrap(),
        VerifyOutcome::Wait { secs: 2 }
    );
    env.clock.advance(2);
    assert_eq!(
        s.verify_password(&user("z.z"), &wrong).await.unwrap(),
        VerifyOutcome::Invalid
    );
    assert_eq!(
        s.verify_password(&anna, &right).await.unwrap(),
        VerifyOutcome::Wait { secs: 4 }
    );
    env.clock.advance(4);
    assert!(matches!(
        s.verify_password(&anna, &right).await.unwrap(),
        VerifyOutcome::Verified(_)
    ));
    // Reset: three free mistakes again.
    for _ in 0..3 {
        assert_eq!(
            s.verify_password(&anna, &wrong).await.unwrap(),
            VerifyOutcome::Invalid
        );
    }
    let slowdowns = s
        .store
        .audit_log(None, None, 200)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.action.as_str() == "kiosk_slowdown")
        .count();
    assert_eq!(slowdowns, 2);
}

async fn a_staff_locked_account_answers_like_a_wrong_password(db: TestDb) {
    let env = env(db).await;
    env.services.seed_demo().await.unwrap();
    let s = &env.services;
    let u = user("david.lind");
    assert_eq!(
        s.verify_password(&u, &Secret::password("Gurka-Trappa-55"))
            .await
            .unwrap(),
        VerifyOutcome::Invalid
    );
    assert_eq!(
        s.verify_password(&u, &Secret::password("not-it"))
            .await
            .unwrap(),
        VerifyOutcome::Invalid
    );
}

async fn lock_until_staff_when_minutes_is_zero(db: TestDb) {
    let env = env_with(db, |s| s.lockout.lock_minutes = 0).await;
    import(&env).await;
    signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    let u = user("anna.ostlund");
    for _ in 0..5 {
        env.services
            .verify_password(&u, &Secret::password("x"))
            .await
            .unwrap();
    }
    env.clock.advance(365 * 86_400);
    let right = Secret::password("Gurka7 trappa moln");
    assert_eq!(
        env.services.verify_password(&u, &right).await.unwrap(),
        VerifyOutcome::Locked { until: None }
    );
}

async fn temporary_password_uses_and_expiry(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let s = &env.services;
    let u = user("anna.ostlund");
    let temp = s
        .issue_temp_password("anna.ostlund", Some(2), Some(3), "admin:test")
        .await
        .unwrap();
    assert!(temp.chars() >= 10);
    // A sign-in spends nothing (a timeout or a blip must not send anyone to the office);
    // giving up does, and the last use is announced.
    for left in [2, 1] {
        for _ in 0..3 {
            let VerifyOutcome::Verified(v) = s.verify_password(&u, &temp).await.unwrap() else {
                panic!()
            };
            assert!(v.must_change());
            assert_eq!(v.leaving(), Leaving::TempUse { last: left == 1 });
        }
        let VerifyOutcome::Verified(v) = s.verify_password(&u, &temp).await.unwrap() else {
            panic!()
        };
        s.give_up(&v).await.unwrap();
    }
    assert_eq!(
        s.verify_password(&u, &temp).await.unwrap(),
        VerifyOutcome::TempExpired
    );
    let gave_up: Vec<_> = s
        .store
        .audit_log(Some("anna.ostlund"), None, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.action.as_str() == "give_up")
        .collect();
    assert_eq!(gave_up.len(), 2, "{gave_up:?}");
    assert!(gave_up[0].detail.contains("spent=true"), "{gave_up:?}");
    // Expiry by days.
    let temp = s
        .issue_temp_password("anna.ostlund", Some(5), Some(3), "admin:test")
        .await
        .unwrap();
    env.clock.advance(3 * 86_400 - 1);
    assert!(matches!(
        s.verify_password(&u, &temp).await.unwrap(),
        VerifyOutcome::Verified(_)
    ));
    env.clock.advance(1);
    assert_eq!(
        s.verify_password(&u, &temp).await.unwrap(),
        VerifyOutcome::TempExpired
    );
    // The temporary password cannot become the new password; a new one clears the temp state.
    let temp = s
        .issue_temp_password("anna.ostlund", None, None, "admin:test")
        .await
        .unwrap();
    let VerifyOutcome::Verified(v) = s.verify_password(&u, &temp).await.unwrap() else {
        panic!()
    };
    assert!(failed(&s.change_password(&v, &temp).await.unwrap()).contains(&Rule::History(5)));
    assert!(matches!(
        s.change_password(&v, &Secret::password("Vinter Sol Blåbär 88"))
            .await
            .unwrap(),
        ChangeOutcome::Changed { .. }
    ));
    let a = s
        .store
        .account_by_username("anna.ostlund")
        .await
        .unwrap()
        .unwrap();
    assert!(!a.must_change && !a.has_temp_password());
    let audit = s
        .store
        .audit_log(Some("anna.ostlund"), None, 100)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .filter(|r| r.action.as_str() == "temp_password")
            .all(|r| !r.detail.contains(temp.expose()))
    );
}

async fn weaker_hashes_are_rehashed_on_verify(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let weak = kiosk::crypto::PasswordHasher::new(&kiosk::config::HashingSettings {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    })
    .unwrap();
    let a = env
        .services
        .store
        .account_by_username("anna.ostlund")
        .await
        .unwrap()
        .unwrap();
    let hash = weak.hash(&Secret::password("Gurka7 trappa moln")).unwrap();
    env.services
        .store
        .seed_password(a.id, &hash, T0, None)
        .await
        .unwrap();
    let out = env
        .services
        .verify_password(
            &user("anna.ostlund"),
            &Secret::password("Gurka7 trappa moln"),
        )
        .await
        .unwrap();
    assert!(matches!(out, VerifyOutcome::Verified(_)));
    let a = env
        .services
        .store
        .account_by_username("anna.ostlund")
        .await
        .unwrap()
        .unwrap();
    assert!(
        a.password_hash
            .unwrap()
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
}

async fn demo_seed_is_repeatable(db: TestDb) {
    let env = env(db).await;
    env.services.seed_demo().await.unwrap();
    env.services.seed_demo().await.unwrap();
    for demo in kiosk::service::DEMO_ACCOUNTS {
        let out = env
            .services
            .verify_password(&user(demo.username), &Secret::password(demo.password))
            .await
            .unwrap();
        match demo.state {
            // Locked by staff: the password is not judged, the answer is a wrong one's.
            kiosk::service::DemoState::Locked => assert_eq!(out, VerifyOutcome::Invalid),
            kiosk::service::DemoState::Temporary => {
                assert!(
                    matches!(out, VerifyOutcome::Verified(ref v) if v.must_change()),
                    "{out:?}"
                )
            }
            kiosk::service::DemoState::ExpiresSoon => {
                assert!(
                    matches!(out, VerifyOutcome::Verified(ref v) if v.expires_at() == Some(T0 + 3 * 86_400))
                )
            }
            kiosk::service::DemoState::Normal => assert!(matches!(out, VerifyOutcome::Verified(_))),
        }
    }
}

/// Names in the database that this kiosk does not know: a status that is not `active`
/// shuts the account out, as it always did; a lock reason is refused with an error naming
/// the column (no guess can be safe); an audit word from a newer kiosk is read back and
/// printed verbatim. The names this kiosk writes come back byte for byte, in the JSON of
/// `kiosk admin audit --json` too.
async fn names_the_kiosk_does_not_know(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    let s = &env.services;
    let pool = s.store.pool();

    s.show("anna.ostlund", "admin:test").await.unwrap();
    pool.execute(
        "INSERT INTO audit_log (at, kiosk_id, actor, subject, action, outcome, detail) \
         VALUES (7, 'kiosk-9', 'system', 'anna.ostlund', 'directory_sync', 'synced', '')",
    )
    .await
    .unwrap();
    let rows = s
        .store
        .audit_log(Some("anna.ostlund"), None, 100)
        .await
        .unwrap();
    let shown = rows.iter().find(|r| r.action == AuditAction::Show).unwrap();
    assert_eq!(shown.outcome, AuditOutcome::Ok);
    assert_eq!(
        serde_json::to_string(shown).unwrap(),
        format!(
            "{{\"id\":{},\"at\":{T0},\"kiosk_id\":\"kiosk-1\",\"actor\":\"admin:test\",\
             \"subject\":\"anna.ostlund\",\"action\":\"show\",\"outcome\":\"ok\",\"detail\":\"\"}}",
            shown.id
        )
    );
    let newer = rows.iter().find(|r| r.at == 7).unwrap();
    assert_eq!(newer.action, Logged::Unknown("directory_sync".into()));
    assert_eq!(newer.outcome.as_str(), "synced");
    assert!(
        serde_json::to_string(newer)
            .unwrap()
            .contains("\"action\":\"directory_sync\",\"outcome\":\"synced\"")
    );

    pool.execute("UPDATE accounts SET status = 'disabled' WHERE username = 'anna.ostlund'")
        .await
        .unwrap();
    let anna = s.store.account_by_username("anna.ostlund").await.unwrap();
    assert_eq!(anna.unwrap().status, AccountStatus::Inactive);
    assert_eq!(
        s.verify_password(
            &user("anna.ostlund"),
            &Secret::password("Gurka7 trappa moln")
        )
        .await
        .unwrap(),
        VerifyOutcome::Invalid
    );

    pool.execute("UPDATE accounts SET lock_reason = 'directory' WHERE username = 'eva.nilsson'")
        .await
        .unwrap();
    let err = s
        .store
        .account_by_username("eva.nilsson")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::UnknownName {
                column: "accounts.lock_reason",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "accounts.lock_reason: unknown lock reason \"directory\""
    );
}

both!(
    migrations_are_idempotent,
    import_creates_then_updates,
    import_with_one_bad_row_imports_nothing,
    verify_right_wrong_and_unknown,
    nfkc_composed_and_decomposed_are_one_password,
    change_password_success_and_expiry,
    policy_rules_apply_on_submit,
    history_depth_n_rejected_n_plus_one_accepted,
    two_concurrent_changes_exactly_one_wins,
    a_failure_after_the_hash_write_changes_nothing,
    lockout_then_unlock,
    a_right_password_starts_the_count_again,
    locks_rise_for_real_and_unknown_names_alike,
    a_staff_locked_account_answers_like_a_wrong_password,
    the_kiosk_slows_down_across_names,
    lock_until_staff_when_minutes_is_zero,
    temporary_password_uses_and_expiry,
    weaker_hashes_are_rehashed_on_verify,
    demo_seed_is_repeatable,
    names_the_kiosk_does_not_know,
);
