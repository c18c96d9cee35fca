//! The Debian package ([package.metadata.deb] in Cargo.toml, debian/): built once per test
//! binary by cargo-deb from the debug kiosk `cargo test` has already built (a release build
//! with LTO would add minutes; scripts/package makes the release one), then:
//! its contents, modes, owners and control files (`dpkg-deb -c`, `-I`); lintian; and an
//! install into a throw-away root with `dpkg --root`, whose maintainer scripts really run
//! (chrootless, on $DPKG_ROOT): the kiosk user, /var/lib/kiosk, the configuration's group,
//! nothing enabled; the installed kiosk run in that root (chroot, as the kiosk user) on the
//! installed configuration; an upgrade that keeps an edited configuration; a purge.
//!
//! The packed binary is the test build (with the `test-support` feature); what is checked
//! here is the packaging, which is the same for the release binary.
//!
//! Needs root (dpkg sets owners, chroot), cargo-deb, lintian and dpkg-dev: scripts/test
//! provides them. Fails, never skips, without them.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use clap::CommandFactory;

const KIOSK: &str = env!("CARGO_BIN_EXE_kiosk");
const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");
const CONFIG: &str = "/etc/kiosk/kiosk.toml";
const UNITS: [&str; 5] = [
    "kiosk@.service",
    "kiosk-notify.service",
    "kiosk-notify.timer",
    "kiosk-directory-sync.service",
    "kiosk-directory-sync.timer",
];

/// Runs `cmd`, panics with its output unless it succeeds.
fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?} ({e}): scripts/test installs it"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(run(cmd).stdout).unwrap()
}

fn assert_root() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "tests/debian_package.rs installs into a throw-away root with dpkg --root and \
         chroot: run it as root (CI does)"
    );
}

/// The package, built once per test binary: the manual pages from the test build, then
/// cargo-deb without building (it packs target/debug/kiosk: `--profile dev`).
fn package() -> &'static Path {
    static DEB: OnceLock<PathBuf> = OnceLock::new();
    DEB.get_or_init(|| {
        let manifest = Path::new(MANIFEST_DIR);
        let bin_dir = Path::new(KIOSK).parent().unwrap();
        let profile = match bin_dir.file_name().and_then(|n| n.to_str()) {
            Some("release") => "release",
            _ => "dev",
        };
        // The asset list packs target/man/*.1: pages of this build only.
        let man = manifest.join("target/man");
        let _ = std::fs::remove_dir_all(&man);
        run(Command::new(KIOSK).arg("man").arg(&man));
        let out_dir = bin_dir.join("debian-package-test");
        let _ = std::fs::remove_dir_all(&out_dir);
        run(Command::new(env!("CARGO"))
            .current_dir(manifest)
            .args([
                "deb",
                "--no-build",
                "--quiet",
                "--fast",
                "--profile",
                profile,
            ])
            .arg("--output")
            .arg(&out_dir));
        let debs: Vec<PathBuf> = std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "deb"))
            .collect();
        assert_eq!(debs.len(), 1, "cargo deb made {debs:?}");
        debs.into_iter().next().unwrap()
    })
}

/// The man page names clap_mangen makes: kiosk, and kiosk-SUB… for every visible command.
fn command_pages() -> Vec<String> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        out.push(prefix.to_string());
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            if sub.get_name() != "help" {
                walk(sub, &format!("{prefix}-{}", sub.get_name()), out);
            }
        }
    }
    let mut pages = Vec::new();
    walk(&kiosk::cli::Cli::command(), "kiosk", &mut pages);
    pages
}

/// One line of `dpkg-deb -c`: mode string, owner/group, path (without the leading `.`).
struct Entry {
    mode: String,
    owner: String,
    path: String,
}

fn contents(deb: &Path) -> Vec<Entry> {
    stdout(Command::new("dpkg-deb").arg("-c").arg(deb))
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            assert!(f.len() >= 6, "unexpected dpkg-deb -c line {line:?}");
            Entry {
                mode: f[0].to_string(),
                owner: f[1].to_string(),
                path: f[5].trim_start_matches('.').to_string(),
            }
        })
        .collect()
}

#[test]
fn the_package_holds_what_a_school_pc_needs_with_safe_modes_and_owners() {
    let deb = package();
    let entries = contents(deb);
    let mode_of = |path: &str| {
        entries
            .iter()
            .find(|e| e.path == path)
            .map(|e| e.mode.as_str())
            .unwrap_or_else(|| panic!("{path} is not in the package"))
    };
    assert_eq!(mode_of("/usr/bin/kiosk"), "-rwxr-xr-x");
    // Credentials may go in it: not for others to read.
    assert_eq!(mode_of(CONFIG), "-rw-r-----");
    for unit in UNITS {
        assert_eq!(
            mode_of(&format!("/lib/systemd/system/{unit}")),
            "-rw-r--r--"
        );
    }
    for file in [
        "/usr/lib/sysusers.d/kiosk.conf",
        "/usr/lib/tmpfiles.d/kiosk.conf",
        "/usr/share/doc/kiosk/copyright",
        "/usr/share/doc/kiosk/changelog.Debian.gz",
        "/usr/share/doc/kiosk/examples/kiosk.toml",
    ] {
        assert_eq!(mode_of(file), "-rw-r--r--", "{file}");
    }
    // A manual page for the program and for every command --help lists.
    let pages = command_pages();
    assert!(pages.len() > 10, "{pages:?}");
    for page in &pages {
        assert_eq!(
            mode_of(&format!("/usr/share/man/man1/{page}.1.gz")),
            "-rw-r--r--"
        );
    }
    for e in &entries {
        // Owners other than root come from postinst (the kiosk group is made there).
        assert_eq!(e.owner, "0/0", "{} is not root's", e.path);
        let m = e.mode.as_bytes();
        assert_ne!(m[8], b'w', "{} is world-writable", e.path);
        assert!(
            !e.mode.contains('s') && !e.mode.contains('S'),
            "{} is setuid or setgid",
            e.path
        );
        // The state folder is made on the machine (0700, kiosk), never shipped; nothing
        // goes where the administrator's own files live.
        assert!(
            !e.path.starts_with("/var/") && !e.path.starts_with("/usr/local/"),
            "{} should not be in the package",
            e.path
        );
    }

    // The configuration is a conffile: dpkg keeps an edited one at an upgrade.
    let conffiles = stdout(Command::new("dpkg-deb").arg("-I").arg(deb).arg("conffiles"));
    assert_eq!(conffiles.trim(), CONFIG);
    let field = |name: &str| stdout(Command::new("dpkg-deb").arg("-f").arg(deb).arg(name));
    let depends = field("Depends");
    for dep in ["libc6", "systemd", "ca-certificates"] {
        assert!(depends.contains(dep), "Depends lacks {dep}: {depends}");
    }
    assert_eq!(field("Package").trim(), "kiosk");

    // The maintainer scripts: the user, the folder and the group, nothing enabled or
    // started.
    let postinst = stdout(Command::new("dpkg-deb").arg("-I").arg(deb).arg("postinst"));
    for needed in [
        "systemd-sysusers",
        "systemd-tmpfiles",
        "dpkg-statoverride --update --add root",
    ] {
        assert!(postinst.contains(needed), "postinst lacks {needed}");
    }
    for script in ["postinst", "prerm", "postrm"] {
        let text = stdout(Command::new("dpkg-deb").arg("-I").arg(deb).arg(script));
        for word in ["enable", "start "] {
            let code = text.lines().filter(|l| !l.trim_start().starts_with('#'));
            assert!(
                !code.clone().any(|l| l.contains(word)),
                "{script} should not {word}: {text}"
            );
        }
    }
}

#[test]
fn lintian_reports_no_errors_and_no_warnings() {
    let out = Command::new("lintian")
        .args(["--fail-on", "error,warning", "--no-tag-display-limit"])
        .arg(package())
        .env("LC_ALL", "C")
        .output()
        .expect("cannot run lintian: scripts/test installs it");
    let tags = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "lintian ({}):\n{tags}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !tags
            .lines()
            .any(|l| l.starts_with("E:") || l.starts_with("W:")),
        "{tags}"
    );
}

/// An empty dpkg database in a fresh temporary folder: the throw-away root.
fn throwaway_root() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    // The kiosk user must reach the root's files through it (chroot below).
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for dir in ["var/lib/dpkg/updates", "var/lib/dpkg/info"] {
        std::fs::create_dir_all(root.path().join(dir)).unwrap();
    }
    std::fs::write(root.path().join("var/lib/dpkg/status"), "").unwrap();
    root
}

/// `dpkg --root`: maintainer scripts run outside a chroot with DPKG_ROOT set (the root
/// has no shell of its own); libc6, systemd and ca-certificates are not in its database.
fn dpkg(root: &Path) -> Command {
    let mut cmd = Command::new("dpkg");
    cmd.arg(format!("--root={}", root.display()))
        .args([
            "--force-script-chrootless",
            "--force-depends",
            "--log=/dev/null",
        ])
        .stdin(std::process::Stdio::null());
    cmd
}

/// (uid, gid, home, shell) of `name` in the root's /etc/passwd.
fn passwd_entry(root: &Path, name: &str) -> (u32, u32, String, String) {
    let passwd = std::fs::read_to_string(root.join("etc/passwd")).unwrap();
    let line = passwd
        .lines()
        .find(|l| l.starts_with(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no {name} in the root's /etc/passwd:\n{passwd}"));
    let f: Vec<&str> = line.split(':').collect();
    (
        f[2].parse().unwrap(),
        f[3].parse().unwrap(),
        f[5].to_string(),
        f[6].to_string(),
    )
}

/// What the installed binary needs to run in the root: the shared libraries it links
/// (libc6's part) and the CA roots (ca-certificates' part), copied from this system.
fn provide_dependencies(root: &Path) {
    let ldd = stdout(Command::new("ldd").arg(root.join("usr/bin/kiosk")));
    for lib in ldd
        .split_whitespace()
        .filter(|w| w.starts_with('/'))
        .map(Path::new)
    {
        let target = root.join(lib.strip_prefix("/").unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(lib, &target).unwrap();
    }
    let roots = "etc/ssl/certs/ca-certificates.crt";
    std::fs::create_dir_all(root.join("etc/ssl/certs")).unwrap();
    std::fs::copy(Path::new("/").join(roots), root.join(roots))
        .expect("this system's CA roots (ca-certificates)");
}

/// The installed kiosk on the installed configuration, in the root, as `uid:gid`.
fn installed_kiosk(root: &Path, uid: u32, gid: u32, args: &[&str]) -> Output {
    Command::new("/usr/sbin/chroot")
        .arg(format!("--userspec={uid}:{gid}"))
        .arg(root)
        .args(["/usr/bin/kiosk", "--config", CONFIG])
        .args(args)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("chroot")
}

fn mode(path: &Path) -> (u32, u32, u32) {
    let m = std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (m.mode() & 0o7777, m.uid(), m.gid())
}

#[test]
fn installs_into_a_throwaway_root_and_the_installed_kiosk_runs_on_its_configuration() {
    assert_root();
    let deb = package();
    let dir = throwaway_root();
    let root = dir.path();
    run(dpkg(root).arg("--install").arg(deb));

    // sysusers.d: a system user with its state folder as home and no login shell.
    let (uid, gid, home, shell) = passwd_entry(root, "kiosk");
    assert!(uid > 0 && uid < 1000, "not a system uid: {uid}");
    assert_eq!(
        (home.as_str(), shell.as_str()),
        ("/var/lib/kiosk", "/usr/sbin/nologin")
    );
    // tmpfiles.d: the state folder for the kiosk alone.
    assert_eq!(mode(&root.join("var/lib/kiosk")), (0o700, uid, gid));
    // The stat override: root owns the configuration, the kiosk's group reads it.
    assert_eq!(mode(&root.join("etc/kiosk/kiosk.toml")), (0o640, 0, gid));

    // The units start the installed binary on the installed configuration.
    for unit in UNITS.iter().filter(|u| u.ends_with(".service")) {
        let text = std::fs::read_to_string(root.join("lib/systemd/system").join(unit)).unwrap();
        let exec = text
            .lines()
            .find_map(|l| l.strip_prefix("ExecStart="))
            .unwrap_or_else(|| panic!("{unit} has no ExecStart"));
        assert!(
            exec.starts_with(&format!("/usr/bin/kiosk --config {CONFIG}")),
            "{unit}: {exec}"
        );
    }
    // Nothing enabled: no links in /etc/systemd.
    let enabled: Vec<_> = walk(&root.join("etc/systemd"));
    assert!(enabled.is_empty(), "enabled on install: {enabled:?}");

    provide_dependencies(root);
    // check-config as the kiosk user, on the installed file as it is.
    let out = installed_kiosk(root, uid, gid, &["check-config"]);
    let (text, errors) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "check-config: {errors}\n{text}");
    assert!(!errors.contains("warning"), "{errors}");
    let effective: toml::Value = toml::from_str(&text).unwrap();
    let get = |path: &str| {
        path.split('.')
            .try_fold(&effective, |v, k| v.get(k))
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{path} not in check-config's output"))
            .to_string()
    };
    // Safe production defaults: SMS and mail off until configured, no directory, the
    // database and the key file in the state folder.
    assert_eq!(get("sms.provider"), "none");
    assert_eq!(get("mail.transport"), "none");
    assert_eq!(get("directory.kind"), "none");
    assert_eq!(get("database.url"), "sqlite:///var/lib/kiosk/kiosk.db");
    assert_eq!(get("keys.file"), "/var/lib/kiosk/secret.key");

    // Anybody else cannot read it.
    let out = installed_kiosk(root, 65534, 65534, &["check-config"]);
    assert!(!out.status.success(), "nobody read the configuration");

    // The kiosk user makes its database and key file where the configuration says, private.
    let out = installed_kiosk(root, uid, gid, &["migrate"]);
    assert!(
        out.status.success(),
        "migrate as kiosk: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in ["kiosk.db", "secret.key"] {
        assert_eq!(
            mode(&root.join("var/lib/kiosk").join(file)),
            (0o600, uid, gid),
            "{file}"
        );
    }
}

/// Every file and link below `dir` (none when it does not exist).
fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.is_symlink() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// The package again as version `version`, its configuration with `extra` appended:
/// `dpkg-deb -R`, edit, `dpkg-deb -b` (cheaper than a second cargo-deb run).
fn repacked(deb: &Path, work: &Path, version: &str, extra: &str) -> PathBuf {
    let tree = work.join(format!("tree-{version}"));
    run(Command::new("dpkg-deb").arg("-R").arg(deb).arg(&tree));
    let control = tree.join("DEBIAN/control");
    let text = std::fs::read_to_string(&control).unwrap();
    let old = text
        .lines()
        .find(|l| l.starts_with("Version: "))
        .unwrap()
        .to_string();
    std::fs::write(&control, text.replace(&old, &format!("Version: {version}"))).unwrap();
    let config = tree.join(CONFIG.trim_start_matches('/'));
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(extra);
    std::fs::write(&config, text).unwrap();
    let out = work.join(format!("kiosk_{version}.deb"));
    run(Command::new("dpkg-deb")
        .args(["-Znone", "--build"])
        .arg(&tree)
        .arg(&out));
    out
}

#[test]
fn an_upgrade_keeps_the_edited_configuration_and_a_purge_keeps_the_data() {
    assert_root();
    let deb = package();
    let dir = throwaway_root();
    let root = dir.path();
    let work = tempfile::tempdir().unwrap();
    run(dpkg(root).arg("--install").arg(deb));
    let (_, gid, _, _) = passwd_entry(root, "kiosk");
    let config = root.join(CONFIG.trim_start_matches('/'));
    let edited = format!(
        "{}\n[kiosk]\nschool_name = \"Edited School\"\n",
        std::fs::read_to_string(&config).unwrap()
    );
    std::fs::write(&config, &edited).unwrap();

    // A new version with the same shipped configuration: the edit stays, silently.
    let v2 = repacked(deb, work.path(), "0.1.0-2", "");
    run(dpkg(root).arg("--install").arg(&v2));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), edited);
    assert_eq!(mode(&config), (0o640, 0, gid));

    // A version whose shipped configuration changed too: dpkg would ask; unattended
    // upgrades answer "keep mine" (--force-confold), the new one lands beside it.
    let v3 = repacked(deb, work.path(), "0.1.0-3", "# changed upstream\n");
    run(dpkg(root)
        .args(["--force-confdef", "--force-confold", "--install"])
        .arg(&v3));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), edited);
    assert_eq!(mode(&config), (0o640, 0, gid));
    let dist = root.join("etc/kiosk/kiosk.toml.dpkg-dist");
    assert!(
        std::fs::read_to_string(&dist)
            .unwrap()
            .ends_with("# changed upstream\n")
    );
    let version = stdout(
        Command::new("dpkg-query")
            .arg(format!("--root={}", root.display()))
            .args(["-W", "-f", "${Version}", "kiosk"]),
    );
    assert_eq!(version, "0.1.0-3");

    // Purge: the configuration and its stat override go; the state folder (database, key
    // file, audit trail) and the user stay for the administrator to decide.
    std::fs::remove_file(&dist).unwrap();
    run(dpkg(root).arg("--purge").arg("kiosk"));
    assert!(!config.exists(), "purge left the configuration");
    let overrides =
        std::fs::read_to_string(root.join("var/lib/dpkg/statoverride")).unwrap_or_default();
    assert!(!overrides.contains(CONFIG), "{overrides}");
    assert!(root.join("var/lib/kiosk").is_dir());
    passwd_entry(root, "kiosk");
}
