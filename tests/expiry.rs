//! The expiry job (`kiosk notify`) on SQLite and PostgreSQL: a clock walked over five weeks,
//! missed days, a real SMTP listener, a local 46elks gateway, a crash between sending and
//! recording, dry runs, accounts without addresses, categories that never expire, the
//! selection's index, and the command line.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use common::servers::{HttpServer, SmtpServer};
use common::{Env, T0, TestDb, env, env_with};
use kiosk::clock::{ManualClock, format_date};
use kiosk::config::{MailTransport, SmsProvider, SmtpTls};
use kiosk::domain::account::LockReason;
use kiosk::domain::expiry::{DAY, NoticeKind};
use kiosk::i18n::Lang;
use kiosk::i18n::format_date_in;
use kiosk::notify::sms::{MAX_SEGMENTS, gsm7_lookalikes, is_gsm7, segments};
use kiosk::notify::{Email, HttpSms, LettreMailer, MailError, Mailer, SmsError, SmsGateway};
use kiosk::service::{CLAIM_TTL_SECS, ExpiryReport};
use kiosk::store::{Account, AuditRecord};
use sqlx::{Executor, Row};

// ---------------------------------------------------------------------------------------
// Helpers

/// One message handed to a gateway.
#[derive(Debug, Clone)]
enum Delivery {
    Mail { at: i64, email: Email },
    Sms { at: i64, to: String, text: String },
}

/// A mailer and SMS gateway that records what it is given; optionally it delivers the
/// n-th message (1-based) and then panics, as a process killed between sending and
/// recording would.
struct Recorder {
    clock: Arc<ManualClock>,
    log: Mutex<Vec<Delivery>>,
    crash_after: Option<usize>,
    sends: AtomicUsize,
}

impl Recorder {
    fn new(clock: Arc<ManualClock>) -> Arc<Recorder> {
        Self::crashing(clock, None)
    }

    fn crashing(clock: Arc<ManualClock>, crash_after: Option<usize>) -> Arc<Recorder> {
        Arc::new(Recorder {
            clock,
            log: Mutex::new(Vec::new()),
            crash_after,
            sends: AtomicUsize::new(0),
        })
    }

    fn deliver(&self, d: Delivery) {
        self.log.lock().unwrap().push(d);
        let n = self.sends.fetch_add(1, Ordering::SeqCst) + 1;
        if self.crash_after == Some(n) {
            panic!("injected crash after delivering message {n}");
        }
    }

    fn all(&self) -> Vec<Delivery> {
        self.log.lock().unwrap().clone()
    }

    fn mails_to(&self, address: &str) -> Vec<(i64, Email)> {
        self.all()
            .into_iter()
            .filter_map(|d| match d {
                Delivery::Mail { at, email } if email.to == address => Some((at, email)),
                _ => None,
            })
            .collect()
    }

    fn sms_to(&self, number: &str) -> Vec<(i64, String)> {
        self.all()
            .into_iter()
            .filter_map(|d| match d {
                Delivery::Sms { at, to, text } if to == number => Some((at, text)),
                _ => None,
            })
            .collect()
    }
}

type SendFuture<'a, E> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), E>> + Send + 'a>>;

impl Mailer for Recorder {
    fn send<'a>(&'a self, email: &'a Email) -> SendFuture<'a, MailError> {
        Box::pin(async move {
            self.deliver(Delivery::Mail {
                at: kiosk::clock::Clock::now(self.clock.as_ref()),
                email: email.clone(),
            });
            Ok(())
        })
    }
    fn enabled(&self) -> bool {
        true
    }
}

impl SmsGateway for Recorder {
    fn send<'a>(&'a self, to: &'a str, message: &'a str) -> SendFuture<'a, SmsError> {
        Box::pin(async move {
            self.deliver(Delivery::Sms {
                at: kiosk::clock::Clock::now(self.clock.as_ref()),
                to: to.to_string(),
                text: message.to_string(),
            });
            Ok(())
        })
    }
    fn enabled(&self) -> bool {
        true
    }
}

/// Services whose gateways are a fresh recorder.
fn recorded(env: Env) -> (Env, Arc<Recorder>) {
    recorded_crashing(env, None)
}

fn recorded_crashing(mut env: Env, crash_after: Option<usize>) -> (Env, Arc<Recorder>) {
    let rec = Recorder::crashing(env.clock.clone(), crash_after);
    env.services = env.services.clone().with_gateways(rec.clone(), rec.clone());
    (env, rec)
}

const ANNA_MAIL: &str = "anna@example.org";
const ANNA_MOBILE: &str = "+46701234567";

/// anna (students: notices 14/7/3/1, grace 7, SMS) with email and mobile, eva (staff:
/// grace 3) with email only, nils with neither.
const PEOPLE: &str = "username,display_name,category,email,mobile\n\
anna.ostlund,Anna Östlund,students,anna@example.org,070-123 45 67\n\
eva.nilsson,Eva Nilsson,staff,eva@example.org,\n\
nils.holm,Nils Holm,students,,\n";

async fn import(env: &Env, csv: &str) {
    env.services
        .import_csv(csv.as_bytes())
        .await
        .expect("import");
}

async fn account(env: &Env, username: &str) -> Account {
    env.services
        .store
        .account_by_username(username)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no {username}"))
}

/// Gives an account a password that expires at `expires_at` (None = never).
async fn expire_at(env: &Env, username: &str, expires_at: Option<i64>) {
    let a = account(env, username).await;
    env.services
        .store
        .seed_password(
            a.id,
            "$argon2id$not-a-real-hash",
            T0 - 200 * DAY,
            expires_at,
        )
        .await
        .unwrap();
}

async fn set_language(env: &Env, username: &str, lang: &str) {
    sqlx::query("UPDATE accounts SET language = $1 WHERE username = $2")
        .bind(lang)
        .bind(username)
        .execute(env.services.store.pool())
        .await
        .unwrap();
}

async fn run(env: &Env) -> ExpiryReport {
    env.services.expiry_job().run().await.expect("expiry run")
}

async fn audit(env: &Env, username: &str) -> Vec<AuditRecord> {
    env.services
        .store
        .audit_log(Some(username), None, 100_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.action.as_str().starts_with("expiry_"))
        .collect()
}

/// Every row of the tables the job could touch, as text, in a stable order.
async fn snapshot(env: &Env) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT CAST(id AS TEXT) || '|' || username || '|' || COALESCE(lock_reason, '-') || '|' \
         || COALESCE(CAST(locked_until AS TEXT), '-') || '|' || CAST(version AS TEXT) || '|' \
         || CAST(updated_at AS TEXT) || '|' || COALESCE(CAST(expiry_closed AS TEXT), '-') || '|' \
         || COALESCE(CAST(password_expires_at AS TEXT), '-') AS r FROM accounts ORDER BY id",
        "SELECT CAST(account_id AS TEXT) || '|' || CAST(cycle AS TEXT) || '|' || kind || '|' \
         || state || '|' || CAST(at AS TEXT) AS r FROM notices ORDER BY account_id, cycle, kind",
        "SELECT CAST(id AS TEXT) || '|' || action || '|' || outcome || '|' || detail AS r \
         FROM audit_log ORDER BY id",
    ] {
        for row in sqlx::query(sql)
            .fetch_all(env.services.store.pool())
            .await
            .unwrap()
        {
            out.push(row.try_get::<String, _>("r").unwrap());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// The walk

const STEP: i64 = 6 * 3600;

/// The first walk step at or after `t` (the walk visits T0, T0 + 6 h, T0 + 12 h, …).
fn first_step_from(t: i64) -> i64 {
    T0 + (t - T0 + STEP - 1).div_euclid(STEP) * STEP
}

async fn walk_five_weeks_every_notice_once_and_lock_on_time(db: TestDb) {
    let (env, rec) = recorded(env(db).await);
    import(&env, PEOPLE).await;
    // Odd hours, so that no boundary falls on a walk step.
    let anna_expires = T0 + 20 * DAY + 5 * 3600;
    let eva_expires = T0 + 10 * DAY + 3600;
    expire_at(&env, "anna.ostlund", Some(anna_expires)).await;
    expire_at(&env, "eva.nilsson", Some(eva_expires)).await;
    set_language(&env, "eva.nilsson", "en").await;
    let anna_lock = anna_expires + 7 * DAY;
    let eva_lock = eva_expires + 3 * DAY;

    let mut now = T0;
    while now <= T0 + 35 * DAY {
        env.clock.set(now);
        // Several runs a day (the timer, a boot, an admin by hand): nothing twice.
        run(&env).await;
        let again = run(&env).await;
        assert!(
            again.counts.values().all(|c| c.done == 0 && c.failed == 0),
            "a second run at the same moment did something: {again:?}"
        );
        for (user, lock) in [("anna.ostlund", anna_lock), ("eva.nilsson", eva_lock)] {
            let a = account(&env, user).await;
            assert_eq!(
                a.is_locked(now),
                now >= lock,
                "{user} at T0 + {} h",
                (now - T0) / 3600
            );
        }
        now += STEP;
    }

    // anna: one email per notice day at the first run after its boundary, then the lock
    // email; one SMS on expiry and one on the lock.
    let mails = rec.mails_to(ANNA_MAIL);
    let expected: Vec<i64> = [14, 7, 3, 1]
        .iter()
        .map(|d| first_step_from(anna_expires - d * DAY))
        .chain([first_step_from(anna_lock)])
        .collect();
    assert_eq!(mails.iter().map(|m| m.0).collect::<Vec<_>>(), expected);
    let date = format_date(anna_expires);
    for (_, m) in &mails[..4] {
        assert_eq!(m.subject, format!("Ditt lösenord går ut {date}"));
        assert_eq!(m.language, "sv");
        assert!(m.body.contains(&date), "{}", m.body);
    }
    assert_eq!(mails[4].1.subject, "Ditt konto är spärrat");
    let sms = rec.sms_to(ANNA_MOBILE);
    assert_eq!(
        sms.iter().map(|s| s.0).collect::<Vec<_>>(),
        vec![first_step_from(anna_expires), first_step_from(anna_lock)]
    );
    assert!(sms[0].1.contains(&format_date(anna_lock)), "{}", sms[0].1);
    for (_, text) in &sms {
        assert!(is_gsm7(text) && segments(text) <= MAX_SEGMENTS, "{text}");
    }

    // eva: English, no mobile: the SMS are recorded as skipped, never sent.
    let eva_mails = rec.mails_to("eva@example.org");
    assert_eq!(eva_mails.len(), 5);
    assert_eq!(
        eva_mails[0].1.subject,
        format!(
            "Your password expires on {}",
            format_date_in(Lang::En, eva_expires)
        )
    );
    assert_eq!(eva_mails[4].0, first_step_from(eva_lock));
    assert_eq!(rec.all().len(), 5 + 2 + 5);

    // The audit trail: every notice and the lock, once each.
    let trail = audit(&env, "anna.ostlund").await;
    let sent: Vec<&str> = trail
        .iter()
        .filter(|r| r.outcome.as_str() == "sent")
        .map(|r| r.detail.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        sent,
        [
            "email-14",
            "email-7",
            "email-3",
            "email-1",
            "sms-expired",
            "email-locked",
            "sms-locked"
        ]
    );
    let locks: Vec<&AuditRecord> = trail
        .iter()
        .filter(|r| r.action.as_str() == "expiry_lock")
        .collect();
    assert_eq!(locks.len(), 1);
    assert_eq!(locks[0].at, first_step_from(anna_lock));
    assert_eq!(locks[0].actor, "system");
    let eva_trail = audit(&env, "eva.nilsson").await;
    let skipped: Vec<&str> = eva_trail
        .iter()
        .filter(|r| r.outcome.as_str() == "skipped")
        .map(|r| r.detail.as_str())
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped
            .iter()
            .all(|d| d.contains("no confirmed mobile number"))
    );
    assert!(
        trail
            .iter()
            .chain(&eva_trail)
            .all(|r| !r.detail.contains('@') && !r.detail.contains("+46")),
        "no address or number in the audit log"
    );

    // Closed: the selection no longer returns them, and staff unlocking is not undone.
    let horizon = env.services.expiry_job().horizon(env.clock.now_secs());
    let open = env.services.store.expiry_candidates(horizon).await.unwrap();
    assert!(open.is_empty(), "{open:?}");
    env.services
        .unlock("anna.ostlund", "admin:test")
        .await
        .unwrap();
    env.clock.advance(DAY);
    run(&env).await;
    assert!(!account(&env, "anna.ostlund").await.is_locked(T0 + 40 * DAY));

    // A new password is a new expiry: its notices start again.
    let next = env.clock.now_secs() + 14 * DAY - 60;
    expire_at(&env, "anna.ostlund", Some(next)).await;
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::Email(14)).done, 1);
    let last = rec.mails_to(ANNA_MAIL).pop().unwrap().1;
    assert!(last.subject.contains(&format_date(next)));
    // The rows of the old expiry are gone; the new one has its first.
    let cycles: Vec<i64> = sqlx::query("SELECT cycle FROM notices WHERE account_id = $1")
        .bind(account(&env, "anna.ostlund").await.id)
        .fetch_all(env.services.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("cycle").unwrap())
        .collect();
    assert_eq!(cycles, vec![next]);
}

/// ManualClock's reading, without importing the trait everywhere.
trait NowSecs {
    fn now_secs(&self) -> i64;
}

impl NowSecs for ManualClock {
    fn now_secs(&self) -> i64 {
        kiosk::clock::Clock::now(self)
    }
}

async fn missed_days_send_only_the_most_urgent(db: TestDb) {
    let (env, rec) = recorded(env(db).await);
    import(&env, PEOPLE).await;
    let e = T0 + 20 * DAY;
    expire_at(&env, "anna.ostlund", Some(e)).await;
    run(&env).await;
    assert!(rec.all().is_empty(), "20 days out: nothing yet");

    // The job did not run for 18 days: of 14, 7 and 3 only the 3-day notice goes out.
    env.clock.set(e - 2 * DAY);
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::Email(3)).done, 1);
    assert_eq!(report.counts.len(), 1, "{report:?}");
    assert_eq!(rec.all().len(), 1);
    // And the skipped ones never come later.
    env.clock.advance(3600);
    run(&env).await;
    assert_eq!(rec.all().len(), 1);

    // Missed the 1-day notice and the expiry day: the expiry SMS, no email.
    env.clock.set(e + 2 * DAY);
    run(&env).await;
    assert_eq!(rec.sms_to(ANNA_MOBILE).len(), 1);
    assert_eq!(rec.mails_to(ANNA_MAIL).len(), 1);

    // Another account missed everything: only the lock and its two messages.
    expire_at(&env, "eva.nilsson", Some(e)).await;
    env.clock.set(e + 30 * DAY);
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::Lock).done, 2);
    assert_eq!(report.of(NoticeKind::LockEmail).done, 2);
    assert_eq!(report.of(NoticeKind::Email(1)), Default::default());
    assert_eq!(report.of(NoticeKind::ExpirySms), Default::default());
    let eva = rec.mails_to("eva@example.org");
    assert_eq!(eva.len(), 1);
    assert_eq!(eva[0].1.subject, "Ditt konto är spärrat");
    assert_eq!(
        account(&env, "eva.nilsson").await.lock_reason,
        Some(LockReason::Expired)
    );
}

// ---------------------------------------------------------------------------------------
// Real SMTP and a real HTTP gateway

/// A header of a received mail, folded lines joined, `=?utf-8?b?…?=` words decoded (what
/// lettre writes for non-ASCII text).
fn header(mail: &common::servers::ReceivedMail, name: &str) -> Option<String> {
    let head = mail.data.split("\r\n\r\n").next()?;
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let value = unfolded.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })?;
    if !value.contains("=?") {
        return Some(value);
    }
    // Adjacent encoded words join without the whitespace between them (RFC 2047); other
    // whitespace stays.
    let mut out = String::new();
    let mut previous_encoded = false;
    for word in value.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let encoded = lower.starts_with("=?utf-8?b?") && lower.ends_with("?=");
        let joined = encoded && previous_encoded;
        if !out.is_empty() && !joined {
            out.push(' ');
        }
        if encoded {
            out.push_str(&String::from_utf8(base64(&word[10..word.len() - 2])).unwrap());
        } else {
            out.push_str(word);
        }
        previous_encoded = encoded;
    }
    Some(out)
}

fn base64(s: &str) -> Vec<u8> {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let vals: Vec<u32> = s
        .bytes()
        .filter_map(|b| T.iter().position(|&t| t == b).map(|p| p as u32))
        .collect();
    let mut out = Vec::new();
    for chunk in vals.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, v)| acc | (v << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

fn quoted_printable(s: &str) -> Vec<u8> {
    let s = s.replace("=\r\n", "").replace("=\n", "");
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() + 1 {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The decoded text body of a received mail.
fn body_of(mail: &common::servers::ReceivedMail) -> String {
    // SMTP doubles a dot at the start of a line; the test listener keeps it as received.
    let raw = mail
        .data
        .split_once("\r\n\r\n")
        .unwrap()
        .1
        .split("\r\n")
        .map(|l| {
            l.strip_prefix('.')
                .filter(|r| r.starts_with('.'))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    let raw = raw.as_str();
    let encoding = mail
        .header("Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => base64(raw),
        "quoted-printable" => quoted_printable(raw),
        _ => raw.as_bytes().to_vec(),
    };
    String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
}

async fn smtp_listener_receives_notices_in_each_language(db: TestDb) {
    let server = SmtpServer::start().await;
    let env = env_with(db, |s| {
        s.mail.transport = MailTransport::Smtp;
        s.mail.smtp.host = "127.0.0.1".into();
        s.mail.smtp.port = server.port;
        s.mail.smtp.tls = SmtpTls::None;
    })
    .await;
    let mailer = Arc::new(LettreMailer::new(&env.services.settings.mail).unwrap());
    let rec = Recorder::new(env.clock.clone());
    let env = Env {
        services: env.services.clone().with_gateways(rec.clone(), mailer),
        ..env
    };
    import(
        &env,
        "username,display_name,category,email,mobile\n\
         anna.ostlund,Anna Östlund,students,anna@example.org,\n\
         eva.nilsson,Eva Nilsson,staff,eva@example.org,\n\
         marco.rossi,Marco Rossi,students,marco@example.org,\n",
    )
    .await;
    let e = T0 + 7 * DAY;
    for user in ["anna.ostlund", "eva.nilsson", "marco.rossi"] {
        expire_at(&env, user, Some(e)).await;
    }
    set_language(&env, "eva.nilsson", "en").await;
    set_language(&env, "marco.rossi", "it-IT").await;
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::Email(7)).done, 3, "{report:?}");

    let mails = server.mails();
    assert_eq!(mails.len(), 3);
    let date = |lang| format_date_in(lang, e);
    let settings = &env.services.settings;
    for (to, lang, subject, phrase) in [
        (
            "anna@example.org",
            "sv",
            format!("Ditt lösenord går ut {}", date(Lang::Sv)),
            "Hej Anna Östlund!",
        ),
        (
            "eva@example.org",
            "en",
            format!("Your password expires on {}", date(Lang::En)),
            "Hello Eva Nilsson,",
        ),
        (
            "marco@example.org",
            "it",
            format!("La tua password scade il {}", date(Lang::It)),
            "Ciao Marco Rossi,",
        ),
    ] {
        let mail = mails
            .iter()
            .find(|m| m.to == vec![format!("<{to}>")])
            .unwrap_or_else(|| panic!("no mail to {to}"));
        assert!(
            mail.from.starts_with("<it@alleskolan.example>"),
            "{}",
            mail.from
        );
        assert_eq!(header(mail, "Content-Language").as_deref(), Some(lang));
        assert_eq!(
            header(mail, "Content-Type").as_deref(),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(header(mail, "To").as_deref(), Some(to));
        assert_eq!(
            header(mail, "From").as_deref(),
            Some("Alléskolan IT <it@alleskolan.example>")
        );
        assert_eq!(header(mail, "Subject"), Some(subject));
        let body = body_of(mail);
        assert!(body.starts_with(phrase), "{body}");
        assert!(body.contains(&date(Lang::parse(lang).unwrap())), "{body}");
        assert!(body.contains(&settings.support.phone), "{body}");
        assert!(body.contains(&settings.support.unit), "{body}");
        assert!(body.contains(&settings.support.email), "{body}");
        // No links and no codes: nothing a phisher could imitate.
        assert!(!body.contains("://") && !body.contains("www."), "{body}");
        assert!(
            !body
                .as_bytes()
                .windows(6)
                .any(|w| w.iter().all(u8::is_ascii_digit)),
            "{body}"
        );
        assert!(!body.contains("{ $") && !body.contains("expiry-"), "{body}");
    }
    let en = body_of(mails.iter().find(|m| m.to[0].contains("eva")).unwrap());
    assert!(en.contains("in 7 days"), "{en}");
    assert!(
        en.contains(&format_date_in(Lang::En, e + 3 * DAY)),
        "staff grace is 3 days: {en}"
    );
    // A second run sends nothing more.
    run(&env).await;
    assert_eq!(server.mails().len(), 3);
}

fn form_decode(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    body.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect()
}

async fn sms_through_a_local_46elks_gateway(db: TestDb) {
    let server = HttpServer::start(vec![200]).await;
    let env = env_with(db, |s| {
        s.sms.provider = SmsProvider::Elks;
        s.sms.elks.url = format!("{}/a1/sms", server.url);
        s.sms.elks.username = "u-kiosk".into();
        s.sms.elks.password = "elks-secret".into();
        s.sms.timeout_secs = 2;
    })
    .await;
    let gateway = Arc::new(HttpSms::new(&env.services.settings.sms).unwrap());
    let rec = Recorder::new(env.clock.clone());
    let env = Env {
        services: env.services.clone().with_gateways(gateway, rec.clone()),
        ..env
    };
    import(&env, PEOPLE).await;
    // Expired an hour ago: the expiry SMS is due.
    let e = T0 - 3600;
    expire_at(&env, "anna.ostlund", Some(e)).await;
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::ExpirySms).done, 1, "{report:?}");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/a1/sms"));
    // "u-kiosk:elks-secret" in base64.
    assert_eq!(
        r.header("authorization"),
        Some("Basic dS1raW9zazplbGtzLXNlY3JldA==")
    );
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // The office's place and hours, their dashes as GSM-7 hyphens.
    let office = gsm7_lookalikes(&env.services.settings.support.office_where(Lang::Sv));
    assert!(office.contains("Expeditionen, hus A"), "{office}");
    let expected = format!(
        "Alléskolan: ditt lösenord gick ut {}. Byt det vid lösenordskiosken på expeditionen\
         {office} senast {}, annars spärras kontot. Hjälp: 0582-35 545",
        format_date(e),
        format_date(e + 7 * DAY)
    );
    assert_eq!(
        form_decode(&r.body),
        vec![
            ("from".to_string(), "Alleskolan".to_string()),
            ("to".to_string(), ANNA_MOBILE.to_string()),
            ("message".to_string(), expected.clone()),
        ]
    );
    assert!(
        r.body
            .starts_with("from=Alleskolan&to=%2B46701234567&message=All%C3%A9skolan")
    );
    assert!(is_gsm7(&expected) && segments(&expected) == 2, "{expected}");

    // The gateway fails: recorded and audited as failed, tried again on the next run.
    let down = HttpServer::start(vec![503]).await;
    let mut sms = env.services.settings.sms.clone();
    sms.elks.url = format!("{}/a1/sms", down.url);
    let env = Env {
        services: env
            .services
            .clone()
            .with_gateways(Arc::new(HttpSms::new(&sms).unwrap()), rec.clone()),
        ..env
    };
    env.clock.set(e + 7 * DAY);
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::LockSms).failed, 1, "{report:?}");
    assert_eq!(report.failed(), 1);
    assert_eq!(down.requests().len(), 2, "one try and one retry");
    let failed: Vec<AuditRecord> = audit(&env, "anna.ostlund")
        .await
        .into_iter()
        .filter(|r| r.outcome.as_str() == "failed")
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].detail.starts_with("sms-locked"), "{failed:?}");
    assert!(!failed[0].detail.contains("elks-secret"));
    // Back up: the next run sends it, once.
    let env = Env {
        services: env.services.clone().with_gateways(
            Arc::new(HttpSms::new(&env.services.settings.sms).unwrap()),
            rec.clone(),
        ),
        ..env
    };
    env.clock.advance(3600);
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::LockSms).done, 1);
    assert_eq!(server.requests().len(), 2);
    run(&env).await;
    assert_eq!(server.requests().len(), 2);
}

/// Issue 13's last gaps, point 2: the expiry SMS name the office's place and hours in the
/// person's language and fit two GSM-7 messages (languages set by the roster's column).
async fn sms_texts_fit_two_gsm7_messages_in_every_language(db: TestDb) {
    let (env, rec) = recorded(env(db).await);
    import(
        &env,
        "username,display_name,category,email,mobile,language\n\
         a.sv,A Sv,students,,070-111 11 11,sv\n\
         b.en,B En,students,,070-222 22 22,en\n\
         c.it,C It,students,,070-333 33 33,it\n",
    )
    .await;
    for user in ["a.sv", "b.en", "c.it"] {
        expire_at(&env, user, Some(T0 + 3600)).await;
    }
    env.clock.set(T0 + 2 * 3600);
    run(&env).await;
    env.clock.set(T0 + 8 * DAY);
    run(&env).await;
    let texts: Vec<String> = rec
        .all()
        .into_iter()
        .filter_map(|d| match d {
            Delivery::Sms { text, .. } => Some(text),
            Delivery::Mail { .. } => None,
        })
        .collect();
    assert_eq!(texts.len(), 6);
    for text in &texts {
        assert!(is_gsm7(text), "not GSM-7: {text}");
        assert!(
            segments(text) <= MAX_SEGMENTS,
            "{} chars: {text}",
            text.chars().count()
        );
    }
    let support = &env.services.settings.support;
    for lang in Lang::ALL {
        let place = gsm7_lookalikes(support.place.get(lang));
        let hours = gsm7_lookalikes(support.hours.get(lang));
        assert_eq!(
            texts
                .iter()
                .filter(|t| t.contains(&place) && t.contains(&hours))
                .count(),
            2,
            "{lang:?}: {place}, {hours} in:\n{texts:#?}"
        );
    }
    assert!(texts.iter().any(|t| t.contains("è scaduta")));
    assert!(texts.iter().any(|t| t.contains("your account is locked")));
}

// ---------------------------------------------------------------------------------------
// Crashes

async fn a_crash_between_sending_and_recording_resends_after_the_claim_expires(db: TestDb) {
    // The gateway delivers the second email and then the process "dies".
    let (env, rec) = recorded_crashing(env(db).await, Some(2));
    import(
        &env,
        "username,display_name,category,email,mobile\n\
         a1,A One,students,a1@example.org,\n\
         a2,A Two,students,a2@example.org,\n\
         a3,A Three,students,a3@example.org,\n",
    )
    .await;
    for (i, user) in ["a1", "a2", "a3"].iter().enumerate() {
        // Distinct expiries fix the order the job takes them in.
        expire_at(&env, user, Some(T0 + 7 * DAY - 60 * (3 - i as i64))).await;
    }
    let services = env.services.clone();
    let crashed = tokio::spawn(async move { services.expiry_job().run().await }).await;
    assert!(crashed.unwrap_err().is_panic());
    let count = |to: &str| rec.mails_to(to).len();
    assert_eq!(
        (
            count("a1@example.org"),
            count("a2@example.org"),
            count("a3@example.org")
        ),
        (1, 1, 0)
    );

    // At once: a3 (never reached) goes out; a2's claim is fresh (its run might still be
    // sending it) and is left alone; a1 is done.
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::Email(7)).done, 1);
    assert_eq!(report.of(NoticeKind::Email(7)).busy, 1);
    assert_eq!(
        (
            count("a1@example.org"),
            count("a2@example.org"),
            count("a3@example.org")
        ),
        (1, 1, 1)
    );

    // Once the claim is stale, a2's notice goes out again: at least once, never lost.
    env.clock.advance(CLAIM_TTL_SECS + 1);
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::Email(7)).done, 1);
    assert_eq!(
        (
            count("a1@example.org"),
            count("a2@example.org"),
            count("a3@example.org")
        ),
        (1, 2, 1)
    );
    run(&env).await;
    env.clock.advance(DAY);
    run(&env).await;
    assert_eq!(rec.all().len(), 4);
    for user in ["a1", "a2", "a3"] {
        let sent = audit(&env, user)
            .await
            .iter()
            .filter(|r| r.outcome.as_str() == "sent")
            .count();
        assert_eq!(sent, 1, "{user}");
    }
}

/// The database refuses to record "sent" (a failure injected with a trigger) after the
/// mail went out: the run stops with an error, and the notice is sent again once its
/// claim is stale.
async fn a_store_failure_after_sending_resends_after_the_claim_expires(db: TestDb) {
    let (env, rec) = recorded(env(db).await);
    import(&env, PEOPLE).await;
    expire_at(&env, "anna.ostlund", Some(T0 + 3 * DAY)).await;
    let pool = env.services.store.pool();
    match env.services.store.backend() {
        kiosk::store::Backend::Sqlite => {
            pool.execute(
                "CREATE TRIGGER fail_sent BEFORE UPDATE ON notices WHEN NEW.state = 'sent' \
                 BEGIN SELECT RAISE(ABORT, 'injected'); END",
            )
            .await
            .unwrap();
        }
        kiosk::store::Backend::Postgres => {
            pool.execute(
                "CREATE FUNCTION fail_sent() RETURNS trigger AS $$ BEGIN \
                 IF NEW.state = 'sent' THEN RAISE EXCEPTION 'injected'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
            )
            .await
            .unwrap();
            pool.execute(
                "CREATE TRIGGER fail_sent BEFORE UPDATE ON notices \
                 FOR EACH ROW EXECUTE FUNCTION fail_sent()",
            )
            .await
            .unwrap();
        }
    }
    let err = env.services.expiry_job().run().await;
    assert!(err.is_err(), "{err:?}");
    assert_eq!(rec.mails_to(ANNA_MAIL).len(), 1);
    pool.execute("DROP TRIGGER fail_sent ON notices").await.ok();
    pool.execute("DROP TRIGGER IF EXISTS fail_sent").await.ok();
    let report = run(&env).await;
    assert_eq!(report.of(NoticeKind::Email(3)).busy, 1);
    assert_eq!(rec.mails_to(ANNA_MAIL).len(), 1);
    env.clock.advance(CLAIM_TTL_SECS + 1);
    run(&env).await;
    run(&env).await;
    assert_eq!(rec.mails_to(ANNA_MAIL).len(), 2);
}

async fn two_runs_at_once_send_each_notice_once(db: TestDb) {
    let (env, rec) = recorded(env(db).await);
    let mut csv = String::from("username,display_name,category,email,mobile\n");
    for i in 0..30 {
        csv.push_str(&format!("u{i},User {i},students,u{i}@example.org,\n"));
    }
    import(&env, &csv).await;
    for i in 0..30 {
        // Some in the notice window, some past grace (lock + lock email).
        let e = if i % 2 == 0 { T0 + DAY } else { T0 - 10 * DAY };
        expire_at(&env, &format!("u{i}"), Some(e)).await;
    }
    // Two tasks on two worker threads, as two hosts running the timer at once.
    let (ja, jb) = (env.services.expiry_job(), env.services.expiry_job());
    let (a, b) = tokio::join!(
        tokio::spawn(async move { ja.run().await }),
        tokio::spawn(async move { jb.run().await })
    );
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    let mut seen = std::collections::BTreeMap::new();
    for d in rec.all() {
        if let Delivery::Mail { email, .. } = d {
            *seen.entry(email.to).or_insert(0) += 1;
        }
    }
    assert_eq!(seen.len(), 30);
    assert!(seen.values().all(|&n| n == 1), "{seen:?}");
    assert_eq!(
        a.of(NoticeKind::Lock).done + b.of(NoticeKind::Lock).done,
        15
    );
    let locks = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'expiry_lock'")
        .fetch_one(env.services.store.pool())
        .await
        .unwrap()
        .try_get::<i64, _>("n")
        .unwrap();
    assert_eq!(locks, 15);
}

// ---------------------------------------------------------------------------------------
// Dry run, missing addresses, never-expiring categories

async fn dry_run_changes_nothing(db: TestDb) {
    let (env, rec) = recorded(env(db).await);
    import(&env, PEOPLE).await;
    expire_at(&env, "anna.ostlund", Some(T0 + 7 * DAY)).await;
    expire_at(&env, "eva.nilsson", Some(T0 - DAY)).await;
    expire_at(&env, "nils.holm", Some(T0 - 30 * DAY)).await;
    let before = snapshot(&env).await;
    let report = env.services.expiry_job().dry_run(true).run().await.unwrap();
    assert_eq!(
        snapshot(&env).await,
        before,
        "a dry run changed the database"
    );
    assert!(rec.all().is_empty(), "a dry run sent something");
    let planned: Vec<(String, String, Option<String>)> = report
        .planned
        .iter()
        .map(|p| (p.username.clone(), p.kind.code(), p.to.clone()))
        .collect();
    assert_eq!(
        planned,
        vec![
            ("nils.holm".into(), "lock".into(), Some("nils.holm".into())),
            ("nils.holm".into(), "email-locked".into(), None),
            ("nils.holm".into(), "sms-locked".into(), None),
            ("eva.nilsson".into(), "sms-expired".into(), None),
            (
                "anna.ostlund".into(),
                "email-7".into(),
                Some(ANNA_MAIL.into())
            ),
        ]
    );
    // Twice, to be sure, then a real run does change things.
    env.services.expiry_job().dry_run(true).run().await.unwrap();
    assert_eq!(snapshot(&env).await, before);
    run(&env).await;
    assert_ne!(snapshot(&env).await, before);
    assert_eq!(rec.all().len(), 1);
}

async fn an_account_without_email_or_mobile_is_still_locked(db: TestDb) {
    let (env, rec) = recorded(env(db).await);
    import(&env, PEOPLE).await;
    let e = T0 + 10 * DAY;
    expire_at(&env, "nils.holm", Some(e)).await;
    for t in [T0, e - 7 * DAY, e - DAY, e, e + 7 * DAY, e + 8 * DAY] {
        env.clock.set(t);
        run(&env).await;
        run(&env).await;
    }
    assert!(rec.all().is_empty());
    let nils = account(&env, "nils.holm").await;
    assert_eq!(nils.lock_reason, Some(LockReason::Expired));
    let trail = audit(&env, "nils.holm").await;
    let outcomes: Vec<(String, String)> = trail
        .iter()
        .map(|r| {
            (
                r.outcome.as_str().to_string(),
                r.detail.split(':').next().unwrap().to_string(),
            )
        })
        .collect();
    let date = format_date(e);
    assert_eq!(
        outcomes,
        vec![
            ("skipped".into(), format!("email-14 for expiry {date}")),
            ("skipped".into(), format!("email-7 for expiry {date}")),
            ("skipped".into(), format!("email-1 for expiry {date}")),
            ("skipped".into(), format!("sms-expired for expiry {date}")),
            (
                "locked".into(),
                format!("password expired {date}, grace 7 day(s) ended")
            ),
            ("skipped".into(), format!("email-locked for expiry {date}")),
            ("skipped".into(), format!("sms-locked for expiry {date}")),
        ]
    );
    assert!(trail[0].detail.ends_with("no email address"));
    assert!(trail[3].detail.ends_with("no confirmed mobile number"));
}

async fn never_expiring_and_quiet_categories(db: TestDb) {
    let (env, rec) = recorded(
        env_with(db, |s| {
            let mut guests = s.categories["students"].clone();
            guests.label = "Gäster".into();
            guests.max_age_days = 0;
            s.categories.insert("guests".into(), guests);
            let mut quiet = s.categories["students"].clone();
            quiet.expiry.notice_days = vec![];
            quiet.expiry.sms_on_expiry = false;
            quiet.expiry.grace_days = 2;
            s.categories.insert("quiet".into(), quiet);
        })
        .await,
    );
    import(
        &env,
        "username,display_name,category,email,mobile\n\
         gus.guest,Gus Guest,guests,gus@example.org,070-444 44 44\n\
         qui.quiet,Qui Quiet,quiet,qui@example.org,070-555 55 55\n",
    )
    .await;
    expire_at(&env, "gus.guest", None).await;
    let e = T0 + 5 * DAY;
    expire_at(&env, "qui.quiet", Some(e)).await;
    let mut t = T0;
    while t < T0 + 400 * DAY {
        env.clock.set(t);
        run(&env).await;
        t += DAY / 2;
    }
    let gus = account(&env, "gus.guest").await;
    assert!(!gus.is_locked(t));
    assert!(rec.mails_to("gus@example.org").is_empty());
    assert!(rec.sms_to("+46704444444").is_empty());
    assert!(audit(&env, "gus.guest").await.is_empty());
    // The quiet category sends nothing ahead and no expiry SMS, but still locks and says so.
    let qui = rec.mails_to("qui@example.org");
    assert_eq!(qui.len(), 1);
    assert_eq!(qui[0].0, e + 2 * DAY);
    assert_eq!(rec.sms_to("+46705555555").len(), 1);
    assert!(account(&env, "qui.quiet").await.is_locked(t));
}

// ---------------------------------------------------------------------------------------
// The selection is an index range

async fn the_selection_is_an_index_range_not_a_table_scan(db: TestDb) {
    let env = env(db).await;
    let store = &env.services.store;
    store.seed_synthetic_accounts(20_000, T0).await.unwrap();
    let horizon = env.services.expiry_job().horizon(T0);
    let due = store.expiry_candidates(horizon).await.unwrap();
    // Every 100th account is due; the 1% closed long ago and the rest are not looked at.
    assert_eq!(due.len(), 200);
    // Half of them have their 14-day email of this expiry; rows of earlier ones are not read.
    let with_notice = due.iter().filter(|c| !c.notices.is_empty()).count();
    assert!((90..=110).contains(&with_notice), "{with_notice}");
    assert!(
        due.iter()
            .flat_map(|c| &c.notices)
            .all(|n| n.kind == "email-14")
    );
    assert!(due.windows(2).all(|w| w[0].expires_at <= w[1].expires_at));
    let plan = store.explain_expiry_candidates(horizon).await.unwrap();
    let text = plan.join("\n");
    match store.backend() {
        kiosk::store::Backend::Sqlite => {
            assert!(
                plan.iter().any(|l| l.contains("SEARCH a USING")
                    && l.contains("accounts_expiry_open")
                    && l.contains("password_expires_at<?")),
                "{text}"
            );
            assert!(
                plan.iter().any(|l| l.contains("SEARCH notices USING")
                    && l.contains("sqlite_autoindex_notices_1")),
                "{text}"
            );
            assert!(
                !plan.iter().any(|l| l.trim_start().starts_with("SCAN")),
                "{text}"
            );
        }
        kiosk::store::Backend::Postgres => {
            assert!(text.contains("on accounts_expiry_open"), "{text}");
            assert!(
                text.contains("Index Cond: (password_expires_at <="),
                "{text}"
            );
            assert!(!text.contains("Seq Scan on accounts"), "{text}");
            // The notices of the due accounts are primary-key look-ups; on a table this
            // small (6,000 rows) PostgreSQL may rightly prefer to read it whole, so the
            // look-up is checked at a million accounts in benches/expiry.rs instead.
            assert!(text.contains("account_id = ANY"), "{text}");
        }
    }
}

both!(
    walk_five_weeks_every_notice_once_and_lock_on_time,
    missed_days_send_only_the_most_urgent,
    smtp_listener_receives_notices_in_each_language,
    sms_through_a_local_46elks_gateway,
    sms_texts_fit_two_gsm7_messages_in_every_language,
    a_crash_between_sending_and_recording_resends_after_the_claim_expires,
    a_store_failure_after_sending_resends_after_the_claim_expires,
    two_runs_at_once_send_each_notice_once,
    dry_run_changes_nothing,
    an_account_without_email_or_mobile_is_still_locked,
    never_expiring_and_quiet_categories,
    the_selection_is_an_index_range_not_a_table_scan,
);

// ---------------------------------------------------------------------------------------
// The command line (SQLite)

fn kiosk(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    cmd.current_dir(dir).args(args);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIOSK__")) {
        cmd.env_remove(k);
    }
    cmd.env("KIOSK__DATABASE__URL", "sqlite://data/k.db");
    cmd.output().expect("run kiosk")
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn notify_command_dry_run_then_real_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiosk(dir.path(), &["seed-demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Two demo accounts expire in 3 days: the 3-day notice is due for both.
    let out = kiosk(dir.path(), &["notify", "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("dry run"), "{stdout}");
    assert!(
        stdout.contains("email-3") && stdout.contains("cilla.aberg"),
        "{stdout}"
    );
    assert!(
        stdout.contains("filip.rossi@alleskolan.example"),
        "{stdout}"
    );
    assert!(stdout.contains("email-3: 2 to send"), "{stdout}");
    assert!(
        !dir.path().join("var/mail").exists(),
        "a dry run wrote mail"
    );

    let out = kiosk(dir.path(), &["notify"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("email-3: 2 sent"),
        "{}",
        text(&out.stdout)
    );
    let mails = std::fs::read_dir(dir.path().join("var/mail"))
        .unwrap()
        .count();
    assert_eq!(mails, 2);

    let out = kiosk(dir.path(), &["notify"]);
    assert!(out.status.success());
    assert!(
        !text(&out.stdout).contains("email-3"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("var/mail"))
            .unwrap()
            .count(),
        2
    );

    let out = kiosk(dir.path(), &["admin", "audit", "--user", "cilla.aberg"]);
    assert!(
        text(&out.stdout).contains("expiry_notice"),
        "{}",
        text(&out.stdout)
    );

    let out = kiosk(dir.path(), &["notify", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn notify_exits_1_when_a_notice_cannot_be_sent() {
    let dir = tempfile::tempdir().unwrap();
    assert!(kiosk(dir.path(), &["seed-demo"]).status.success());
    // Nothing listens on port 9: every email fails.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    cmd.current_dir(dir.path()).args(["notify"]);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIOSK__")) {
        cmd.env_remove(k);
    }
    let out = cmd
        .env("KIOSK__DATABASE__URL", "sqlite://data/k.db")
        .env("KIOSK__MAIL__TRANSPORT", "smtp")
        .env("KIOSK__MAIL__SMTP__HOST", "127.0.0.1")
        .env("KIOSK__MAIL__SMTP__PORT", "9")
        .env("KIOSK__MAIL__SMTP__TLS", "none")
        .env("KIOSK__MAIL__SMTP__TIMEOUT_SECS", "2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("2 notice(s) could not be sent"), "{err}");
    assert!(text(&out.stdout).contains("email-3: 0 sent, 2 failed"));
}

/// Issue 13's last gaps, point 2: every SMS that sends a person to the office, rendered in
/// every language with the shipped kiosk.toml and the longest dates, is GSM-7 and fits two
/// messages; a place too long for that is what check-config warns about.
#[test]
fn every_office_sms_fits_two_messages_with_the_default_config() {
    let settings = kiosk::config::Settings::defaults();
    let samples = kiosk::notify::sms::office_sms_samples(&settings);
    assert_eq!(samples.len(), 3 * kiosk::notify::sms::OFFICE_SMS.len());
    for (lang, key, text) in &samples {
        assert!(is_gsm7(text), "{lang:?} {key} is not GSM-7: {text}");
        assert!(
            segments(text) <= MAX_SEGMENTS,
            "{lang:?} {key}: {} septets: {text}",
            text.chars().count()
        );
        let place = gsm7_lookalikes(settings.support.place.get(*lang));
        assert!(
            !place.is_empty() && text.contains(&place),
            "{lang:?} {key}: {text}"
        );
        assert!(!text.contains(key), "{lang:?} {key} missing");
    }
    assert!(kiosk::notify::sms::office_sms_warnings(&settings).is_empty());
    let mut long = settings.clone();
    long.support.place = kiosk::config::Localized::One(
        "Expeditionen i huvudbyggnaden, hus A, andra våningen, korridoren till vänster \
         efter matsalen, dörren bredvid skolsköterskan, sedan genom den blå dörren längst bort \
         i korridoren på andra sidan trappan"
            .into(),
    );
    let warnings = kiosk::notify::sms::office_sms_warnings(&long);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("expiry-sms") && w.contains("support.place")),
        "{warnings:?}"
    );
}
