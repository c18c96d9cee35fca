//! Servers a test binary starts for itself (a PostgreSQL with settings of its own, a
//! PgBouncer), once per binary. Each dies with the binary: a shell between us and it waits
//! for the end of a pipe only we hold (closed by the kernel however this process ends), then
//! stops the server and removes its folder (or only the folder, when we end before "go").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sqlx::{AnyConnection, Connection};

/// The newest PostgreSQL's binaries, e.g. /usr/lib/postgresql/15/bin.
pub fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("postgres").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A command run as the `postgres` account when we are root (PostgreSQL and PgBouncer
/// refuse root).
pub fn as_postgres(program: &Path) -> Command {
    if nix::unistd::Uid::effective().is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

/// A folder for a server, kept (its watchdog removes it), owned by `postgres` when root.
pub fn server_dir(prefix: &str) -> PathBuf {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .unwrap()
        .keep();
    give_to_postgres(&dir);
    dir
}

/// `path` and what is directly in it owned by `postgres` (when we are root).
pub fn give_to_postgres(path: &Path) {
    if !nix::unistd::Uid::effective().is_root() {
        return;
    }
    let pg = nix::unistd::User::from_name("postgres")
        .unwrap()
        .expect("a postgres account");
    let own = |p: &Path| {
        std::os::unix::fs::chown(p, Some(pg.uid.as_raw()), Some(pg.gid.as_raw())).unwrap()
    };
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap().flatten() {
            own(&entry.path());
        }
    }
    own(path);
}

/// A server process under its watchdog (see the module).
pub struct Watched {
    child: Mutex<Child>,
}

impl Watched {
    /// The watchdog for `program args…` (run as `postgres`, output to `dir/log`), waiting
    /// for [`Watched::go`]; `dir` goes when the server stops.
    pub fn new(dir: &Path, program: &Path, args: &[&str]) -> Watched {
        let script = r#"
            d="$1"; shift
            if read -r go && [ "$go" = go ]; then
                "$@" >"$d/log" 2>&1 &
                pid=$!
                cat >/dev/null
                kill -INT "$pid"
                wait "$pid"
            fi
            rm -rf "$d"
        "#;
        let child = as_postgres(Path::new("/bin/sh"))
            .args(["-c", script, "watchdog"])
            .arg(dir)
            .arg(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Watched {
            child: Mutex::new(child),
        }
    }

    /// Starts the server.
    pub fn go(&self) {
        let mut child = self.child.lock().unwrap();
        let stdin = child.stdin.as_mut().unwrap();
        stdin.write_all(b"go\n").unwrap();
        stdin.flush().unwrap();
    }
}

/// A PostgreSQL of the test's own on a free loopback port.
pub struct OwnPostgres {
    pub port: u16,
    pub dir: PathBuf,
    _watched: Watched,
}

impl OwnPostgres {
    /// initdb in `dir/data` (trust), then the server with `conf` added to postgresql.conf and
    /// `hba` as pg_hba.conf; returns once `ready_url(port)` connects.
    pub fn start(
        bin: &Path,
        dir: PathBuf,
        conf: &str,
        hba: &str,
        ready_url: impl Fn(u16) -> String,
    ) -> OwnPostgres {
        let data = dir.join("data");
        let watched = Watched::new(&dir, &bin.join("postgres"), &["-D", data.to_str().unwrap()]);
        let out = as_postgres(&bin.join("initdb"))
            .args(["-D"])
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let mut postgresql_conf = std::fs::read_to_string(data.join("postgresql.conf")).unwrap();
        postgresql_conf.push_str(&format!(
            "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{d}'\n\
             fsync = off\n{conf}\n",
            d = dir.display()
        ));
        std::fs::write(data.join("postgresql.conf"), postgresql_conf).unwrap();
        std::fs::write(data.join("pg_hba.conf"), hba).unwrap();
        watched.go();
        wait_ready(&ready_url(port), &dir);
        OwnPostgres {
            port,
            dir,
            _watched: watched,
        }
    }
}

/// A PgBouncer in transaction mode on a free loopback port in front of the PostgreSQL at
/// 127.0.0.1:`pg_port` (trust: the test PostgreSQL's own authentication decides).
pub struct OwnPgBouncer {
    pub port: u16,
    _watched: Watched,
}

impl OwnPgBouncer {
    /// None (said on stderr) when pgbouncer is not installed and PostgreSQL tests are not
    /// asked for; scripts/test installs it.
    pub fn start(pg_port: u16, pool_size: u32) -> Option<OwnPgBouncer> {
        let program = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.exists());
        let Some(program) = program else {
            if std::env::var("KIOSK_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty()) {
                panic!("no pgbouncer: scripts/test installs it");
            }
            eprintln!("pgbouncer is not installed: PgBouncer tests not run");
            return None;
        };
        let dir = server_dir("kiosk-pgbouncer-");
        let port = free_port();
        std::fs::write(dir.join("users.txt"), "\"postgres\" \"\"\n").unwrap();
        // sqlx sends extra_float_digits at start, which PgBouncer must be told to let by.
        std::fs::write(
            dir.join("pgbouncer.ini"),
            format!(
                "[databases]\n* = host=127.0.0.1 port={pg_port}\n\n[pgbouncer]\n\
                 listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n\
                 auth_type = trust\nauth_file = {d}/users.txt\npool_mode = transaction\n\
                 default_pool_size = {pool_size}\nmax_client_conn = 2000\n\
                 ignore_startup_parameters = extra_float_digits\n",
                d = dir.display()
            ),
        )
        .unwrap();
        give_to_postgres(&dir);
        let ini = dir.join("pgbouncer.ini");
        let watched = Watched::new(&dir, &program, &[ini.to_str().unwrap()]);
        watched.go();
        wait_ready(
            &format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            &dir,
        );
        Some(OwnPgBouncer {
            port,
            _watched: watched,
        })
    }

    /// `url` (a postgres:// URL of the test PostgreSQL) with its host and port this
    /// PgBouncer's.
    pub fn in_front_of(&self, url: &str) -> String {
        let (scheme_user, rest) = url.split_once('@').expect("url with user@host");
        let (_, path) = rest.split_once('/').expect("url with a database");
        format!("{scheme_user}@127.0.0.1:{}/{path}", self.port)
    }
}

/// Waits (30 s at most) until `url` connects; the server's log in the panic otherwise.
pub fn wait_ready(url: &str, dir: &Path) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        loop {
            match AnyConnection::connect(url).await {
                Ok(conn) => {
                    conn.close().await.ok();
                    break;
                }
                Err(e) if Instant::now() > deadline => panic!(
                    "the test's server did not start: {e}\n{}",
                    std::fs::read_to_string(dir.join("log")).unwrap_or_default()
                ),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    });
}

/// A PostgreSQL of the test's own with `max_connections = slots` and no slot kept back for
/// superusers (the tests' role is one), with a database `kiosk`; None (said on stderr) when
/// PostgreSQL is not installed and PostgreSQL tests are not asked for.
pub fn full_postgres(slots: u32) -> Option<OwnPostgres> {
    let Some(bin) = bin_dir() else {
        if std::env::var("KIOSK_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty()) {
            panic!("no PostgreSQL in /usr/lib/postgresql/*/bin: scripts/test installs it");
        }
        eprintln!("PostgreSQL is not installed: server-full test not run");
        return None;
    };
    let pg = OwnPostgres::start(
        &bin,
        server_dir("kiosk-pg-full-"),
        &format!("max_connections = {slots}\nsuperuser_reserved_connections = 0"),
        "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        |port| format!("postgres://postgres@127.0.0.1:{port}/postgres"),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let admin = format!("postgres://postgres@127.0.0.1:{}/postgres", pg.port);
        let mut conn = AnyConnection::connect(&admin).await.unwrap();
        sqlx::Executor::execute(&mut conn, "CREATE DATABASE kiosk")
            .await
            .unwrap();
        conn.close().await.unwrap();
    });
    Some(pg)
}

impl OwnPostgres {
    /// The URL of its database `name` (user postgres, trust).
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

/// Connects to `url` until the server refuses ("too many clients"); the connections are
/// held until dropped.
pub async fn fill(url: &str) -> Vec<AnyConnection> {
    let mut held = Vec::new();
    loop {
        match AnyConnection::connect(url).await {
            Ok(c) => held.push(c),
            Err(e) => {
                let text = e.to_string();
                assert!(text.contains("too many clients"), "{text}");
                return held;
            }
        }
    }
}
