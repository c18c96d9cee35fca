//! Debian's default console font, Lat15-Fixed16, as the kiosk sees it: the committed Unicode
//! table (which every snapshot screen is checked against, see tests/screen) is the installed
//! font's, and every word of the three languages is in it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod screen;

use std::path::Path;
use std::process::Command;

const FONT: &str = "/usr/share/consolefonts/Lat15-Fixed16.psf.gz";

/// The table without its comment lines.
fn entries(table: &str) -> Vec<&str> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
}

/// Regenerates the table from the installed font (console-setup-linux, and psfgettable from
/// kbd; scripts/test installs both) and compares it with the committed copy.
#[test]
fn the_committed_table_is_the_installed_fonts() {
    let have_tool = Command::new("psfgettable")
        .arg("--version")
        .output()
        .is_ok();
    if !Path::new(FONT).exists() || !have_tool {
        eprintln!(
            "skipped: {FONT} or psfgettable is not installed (apt-get install console-setup-linux kbd)"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("kiosk-font-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let psf = dir.join("font.psf");
    let unzipped = Command::new("zcat").arg(FONT).output().unwrap();
    assert!(unzipped.status.success());
    std::fs::write(&psf, unzipped.stdout).unwrap();
    let table = Command::new("psfgettable")
        .arg(&psf)
        .arg("-")
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(table.status.success(), "{table:?}");
    let table = String::from_utf8(table.stdout).unwrap();
    assert_eq!(entries(&table), entries(screen::CONSOLE_FONT_TABLE));
    assert_eq!(
        screen::font_chars(&table),
        *screen::console_font(),
        "the parsed character sets differ"
    );
}

/// What the kiosk must draw in Swedish, English and Italian, and what it must not count on.
#[test]
fn the_font_has_the_three_languages_and_lacks_what_the_console_set_avoids() {
    let font = screen::console_font();
    assert!(font.len() > 250, "{}", font.len());
    for c in "åäöÅÄÖàèéìòùÀÈÉÌÒÙ”“«»…•←→↑↓─│┌┐└┘█░☑✗".chars()
    {
        assert!(font.contains(&c), "{c:?} missing");
    }
    for c in "✓√▀▄▌▐▓".chars() {
        assert!(!font.contains(&c), "{c:?} is there after all");
    }
}

/// Every character of every message (a screen drawn in a test shows only some of them) is
/// one the console font has.
#[test]
fn every_message_is_drawable_on_the_console() {
    let font = screen::console_font();
    for lang in ["sv", "en", "it"] {
        let path = format!("{}/assets/i18n/{lang}.ftl", env!("CARGO_MANIFEST_DIR"));
        let ftl = std::fs::read_to_string(&path).unwrap();
        let missing: Vec<String> = ftl
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.chars().map(move |c| (c, l)))
            .filter(|(c, _)| !font.contains(c))
            .map(|(c, l)| format!("{c:?} in {l:?}"))
            .collect();
        assert!(missing.is_empty(), "{lang}: {missing:?}");
    }
}
