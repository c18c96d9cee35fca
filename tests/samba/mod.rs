//! A real Samba 4 Active Directory domain controller for the AD tests: provisioned once per
//! test binary in its own network namespace (its fixed ports 88, 389, 636 never clash), with
//! a CA and server certificate made here (SAN 127.0.0.1), the domain policy (history 5, min
//! length 10, min age 0, lockout threshold 3, complexity on), a service account delegated
//! with `samba-tool dsacl` (reset password, write pwdLastSet and lockoutTime on users), and
//! people with mail and mobile. The kiosk reaches it through loopback ports forwarded into
//! the namespace by this process. A shell watcher stops samba, deletes the namespace and
//! the folder when this test process ends (its stdin closes).
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use kiosk::config::{DirectoryKind, DirectorySettings};
use ldap3::{LdapConnAsync, LdapConnSettings, Mod, Scope, SearchEntry};

pub const REALM: &str = "SCHOOL.TEST";
pub const BASE: &str = "DC=school,DC=test";
pub const USERS: &str = "CN=Users,DC=school,DC=test";
pub const ADMIN_DN: &str = "CN=Administrator,CN=Users,DC=school,DC=test";
pub const ADMIN_PW: &str = "Admin-Secret-Pw-1";
pub const SERVICE: &str = "kiosk-svc";
pub const SERVICE_PW: &str = "Service-Secret-Pw-1";
pub const PSO_CONTAINER: &str = "CN=Password Settings Container,CN=System,DC=school,DC=test";
pub const PSO_GROUP: &str = "CN=PSO-Strict,CN=Users,DC=school,DC=test";
pub const TEACHERS: &str = "CN=Teachers,CN=Users,DC=school,DC=test";

/// Rights on users under CN=Users for the service account: Reset Password, write pwdLastSet,
/// write lockoutTime (object type: user). The README shows the same.
const RESET_PASSWORD: &str = "00299570-246d-11d0-a768-00aa006e0529";
const PWD_LAST_SET: &str = "bf967a0a-0de6-11d0-a285-00aa003049e2";
const LOCKOUT_TIME: &str = "28630ebf-41d5-11d1-a9c1-0000f80367c1";
const USER_CLASS: &str = "bf967aba-0de6-11d0-a285-00aa003049e2";

pub struct Samba {
    /// LDAPS, forwarded from loopback here to the DC's 636.
    pub ldaps_url: String,
    /// Plain LDAP (for StartTLS), forwarded to the DC's 389.
    pub ldap_url: String,
    pub ca_file: PathBuf,
    pub dir: PathBuf,
    pub netns: String,
    /// Seconds from nothing to a domain with its people and ACL.
    pub start_secs: f64,
    /// The watcher's stdin: dropped only when the process ends.
    _watcher: Mutex<Child>,
}

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (scripts/test installs samba-ad-dc)"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A TCP connection to `port` on the namespace's loopback: the socket is made by a thread
/// that entered the namespace, and keeps it.
fn ns_connect(netns: &str, port: u16) -> std::io::Result<TcpStream> {
    let path = format!("/run/netns/{netns}");
    std::thread::scope(|s| {
        s.spawn(|| {
            let ns = std::fs::File::open(&path)?;
            nix::sched::setns(ns.as_fd(), nix::sched::CloneFlags::CLONE_NEWNET)
                .map_err(std::io::Error::from)?;
            TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2))
        })
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("connector thread panicked")))
    })
}

/// Forwards a loopback port of this namespace to `port` in `netns`; returns the local port.
fn forward(netns: &str, port: u16) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let local = listener.local_addr().unwrap().port();
    let netns = netns.to_string();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let netns = netns.clone();
            std::thread::spawn(move || {
                let Ok(server) = ns_connect(&netns, port) else {
                    return;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let up = std::thread::spawn(move || {
                    let _ = std::io::copy(&mut c2, &mut s2);
                    let _ = s2.shutdown(std::net::Shutdown::Write);
                });
                let (mut c, mut s) = (client, server);
                let _ = std::io::copy(&mut s, &mut c);
                let _ = c.shutdown(std::net::Shutdown::Write);
                let _ = up.join();
            });
        }
    });
    local
}

/// Namespaces of earlier runs whose process is gone (a killed test binary).
fn remove_stale_namespaces() {
    let Ok(entries) = std::fs::read_dir("/run/netns") else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if let Some(pid) = name.strip_prefix("kiosk-ad-")
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = Command::new("ip").args(["netns", "del", &name]).output();
        }
    }
}

fn certificates(dir: &Path) -> PathBuf {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "kiosk AD test CA");
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let params =
        rcgen::CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, &issuer).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca_cert.pem()).unwrap();
    std::fs::write(dir.join("cert.pem"), cert.pem()).unwrap();
    let key_file = dir.join("key.pem");
    std::fs::write(&key_file, key.serialize_pem()).unwrap();
    // Samba refuses a key file others can read.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    ca_file
}

fn start() -> Samba {
    let began = Instant::now();
    remove_stale_namespaces();
    let netns = format!("kiosk-ad-{}", std::process::id());
    let dir = tempfile::Builder::new()
        .prefix("kiosk-samba-")
        .tempdir()
        .unwrap()
        .keep();
    let d = dir.display().to_string();
    for sub in ["run", "ncalrpc", "ntp", "log"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let ca_file = certificates(&dir);
    let _ = Command::new("ip").args(["netns", "del", &netns]).output();
    run(Command::new("ip").args(["netns", "add", &netns]));
    run(Command::new("ip").args(["netns", "exec", &netns, "ip", "link", "set", "lo", "up"]));

    // A copy of the provisioned template (made once per machine and Samba version): the
    // provision itself is ~16 s of CPU, a copy well under one. Only smb.conf names the
    // folder.
    let template = template();
    run(Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", template.display()))
        .arg(&dir));
    let conf = dir.join("etc/smb.conf");
    let text = std::fs::read_to_string(&conf).unwrap();
    std::fs::write(&conf, text.replace(DIR_MARK, &d)).unwrap();
    eprintln!(
        "samba: domain copied at {:.1} s",
        began.elapsed().as_secs_f64()
    );

    // samba in the foreground in the namespace; stopped and cleaned up once our stdin closes.
    let script = format!(
        "TDB_NO_FSYNC=1 ip netns exec {netns} samba -i -M single -s '{d}/etc/smb.conf' >'{d}/samba.out' 2>&1 & \
         pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid; \
         ip netns del {netns}; rm -rf '{d}'"
    );
    let watcher = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    while ns_connect(&netns, 636).is_err() {
        assert!(
            Instant::now() < deadline,
            "samba did not start: {}",
            std::fs::read_to_string(dir.join("samba.out")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!(
        "samba: LDAPS answers at {:.1} s",
        began.elapsed().as_secs_f64()
    );
    let ldaps_url = format!("ldaps://127.0.0.1:{}/", forward(&netns, 636));
    let ldap_url = format!("ldap://127.0.0.1:{}/", forward(&netns, 389));
    let mut samba = Samba {
        ldaps_url,
        ldap_url,
        ca_file,
        dir,
        netns,
        start_secs: 0.0,
        _watcher: Mutex::new(watcher),
    };
    samba.populate();
    samba.start_secs = began.elapsed().as_secs_f64();
    eprintln!(
        "samba AD DC ready in {:.1} s (provision, start, people, ACL)",
        samba.start_secs
    );
    samba
}

const DIR_MARK: &str = "@KIOSK_SAMBA_DIR@";

/// The provisioned domain every test binary copies: made once for this Samba version (in
/// a folder of its own, renamed into place, so two binaries never see half of one).
fn template() -> PathBuf {
    let version = run(Command::new("samba").arg("-V")).stdout;
    let version: String = String::from_utf8_lossy(&version)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let done = std::env::temp_dir().join(format!("kiosk-samba-template-{version}"));
    if done.join("etc/smb.conf").exists() {
        return done;
    }
    let dir = std::env::temp_dir().join(format!(
        "kiosk-samba-template-{version}.{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.display().to_string();
    for sub in ["run", "ncalrpc", "ntp", "log"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let options = [
        "interfaces=lo".to_string(),
        "bind interfaces only=yes".into(),
        "server services=ldap,kdc".into(),
        format!("log file={d}/log/samba.log"),
        format!("pid directory={d}/run"),
        format!("ncalrpc dir={d}/ncalrpc"),
        format!("ntp signd socket directory={d}/ntp"),
        format!("tls keyfile={d}/key.pem"),
        format!("tls certfile={d}/cert.pem"),
        format!("tls cafile={d}/ca.pem"),
    ];
    let mut provision = Command::new("samba-tool");
    provision.args([
        "domain",
        "provision",
        &format!("--targetdir={d}"),
        &format!("--realm={REALM}"),
        "--domain=SCHOOL",
        "--server-role=dc",
        "--dns-backend=NONE",
        &format!("--adminpass={ADMIN_PW}"),
        "--host-ip=127.0.0.1",
        "--use-rfc2307",
    ]);
    for o in &options {
        provision.arg(format!("--option={o}"));
    }
    run(provision.env("TDB_NO_FSYNC", "1"));
    // Without it the previous password keeps binding for an hour (a provision option for it
    // is dropped).
    let conf = dir.join("etc/smb.conf");
    let text = std::fs::read_to_string(&conf).unwrap();
    let text = text.replacen(
        "[global]\n",
        "[global]\n\told password allowed period = 0\n",
        1,
    );
    std::fs::write(&conf, text).unwrap();
    // Its folder's name becomes a mark each copy replaces with its own.
    std::fs::write(
        &conf,
        std::fs::read_to_string(&conf)
            .unwrap()
            .replace(&d, DIR_MARK),
    )
    .unwrap();
    if std::fs::rename(&dir, &done).is_err() {
        // Another binary was first: use its copy.
        let _ = std::fs::remove_dir_all(&dir);
    }
    done
}

/// The DC of this test binary.
pub fn samba() -> &'static Samba {
    static SAMBA: OnceLock<Samba> = OnceLock::new();
    SAMBA.get_or_init(start)
}

/// `"password"` with the quotes, UTF-16LE: the value of unicodePwd.
pub fn unicode_pwd(password: &str) -> Vec<u8> {
    format!("\"{password}\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect()
}

/// Runs `f` to completion on a runtime of its own (callers may be inside a test's runtime).
fn block<T: Send>(f: impl std::future::Future<Output = T> + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(f)
        })
        .join()
        .unwrap()
    })
}

impl Samba {
    fn tls(&self) -> Arc<rustls::ClientConfig> {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_file_iter(&self.ca_file).unwrap() {
            roots.add(cert.unwrap()).unwrap();
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        Arc::new(
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(roots)
                .with_no_client_auth(),
        )
    }

    /// A connection bound as `dn`: the result code and the server's text.
    async fn bind_as(&self, dn: &str, password: &str) -> (ldap3::Ldap, u32, String) {
        let settings = LdapConnSettings::new()
            .set_config(self.tls())
            .set_conn_timeout(Duration::from_secs(10));
        let (conn, mut ldap) = LdapConnAsync::with_settings(settings, &self.ldaps_url)
            .await
            .unwrap();
        ldap3::drive!(conn);
        let r = ldap.simple_bind(dn, password).await.unwrap();
        (ldap, r.rc, r.text)
    }

    async fn admin(&self) -> ldap3::Ldap {
        let (ldap, rc, text) = self.bind_as(ADMIN_DN, ADMIN_PW).await;
        assert_eq!(rc, 0, "administrator bind: {text}");
        ldap
    }

    /// The domain's policy, the service account and its delegation, the Teachers group.
    fn populate(&self) {
        block(async {
            let mut ldap = self.admin().await;
            let set = |a: &'static str, v: &str| {
                Mod::Replace(a.as_bytes().to_vec(), [v.as_bytes().to_vec()].into())
            };
            let r = ldap
                .modify(
                    BASE,
                    vec![
                        set("minPwdLength", "10"),
                        set("pwdHistoryLength", "5"),
                        set("minPwdAge", "0"),
                        set("lockoutThreshold", "3"),
                        set("pwdProperties", "1"),
                    ],
                )
                .await
                .unwrap();
            assert_eq!(r.rc, 0, "domain policy: {}", r.text);
            let r = ldap
                .add(
                    TEACHERS,
                    vec![
                        ("objectClass", ["group"].into()),
                        ("sAMAccountName", ["Teachers"].into()),
                    ],
                )
                .await
                .unwrap();
            assert_eq!(r.rc, 0, "group: {}", r.text);
            ldap.unbind().await.unwrap();
        });
        self.add_user(SERVICE, SERVICE_PW);
        let sid = self.sid(SERVICE);
        let sddl = format!(
            "(OA;CI;CR;{RESET_PASSWORD};{USER_CLASS};{sid})\
             (OA;CI;WP;{PWD_LAST_SET};{USER_CLASS};{sid})\
             (OA;CI;WP;{LOCKOUT_TIME};{USER_CLASS};{sid})"
        );
        // On the database file itself: no network sign-in needed, and no Python start-up
        // beyond this one.
        run(Command::new("samba-tool").args([
            "dsacl",
            "set",
            "-H",
            &format!("{}/private/sam.ldb", self.dir.display()),
            &format!("--objectdn={USERS}"),
            &format!("--sddl={sddl}"),
        ]));
        // Read the fine-grained policies (PSOs): AD shows their attributes to admins only.
        run(Command::new("samba-tool").args([
            "dsacl",
            "set",
            "-H",
            &format!("{}/private/sam.ldb", self.dir.display()),
            &format!("--objectdn={PSO_CONTAINER}"),
            &format!("--sddl=(A;CI;RPLCLO;;;{sid})"),
        ]));
    }

    /// The group `PSO-Strict`, to which a fine-grained password policy (PSO) of length 14
    /// and history 8 applies: made once for this DC (samba-tool is slow to start), on the
    /// database file as the ACL is. Members get the PSO's rules instead of the domain's.
    pub fn strict_pso_group(&self) -> &'static str {
        static DONE: OnceLock<()> = OnceLock::new();
        DONE.get_or_init(|| {
            block(async {
                let mut ldap = self.admin().await;
                let r = ldap
                    .add(
                        PSO_GROUP,
                        vec![
                            ("objectClass", ["group"].into()),
                            ("sAMAccountName", ["PSO-Strict"].into()),
                        ],
                    )
                    .await
                    .unwrap();
                assert_eq!(r.rc, 0, "group: {}", r.text);
                ldap.unbind().await.unwrap();
            });
            let db = format!("{}/private/sam.ldb", self.dir.display());
            let tool = |args: &[&str]| {
                run(Command::new("samba-tool")
                    .args(["domain", "passwordsettings", "pso"])
                    .args(args)
                    .args(["-H", &db]));
            };
            tool(&[
                "create",
                "kiosk-strict",
                "10",
                "--min-pwd-length=14",
                "--history-length=8",
            ]);
            tool(&["apply", "kiosk-strict", "PSO-Strict"]);
        });
        PSO_GROUP
    }

    /// The account's objectSid as text (S-1-5-21-…).
    pub fn sid(&self, name: &str) -> String {
        let raw = self.attr_bin(name, "objectSid").expect("objectSid");
        let rev = raw[0];
        let count = usize::from(raw[1]);
        let auth = raw[2..8].iter().fold(0u64, |a, b| (a << 8) | u64::from(*b));
        let mut s = format!("S-{rev}-{auth}");
        for i in 0..count {
            let b = &raw[8 + 4 * i..12 + 4 * i];
            s.push_str(&format!(
                "-{}",
                u32::from_le_bytes([b[0], b[1], b[2], b[3]])
            ));
        }
        s
    }

    pub fn dn(name: &str) -> String {
        format!("CN={name},{USERS}")
    }

    /// A person under CN=Users with mail and mobile, enabled, password set by the
    /// administrator (its length and complexity are checked).
    pub fn add_user(&self, name: &str, password: &str) -> String {
        let dn = Self::dn(name);
        block(async {
            let mut ldap = self.admin().await;
            let text =
                |v: &str| -> std::collections::HashSet<Vec<u8>> { [v.as_bytes().to_vec()].into() };
            let r = ldap
                .add(
                    &dn,
                    vec![
                        (b"objectClass".to_vec(), text("user")),
                        (b"sAMAccountName".to_vec(), text(name)),
                        (b"displayName".to_vec(), text(&format!("Test {name}"))),
                        (b"mail".to_vec(), text(&format!("{name}@school.test"))),
                        (b"mobile".to_vec(), text("+46701234567")),
                        (b"userAccountControl".to_vec(), text("512")),
                        (b"unicodePwd".to_vec(), [unicode_pwd(password)].into()),
                    ],
                )
                .await
                .unwrap();
            assert_eq!(r.rc, 0, "add {name}: {}", r.text);
            ldap.unbind().await.unwrap();
        });
        dn
    }

    /// Replaces attributes of a person as the administrator.
    pub fn set(&self, name: &str, changes: &[(&str, &str)]) {
        let dn = Self::dn(name);
        block(async {
            let mut ldap = self.admin().await;
            let mods = changes
                .iter()
                .map(|(a, v)| Mod::Replace(a.as_bytes().to_vec(), [v.as_bytes().to_vec()].into()))
                .collect();
            let r = ldap.modify(&dn, mods).await.unwrap();
            assert_eq!(r.rc, 0, "modify {name}: {}", r.text);
            ldap.unbind().await.unwrap();
        });
    }

    /// Adds a person to a group as the administrator.
    pub fn add_member(&self, group_dn: &str, name: &str) {
        let dn = Self::dn(name);
        block(async {
            let mut ldap = self.admin().await;
            let r = ldap
                .modify(group_dn, vec![Mod::Add("member", [dn.as_str()].into())])
                .await
                .unwrap();
            assert_eq!(r.rc, 0, "member {name}: {}", r.text);
            ldap.unbind().await.unwrap();
        });
    }

    /// A person's entry with the one attribute asked for, read by the administrator.
    fn entry(&self, name: &str, attr: &str) -> Option<SearchEntry> {
        let dn = Self::dn(name);
        block(async {
            let mut ldap = self.admin().await;
            let (entries, _) = ldap
                .search(&dn, Scope::Base, "(objectClass=*)", vec![attr])
                .await
                .unwrap()
                .success()
                .unwrap();
            ldap.unbind().await.unwrap();
            Some(SearchEntry::construct(entries.into_iter().next()?))
        })
    }

    fn attr_bin(&self, name: &str, attr: &str) -> Option<Vec<u8>> {
        self.entry(name, attr)?
            .bin_attrs
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(attr))
            .and_then(|(_, v)| v.into_iter().next())
    }

    /// One attribute of a person, read by the administrator.
    pub fn attr(&self, name: &str, attr: &str) -> Option<String> {
        self.entry(name, attr)?
            .attrs
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(attr))
            .and_then(|(_, v)| v.into_iter().next())
    }

    /// A simple bind as the person: the result code and the server's text.
    pub fn bind(&self, name: &str, password: &str) -> (u32, String) {
        let dn = Self::dn(name);
        block(async {
            let (mut ldap, rc, text) = self.bind_as(&dn, password).await;
            let _ = ldap.unbind().await;
            (rc, text)
        })
    }

    /// Whether `password` binds as the person.
    pub fn binds(&self, name: &str, password: &str) -> bool {
        self.bind(name, password).0 == 0
    }

    /// The person changes their own password at the directory (not the kiosk).
    pub fn passwd(&self, name: &str, old: &str, new: &str) {
        let dn = Self::dn(name);
        block(async {
            let (mut ldap, rc, text) = self.bind_as(&dn, old).await;
            assert_eq!(rc, 0, "bind {name}: {text}");
            let r = ldap
                .modify(
                    &dn,
                    vec![
                        Mod::Delete(b"unicodePwd".to_vec(), [unicode_pwd(old)].into()),
                        Mod::Add(b"unicodePwd".to_vec(), [unicode_pwd(new)].into()),
                    ],
                )
                .await
                .unwrap();
            assert_eq!(r.rc, 0, "passwd {name}: {}", r.text);
            let _ = ldap.unbind().await;
        });
    }

    /// Directory settings for the kiosk: LDAPS to the forwarded port.
    pub fn settings(&self) -> DirectorySettings {
        let mut s = kiosk::config::Settings::defaults().directory;
        s.kind = DirectoryKind::ActiveDirectory;
        s.urls = vec![self.ldaps_url.clone()];
        s.ca_file = self.ca_file.clone();
        s.bind_dn = Self::dn(SERVICE);
        s.bind_password = SERVICE_PW.into();
        s.base_dn = BASE.into();
        s.timeout_secs = 5;
        s.categories = vec![
            kiosk::config::CategoryRule {
                group: TEACHERS.into(),
                dn_suffix: String::new(),
                category: "staff".into(),
            },
            kiosk::config::CategoryRule {
                group: String::new(),
                dn_suffix: USERS.into(),
                category: "students".into(),
            },
        ];
        s.resolved()
    }

    /// The `[directory]` section as TOML for a kiosk config file.
    pub fn toml(&self) -> String {
        let s = self.settings();
        format!(
            "[directory]\nkind = \"active-directory\"\nurls = [\"{}\"]\nca_file = \"{}\"\n\
             bind_dn = \"{}\"\nbind_password = \"{}\"\nbase_dn = \"{}\"\n",
            self.ldaps_url,
            self.ca_file.display(),
            s.bind_dn,
            s.bind_password,
            s.base_dn
        )
    }
}
