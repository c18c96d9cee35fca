//! The layers of src/ point down only, and the capabilities are made only by the service.
//! Reads the source: every `crate::<module>` a layer names (outside its `#[cfg(test)]`
//! tail) must be one the layer may use. README "Architecture" draws the same picture.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// What each top-level module of src/ may name besides itself.
const RULES: &[(&str, &[&str])] = &[
    // Pure: no config, no i18n, no I/O.
    ("domain", &[]),
    ("config", &["domain"]),
    ("i18n", &["domain"]),
    ("clock", &[]),
    // Creating files and folders 0600/0700: a leaf, below everything that writes files.
    ("private_fs", &[]),
    ("random", &["domain"]),
    ("keyfile", &["domain", "random"]),
    ("crypto", &["domain", "config"]),
    ("store", &["domain", "private_fs"]),
    ("notify", &["domain", "config", "i18n", "private_fs"]),
    // The school's directory: an edge like the store; only the service uses it.
    ("directory", &["domain", "config"]),
    (
        "service",
        &[
            "domain",
            "config",
            "i18n",
            "clock",
            "random",
            "keyfile",
            "crypto",
            "store",
            "notify",
            "directory",
        ],
    ),
    // The flow is pure: it never names the service, the store or the terminal's I/O.
    ("flow", &["domain", "config"]),
    ("ui", &["domain", "config", "i18n", "clock", "flow"]),
    // The loop wires flow, UI and service; it reaches the database only through the service.
    (
        "app",
        &["domain", "config", "i18n", "clock", "flow", "ui", "service"],
    ),
];

/// Crates a pure layer must not use.
const IO_CRATES: &[&str] = &[
    "tokio::",
    "sqlx::",
    "reqwest::",
    "lettre::",
    "ratatui::",
    "std::fs",
    "std::net",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The non-test code of a file: comments dropped, and everything from the first
/// `#[cfg(test)]` on (test modules sit at the end of a file, or in `tests.rs` files and
/// `tests/` folders, and `flow/drive.rs` drives the flow in tests).
fn code_of(path: &Path) -> String {
    let test_file = path.ends_with("tests.rs")
        || path.ends_with("flow/drive.rs")
        || path.components().any(|c| c.as_os_str() == "tests");
    if test_file {
        return String::new();
    }
    let text = fs::read_to_string(path).unwrap();
    // An inline test module (`#[cfg(test)]` then `mod name {`) ends the checked code; a
    // `#[cfg(test)] mod name;` declaration does not.
    let cut = text
        .match_indices("#[cfg(test)]")
        .map(|(i, _)| i)
        .find(|&i| {
            let after = text[i + 12..].trim_start();
            after.starts_with("mod ")
                && after
                    .split(['\n', ';'])
                    .next()
                    .is_some_and(|l| l.contains('{'))
        })
        .unwrap_or(text.len());
    text[..cut]
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file belongs to (`src/flow/staff/desk.rs` → `flow`).
fn layer_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Every module named as `crate::<module>` in `code`.
fn named(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .map(|(i, _)| {
            code[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|m| !m.is_empty() && m.chars().next().is_some_and(char::is_lowercase))
        .collect()
}

#[test]
fn every_layer_points_down_only() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut broken = Vec::new();
    for file in &files {
        let layer = layer_of(file);
        let Some((_, allowed)) = RULES.iter().find(|(l, _)| *l == layer) else {
            continue;
        };
        let code = code_of(file);
        for module in named(&code) {
            if module != layer && !allowed.contains(&module.as_str()) {
                broken.push(format!("{} names crate::{module}", file.display()));
            }
        }
        if matches!(layer.as_str(), "domain" | "flow") {
            // The flow reads crossterm's key events (plain data); the domain not even that.
            let crossterm = (layer == "domain").then_some("crossterm::");
            for io in IO_CRATES.iter().copied().chain(crossterm) {
                if code.contains(io) {
                    broken.push(format!("{} (pure) uses {io}", file.display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "layer rules broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn only_the_service_makes_capabilities() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut broken = Vec::new();
    for file in &files {
        let layer = layer_of(file);
        let code = code_of(file);
        for maker in ["VerifiedAccount::new(", "Proof::new(", "StaffSession {"] {
            let defined_here = file.ends_with("domain/auth.rs") || file.ends_with("domain/desk.rs");
            if code.contains(maker) && layer != "service" && !defined_here {
                broken.push(format!("{} calls {maker}", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// The check itself catches a wrong import.
#[test]
fn the_check_sees_a_service_import() {
    let code = "use crate::service::Method;\nfn f() { crate::store::Store::x() }";
    assert_eq!(
        named(code),
        BTreeSet::from(["service".to_string(), "store".to_string()])
    );
}
