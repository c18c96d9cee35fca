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
/// class imported, each student's language set, and an account of another category.
async fn class_site(db: &TestDb) -> Site {
    let site = Site::new();
    db.store().await;
    let config = std::fs::read_to_string(&site.config).unwrap();
    std::fs::write(&site.config, config.replace(&site.db_url, &db.url)).unwrap();
    let mut roster = String::from("username,display_name,category,email,mobile\n");
    for (username, name, _) in CLASS {
        roster.push_str(&format!("{username},{name},students,,\n"));
    }
    roster.push_str("eva.nilsson,Eva Nilsson,staff,,\n");
    site.import(&roster);
    let services = site.services().await;
    for (username, _, lang) in CLASS {
        sqlx::query("UPDATE accounts SET language = $1 WHERE username = $2")
            .bind(lang)
            .bind(username)
            .execute(services.store.pool())
            .await
            .unwrap();
    }
    site
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

both!(slips_for_a_class, slips_from_a_list);
