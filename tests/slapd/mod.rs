//! A real OpenLDAP server for the directory tests: started once per test binary on free
//! loopback ports (plain, and TLS with a CA and certificate made here by rcgen), with the
//! ppolicy overlay (default policy: min length 10, history 3, min age 0; a "young" policy
//! with min age one hour) and a service account that may write passwords. A shell watcher
//! kills slapd and removes its folder when this test process ends (its stdin closes).
#![allow(dead_code)]

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use kiosk::config::{DirectoryKind, DirectorySettings};

pub const SUFFIX: &str = "dc=school,dc=test";
pub const ROOTDN: &str = "cn=admin,dc=school,dc=test";
pub const ROOTPW: &str = "root-secret-pw";
pub const SERVICE_DN: &str = "cn=kiosk,ou=services,dc=school,dc=test";
pub const SERVICE_PW: &str = "service-secret-pw";
pub const YOUNG_POLICY: &str = "cn=young,ou=policies,dc=school,dc=test";
pub const EXPIRING_POLICY: &str = "cn=expiring,ou=policies,dc=school,dc=test";
pub const MUST_CHANGE_POLICY: &str = "cn=mustchange,ou=policies,dc=school,dc=test";

pub struct Slapd {
    pub url: String,
    pub ldaps_url: String,
    pub ca_file: PathBuf,
    /// The watcher's stdin: dropped only when the process ends.
    _watcher: Mutex<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn slapd_bin(name: &str) -> String {
    for dir in ["/usr/sbin", "/usr/local/sbin", "/usr/bin"] {
        let p = format!("{dir}/{name}");
        if std::path::Path::new(&p).exists() {
            return p;
        }
    }
    panic!("{name} not found: scripts/test installs slapd and ldap-utils");
}

const INIT_LDIF: &str = "\
dn: dc=school,dc=test
objectClass: top
objectClass: dcObject
objectClass: organization
o: School
dc: school

dn: ou=people,dc=school,dc=test
objectClass: organizationalUnit
ou: people

dn: ou=staff,dc=school,dc=test
objectClass: organizationalUnit
ou: staff

dn: ou=services,dc=school,dc=test
objectClass: organizationalUnit
ou: services

dn: ou=policies,dc=school,dc=test
objectClass: organizationalUnit
ou: policies

dn: cn=kiosk,ou=services,dc=school,dc=test
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: kiosk
userPassword: service-secret-pw

dn: cn=default,ou=policies,dc=school,dc=test
objectClass: top
objectClass: device
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMinLength: 10
pwdInHistory: 3
pwdMinAge: 0
pwdCheckQuality: 2
pwdMaxFailure: 5
pwdLockout: TRUE

dn: cn=young,ou=policies,dc=school,dc=test
objectClass: top
objectClass: device
objectClass: pwdPolicy
cn: young
pwdAttribute: userPassword
pwdMinLength: 10
pwdInHistory: 3
pwdMinAge: 3600
pwdCheckQuality: 2

dn: cn=expiring,ou=policies,dc=school,dc=test
objectClass: top
objectClass: device
objectClass: pwdPolicy
cn: expiring
pwdAttribute: userPassword
pwdMinLength: 10
pwdMaxAge: 7776000

dn: cn=mustchange,ou=policies,dc=school,dc=test
objectClass: top
objectClass: device
objectClass: pwdPolicy
cn: mustchange
pwdAttribute: userPassword
pwdMinLength: 10
pwdMustChange: TRUE
";

fn start() -> Slapd {
    let dir = tempfile::Builder::new()
        .prefix("kiosk-slapd-")
        .tempdir()
        .unwrap()
        .keep();
    std::fs::create_dir_all(dir.join("db")).unwrap();
    // A CA and a server certificate for 127.0.0.1 and localhost.
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "kiosk test CA");
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
    std::fs::write(dir.join("key.pem"), key.serialize_pem()).unwrap();

    let d = dir.display();
    let conf = format!(
        "include /etc/ldap/schema/core.schema\n\
         include /etc/ldap/schema/cosine.schema\n\
         include /etc/ldap/schema/inetorgperson.schema\n\
         modulepath /usr/lib/ldap\n\
         moduleload back_mdb\n\
         moduleload ppolicy\n\
         moduleload memberof\n\
         pidfile {d}/slapd.pid\n\
         argsfile {d}/slapd.args\n\
         TLSCACertificateFile {d}/ca.pem\n\
         TLSCertificateFile {d}/cert.pem\n\
         TLSCertificateKeyFile {d}/key.pem\n\
         database mdb\n\
         maxsize 33554432\n\
         suffix \"{SUFFIX}\"\n\
         rootdn \"{ROOTDN}\"\n\
         rootpw {ROOTPW}\n\
         directory {d}/db\n\
         overlay memberof\n\
         overlay ppolicy\n\
         ppolicy_default \"cn=default,ou=policies,{SUFFIX}\"\n\
         ppolicy_hash_cleartext\n\
         ppolicy_use_lockout\n\
         limits dn.exact=\"{SERVICE_DN}\" size.soft=3 size.hard=3 size.pr=unlimited size.prtotal=unlimited\n\
         access to attrs=userPassword\n  by dn.exact=\"{SERVICE_DN}\" write\n  by self write\n  by anonymous auth\n  by * none\n\
         access to attrs=pwdAccountLockedTime,pwdReset\n  by dn.exact=\"{SERVICE_DN}\" write\n  by * none\n\
         access to *\n  by dn.exact=\"{SERVICE_DN}\" read\n  by self read\n  by * none\n"
    );
    let conf_path = dir.join("slapd.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let ldif = dir.join("init.ldif");
    std::fs::write(&ldif, INIT_LDIF).unwrap();
    let out = Command::new(slapd_bin("slapadd"))
        .arg("-f")
        .arg(&conf_path)
        .arg("-l")
        .arg(&ldif)
        .output()
        .unwrap();
    assert!(out.status.success(), "slapadd: {out:?}");

    let (port, tls_port) = (free_port(), free_port());
    let url = format!("ldap://127.0.0.1:{port}/");
    let ldaps_url = format!("ldaps://127.0.0.1:{tls_port}/");
    // slapd in the foreground (-d 0), killed and cleaned up once our stdin closes.
    let script = format!(
        "{slapd} -d 0 -f '{d}/slapd.conf' -h '{url} {ldaps_url}' >'{d}/slapd.log' 2>&1 & \
         pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid; rm -rf '{d}'",
        slapd = slapd_bin("slapd"),
    );
    let watcher = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err()
        || TcpStream::connect(("127.0.0.1", tls_port)).is_err()
    {
        assert!(
            Instant::now() < deadline,
            "slapd did not start: {}",
            std::fs::read_to_string(dir.join("slapd.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Slapd {
        url,
        ldaps_url,
        ca_file,
        _watcher: Mutex::new(watcher),
    }
}

/// The server of this test binary.
pub fn slapd() -> &'static Slapd {
    static SLAPD: OnceLock<Slapd> = OnceLock::new();
    SLAPD.get_or_init(start)
}

impl Slapd {
    /// Directory settings for the kiosk: plain LDAP on loopback.
    pub fn settings(&self) -> DirectorySettings {
        let mut s = kiosk::config::Settings::defaults().directory;
        s.kind = DirectoryKind::Openldap;
        s.urls = vec![self.url.clone()];
        s.bind_dn = SERVICE_DN.into();
        s.bind_password = SERVICE_PW.into();
        s.server_rootdn = ROOTDN.into();
        s.base_dn = SUFFIX.into();
        s.default_policy_dn = format!("cn=default,ou=policies,{SUFFIX}");
        s.timeout_secs = 5;
        s.categories = vec![
            kiosk::config::CategoryRule {
                group: String::new(),
                dn_suffix: format!("ou=staff,{SUFFIX}"),
                category: "staff".into(),
            },
            kiosk::config::CategoryRule {
                group: String::new(),
                dn_suffix: format!("ou=people,{SUFFIX}"),
                category: "students".into(),
            },
        ];
        s
    }

    /// The `[directory]` section as TOML for a kiosk config file.
    pub fn toml(&self) -> String {
        let s = self.settings();
        format!(
            "[directory]\nkind = \"openldap\"\nurls = [\"{}\"]\nbind_dn = \"{}\"\n\
             bind_password = \"{}\"\nserver_rootdn = \"{}\"\nbase_dn = \"{}\"\n\
             default_policy_dn = \"{}\"\n",
            self.url, s.bind_dn, s.bind_password, s.server_rootdn, s.base_dn, s.default_policy_dn
        )
    }

    fn ldap_utils(&self, tool: &str, args: &[&str], stdin: &str) -> std::process::Output {
        let mut child = Command::new(tool)
            .args(["-x", "-H", &self.url])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{tool}: {e} (scripts/test installs ldap-utils)"));
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Adds a person under ou=people (the root DN, so no policy on the first password);
    /// `policy`: their own pwdPolicySubentry.
    pub fn add_user(&self, uid: &str, password: &str, policy: Option<&str>) -> String {
        self.add_user_in("people", uid, password, policy)
    }

    pub fn add_user_in(&self, ou: &str, uid: &str, password: &str, policy: Option<&str>) -> String {
        let dn = format!("uid={uid},ou={ou},{SUFFIX}");
        let mut ldif = format!(
            "dn: {dn}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: Test {uid}\nsn: {uid}\n\
             mail: {uid}@school.test\nmobile: +46701234567\nuserPassword: {password}\n"
        );
        if let Some(p) = policy {
            ldif.push_str(&format!("pwdPolicySubentry: {p}\n"));
        }
        let out = self.ldap_utils("ldapadd", &["-D", ROOTDN, "-w", ROOTPW], &ldif);
        assert!(out.status.success(), "ldapadd: {out:?}");
        dn
    }

    /// Adds entries (LDIF) as the root DN.
    pub fn add(&self, ldif: &str) {
        let out = self.ldap_utils("ldapadd", &["-D", ROOTDN, "-w", ROOTPW], ldif);
        assert!(out.status.success(), "ldapadd: {out:?}");
    }

    /// Applies an LDIF change as the root DN.
    pub fn modify(&self, ldif: &str) {
        let out = self.ldap_utils("ldapmodify", &["-D", ROOTDN, "-w", ROOTPW], ldif);
        assert!(out.status.success(), "ldapmodify: {out:?}");
    }

    /// Deletes an entry as the root DN.
    pub fn delete(&self, dn: &str) {
        let out = self.ldap_utils("ldapdelete", &["-D", ROOTDN, "-w", ROOTPW, dn], "");
        assert!(out.status.success(), "ldapdelete: {out:?}");
    }

    /// Whether `password` binds as `uid` (a plain simple bind).
    pub fn binds(&self, uid: &str, password: &str) -> bool {
        let dn = format!("uid={uid},ou=people,{SUFFIX}");
        self.ldap_utils("ldapwhoami", &["-D", &dn, "-w", password], "")
            .status
            .success()
    }

    /// The person changes their own password directly at the directory (not the kiosk).
    pub fn passwd(&self, uid: &str, old: &str, new: &str) {
        let dn = format!("uid={uid},ou=people,{SUFFIX}");
        let out = self.ldap_utils(
            "ldappasswd",
            &["-D", &dn, "-w", old, "-a", old, "-s", new],
            "",
        );
        assert!(out.status.success(), "ldappasswd: {out:?}");
    }
}
