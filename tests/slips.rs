//! Start of term (issue 13, item 10): `kiosk admin temp-password --category C --slips F`
//! through the real binary. The PDF is read back with poppler's `pdftotext` (scripts/test
//! installs it): one page per student, in the student's language with its letters intact
//! (å ä ö à è ì ò ù), and the password on each slip signs in at the kiosk's own service.
//! The passwords are nowhere else: not on stdout, not in the audit, not in the database
//! file; the PDF is 0600. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod pty;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use common::TestDb;
use kiosk::service::VerifyOutcome;
use pty::{Site, ftl_fragment};

/// (username, display name, language): accents in every name, one student per language.
const CLASS: [(&str, &str, &str); 3] = [
    ("asa.oberg", "Åsa Öberg-Ärlig", "sv"),
    ("nicco.fabbri", "Niccolò Perù Fabbrì Mosè Ciò", "it"),
    ("liam.brown", "Liam Brown", "en"),
];

/// A site on `db` (its URL replaces the site's own SQLite file for PostgreSQL) with the
/// class imported, each student's language set by the roster's `language` column, and an
/// account of another category (its language left empty: the default).
async fn class_site(db: &TestDb) -> Site {
    let site = Site::new();
    db.store().await;
    let config = std::fs::read_to_string(&site.config).unwrap();
    std::fs::write(&site.config, config.replace(&site.db_url, &db.url)).unwrap();
    let mut roster = String::from("username,display_name,category,email,mobile,language\n");
    for (username, name, lang) in CLASS {
        roster.push_str(&format!("{username},{name},students,,,{lang}\n"));
    }
    roster.push_str("eva.nilsson,Eva Nilsson,staff,,,\n");
    site.import(&roster);
    site
}

/// The language stored for `username` (`None`: the kiosk's default).
async fn language_of(site: &Site, username: &str) -> Option<String> {
    site.services()
        .await
        .store
        .account_by_username(username)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no account {username}"))
        .language
}

/// Whether `password` signs `username` in, asked of the services the kiosk uses.
async fn verifies(site: &Site, username: &str, password: &str) -> VerifyOutcome {
    site.services()
        .await
        .verify_password(
            &kiosk::domain::username::Username::parse(username).unwrap(),
            &kiosk::domain::secret::Secret::password(password),
        )
        .await
        .unwrap()
}

/// The PDF's pages as text.
fn pages(pdf: &std::path::Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; scripts/test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// The password on a slip: the line after the "Temporary password:" label.
fn password_on(page: &str, lang: &str) -> String {
    let label = ftl_fragment(lang, "slip-password");
    let mut lines = page.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.find(|l| l.contains(&label)).expect("the label");
    lines.next().expect("the password line").to_string()
}

async fn slips_for_a_class(db: TestDb) {
    let site = class_site(&db).await;
    let pdf = site.path().join("slips").join("class-7b.pdf");
    let out = site.cli(&[
        "admin",
        "temp-password",
        "--category",
        "students",
        "--slips",
        pdf.to_str().unwrap(),
        "--uses",
        "2",
        "--valid-days",
        "5",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("3 slip(s)"), "{stdout}");
    let mode = std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the slips file is the operator's alone");

    let pages = pages(&pdf);
    assert_eq!(
        pages.len(),
        CLASS.len(),
        "one page per student:\n{pages:#?}"
    );
    let audit = site.cli(&["admin", "audit", "--json"]);
    let audit = String::from_utf8_lossy(&audit.stdout).into_owned();
    let database = match db.url.strip_prefix("sqlite://") {
        Some(file) => std::fs::read(file.split('?').next().unwrap()).unwrap(),
        None => Vec::new(),
    };
    for (username, name, lang) in CLASS {
        let page = pages
            .iter()
            .find(|p| p.contains(username))
            .unwrap_or_else(|| panic!("no slip for {username}:\n{pages:#?}"));
        // The person's name with its accents, as typed: the embedded font has them.
        assert!(page.contains(name), "{name} on:\n{page}");
        // Words as the reader sees them: a sentence may wrap across lines.
        let flowing = pty::normalise(page);
        for key in ["slip-title", "slip-steps-title", "slip-keep", "slip-step-4"] {
            let words = pty::normalise(&ftl_fragment(lang, key));
            assert!(flowing.contains(&words), "{key} in {lang} on:\n{page}");
        }
        let settings = site.settings();
        let place = settings
            .support
            .place
            .get(kiosk::domain::lang::Lang::parse(lang).unwrap());
        assert!(
            flowing.contains(&pty::normalise(place)),
            "the office's place in {lang}:\n{page}"
        );
        let password = password_on(page, lang);
        assert!(password.len() >= 8, "{password:?} on:\n{page}");
        // Nowhere else: not printed, not audited, not in the database file.
        assert!(!stdout.contains(&password) && !stderr.contains(&password));
        assert!(!audit.contains(&password), "a password in the audit");
        assert!(
            !database
                .windows(password.len())
                .any(|w| w == password.as_bytes()),
            "a password in the database file"
        );
        // It signs in at the kiosk's own service, as the temporary password it is.
        match verifies(&site, username, &password).await {
            VerifyOutcome::Verified(account) => assert!(account.must_change(), "{username}"),
            other => panic!("{username}'s slip does not sign in: {other:?}"),
        }
    }
    assert!(
        !pages.iter().any(|p| p.contains("eva.nilsson")),
        "another category"
    );
    assert!(audit.contains("slip uses=2 valid_days=5"), "{audit}");

    // A second run never overwrites the slips: refused before anyone's password changes.
    let again = site.cli(&[
        "admin",
        "temp-password",
        "--category",
        "students",
        "--slips",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(1));
    let pages_after = self::pages(&pdf);
    let (username, _, lang) = CLASS[0];
    let page = pages_after.iter().find(|p| p.contains(username)).unwrap();
    assert!(matches!(
        verifies(&site, username, &password_on(page, lang)).await,
        VerifyOutcome::Verified(_)
    ));
}

/// A CSV of usernames (a `username` column) picks the students, in the file's order.
async fn slips_from_a_list(db: TestDb) {
    let site = class_site(&db).await;
    let list = site.path().join("list.csv");
    std::fs::write(&list, "class,username\n7b,liam.brown\n7b,asa.oberg\n").unwrap();
    let pdf = site.path().join("two.pdf");
    let out = site.cli(&[
        "admin",
        "temp-password",
        "--from",
        list.to_str().unwrap(),
        "--slips",
        pdf.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = pages(&pdf);
    assert_eq!(pages.len(), 2, "{pages:#?}");
    assert!(pages[0].contains("liam.brown") && pages[1].contains("asa.oberg"));
    // An unknown name in the list: refused whole, no file left behind.
    std::fs::write(&list, "username\nliam.brown\nnobody.here\n").unwrap();
    let pdf = site.path().join("none.pdf");
    let out = site.cli(&[
        "admin",
        "temp-password",
        "--from",
        list.to_str().unwrap(),
        "--slips",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!pdf.exists());
}

/// Issue 13's last gaps, point 1: the roster's optional `language` column. A bad value is
/// a row error listed with the other bad rows (by `--dry-run` too) and nothing changes;
/// an empty cell is the default; a roster without the column leaves languages alone; an
/// unchanged row is not rewritten.
async fn import_sets_each_language(db: TestDb) {
    let site = class_site(&db).await;
    for (username, _, lang) in CLASS {
        assert_eq!(language_of(&site, username).await.as_deref(), Some(lang));
    }
    assert_eq!(
        language_of(&site, "eva.nilsson").await,
        None,
        "empty: default"
    );

    let roster = site.path().join("langs.csv");
    let import = |csv: &str, dry: bool| {
        std::fs::write(&roster, csv).unwrap();
        let mut args = vec!["admin", "import"];
        if dry {
            args.push("--dry-run");
        }
        args.push(roster.to_str().unwrap());
        let out = site.cli(&args);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let bad = "username,display_name,category,email,mobile,language\n\
               asa.oberg,Åsa Öberg-Ärlig,students,,,it\n\
               new.one,New One,students,,,de\n\
               bad.cat,Bad Cat,nope,,,en\n\
               new.two,New Two,students,,,svenska\n";
    for dry in [true, false] {
        let (code, _, err) = import(bad, dry);
        assert_eq!(code, Some(1), "dry run {dry}: {err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 4, "three bad rows and the summary: {err}");
        assert_eq!(
            lines[0],
            "kiosk: line 3: language \"de\" is not one of sv, en, it (empty: the kiosk's default)"
        );
        assert!(
            lines[1].starts_with("kiosk: line 4: unknown category"),
            "{err}"
        );
        assert!(
            lines[2].starts_with("kiosk: line 5: language \"svenska\""),
            "{err}"
        );
        // Nothing changed, not even the good row's language.
        assert_eq!(language_of(&site, "asa.oberg").await.as_deref(), Some("sv"));
    }

    // A new language (any case) is an update; the same file again changes nothing.
    let change = "username,display_name,category,email,mobile,language\n\
                  asa.oberg,Åsa Öberg-Ärlig,students,,,IT\n\
                  liam.brown,Liam Brown,students,,,en\n\
                  nicco.fabbri,Niccolò Perù Fabbrì Mosè Ciò,students,,,\n";
    let (code, out, err) = import(change, true);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("0 would be created, 3 updated"), "{out}");
    let (code, out, err) = import(change, false);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out.trim(),
        "imported: 0 created, 2 updated",
        "liam.brown is unchanged"
    );
    assert_eq!(language_of(&site, "asa.oberg").await.as_deref(), Some("it"));
    assert_eq!(
        language_of(&site, "nicco.fabbri").await,
        None,
        "empty: default"
    );
    let (_, out, _) = import(change, false);
    assert_eq!(out.trim(), "imported: 0 created, 0 updated");

    // Without the column a roster leaves every language as it is.
    let (code, out, err) = import(
        "username,display_name,category,email,mobile\n\
         asa.oberg,Åsa Öberg-Ärlig,students,,\n",
        false,
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.trim(), "imported: 0 created, 0 updated");
    assert_eq!(language_of(&site, "asa.oberg").await.as_deref(), Some("it"));
}

both!(
    slips_for_a_class,
    slips_from_a_list,
    import_sets_each_language
);
