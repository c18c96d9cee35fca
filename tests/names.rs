//! Names and usernames at import and at the kiosk (issue 12, point 8), on SQLite and
//! PostgreSQL: the username pattern, display names cleaned and capped with their lines
//! reported, look-alike usernames refused, and a name the pattern refuses treated at the
//! kiosk exactly like an unknown one.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use common::{Env, TestDb, env, env_with, signed_in, user};
use kiosk::domain::secret::Secret;
use kiosk::service::{ChangedName, ImportError, Services, VerifyOutcome};

const HEADER: &str = "username,display_name,category,email,mobile\n";
/// A pattern that lets letters of any script in (and so needs the look-alike check).
const UNICODE_PATTERN: &str = r"[\p{Ll}\p{Nd}._-]{1,64}";

async fn import(env: &Env, rows: &str) -> Result<kiosk::service::ImportReport, ImportError> {
    env.services
        .import_csv(format!("{HEADER}{rows}").as_bytes())
        .await
}

async fn refused(env: &Env, rows: &str) -> String {
    let err = import(env, rows).await.unwrap_err();
    assert!(matches!(err, ImportError::Rows(_)), "{err}");
    err.to_string()
}

async fn usernames(env: &Env) -> Vec<String> {
    let mut names = env.services.store.usernames().await.unwrap();
    names.sort();
    names
}

async fn display_name(env: &Env, username: &str) -> String {
    env.services
        .store
        .account_by_username(username)
        .await
        .unwrap()
        .unwrap()
        .display_name
}

async fn import_refuses_usernames_outside_the_pattern(db: TestDb) {
    let env = env(db).await;
    let good = "ok.user,Ok User,students,,\n";
    for bad in [
        "anna@school",
        "\u{430}nna.ostlund", // a Cyrillic а
        "östlund",
    ] {
        let err = refused(&env, &format!("{good}{bad},Anna,students,,\n")).await;
        assert!(
            err.starts_with("line 3: ") && err.contains("names.username_pattern"),
            "{bad}: {err}"
        );
    }
    let too_long = "a".repeat(65);
    let err = refused(&env, &format!("{good}{too_long},Long,students,,\n")).await;
    assert!(err.starts_with("line 3: "), "{err}");
    assert!(usernames(&env).await.is_empty());
    // Capitals are lowercased before the pattern is applied.
    import(&env, "Ok.User,Ok User,students,,\n").await.unwrap();
    assert_eq!(usernames(&env).await, ["ok.user"]);

    // The pattern is the school's: a stricter one refuses what the default lets in.
    let env = env_with(TestDb::sqlite().await, |s| {
        s.names.username_pattern = "[a-z]+\\.[a-z]+".into();
    })
    .await;
    let err = refused(&env, "anna.berg,A,students,,\nanna.berg2,B,students,,\n").await;
    assert!(err.starts_with("line 3: "), "{err}");
}

async fn import_cleans_display_names_and_names_the_lines(db: TestDb) {
    let env = env(db).await;
    let long = "Ä".repeat(5000);
    let rows = format!(
        "anna.ostlund,Anna Östlund,students,,\n\
         bo.ek,B\u{200b}o\u{200d} E\u{2060}k\u{feff}\u{e0041}\u{e007f},students,,\n\
         cilla.aberg,Cilla\u{2028}Åberg\u{202e}\u{2066},students,,\n\
         david.lind,{long},students,,\n\
         eva.nilsson,Eva Nilsson,staff,,\n"
    );
    let report = import(&env, &rows).await.unwrap();
    assert_eq!((report.created, report.updated), (5, 0));
    assert_eq!(
        report.changed,
        [
            ChangedName {
                line: 3,
                removed: 6,
                cut: 0
            },
            ChangedName {
                line: 4,
                removed: 3,
                cut: 0
            },
            ChangedName {
                line: 5,
                removed: 0,
                cut: 4920
            },
        ]
    );
    assert_eq!(display_name(&env, "anna.ostlund").await, "Anna Östlund");
    assert_eq!(display_name(&env, "bo.ek").await, "Bo Ek");
    assert_eq!(display_name(&env, "cilla.aberg").await, "CillaÅberg");
    assert_eq!(display_name(&env, "david.lind").await, "Ä".repeat(80));
    // The cap is the school's.
    let env = env_with(TestDb::sqlite().await, |s| {
        s.names.display_name_max_chars = 10
    })
    .await;
    let report = import(&env, "anna.ostlund,Anna Maria Östlund,students,,\n")
        .await
        .unwrap();
    assert_eq!(report.changed[0].cut, 8);
    assert_eq!(display_name(&env, "anna.ostlund").await, "Anna Maria");
    // A name of hidden characters only is empty, and refused.
    let err = refused(&env, "bo.ek,\u{200b}\u{2060},students,,\n").await;
    assert!(err.contains("line 2: display_name is empty"), "{err}");
}

async fn look_alike_usernames_are_refused(db: TestDb) {
    let env = env_with(db, |s| s.names.username_pattern = UNICODE_PATTERN.into()).await;
    import(&env, "anna.ostlund,Anna Östlund,students,,\n")
        .await
        .unwrap();
    // A Cyrillic а: the pattern lets it in, the skeleton check does not.
    let err = refused(
        &env,
        "östen.berg,Östen Berg,students,,\n\u{430}nna.ostlund,Anna Östlund,students,,\n",
    )
    .await;
    assert!(
        err.starts_with("line 3: ") && err.contains("\"anna.ostlund\" (an existing account)"),
        "{err}"
    );
    // Two look-alikes in one file: the later line is refused, naming the earlier one.
    let err = refused(
        &env,
        "bo.ek,Bo Ek,students,,\nb\u{43e}.ek,Bo Ek,students,,\n",
    )
    .await;
    assert!(
        err.starts_with("line 3: ") && err.contains("(line 2)"),
        "{err}"
    );
    assert_eq!(usernames(&env).await, ["anna.ostlund"]);
    // The same name again changes nothing, and a different name of another script is fine.
    let report = import(
        &env,
        "anna.ostlund,Anna Östlund,students,,\nöst\u{e9}n.berg,Östén Berg,students,,\n",
    )
    .await
    .unwrap();
    assert_eq!((report.created, report.updated), (1, 0));
    assert_eq!(usernames(&env).await, ["anna.ostlund", "östén.berg"]);
}

/// A second set of services on the same database with the default username pattern, as
/// a kiosk configured after an older, looser import would be.
async fn strict_services(env: &Env) -> Services {
    let mut settings = (*env.services.settings).clone();
    settings.names.username_pattern = kiosk::domain::names::DEFAULT_USERNAME_PATTERN.into();
    Services::new(env.db.store().await, Arc::new(settings), env.clock.clone()).unwrap()
}

async fn the_kiosk_treats_a_name_the_pattern_refuses_as_unknown(db: TestDb) {
    let env = env_with(db, |s| {
        s.names.username_pattern = "[a-z0-9.@_-]{1,64}".into();
        s.kiosk.reveal_unknown_username = true;
    })
    .await;
    import(
        &env,
        "anna@school,Anna,students,,\nbo.ek,Bo Ek,students,,\n",
    )
    .await
    .unwrap();
    let pw = "Gurka7 trappa moln";
    signed_in(&env, "anna@school", pw).await;
    signed_in(&env, "bo.ek", pw).await;

    let strict = strict_services(&env).await;
    let secret = Secret::password(pw);
    // The right password of an account whose name the pattern refuses: "wrong username or
    // password", as for a name that does not exist; a matching name still signs in.
    for (name, want_verified) in [("anna@school", false), ("bo.ek", true), ("nobody", false)] {
        let outcome = strict.verify_password(&user(name), &secret).await.unwrap();
        assert_eq!(
            matches!(outcome, VerifyOutcome::Verified(_)),
            want_verified,
            "{name}: {outcome:?}"
        );
        if !want_verified {
            assert_eq!(outcome, VerifyOutcome::Invalid, "{name}");
        }
    }
    // With reveal_unknown_username the lookup tells unknown names apart: the refused name
    // is one of them.
    assert_eq!(
        strict.methods_for(&user("anna@school")).await.unwrap(),
        None
    );
    assert_eq!(strict.methods_for(&user("nobody")).await.unwrap(), None);
    assert!(strict.methods_for(&user("bo.ek")).await.unwrap().is_some());
    // The audit log names it by its tag, as an unknown name.
    assert!(
        strict
            .audit_name(&user("anna@school"))
            .await
            .unwrap()
            .starts_with("unknown:")
    );
    assert_eq!(strict.audit_name(&user("bo.ek")).await.unwrap(), "bo.ek");
    // The looser kiosk still knows the account.
    assert!(matches!(
        env.services
            .verify_password(&user("anna@school"), &secret)
            .await
            .unwrap(),
        VerifyOutcome::Verified(_)
    ));
}

both!(
    import_refuses_usernames_outside_the_pattern,
    import_cleans_display_names_and_names_the_lines,
    look_alike_usernames_are_refused,
    the_kiosk_treats_a_name_the_pattern_refuses_as_unknown,
);

/// The admin command prints the line of every row whose display name it changed.
#[test]
fn the_import_command_names_the_changed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        format!(
            "{HEADER}anna.ostlund,Anna Östlund,students,,\nbo.ek,Bo\u{200b} Ek,students,,\n\
             cilla.aberg,{},students,,\n",
            "C".repeat(100)
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .args(["admin", "import"])
        .arg(&roster)
        .current_dir(dir.path())
        .env("KIOSK__DATABASE__URL", "sqlite://k.db")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "imported: 3 created, 0 updated",
            "line 3: display_name lost 1 invisible or control character(s)",
            "line 4: display_name was cut by 20 character(s)",
        ],
        "{stdout}"
    );
}
