//! TLS to PostgreSQL (issue 12): a PostgreSQL of this test binary's own on a free loopback
//! port, with a CA and a server certificate made here, that accepts TLS only. verify-full
//! with the right CA connects and the store works; a wrong CA, a wrong host name and plain
//! text are refused, each in one line the operator can act on.
//!
//! The server is started once per test binary and runs as the `postgres` account when the
//! tests run as root. It dies with the binary: a shell between us and it waits for the end
//! of a pipe only we hold (closed by the kernel however this process ends), then stops the
//! server and removes its folder (or only the folder, when we end before the server starts).

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use kiosk::service::ServiceError;
use kiosk::store::{Store, StoreError};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use sqlx::{AnyConnection, Connection, Executor};
use tokio::sync::OnceCell;

use common::own_server::{OwnPostgres, bin_dir, give_to_postgres, server_dir};

/// The test's own server.
struct TlsPostgres {
    port: u16,
    /// The CA that signed the server's certificate (for the name `localhost` only).
    ca: PathBuf,
    /// A CA that signed nothing here.
    wrong_ca: PathBuf,
    /// The server; it stops when the test binary ends.
    _server: OwnPostgres,
}

impl TlsPostgres {
    fn url(&self, host: &str, sslmode: &str, ca: &Path, db: &str) -> String {
        format!(
            "postgres://postgres@{host}:{}/{db}?sslmode={sslmode}&sslrootcert={}",
            self.port,
            ca.display()
        )
    }
}

static SERVER: OnceCell<Option<TlsPostgres>> = OnceCell::const_new();

/// The server, or None (said on stderr) when PostgreSQL is not installed and the suite is
/// not asked to run on PostgreSQL (`KIOSK_TEST_POSTGRES_URL` unset), like tests/common.
async fn server() -> Option<&'static TlsPostgres> {
    SERVER
        .get_or_init(|| async { tokio::task::spawn_blocking(start).await.unwrap() })
        .await
        .as_ref()
}

fn start() -> Option<TlsPostgres> {
    let Some(bin) = bin_dir() else {
        if std::env::var("KIOSK_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty()) {
            panic!("no PostgreSQL in /usr/lib/postgresql/*/bin: scripts/test installs it");
        }
        eprintln!("PostgreSQL is not installed: TLS tests not run");
        return None;
    };
    let dir = server_dir("kiosk-pg-tls-");

    // The CA, the server's certificate for `localhost`, and a CA that signed nothing here.
    let ca_params = {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        p.distinguished_name
            .push(DnType::CommonName, "kiosk test CA");
        p
    };
    let ca = CertifiedIssuer::self_signed(ca_params.clone(), KeyPair::generate().unwrap()).unwrap();
    let wrong_ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    p.distinguished_name.push(DnType::CommonName, "localhost");
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_cert = p.signed_by(&server_key, &ca).unwrap();
    std::fs::write(dir.join("ca.pem"), ca.pem()).unwrap();
    std::fs::write(dir.join("wrong-ca.pem"), wrong_ca.pem()).unwrap();
    std::fs::write(dir.join("server.crt"), server_cert.pem()).unwrap();
    std::fs::write(dir.join("server.key"), server_key.serialize_pem()).unwrap();
    set_mode(&dir.join("server.key"), 0o600);
    give_to_postgres(&dir);
    let ca = dir.join("ca.pem");
    let pg = OwnPostgres::start(
        &bin,
        dir.clone(),
        &format!(
            "ssl = on\nssl_cert_file = '{d}/server.crt'\nssl_key_file = '{d}/server.key'\n\
             max_connections = 50",
            d = dir.display()
        ),
        // TLS or nothing over TCP.
        "local all all trust\n\
         hostssl all all 127.0.0.1/32 trust\n\
         hostnossl all all 127.0.0.1/32 reject\n",
        // Ready when a TLS connection gets through.
        |port| {
            format!(
                "postgres://postgres@localhost:{port}/postgres?sslmode=verify-full&sslrootcert={}",
                ca.display()
            )
        },
    );
    Some(TlsPostgres {
        port: pg.port,
        ca: dir.join("ca.pem"),
        wrong_ca: dir.join("wrong-ca.pem"),
        _server: pg,
    })
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A fresh database on the test's server (the server goes away with the binary).
async fn fresh_db(pg: &TlsPostgres) -> String {
    let name = format!("kiosk_tls_{:016x}", rand::random::<u64>());
    let mut conn = AnyConnection::connect(&pg.url("localhost", "verify-full", &pg.ca, "postgres"))
        .await
        .unwrap();
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    conn.close().await.ok();
    name
}

/// What the operator reads: the error as `kiosk: …` prints it.
fn line(e: StoreError) -> String {
    kiosk::cli::error_line(&anyhow::Error::new(e))
}

async fn refused(url: &str) -> StoreError {
    match Store::connect(url, 2).await {
        Ok(_) => panic!("{url} connected"),
        Err(e) => e,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_full_with_the_right_ca_connects_and_the_store_works() {
    let Some(pg) = server().await else { return };
    let db = fresh_db(pg).await;
    let store = Store::connect(&pg.url("localhost", "verify-full", &pg.ca, &db), 2)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store.check_schema().await.unwrap();
    let (ssl,): (bool,) =
        sqlx::query_as("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert!(ssl, "the connection is not encrypted");
    assert!(store.audit_log(None, None, 10).await.unwrap().is_empty());
    store.close().await;

    // sslmode=require encrypts without checking the certificate.
    let store = Store::connect(&pg.url("127.0.0.1", "require", &pg.wrong_ca, &db), 2)
        .await
        .unwrap();
    store.check_schema().await.unwrap();
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_ca_is_refused_in_one_line_and_counts_as_unavailable() {
    let Some(pg) = server().await else { return };
    for mode in ["verify-full", "verify-ca"] {
        let url = pg.url("localhost", mode, &pg.wrong_ca, "postgres");
        let e = refused(&url).await;
        assert!(e.is_unavailable(), "{e:?}");
        let text = line(e);
        assert_eq!(
            text,
            format!(
                "cannot connect to PostgreSQL at localhost:{}: TLS (sslmode={mode}): the server's \
                 certificate is not signed by a trusted CA (sslrootcert={})",
                pg.port,
                pg.wrong_ca.display()
            )
        );
    }
    // At the kiosk the banner shows for it, as for any outage.
    let e = refused(&pg.url("localhost", "verify-full", &pg.wrong_ca, "postgres")).await;
    assert!(matches!(
        ServiceError::from(e),
        ServiceError::Unavailable(_)
    ));

    // The binary says it in one line and exits 1.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .current_dir(dir.path())
        .args(["admin", "show", "anna.ostlund"])
        .env(
            "KIOSK__DATABASE__URL",
            pg.url("localhost", "verify-full", &pg.wrong_ca, "postgres"),
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("kiosk: cannot connect to PostgreSQL at localhost:")
            && stderr.contains("not signed by a trusted CA"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_host_name_is_refused_under_verify_full_only() {
    let Some(pg) = server().await else { return };
    // The certificate names `localhost`, not 127.0.0.1.
    let e = refused(&pg.url("127.0.0.1", "verify-full", &pg.ca, "postgres")).await;
    assert!(e.is_unavailable());
    assert_eq!(
        line(e),
        format!(
            "cannot connect to PostgreSQL at 127.0.0.1:{}: TLS (sslmode=verify-full): the \
             server's certificate is not valid for the name 127.0.0.1 (connect by a name the \
             certificate holds)",
            pg.port
        )
    );
    // verify-ca checks the CA alone.
    let store = Store::connect(&pg.url("127.0.0.1", "verify-ca", &pg.ca, "postgres"), 2)
        .await
        .unwrap();
    assert!(store.ping().await);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_is_refused_by_a_server_that_requires_tls() {
    let Some(pg) = server().await else { return };
    let e = refused(&pg.url("127.0.0.1", "disable", &pg.ca, "postgres")).await;
    assert_eq!(
        line(e),
        format!(
            "cannot connect to PostgreSQL at 127.0.0.1:{}: the server requires TLS and refused \
             a plain connection (sslmode=disable): use sslmode=verify-full",
            pg.port
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_root_certificate_is_named() {
    let Some(pg) = server().await else { return };
    let missing = Path::new("/nonexistent/kiosk-ca.pem");
    let text = line(refused(&pg.url("localhost", "verify-full", missing, "postgres")).await);
    assert!(
        text.starts_with(&format!(
            "cannot connect to PostgreSQL at localhost:{}: cannot read sslrootcert {}",
            pg.port,
            missing.display()
        )) && !text.contains('\n'),
        "{text}"
    );
}

/// check-config warns about a PostgreSQL on another machine without verify-full, in one
/// line, and not when the connection is verified or local.
#[test]
fn check_config_warns_about_a_remote_host_without_verify_full() {
    let dir = tempfile::tempdir().unwrap();
    let check = |url: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_kiosk"))
            .current_dir(dir.path())
            .arg("check-config")
            .env("KIOSK__DATABASE__URL", url)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| l.contains("sslmode"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    for url in [
        "postgres://kiosk@db.school.example/kiosk",
        "postgres://kiosk@db.school.example/kiosk?sslmode=require",
        "postgres://kiosk@10.1.2.3/kiosk?sslmode=verify-ca&sslrootcert=/etc/kiosk/ca.pem",
    ] {
        let warnings = check(url);
        assert_eq!(warnings.len(), 1, "{url}: {warnings:?}");
        assert!(
            warnings[0].starts_with("kiosk: warning: database.url: PostgreSQL at ")
                && warnings[0].contains("verify-full"),
            "{warnings:?}"
        );
    }
    for url in [
        "postgres://kiosk@db.school.example/kiosk?sslmode=verify-full&sslrootcert=/etc/kiosk/ca.pem",
        "postgres://kiosk@127.0.0.1:5432/kiosk",
        "postgres://kiosk@localhost/kiosk",
    ] {
        assert_eq!(check(url), Vec::<String>::new(), "{url}");
    }
}
