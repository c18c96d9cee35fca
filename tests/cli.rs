//! The `kiosk` binary's non-interactive commands: configuration, admin, exit codes.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn kiosk(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    cmd.current_dir(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    // The developer's own KIOSK__ variables must not leak in.
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIOSK__")) {
        cmd.env_remove(k);
    }
    cmd.output().expect("run kiosk")
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn check_config_prints_effective_config_with_secrets_redacted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        "[database]\nurl = \"postgres://kiosk:s3cret@db.example/kiosk?sslmode=verify-full\"\n[categories.teachers]\nlabel = \"Lärare\"\nmin_length = 14\nmax_length = 128\nrequire_lowercase = false\nrequire_uppercase = false\nrequire_digit = false\nrequire_symbol = false\nhistory_depth = 10\nmax_age_days = 0\nmin_score = 4\nblocklist = true\nwarn_days = 7\n",
    )
    .unwrap();
    set_mode(&dir.path().join("site.toml"), 0o600);
    let out = kiosk(
        dir.path(),
        &["check-config", "--config", "site.toml"],
        &[("KIOSK__KIOSK__ID", "kiosk-hall")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("postgres://kiosk:***@db.example/kiosk"),
        "{stdout}"
    );
    assert!(!stdout.contains("s3cret"));
    assert!(stdout.contains("id = \"kiosk-hall\""));
    assert!(stdout.contains("[categories.teachers]"));
    assert!(stdout.contains("[categories.students]"));
    assert!(
        !text(&out.stderr).contains("warning"),
        "{}",
        text(&out.stderr)
    );

    // Staff mode on a password alone is allowed only explicitly, and warned about.
    let out = kiosk(
        dir.path(),
        &["check-config"],
        &[("KIOSK__HELPDESK__SECOND_FACTOR", "false")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("warning") && err.contains("helpdesk.second_factor = false"),
        "{err}"
    );
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Issue 12: no secret of the database URL, the HTTP gateway's URL, headers or body, or any
/// secret-looking key reaches check-config's output; a readable file holding them is warned
/// about.
#[test]
fn check_config_redacts_every_secret_and_warns_about_a_readable_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.toml");
    std::fs::write(
        &path,
        r#"[database]
url = "postgres://kiosk:Db-Pass-1@db.example:5432/kiosk?sslmode=require&password=Query-Pass-2"
[sms]
provider = "http"
[sms.http]
url = "https://gw.example/send?user=school&api_key=Url-Key-3&to={to}"
headers = ["Authorization: Bearer Header-Tok-4", "X-Api-Key: Header-Key-5"]
body = "to={to}&message={message}&access_token=Body-Tok-6"
[sms.elks]
password = "Elks-Pass-7"
[sms.twilio]
auth_token = "Twilio-Tok-8"
[mail.smtp]
password = "Smtp-Pass-9"
"#,
    )
    .unwrap();
    set_mode(&path, 0o644);
    let out = kiosk(dir.path(), &["check-config", "--config", "site.toml"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    for secret in [
        "Db-Pass-1",
        "Query-Pass-2",
        "Url-Key-3",
        "Header-Tok-4",
        "Header-Key-5",
        "Body-Tok-6",
        "Elks-Pass-7",
        "Twilio-Tok-8",
        "Smtp-Pass-9",
    ] {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{secret} printed:\n{stdout}\n{stderr}"
        );
    }
    for shown in [
        "postgres://kiosk:***@db.example:5432/kiosk?sslmode=require&password=***",
        "https://gw.example/send?user=school&api_key=***&to={to}",
        "Authorization: ***",
        "to={to}&message={message}&access_token=***",
        "auth_token = \"***\"",
    ] {
        assert!(stdout.contains(shown), "{shown} missing:\n{stdout}");
    }
    assert!(
        stderr.contains("site.toml")
            && stderr.contains("readable")
            && stderr.contains("database.url")
            && stderr.contains("sms.http.body")
            && stderr.contains("mail.smtp.password"),
        "{stderr}"
    );
    // The file's own group may read it only when it is the kiosk service's group.
    set_mode(&path, 0o640);
    let out = kiosk(dir.path(), &["check-config", "--config", "site.toml"], &[]);
    let group_is_kiosk = {
        use std::os::unix::fs::MetadataExt;
        let gid = std::fs::metadata(&path).unwrap().gid();
        std::fs::read_to_string("/etc/group")
            .unwrap_or_default()
            .lines()
            .any(|l| l.starts_with("kiosk:") && l.split(':').nth(2) == Some(&gid.to_string()))
    };
    assert_eq!(
        text(&out.stderr).contains("readable by group"),
        !group_is_kiosk,
        "{}",
        text(&out.stderr)
    );
    set_mode(&path, 0o600);
    let out = kiosk(dir.path(), &["check-config", "--config", "site.toml"], &[]);
    assert!(
        !text(&out.stderr).contains("readable"),
        "{}",
        text(&out.stderr)
    );

    // A readable file without credentials is fine.
    std::fs::write(dir.path().join("plain.toml"), "[kiosk]\nid = \"hall\"\n").unwrap();
    set_mode(&dir.path().join("plain.toml"), 0o644);
    let out = kiosk(dir.path(), &["check-config", "--config", "plain.toml"], &[]);
    assert!(out.status.success());
    assert!(
        !text(&out.stderr).contains("readable"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn unknown_key_and_bad_value_name_key_and_source() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), "[kiosk]\nidle_timeout = 30\n").unwrap();
    let out = kiosk(dir.path(), &["check-config", "--config", "bad.toml"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("kiosk.idle_timeout") && err.contains("bad.toml"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1);

    std::fs::write(
        dir.path().join("bad2.toml"),
        "[categories.students]\nmax_length = 200\n",
    )
    .unwrap();
    let out = kiosk(dir.path(), &["check-config", "--config", "bad2.toml"], &[]);
    let err = text(&out.stderr);
    assert!(
        err.contains("categories.students.max_length") && err.contains("at most 128"),
        "{err}"
    );

    let out = kiosk(
        dir.path(),
        &["check-config"],
        &[("KIOSK__LOCKOUT__MAX_FAILURES", "many")],
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("lockout.max_failures") && err.contains("KIOSK__LOCKOUT__MAX_FAILURES"),
        "{err}"
    );

    let out = kiosk(
        dir.path(),
        &["check-config", "--config", "missing.toml"],
        &[],
    );
    assert!(text(&out.stderr).contains("missing.toml"));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn admin_commands_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = [("KIOSK__DATABASE__URL", "sqlite://data/k.db")];
    std::fs::write(
        dir.path().join("roster.csv"),
        "username,display_name,category,email,mobile\nanna.ostlund,Anna Östlund,students,,070-123 45 67\n",
    )
    .unwrap();
    let out = kiosk(dir.path(), &["admin", "import", "roster.csv"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "imported: 1 created, 0 updated");
    assert!(
        dir.path().join("data/k.db").exists(),
        "folder and file are created"
    );

    std::fs::write(
        dir.path().join("bad.csv"),
        "username,display_name,category,email,mobile\nnew.one,New One,students,,\nx,X,nope,,\n",
    )
    .unwrap();
    let out = kiosk(dir.path(), &["admin", "import", "bad.csv"], &db);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("line 3"),
        "{}",
        text(&out.stderr)
    );

    let out = kiosk(
        dir.path(),
        &["admin", "temp-password", "anna.ostlund", "--uses", "2"],
        &db,
    );
    assert!(out.status.success());
    let temp = text(&out.stdout).trim().to_string();
    assert!(temp.len() >= 10);

    let out = kiosk(dir.path(), &["admin", "show", "anna.ostlund"], &db);
    let shown = text(&out.stdout);
    assert!(shown.contains("category:     students"), "{shown}");
    assert!(shown.contains("temporary:    2 use(s) left"), "{shown}");
    assert!(!shown.contains(&temp) && !shown.contains("$argon2"));

    let out = kiosk(dir.path(), &["admin", "unlock", "anna.ostlund"], &db);
    assert!(out.status.success());
    let out = kiosk(dir.path(), &["admin", "show", "nobody"], &db);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr).trim().lines().count(), 1);

    let out = kiosk(
        dir.path(),
        &["admin", "audit", "--user", "anna.ostlund", "--json"],
        &db,
    );
    let audit = text(&out.stdout);
    for action in ["temp_password", "show", "unlock"] {
        assert!(
            audit.contains(&format!("\"action\":\"{action}\"")),
            "{audit}"
        );
    }
    assert!(!audit.contains(&temp));

    // 0 sign-ins or 0 days is refused as a usage error, never silently made 1.
    for flag in ["--uses", "--valid-days"] {
        let out = kiosk(
            dir.path(),
            &["admin", "temp-password", "anna.ostlund", flag, "0"],
            &db,
        );
        assert_eq!(out.status.code(), Some(2), "{flag} 0");
        let err = text(&out.stderr);
        assert!(err.contains(flag) && err.contains("at least 1"), "{err}");
        assert!(out.stdout.is_empty(), "no password is printed");
    }
    let out = kiosk(
        dir.path(),
        &["check-config"],
        &[("KIOSK__TEMP_PASSWORD__VALID_DAYS", "0")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("temp_password.valid_days"),
        "{}",
        text(&out.stderr)
    );

    let out = kiosk(dir.path(), &["admin", "frobnicate"], &db);
    assert_eq!(out.status.code(), Some(2));
    let out = kiosk(dir.path(), &["admin", "temp-password"], &db);
    assert_eq!(out.status.code(), Some(2));
}

/// `admin audit`'s columns are as wide as their widest value: a 15+ character username does
/// not shift the columns after it.
#[test]
fn audit_table_columns_fit_long_usernames() {
    let dir = tempfile::tempdir().unwrap();
    let db = [("KIOSK__DATABASE__URL", "sqlite://data/k.db")];
    std::fs::write(
        dir.path().join("roster.csv"),
        "username,display_name,category,email,mobile\nbo,Bo,students,,\nalexandra.lindqvist-karlsson,Alexandra,students,,\n",
    )
    .unwrap();
    let out = kiosk(dir.path(), &["admin", "import", "roster.csv"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for user in ["bo", "alexandra.lindqvist-karlsson", "bo"] {
        let out = kiosk(dir.path(), &["admin", "show", user], &db);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let out = kiosk(dir.path(), &["admin", "audit"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines.len() >= 3, "{table}");
    // Where the action column (the 6th whitespace-separated field: date and time are two)
    // starts, on every line.
    let starts: Vec<usize> = lines
        .iter()
        .map(|line| {
            let mut fields = 0;
            let mut prev_space = true;
            for (i, c) in line.char_indices() {
                if !c.is_whitespace() && prev_space {
                    fields += 1;
                    if fields == 6 {
                        return i;
                    }
                }
                prev_space = c.is_whitespace();
            }
            panic!("short line: {line}")
        })
        .collect();
    assert!(starts.iter().all(|s| *s == starts[0]), "{table}");
}

/// Logs written to a pipe or the journal carry no ANSI colour codes.
#[test]
fn logs_to_a_non_terminal_have_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiosk(
        dir.path(),
        &["notify"],
        &[
            ("KIOSK__DATABASE__URL", "sqlite://data/k.db"),
            ("RUST_LOG", "debug"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("DEBUG"), "logs were written: {err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

/// Issue 13 item 8: the import refuses a landline and a too long number with the kiosk's
/// own words; `--dry-run` lists every bad row at once and changes nothing; a bad file
/// without it changes nothing either.
#[test]
fn import_lists_every_bad_row_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = [("KIOSK__DATABASE__URL", "sqlite://data/k.db")];
    std::fs::write(
        dir.path().join("roster.csv"),
        "username,display_name,category,email,mobile\n\
         good.one,Good One,students,,070-123 45 67\n\
         land.line,Land Line,students,,08-123 456 78\n\
         too.long,Too Long,students,,+46 70 123 45 678\n\
         good.two,Good Two,students,,\n\
         bad.cat,Bad Cat,nope,,\n",
    )
    .unwrap();
    for dry in [true, false] {
        let mut args = vec!["admin", "import"];
        if dry {
            args.push("--dry-run");
        }
        args.push("roster.csv");
        let out = kiosk(dir.path(), &args, &db);
        assert_eq!(out.status.code(), Some(1), "dry run {dry}");
        let err = text(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 4, "three bad rows and the summary: {err}");
        assert_eq!(
            lines[0],
            "kiosk: line 3: mobile \"08-123 456 78\": That is not a mobile number. A code can \
             only be sent to a mobile phone."
        );
        assert_eq!(
            lines[1],
            "kiosk: line 4: mobile \"+46 70 123 45 678\": That number has too many digits for \
             a mobile number."
        );
        assert!(
            lines[2].starts_with("kiosk: line 6: unknown category"),
            "{err}"
        );
        assert!(
            lines[3].contains("3 bad row(s)") && lines[3].contains("roster.csv"),
            "{err}"
        );
        // Nothing was imported: not even the good rows.
        let out = kiosk(dir.path(), &["admin", "show", "good.one"], &db);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    }
    // The refused import is audited; the dry run is not.
    let out = kiosk(dir.path(), &["admin", "audit", "--json"], &db);
    let audit = text(&out.stdout);
    assert_eq!(audit.matches("\"action\":\"import\"").count(), 1, "{audit}");

    std::fs::write(
        dir.path().join("ok.csv"),
        "username,display_name,category,email,mobile\n\
         good.one,Good One,students,,070-123 45 67\n",
    )
    .unwrap();
    let out = kiosk(dir.path(), &["admin", "import", "--dry-run", "ok.csv"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "dry run: 1 would be created, 0 updated; nothing was changed"
    );
    let out = kiosk(dir.path(), &["admin", "show", "good.one"], &db);
    assert_eq!(out.status.code(), Some(1), "the dry run created nobody");
    let out = kiosk(dir.path(), &["admin", "import", "ok.csv"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = kiosk(dir.path(), &["admin", "import", "--dry-run", "ok.csv"], &db);
    assert!(
        text(&out.stdout).contains("0 would be created, 1 updated"),
        "{}",
        text(&out.stdout)
    );
}

/// `admin unlock` says what it lifted, or that nothing was locked.
#[test]
fn unlock_says_what_it_lifted() {
    let dir = tempfile::tempdir().unwrap();
    let db = [("KIOSK__DATABASE__URL", "sqlite://data/k.db")];
    let out = kiosk(dir.path(), &["seed-demo"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The demo's locked account.
    let out = kiosk(dir.path(), &["admin", "show", "david.lind"], &db);
    assert!(
        text(&out.stdout).contains("locked:       yes"),
        "{}",
        text(&out.stdout)
    );
    let out = kiosk(dir.path(), &["admin", "unlock", "david.lind"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.starts_with("david.lind: lifted the lock"), "{said}");
    let out = kiosk(dir.path(), &["admin", "unlock", "david.lind"], &db);
    assert_eq!(
        text(&out.stdout).trim(),
        "david.lind was not locked; failure counters cleared"
    );
}

/// Issue 13 item 16: an SMS gateway without its credentials fails check-config naming the
/// key; lists come from the environment; a secret's value is never echoed.
#[test]
fn gateway_credentials_env_lists_and_secret_values() {
    let dir = tempfile::tempdir().unwrap();
    for (provider, key) in [
        ("46elks", "sms.elks.username"),
        ("twilio", "sms.twilio.account_sid"),
        ("http", "sms.http.url"),
    ] {
        let out = kiosk(
            dir.path(),
            &["check-config"],
            &[("KIOSK__SMS__PROVIDER", provider)],
        );
        assert_eq!(out.status.code(), Some(1), "{provider}");
        let err = text(&out.stderr);
        assert!(
            err.contains(key) && err.contains("must not be empty") && err.lines().count() == 1,
            "{provider}: {err}"
        );
    }
    let out = kiosk(
        dir.path(),
        &["check-config"],
        &[
            ("KIOSK__SMS__PROVIDER", "46elks"),
            ("KIOSK__SMS__ELKS__USERNAME", "u123"),
            ("KIOSK__SMS__ELKS__PASSWORD", " "),
        ],
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("sms.elks.password") && err.contains("KIOSK__SMS__ELKS__PASSWORD"),
        "{err}"
    );
    let out = kiosk(
        dir.path(),
        &["check-config"],
        &[
            ("KIOSK__SMS__PROVIDER", "46elks"),
            ("KIOSK__SMS__ELKS__USERNAME", "u123"),
            ("KIOSK__SMS__ELKS__PASSWORD", "Elks, Pass-1"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("Pass-1"));

    // Lists from the environment, comma-separated, spaces allowed.
    let out = kiosk(
        dir.path(),
        &["check-config"],
        &[
            ("KIOSK__LANGUAGES__AVAILABLE", "sv, en"),
            ("KIOSK__LANGUAGES__DEFAULT", "en"),
            ("KIOSK__HELPDESK__USERNAMES", "eva.nilsson,bo.ek"),
            ("KIOSK__CATEGORIES__STUDENTS__EXPIRY__NOTICE_DAYS", "14,3"),
            (
                "KIOSK__SMS__HTTP__HEADERS",
                "Authorization: Bearer Hdr-Tok-2, X-Api-Key: Hdr-Key-3",
            ),
            // A text with a comma stays one text.
            ("KIOSK__KIOSK__SCHOOL_NAME", "Norra skolan, hus A"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cfg: toml::Table = text(&out.stdout).parse().unwrap();
    let get = |path: &str| {
        let mut v = toml::Value::Table(cfg.clone());
        for part in path.split('.') {
            v = v.get(part).cloned().unwrap_or_else(|| panic!("{path}"));
        }
        v
    };
    assert_eq!(get("languages.available").to_string(), r#"["sv", "en"]"#);
    assert_eq!(
        get("helpdesk.usernames").to_string(),
        r#"["eva.nilsson", "bo.ek"]"#
    );
    assert_eq!(
        get("categories.students.expiry.notice_days").to_string(),
        "[14, 3]"
    );
    assert_eq!(
        get("sms.http.headers").to_string(),
        r#"["Authorization: ***", "X-Api-Key: ***"]"#
    );
    assert_eq!(
        get("kiosk.school_name").as_str(),
        Some("Norra skolan, hus A")
    );
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        !all.contains("Hdr-Tok-2") && !all.contains("Hdr-Key-3"),
        "{all}"
    );

    // A bad value of a key that holds a secret is named, never shown.
    let out = kiosk(
        dir.path(),
        &["check-config"],
        &[("KIOSK__DATABASE__URL", "mysql://kiosk:Db-Pass-4@db/kiosk")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("database.url") && !err.contains("Db-Pass-4"),
        "{err}"
    );
}

/// `admin audit --user U --plain`: a printout for the person, in their language, in words
/// (no stored codes), oldest first; it needs --user.
#[test]
fn audit_for_a_person_reads_as_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = [("KIOSK__DATABASE__URL", "sqlite://data/k.db")];
    let out = kiosk(dir.path(), &["seed-demo"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = kiosk(dir.path(), &["admin", "unlock", "david.lind"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut en = db.to_vec();
    en.push(("KIOSK__LANGUAGES__DEFAULT", "en"));
    let out = kiosk(
        dir.path(),
        &["admin", "audit", "--user", "david.lind", "--plain"],
        &en,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let print = text(&out.stdout);
    let lines: Vec<&str> = print.lines().collect();
    assert_eq!(
        lines[0], "Events on the account of David Lind (david.lind)",
        "{print}"
    );
    assert!(lines[1].starts_with("Printed "), "{print}");
    let events: Vec<&str> = lines[3..]
        .iter()
        .copied()
        .take_while(|l| !l.is_empty())
        .collect();
    // Oldest first: the demo's lock, then this unlock last.
    let locked = events
        .iter()
        .position(|l| l.contains("Account locked: done"));
    assert!(locked.is_some_and(|i| i + 1 < events.len()), "{print}");
    assert!(
        events
            .last()
            .is_some_and(|l| l.contains("Unlocked (admin): done")),
        "{print}"
    );
    for code in ["unlock ", "lock ", " ok", "_"] {
        assert!(
            !events.iter().any(|l| l.contains(code)),
            "{code:?}: {print}"
        );
    }
    assert_eq!(
        lines.last().copied(),
        Some(format!("{} events.", events.len()).as_str())
    );
    // In Swedish when that is the school's language.
    let out = kiosk(
        dir.path(),
        &["admin", "audit", "--user", "david.lind", "--plain"],
        &db,
    );
    assert!(
        text(&out.stdout).starts_with("Händelser på kontot för David Lind"),
        "{}",
        text(&out.stdout)
    );
    let out = kiosk(dir.path(), &["admin", "audit", "--plain"], &db);
    assert_eq!(out.status.code(), Some(2));
}

/// Issue 13's last gaps, point 2: `check-config` warns when the office's place and hours
/// make an SMS that sends people to the office longer than two messages.
#[test]
fn check_config_warns_about_an_office_too_long_for_two_sms() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiosk(dir.path(), &["check-config"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("SMS"), "{}", text(&out.stderr));
    let place = "Expeditionen i huvudbyggnaden, hus A, andra våningen, korridoren till vänster \
                 efter matsalen, dörren bredvid skolsköterskan, sedan genom den blå dörren \
                 längst bort i korridoren på andra sidan trappan";
    std::fs::write(
        dir.path().join("site.toml"),
        format!("[support]\nplace = \"{place}\"\n"),
    )
    .unwrap();
    set_mode(&dir.path().join("site.toml"), 0o600);
    let out = kiosk(dir.path(), &["check-config", "--config", "site.toml"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.lines().any(
            |l| l.starts_with("kiosk: warning: the expiry-sms SMS in sv takes 3")
                && l.contains("support.place")
        ),
        "{err}"
    );
}

/// Runs the kiosk as a user who owns none of the test's files: `nobody` when the tests run
/// as root (root reads everything), else the test's own user (the files are then chmod 000).
fn kiosk_as_other(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let root = nix::unistd::geteuid().is_root();
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_kiosk"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_kiosk"))
    };
    cmd.current_dir(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIOSK__")) {
        cmd.env_remove(k);
    }
    cmd.output().expect("run kiosk")
}

/// A path the other user may not read (or, a folder, enter): as root, root's own and
/// private; else chmod 000.
fn forbid(path: &Path) {
    if nix::unistd::geteuid().is_root() {
        let root = Some(nix::unistd::Uid::from_raw(0));
        nix::unistd::chown(path, root, root.map(|_| nix::unistd::Gid::from_raw(0))).unwrap();
        set_mode(path, if path.is_dir() { 0o700 } else { 0o600 });
    } else {
        set_mode(path, 0o000);
    }
}

/// A path the other user owns (as root: given to nobody), private to them.
fn give(path: &Path) {
    if nix::unistd::geteuid().is_root() {
        let nobody = Some(nix::unistd::Uid::from_raw(65534));
        let nogroup = Some(nix::unistd::Gid::from_raw(65534));
        nix::unistd::chown(path, nobody, nogroup).unwrap();
    }
    set_mode(path, if path.is_dir() { 0o700 } else { 0o600 });
}

/// Issue 13's last gaps, point 4: started by a user who cannot read its files, the kiosk
/// says which file: the configuration, the key file, the database file or its folder.
#[test]
fn a_file_it_may_not_read_is_named() {
    let dir = tempfile::tempdir().unwrap();
    set_mode(dir.path(), 0o755);
    let work = dir.path();
    std::fs::create_dir(work.join("data")).unwrap();
    let env = [
        ("KIOSK__DATABASE__URL", "sqlite://data/k.db"),
        ("KIOSK__KEYS__FILE", "keys/secret.key"),
    ];
    // A working site first, every file the other user's own.
    let out = kiosk(work, &["init-secret"], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::write(work.join("site.toml"), "[kiosk]\nid = \"kiosk-hall\"\n").unwrap();
    for p in ["data", "keys", "keys/secret.key", "site.toml"] {
        give(&work.join(p));
    }
    let show = ["--config", "site.toml", "admin", "show", "nobody.here"];
    let out = kiosk_as_other(work, &show, &env);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("nobody.here"), "{err}");
    assert!(!err.contains("ermission"), "{err}");

    for (what, path) in [
        ("the configuration", "site.toml"),
        ("the database file", "data/k.db"),
        ("the key file", "keys/secret.key"),
        ("the database folder", "data"),
    ] {
        forbid(&work.join(path));
        let out = kiosk_as_other(work, &show, &env);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(
            err.contains(path) && err.contains("ermission denied"),
            "{what} should name {path}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
        give(&work.join(path));
    }
}

mod common;

/// Issue 17: `admin show` and `admin audit` tell each cloud target's part of a password
/// change, after real pushes to local servers standing in for Google and Microsoft.
mod cloud_targets {
    use super::{common, text};
    use ::kiosk::config::Settings;
    use ::kiosk::domain::secret::Secret;
    use ::kiosk::service::{ChangeOutcome, VerifiedAccount};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const GOOGLE_USER: &str = "/admin/directory/v1/users/anna.ostlund@school.example";
    const GRAPH_USER: &str = "/v1.0/users/anna.ostlund@school.example";

    /// Both token endpoints answer; the two APIs answer `google` and `graph`.
    async fn answer(server: &MockServer, google: u16, graph: u16) {
        server.reset().await;
        for at in ["/token", "/t1/oauth2/v2.0/token"] {
            Mock::given(method("POST"))
                .and(path(at))
                .respond_with(
                    ResponseTemplate::new(200).set_body_json(
                        serde_json::json!({"access_token": "tok", "expires_in": 3600}),
                    ),
                )
                .mount(server)
                .await;
        }
        Mock::given(method("PUT"))
            .and(path(GOOGLE_USER))
            .respond_with(ResponseTemplate::new(google).set_body_json(serde_json::json!({})))
            .mount(server)
            .await;
        Mock::given(method("PATCH"))
            .and(path(GRAPH_USER))
            .respond_with(ResponseTemplate::new(graph))
            .mount(server)
            .await;
    }

    async fn change(env: &common::Env, who: &VerifiedAccount, pw: &str) -> VerifiedAccount {
        match env
            .services
            .change_password(who, &Secret::password(pw))
            .await
            .unwrap()
        {
            ChangeOutcome::Changed { account, .. } => account,
            other => panic!("{other:?}"),
        }
    }

    async fn admin_show_and_audit_tell_each_cloud_target(db: common::TestDb) {
        let server = MockServer::start().await;
        let dir = tempfile::tempdir().unwrap();
        let key_file = dir.path().join("google.json");
        let secret_file = dir.path().join("m365");
        std::fs::write(
            &key_file,
            common::cloud::google_key_file(
                "k@p.iam.gserviceaccount.com",
                &format!("{}/token", server.uri()),
            ),
        )
        .unwrap();
        std::fs::write(&secret_file, "s3cret\n").unwrap();
        let uri = server.uri();
        let env = common::env_with(db, |s: &mut Settings| {
            s.targets.google.enabled = true;
            s.targets.google.key_file = key_file.clone();
            s.targets.google.admin = "admin@school.example".into();
            s.targets.google.api_url = uri.clone();
            s.targets.microsoft.enabled = true;
            s.targets.microsoft.tenant = "t1".into();
            s.targets.microsoft.client_id = "c1".into();
            s.targets.microsoft.client_secret_file = secret_file.clone();
            s.targets.microsoft.login_url = uri.clone();
            s.targets.microsoft.graph_url = uri.clone();
        })
        .await;
        env.services
            .import_csv(common::ROSTER.as_bytes())
            .await
            .unwrap();
        let v = common::signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
        // First change: Google busy (queued, then taken on the retry), Microsoft refuses.
        answer(&server, 503, 403).await;
        let v = change(&env, &v, "Vinter Sol Blåbär 88").await;
        answer(&server, 200, 204).await;
        env.clock.advance(60);
        assert_eq!(env.services.retry_pushes().await.unwrap().done, 1);
        // Second change: Google says 429 (waiting in the queue), Microsoft takes it.
        answer(&server, 429, 204).await;
        env.clock.advance(86_400);
        change(&env, &v, "Korall Fjäder Moln 31").await;

        let url = env.db.url.clone();
        let keys = env.spool.path().join("secret.key");
        let keys = keys.to_str().unwrap();
        let run = |args: &[&str], lang: &str| {
            let out = super::kiosk(
                dir.path(),
                args,
                &[
                    ("KIOSK__DATABASE__URL", url.as_str()),
                    ("KIOSK__KEYS__FILE", keys),
                    ("KIOSK__LANGUAGES__DEFAULT", lang),
                ],
            );
            assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
            text(&out.stdout)
        };

        let shown = run(&["admin", "show", "anna.ostlund"], "en");
        assert!(
            shown.contains("cloud:        google pending, microsoft done\n"),
            "{shown}"
        );
        let google = shown
            .lines()
            .find(|l| l.starts_with("  google:"))
            .unwrap_or_default();
        assert!(
            google.starts_with(
                "  google:     queued after 1 try (status=429 step=\"google users.update\"); \
                 next try 2026-01-02 "
            ),
            "{shown}"
        );
        let microsoft = shown
            .lines()
            .find(|l| l.starts_with("  microsoft:"))
            .unwrap_or_default();
        assert!(
            microsoft.starts_with("  microsoft:  done 2026-01-02 ")
                && microsoft.ends_with("(1 try)"),
            "{shown}"
        );

        // The table: under each change, where the targets stood after it.
        let table = run(&["admin", "audit", "--user", "anna.ostlund"], "en");
        let clouds: Vec<&str> = table
            .lines()
            .filter(|l| l.trim_start().starts_with("cloud: "))
            .map(str::trim)
            .collect();
        assert_eq!(
            clouds,
            [
                "cloud: google done, microsoft failed (403)",
                "cloud: google queued (429), microsoft done"
            ],
            "{table}"
        );
        // Each summary right under its change.
        let lines: Vec<&str> = table.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if l.trim_start().starts_with("cloud: ") {
                assert!(lines[i - 1].contains(" change_password "), "{table}");
            }
        }

        // The printout for the person, in their language, in words.
        let print = run(
            &["admin", "audit", "--user", "anna.ostlund", "--plain"],
            "en",
        );
        let words: Vec<&str> = print
            .lines()
            .filter(|l| l.contains("Google:"))
            .map(str::trim)
            .collect();
        assert_eq!(
            words,
            [
                "Google: changed · Microsoft 365: not changed",
                "Google: on its way · Microsoft 365: changed"
            ],
            "{print}"
        );
        let print = run(
            &["admin", "audit", "--user", "anna.ostlund", "--plain"],
            "sv",
        );
        assert!(
            print.contains("Google: bytt · Microsoft 365: inte bytt"),
            "{print}"
        );
        let print = run(
            &["admin", "audit", "--user", "anna.ostlund", "--plain"],
            "it",
        );
        assert!(
            print.contains("Google: in arrivo · Microsoft 365: cambiata"),
            "{print}"
        );
    }

    crate::both!(admin_show_and_audit_tell_each_cloud_target);
}

/// Issue 17: Microsoft's certificate sign-in in check-config: the certificate and its key
/// must exist, parse, go together, be in date, the key private to the kiosk; exactly one of
/// a client secret or a certificate; both paths are redacted.
#[test]
fn check_config_checks_the_microsoft_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (cert_pem, _) = common::cloud::certificate((2099, 1, 1));
    let (old_pem, _) = common::cloud::certificate((2020, 1, 1));
    let cert = dir.path().join("app.crt");
    let key = dir.path().join("app.key");
    std::fs::write(&cert, &cert_pem).unwrap();
    std::fs::write(&key, &common::cloud::rsa_key().0).unwrap();
    set_mode(&cert, 0o600);
    set_mode(&key, 0o600);
    let site = dir.path().join("site.toml");
    let write_site = |extra: &str| {
        std::fs::write(
            &site,
            format!(
                "[targets.microsoft]\nenabled = true\ntenant = \"t1\"\nclient_id = \"c1\"\n\
                 certificate_file = \"{}\"\ncertificate_key_file = \"{}\"\n{extra}",
                cert.display(),
                key.display()
            ),
        )
        .unwrap();
        set_mode(&site, 0o600);
    };
    let check = || kiosk(dir.path(), &["check-config", "--config", "site.toml"], &[]);

    write_site("");
    let out = check();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("certificate_file = \"***\"")
            && stdout.contains("certificate_key_file = \"***\""),
        "{stdout}"
    );
    assert!(!stdout.contains(&*dir.path().to_string_lossy()), "{stdout}");

    // The key readable by others.
    set_mode(&key, 0o644);
    let out = check();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("targets.microsoft.certificate_key_file") && err.contains("mode 644"),
        "{err}"
    );
    set_mode(&key, 0o600);

    // A secret as well as a certificate.
    write_site("client_secret_file = \"/etc/kiosk/m365\"\n");
    let out = check();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not both"),
        "{}",
        text(&out.stderr)
    );
    write_site("");

    // Not a certificate.
    std::fs::write(&cert, "hello\n").unwrap();
    let out = check();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no PEM CERTIFICATE"),
        "{}",
        text(&out.stderr)
    );

    // Another key's certificate.
    let other = rcgen::generate_simple_self_signed(vec!["other.example".to_string()]).unwrap();
    std::fs::write(&cert, other.cert.pem()).unwrap();
    let out = check();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is not the private key of"),
        "{}",
        text(&out.stderr)
    );

    // Expired.
    std::fs::write(&cert, &old_pem).unwrap();
    let out = check();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("expired on 2020-01-01"),
        "{}",
        text(&out.stderr)
    );
}
