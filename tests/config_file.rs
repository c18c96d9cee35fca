//! The shipped kiosk.toml is the documented default: every key has a comment (a comment may
//! cover the keys right below it), and it loads as the built-in defaults.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn every_key_in_kiosk_toml_has_a_comment() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/kiosk.toml")).unwrap();
    let mut covered = false;
    let mut missing = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('#') {
            covered = true;
        } else if t.is_empty() || t.starts_with('[') {
            covered = false;
        } else if t.contains('=') && !covered {
            missing.push(format!("line {}: {t}", n + 1));
        }
    }
    assert!(
        missing.is_empty(),
        "keys without a comment:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_shipped_file_is_the_built_in_default() {
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/kiosk.toml"));
    let from_file = kiosk::config::Settings::load(Some(path), Some(Default::default())).unwrap();
    let built_in = kiosk::config::Settings::defaults();
    assert_eq!(from_file.redacted_toml(), built_in.redacted_toml());
}

/// `verification.require` is the closed set of reset methods: a misspelt name is an error
/// naming the key, never a requirement silently dropped.
#[test]
fn an_unknown_reset_method_is_an_error_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    for (name, require) in [
        ("typo.toml", r#"["questions", "smss"]"#),
        ("password.toml", r#"["password"]"#),
    ] {
        let path = dir.path().join(name);
        let text = format!("[categories.students.verification]\nrequire = {require}\n");
        std::fs::write(&path, text).unwrap();
        let err = kiosk::config::Settings::load(Some(&path), Some(Default::default()))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("verification.require"),
            "{name}: the error names the key: {err}"
        );
    }
}

#[test]
fn known_reset_methods_load_in_order() {
    use kiosk::service::ResetMethod;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("both.toml");
    let text = "[categories.students.verification]\nrequire = [\"sms\", \"questions\"]\n";
    std::fs::write(&path, text).unwrap();
    let settings = kiosk::config::Settings::load(Some(&path), Some(Default::default())).unwrap();
    let students = settings.policy("students").unwrap();
    assert_eq!(
        students.verification.require,
        [ResetMethod::Sms, ResetMethod::Questions]
    );
}

/// A JSON body template's secret fields are hidden at any depth; its placeholders stay.
#[test]
fn a_json_body_template_is_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("json.toml");
    let text = r#"[sms.http]
content_type = "application/json"
body = '{"to": "{to}", "text": "{message}", "auth": {"api_key": "Json-Key-1", "user": "school"}, "signature": "Json-Sig-2"}'
"#;
    std::fs::write(&path, text).unwrap();
    let settings = kiosk::config::Settings::load(Some(&path), Some(Default::default())).unwrap();
    let shown = settings.redacted_toml();
    assert!(
        !shown.contains("Json-Key-1") && !shown.contains("Json-Sig-2"),
        "{shown}"
    );
    assert!(
        shown.contains("{to}") && shown.contains("school"),
        "{shown}"
    );
    assert_eq!(
        kiosk::config::credential_keys(&path),
        ["sms.http.body"],
        "the file holds credentials"
    );
}

fn load_error(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    kiosk::config::Settings::load(Some(&path), Some(Default::default()))
        .unwrap_err()
        .to_string()
}

/// A value outside a closed set names the key, the file and the values allowed, never
/// serde's "enum Lang does not have variant constructor de".
#[test]
fn an_unknown_language_names_key_file_and_allowed_values() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_error(dir.path(), "de.toml", "[languages]\ndefault = \"de\"\n");
    assert!(
        err.contains("languages.default")
            && err.contains("de.toml")
            && err.contains("\"de\"")
            && err.contains("sv, en, it"),
        "{err}"
    );
    assert!(!err.contains("variant constructor"), "{err}");
    let err = load_error(
        dir.path(),
        "list.toml",
        "[languages]\navailable = [\"sv\", \"fr\"]\n",
    );
    assert!(
        err.contains("languages.available")
            && err.contains("list.toml")
            && err.contains("sv, en, it"),
        "{err}"
    );
    let err = load_error(dir.path(), "sms.toml", "[sms]\nprovider = \"sns\"\n");
    assert!(
        err.contains("sms.provider") && err.contains("outbox, 46elks, twilio, http, none"),
        "{err}"
    );

    // From the environment, the variable is named.
    let env = [("KIOSK__LANGUAGES__DEFAULT".to_string(), "de".to_string())];
    let err = kiosk::config::Settings::load(None, Some(env.into_iter().collect()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("KIOSK__LANGUAGES__DEFAULT") && err.contains("sv, en, it"),
        "{err}"
    );
}

/// A phone region the phone number metadata does not know is refused, not silently ignored
/// (every number without a country code would then be refused at the kiosk).
#[test]
fn an_unknown_phone_region_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for region in ["XX", "se", "Sweden", ""] {
        let err = load_error(
            dir.path(),
            "region.toml",
            &format!("[kiosk]\nphone_region = \"{region}\"\n"),
        );
        assert!(
            err.contains("kiosk.phone_region") && err.contains("region.toml"),
            "{region}: {err}"
        );
    }
    for region in ["SE", "IT", "GB", "NO"] {
        let path = dir.path().join("ok.toml");
        std::fs::write(&path, format!("[kiosk]\nphone_region = \"{region}\"\n")).unwrap();
        kiosk::config::Settings::load(Some(&path), Some(Default::default())).unwrap();
    }
}

/// The username pattern must be a regular expression, and display names need room.
#[test]
fn name_settings_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_error(
        dir.path(),
        "pattern.toml",
        "[names]\nusername_pattern = \"[a-z\"\n",
    );
    assert!(
        err.contains("names.username_pattern")
            && err.contains("pattern.toml")
            && err.contains("not a regular expression")
            && !err.contains('\n'),
        "{err}"
    );
    let err = load_error(
        dir.path(),
        "cap.toml",
        "[names]\ndisplay_name_max_chars = 0\n",
    );
    assert!(err.contains("names.display_name_max_chars"), "{err}");
    let defaults = kiosk::config::Settings::defaults();
    assert_eq!(defaults.names.username_pattern, "[a-z0-9._-]{1,64}");
    assert_eq!(defaults.names.display_name_max_chars, 80);
}

/// The connection budget (issue 18): a small kiosk pool by default, a bigger one for the
/// commands, no connection kept idle for ever, and the PgBouncer switch read from the file.
#[test]
fn the_pool_settings_are_read_and_checked() {
    let defaults = kiosk::config::Settings::defaults();
    let kiosk = defaults.database.pool();
    assert_eq!(kiosk.max_connections, 2);
    assert_eq!(kiosk.idle_timeout, std::time::Duration::from_secs(60));
    assert!(!kiosk.pgbouncer);
    assert_eq!(defaults.database.command_pool().max_connections, 4);

    let dir = tempfile::tempdir().unwrap();
    let err = load_error(
        dir.path(),
        "idle.toml",
        "[database]\nidle_timeout_secs = 0\n",
    );
    assert!(err.contains("database.idle_timeout_secs"), "{err}");
    let path = dir.path().join("bouncer.toml");
    std::fs::write(
        &path,
        "[database]\nurl = \"postgres://kiosk@pgbouncer.school.example/kiosk\"\n\
         pgbouncer = true\nmax_connections = 1\nidle_timeout_secs = 30\n",
    )
    .unwrap();
    let settings = kiosk::config::Settings::load(Some(&path), Some(Default::default())).unwrap();
    let pool = settings.database.pool();
    assert!(pool.pgbouncer);
    assert_eq!(pool.max_connections, 1);
    assert_eq!(pool.idle_timeout, std::time::Duration::from_secs(30));
    // A command keeps its own few connections even when the kiosk's maximum is smaller.
    assert_eq!(settings.database.command_pool().max_connections, 4);
    assert!(settings.database.command_pool().pgbouncer);
}
