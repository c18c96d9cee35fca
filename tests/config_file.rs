//! The shipped kiosk.toml is the documented default: every key has a comment (a comment may
//! cover the keys right below it), and it loads as the built-in defaults.

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
