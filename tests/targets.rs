//! Push targets (issue 17) against local servers standing in for Google's token endpoint
//! and Admin SDK and for Microsoft's token endpoint and Graph: the exact requests, the
//! answers 400, 403, 404, 429 and 5xx, the retry queue (no plaintext, a restart, a newer
//! password superseding it), on SQLite and PostgreSQL.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::cloud::{certificate, google_key_file, rsa_key};
use common::{Env, ROSTER, TestDb, env_with, signed_in};
use kiosk::config::Settings;
use kiosk::domain::audit::AuditAction;
use kiosk::domain::secret::Secret;
use kiosk::domain::targets::{TargetKind, TargetResult, TargetState};
use kiosk::service::{ChangeOutcome, Services, VerifiedAccount, VerifyOutcome};
use sqlx::{AnyConnection, Connection, Row};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ADMIN: &str = "admin@school.example";
const CLIENT_EMAIL: &str = "kiosk@school-project.iam.gserviceaccount.com";
const TENANT: &str = "school-tenant";
const CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";
const CLIENT_SECRET: &str = "m365-client-secret-value";
const GOOGLE_USER: &str = "/admin/directory/v1/users/anna.ostlund@school.example";
const GRAPH_USER: &str = "/v1.0/users/anna.ostlund@school.example";

const PW1: &str = "Vinter Sol Blåbär 88";
const PW2: &str = "Korall Fjäder Moln 31";

struct Cloud {
    server: MockServer,
    env: Env,
}

/// Writes the key files, points both targets at one local server and imports the roster.
async fn cloud(db: TestDb) -> Cloud {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("google.json");
    let secret_file = dir.path().join("m365-secret");
    std::fs::write(
        &key_file,
        google_key_file(CLIENT_EMAIL, &format!("{}/token", server.uri())),
    )
    .unwrap();
    std::fs::write(&secret_file, format!("{CLIENT_SECRET}\n")).unwrap();
    let uri = server.uri();
    let env = env_with(db, |s: &mut Settings| {
        s.targets.google.enabled = true;
        s.targets.google.key_file = key_file.clone();
        s.targets.google.admin = ADMIN.into();
        s.targets.google.api_url = uri.clone();
        s.targets.microsoft.enabled = true;
        s.targets.microsoft.tenant = TENANT.into();
        s.targets.microsoft.client_id = CLIENT_ID.into();
        s.targets.microsoft.client_secret_file = secret_file.clone();
        s.targets.microsoft.login_url = uri.clone();
        s.targets.microsoft.graph_url = uri.clone();
    })
    .await;
    // The files were read when the services started.
    std::mem::forget(dir);
    env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
    Cloud { server, env }
}

impl Cloud {
    /// Both token endpoints answer; the two APIs answer `google` and `graph`.
    async fn answer(&self, google: u16, graph: u16) {
        self.server.reset().await;
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"access_token": "google-token", "expires_in": 3600, "token_type": "Bearer"}),
            ))
            .mount(&self.server)
            .await;
        Mock::given(method("POST"))
            .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"access_token": "graph-token", "expires_in": 3599, "token_type": "Bearer"}),
            ))
            .mount(&self.server)
            .await;
        Mock::given(method("PUT"))
            .and(path(GOOGLE_USER))
            .respond_with(ResponseTemplate::new(google).set_body_json(serde_json::json!({})))
            .mount(&self.server)
            .await;
        Mock::given(method("PATCH"))
            .and(path(GRAPH_USER))
            .respond_with(ResponseTemplate::new(graph))
            .mount(&self.server)
            .await;
    }

    async fn requests(&self, verb: &str, at: &str) -> Vec<Request> {
        self.server
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.method.as_str() == verb && r.url.path() == at)
            .collect()
    }

    async fn change(
        &self,
        who: &VerifiedAccount,
        pw: &str,
    ) -> (VerifiedAccount, Vec<TargetResult>) {
        match self
            .env
            .services
            .change_password(who, &Secret::password(pw))
            .await
            .unwrap()
        {
            ChangeOutcome::Changed {
                account, targets, ..
            } => (account, targets),
            other => panic!("{other:?}"),
        }
    }

    /// (outcome, detail) of every target_push audit row, oldest first.
    async fn target_audit(&self) -> Vec<(String, String)> {
        self.env
            .services
            .store
            .audit_log(Some("anna.ostlund"), None, 1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.action == AuditAction::TargetPush)
            .map(|r| (r.outcome.to_string(), r.detail))
            .collect()
    }
}

fn results(g: TargetState, m: TargetState) -> Vec<TargetResult> {
    vec![
        TargetResult {
            kind: TargetKind::Google,
            state: g,
        },
        TargetResult {
            kind: TargetKind::Microsoft,
            state: m,
        },
    ]
}

fn form(r: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&r.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// glibc's own crypt(3), through Python: an implementation independent of the kiosk's.
fn glibc_crypt(password: &str, setting: &str) -> String {
    let out = Command::new("python3")
        .args([
            "-c",
            "import ctypes, sys\n\
             lib = ctypes.CDLL('libcrypt.so.1')\n\
             lib.crypt.restype = ctypes.c_char_p\n\
             print(lib.crypt(sys.argv[1].encode(), sys.argv[2].encode()).decode())",
            password,
            setting,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The `$6$` hash in a users.update request, checked to verify against `password`.
fn assert_update_verifies(r: &Request, password: &str) -> String {
    assert_eq!(
        r.headers.get("authorization").unwrap().to_str().unwrap(),
        "Bearer google-token"
    );
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    let hash = body["password"].as_str().unwrap().to_string();
    assert_eq!(
        body,
        serde_json::json!({
            "password": hash,
            "hashFunction": "crypt",
            "changePasswordAtNextLogin": false,
        })
    );
    // Google takes at most 10,000 rounds (README).
    assert!(hash.starts_with("$6$rounds=10000$"), "{hash}");
    assert_eq!(glibc_crypt(password, &hash), hash, "the hash verifies");
    assert_ne!(glibc_crypt("not the password", &hash), hash);
    hash
}

// ---------------------------------------------------------------------------------------

async fn both_targets_get_the_new_password(db: TestDb) {
    let c = cloud(db).await;
    c.answer(200, 204).await;
    let v = signed_in(&c.env, "anna.ostlund", "Gurka7 trappa moln").await;
    let (_, targets) = c.change(&v, PW1).await;
    assert_eq!(targets, results(TargetState::Done, TargetState::Done));

    // Google: the JWT-bearer exchange at the key file's token_uri, signed by its key.
    let token = c.requests("POST", "/token").await;
    assert_eq!(token.len(), 1);
    let f = form(&token[0]);
    assert_eq!(
        f[0],
        (
            "grant_type".into(),
            "urn:ietf:params:oauth:grant-type:jwt-bearer".into()
        )
    );
    assert_eq!(f[1].0, "assertion");
    let jwt: Vec<&str> = f[1].1.split('.').collect();
    assert_eq!(jwt.len(), 3);
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(jwt[0]).unwrap()).unwrap();
    assert_eq!(header, serde_json::json!({"alg": "RS256", "typ": "JWT"}));
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(jwt[1]).unwrap()).unwrap();
    assert_eq!(claims["iss"], CLIENT_EMAIL);
    assert_eq!(claims["sub"], ADMIN);
    assert_eq!(
        claims["scope"],
        "https://www.googleapis.com/auth/admin.directory.user"
    );
    assert_eq!(claims["aud"], format!("{}/token", c.server.uri()));
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        3600
    );
    let (_, n, e) = rsa_key();
    ring::signature::RsaPublicKeyComponents { n, e }
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            format!("{}.{}", jwt[0], jwt[1]).as_bytes(),
            &URL_SAFE_NO_PAD.decode(jwt[2]).unwrap(),
        )
        .expect("the assertion is signed by the key file's key");
    let update = c.requests("PUT", GOOGLE_USER).await;
    assert_eq!(update.len(), 1);
    assert_update_verifies(&update[0], PW1);

    // Microsoft: client credentials, then the Graph body.
    let token = c
        .requests("POST", &format!("/{TENANT}/oauth2/v2.0/token"))
        .await;
    assert_eq!(token.len(), 1);
    assert_eq!(
        form(&token[0]),
        [
            ("client_id".to_string(), CLIENT_ID.to_string()),
            ("scope".into(), format!("{}/.default", c.server.uri())),
            ("client_secret".into(), CLIENT_SECRET.into()),
            ("grant_type".into(), "client_credentials".into()),
        ]
    );
    let patch = c.requests("PATCH", GRAPH_USER).await;
    assert_eq!(patch.len(), 1);
    assert_eq!(
        patch[0]
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap(),
        "Bearer graph-token"
    );
    let body: serde_json::Value = serde_json::from_slice(&patch[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"passwordProfile": {"password": PW1, "forceChangePasswordNextSignIn": false}})
    );

    let mut audit = c.target_audit().await;
    audit.sort();
    assert_eq!(
        audit,
        [
            ("ok".to_string(), "google=done".to_string()),
            ("ok".into(), "microsoft=done".into())
        ]
    );
    assert_eq!(
        c.env
            .services
            .last_target_results("anna.ostlund")
            .await
            .unwrap(),
        results(TargetState::Done, TargetState::Done)
    );
    assert!(
        c.env
            .services
            .store
            .queued_pushes()
            .await
            .unwrap()
            .is_empty()
    );
}

async fn refusals_are_reported_and_never_retried(db: TestDb) {
    let c = cloud(db).await;
    let mut v = signed_in(&c.env, "anna.ostlund", "Gurka7 trappa moln").await;
    let passwords = [
        "Korall Fjäder Moln 31",
        "Lykta Sand Bäver 52",
        "Humla Kvarn Regn 67",
    ];
    for ((google, graph), pw) in [(400, 403), (403, 404), (404, 400)]
        .into_iter()
        .zip(passwords)
    {
        c.answer(google, graph).await;
        c.env.clock.advance(86_400);
        let (next, targets) = c.change(&v, pw).await;
        assert_eq!(
            targets,
            results(TargetState::Failed, TargetState::Failed),
            "{google} {graph}"
        );
        // The authority's change stands: the new password signs in.
        let out = c
            .env
            .services
            .verify_password(&common::user("anna.ostlund"), &Secret::password(pw))
            .await
            .unwrap();
        assert!(matches!(out, VerifyOutcome::Verified(_)), "{out:?}");
        v = next;
    }
    assert!(
        c.env
            .services
            .store
            .queued_pushes()
            .await
            .unwrap()
            .is_empty()
    );
    let audit = c.target_audit().await;
    assert_eq!(audit.len(), 6);
    assert!(audit.iter().all(|(o, _)| o == "failed"), "{audit:?}");
    assert!(
        audit
            .iter()
            .any(|(_, d)| d == "google=failed status=404 step=\"google users.update\""),
        "{audit:?}"
    );
    // Nothing to retry: the queue run does nothing.
    c.env.clock.advance(3600);
    assert_eq!(
        c.env.services.retry_pushes().await.unwrap(),
        Default::default()
    );
    assert_eq!(c.requests("PUT", GOOGLE_USER).await.len(), 1);
}

async fn temporary_failures_queue_the_hash_only_and_survive_a_restart(db: TestDb) {
    let c = cloud(db).await;
    let v = signed_in(&c.env, "anna.ostlund", "Gurka7 trappa moln").await;
    // 429 from Google: queued; a 503 from Graph: reported, never queued (it takes only the
    // plain password).
    c.answer(429, 503).await;
    let (_, targets) = c.change(&v, PW1).await;
    assert_eq!(targets, results(TargetState::Pending, TargetState::Failed));
    let queued = c.env.services.store.queued_pushes().await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!((queued[0].target.as_str(), queued[0].tries), ("google", 1));
    assert_eq!(queued[0].next_try_at, common::T0 + 60);
    assert_no_secret_at_rest(&c.env, PW1).await;
    assert_eq!(
        c.env
            .services
            .last_target_results("anna.ostlund")
            .await
            .unwrap(),
        results(TargetState::Pending, TargetState::Failed)
    );

    // Not due yet: nothing is sent.
    c.answer(500, 204).await;
    assert_eq!(
        c.env.services.retry_pushes().await.unwrap(),
        Default::default()
    );
    // Due: a 500 is temporary again, backing off to two minutes.
    c.env.clock.advance(60);
    let report = c.env.services.retry_pushes().await.unwrap();
    assert_eq!(report.again, 1);
    let queued = c.env.services.store.queued_pushes().await.unwrap();
    assert_eq!(queued[0].tries, 2);
    assert_eq!(queued[0].next_try_at, common::T0 + 60 + 120);

    // A restart: new services on the same database and key file find the row and send it.
    let restarted = Services::new(
        c.env.services.store.clone(),
        c.env.services.settings.clone(),
        c.env.clock.clone(),
    )
    .unwrap();
    c.answer(200, 204).await;
    c.env.clock.advance(120);
    let report = restarted.retry_pushes().await.unwrap();
    assert_eq!(report.done, 1, "{report:?}");
    let update = c.requests("PUT", GOOGLE_USER).await;
    assert_eq!(update.len(), 1);
    assert_update_verifies(&update[0], PW1);
    assert!(restarted.store.queued_pushes().await.unwrap().is_empty());
    let audit = c.target_audit().await;
    let words: Vec<&str> = audit.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(
        words.iter().filter(|w| **w == "queued").count(),
        2,
        "{audit:?}"
    );
    assert!(
        audit
            .iter()
            .any(|(o, d)| o == "ok" && d == "google=done tries=3"),
        "{audit:?}"
    );
    assert!(
        audit
            .iter()
            .any(|(o, d)| o == "failed" && d.starts_with("microsoft=failed status=503")),
        "{audit:?}"
    );
    assert_eq!(
        restarted.last_target_results("anna.ostlund").await.unwrap(),
        results(TargetState::Done, TargetState::Failed)
    );
}

async fn a_newer_password_supersedes_the_queued_one(db: TestDb) {
    let c = cloud(db).await;
    let v = signed_in(&c.env, "anna.ostlund", "Gurka7 trappa moln").await;
    c.answer(502, 204).await;
    let (v, targets) = c.change(&v, PW1).await;
    assert_eq!(targets, results(TargetState::Pending, TargetState::Done));
    c.env.clock.advance(30);
    let (_, targets) = c.change(&v, PW2).await;
    assert_eq!(targets, results(TargetState::Pending, TargetState::Done));
    let queued = c.env.services.store.queued_pushes().await.unwrap();
    assert_eq!(queued.len(), 1, "one row per account and target");
    assert!(
        c.target_audit()
            .await
            .iter()
            .any(|(o, d)| o == "superseded" && d == "google")
    );
    c.answer(200, 204).await;
    c.env.clock.advance(3600);
    assert_eq!(c.env.services.retry_pushes().await.unwrap().done, 1);
    let update = c.requests("PUT", GOOGLE_USER).await;
    assert_eq!(update.len(), 1, "the older password is never sent");
    assert_update_verifies(&update[0], PW2);
}

/// Neither the password nor the crypt hash is anywhere in the database: the SQLite file
/// (and its journal) byte for byte, or every column of every PostgreSQL table.
async fn assert_no_secret_at_rest(env: &Env, password: &str) {
    let url = &env.db.url;
    let haystack: Vec<u8> = if let Some(file) = url.strip_prefix("sqlite://") {
        let mut all = Vec::new();
        for suffix in ["", "-wal", "-journal"] {
            let p = format!("{file}{suffix}");
            if Path::new(&p).exists() {
                all.extend(std::fs::read(&p).unwrap());
            }
        }
        assert!(!all.is_empty());
        all
    } else {
        let mut conn = AnyConnection::connect(url).await.unwrap();
        let tables: Vec<String> = sqlx::query(
            "SELECT table_name::text AS t FROM information_schema.tables \
             WHERE table_schema = 'public'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>("t"))
        .collect();
        assert!(tables.contains(&"target_queue".to_string()));
        let mut all = Vec::new();
        for t in tables {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT x::text AS v FROM {t} x"
            )))
            .fetch_all(&mut conn)
            .await
            .unwrap();
            for r in rows {
                all.extend(r.get::<String, _>("v").into_bytes());
            }
        }
        all
    };
    let contains = |needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(password.as_bytes()), "the password is stored");
    assert!(!contains(b"$6$"), "a crypt hash is stored in the clear");
    assert!(contains(b"v1:"), "the sealed row is there");
}

both!(
    both_targets_get_the_new_password,
    refusals_are_reported_and_never_retried,
    temporary_failures_queue_the_hash_only_and_survive_a_restart,
    a_newer_password_supersedes_the_queued_one,
);

// ---------------------------------------------------------------------------------------
// Microsoft with a certificate

/// The base64url thumbprint of `der` by Python's hashlib (`sha1`, `sha256`): computed apart
/// from the kiosk's code.
fn thumbprint(der: &[u8], hash: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import base64, hashlib, sys\n\
             d = hashlib.new(sys.argv[1], sys.stdin.buffer.read()).digest()\n\
             print(base64.urlsafe_b64encode(d).rstrip(b'=').decode())",
            hash,
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(der).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Microsoft with a certificate instead of a secret: the token request carries a client
/// assertion signed by the certificate's key, naming the certificate by its thumbprints,
/// for the token endpoint, from the app, good for a few minutes, never reused.
async fn microsoft_signs_in_with_a_certificate(db: TestDb) {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let (cert_pem, der) = certificate((2099, 1, 1));
    let cert_file = dir.path().join("app.crt");
    let key_file = dir.path().join("app.key");
    std::fs::write(&cert_file, &cert_pem).unwrap();
    std::fs::write(&key_file, &rsa_key().0).unwrap();
    let uri = server.uri();
    let env = env_with(db, |s: &mut Settings| {
        s.targets.microsoft.enabled = true;
        s.targets.microsoft.tenant = TENANT.into();
        s.targets.microsoft.client_id = CLIENT_ID.into();
        s.targets.microsoft.client_secret_file = "".into();
        s.targets.microsoft.certificate_file = cert_file.clone();
        s.targets.microsoft.certificate_key_file = key_file.clone();
        s.targets.microsoft.login_url = uri.clone();
        s.targets.microsoft.graph_url = uri.clone();
    })
    .await;
    env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
    let c = Cloud { server, env };
    c.answer(200, 204).await;
    let v = signed_in(&c.env, "anna.ostlund", "Gurka7 trappa moln").await;
    let (v, targets) = c.change(&v, PW1).await;
    let microsoft = |state| TargetResult {
        kind: TargetKind::Microsoft,
        state,
    };
    assert_eq!(targets, [microsoft(TargetState::Done)]);

    let token_path = format!("/{TENANT}/oauth2/v2.0/token");
    let token = c.requests("POST", &token_path).await;
    assert_eq!(token.len(), 1);
    let f = form(&token[0]);
    let keys: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "client_id",
            "scope",
            "client_assertion_type",
            "client_assertion",
            "grant_type"
        ],
        "no client_secret"
    );
    assert_eq!(f[0].1, CLIENT_ID);
    assert_eq!(
        f[2].1,
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert_eq!(f[4].1, "client_credentials");
    let jwt: Vec<&str> = f[3].1.split('.').collect();
    assert_eq!(jwt.len(), 3);
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(jwt[0]).unwrap()).unwrap();
    assert_eq!(
        header,
        serde_json::json!({
            "alg": "RS256",
            "typ": "JWT",
            "x5t": thumbprint(&der, "sha1"),
            "x5t#S256": thumbprint(&der, "sha256"),
        })
    );
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(jwt[1]).unwrap()).unwrap();
    assert_eq!(claims["aud"], format!("{}{token_path}", c.server.uri()));
    assert_eq!(claims["iss"], CLIENT_ID);
    assert_eq!(claims["sub"], CLIENT_ID);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let (nbf, exp) = (
        claims["nbf"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    assert!(nbf.abs_diff(now) < 60, "nbf {nbf}, now {now}");
    assert_eq!(exp - nbf, 300, "a few minutes");
    let jti = claims["jti"].as_str().unwrap().to_string();
    assert!(jti.len() >= 16, "{jti}");
    // The signature verifies with the public key in the certificate.
    let (_, parsed) = x509_parser::parse_x509_certificate(&der).unwrap();
    ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        parsed.public_key().subject_public_key.data.as_ref(),
    )
    .verify(
        format!("{}.{}", jwt[0], jwt[1]).as_bytes(),
        &URL_SAFE_NO_PAD.decode(jwt[2]).unwrap(),
    )
    .expect("signed by the certificate's key");
    let patch = c.requests("PATCH", GRAPH_USER).await;
    assert_eq!(patch.len(), 1);
    assert_eq!(
        patch[0]
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap(),
        "Bearer graph-token"
    );

    // Graph says the token is no good: it is forgotten, and the next change signs a new
    // assertion with a new jti.
    c.answer(200, 401).await;
    c.env.clock.advance(86_400);
    let (v, targets) = c.change(&v, PW2).await;
    assert_eq!(targets, [microsoft(TargetState::Failed)]);
    c.answer(200, 204).await;
    c.env.clock.advance(86_400);
    let (_, targets) = c.change(&v, "Lykta Sand Bäver 52").await;
    assert_eq!(targets, [microsoft(TargetState::Done)]);
    let token = c.requests("POST", &token_path).await;
    assert_eq!(token.len(), 1, "a new token after the 401");
    let jwt = form(&token[0])[3].1.clone();
    let claims: serde_json::Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(jwt.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_ne!(claims["jti"].as_str().unwrap(), jti, "a fresh jti");
}

both!(microsoft_signs_in_with_a_certificate,);
