//! `[targets.google]`, `[targets.microsoft]`: cloud accounts that get the new password
//! after the authority (the kiosk's database or `[directory]`) accepted it.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSettings {
    pub google: GoogleSettings,
    pub microsoft: MicrosoftSettings,
}

/// Google Workspace: Admin SDK Directory API with a service account and domain-wide
/// delegation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleSettings {
    pub enabled: bool,
    pub key_file: PathBuf,
    pub admin: String,
    pub email_format: String,
    pub api_url: String,
    pub timeout_secs: u64,
}

/// Microsoft 365 / Entra ID: Microsoft Graph with an app registration (client credentials),
/// signed in with a client secret or with a certificate: exactly one of the two.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MicrosoftSettings {
    pub enabled: bool,
    pub tenant: String,
    pub client_id: String,
    pub client_secret_file: PathBuf,
    pub certificate_file: PathBuf,
    pub certificate_key_file: PathBuf,
    pub upn_format: String,
    pub login_url: String,
    pub graph_url: String,
    pub timeout_secs: u64,
}

impl TargetSettings {
    /// The files holding credentials, by key: check-config checks and redacts them.
    pub fn key_files(&self) -> Vec<(&'static str, &PathBuf)> {
        let mut v = Vec::new();
        if self.google.enabled {
            v.push(("targets.google.key_file", &self.google.key_file));
        }
        let m = &self.microsoft;
        if m.enabled {
            let files = [
                (
                    "targets.microsoft.client_secret_file",
                    &m.client_secret_file,
                ),
                ("targets.microsoft.certificate_file", &m.certificate_file),
                (
                    "targets.microsoft.certificate_key_file",
                    &m.certificate_key_file,
                ),
            ];
            v.extend(
                files
                    .into_iter()
                    .filter(|(_, path)| !path.as_os_str().is_empty()),
            );
        }
        v
    }

    /// Key files that are missing, unreadable, or readable by others than the kiosk (mode
    /// 0600, or 0640 with group kiosk): `check-config` refuses the configuration.
    pub fn file_problems(&self) -> Vec<String> {
        self.key_files()
            .into_iter()
            .filter_map(|(key, path)| {
                let why = file_problem(path)?;
                Some(format!("{key}: {} {why}", path.display()))
            })
            .collect()
    }

    /// The problem with these settings, if any: `(key, message)`.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        let g = &self.google;
        if g.enabled {
            if g.key_file.as_os_str().is_empty() {
                return Some((
                    "targets.google.key_file",
                    "must name the service account's key file".into(),
                ));
            }
            if !g.admin.contains('@') {
                return Some((
                    "targets.google.admin",
                    "must be an administrator's email address".into(),
                ));
            }
            if !g.email_format.contains("{username}") {
                return Some((
                    "targets.google.email_format",
                    "must contain {username}".into(),
                ));
            }
            if g.timeout_secs == 0 {
                return Some(("targets.google.timeout_secs", "must be at least 1".into()));
            }
        }
        let m = &self.microsoft;
        if m.enabled {
            if m.tenant.is_empty() {
                return Some(("targets.microsoft.tenant", "must name the tenant".into()));
            }
            if m.client_id.is_empty() {
                return Some((
                    "targets.microsoft.client_id",
                    "must name the app registration".into(),
                ));
            }
            let secret = !m.client_secret_file.as_os_str().is_empty();
            let certificate = !m.certificate_file.as_os_str().is_empty();
            let key = !m.certificate_key_file.as_os_str().is_empty();
            if secret && (certificate || key) {
                return Some((
                    "targets.microsoft.client_secret_file",
                    "name either a client secret or a certificate, not both".into(),
                ));
            }
            if !secret && !certificate && !key {
                return Some((
                    "targets.microsoft.client_secret_file",
                    "must name the file holding the client secret, or set certificate_file \
                     and certificate_key_file"
                        .into(),
                ));
            }
            if certificate && !key {
                return Some((
                    "targets.microsoft.certificate_key_file",
                    "must name the certificate's private key (PEM)".into(),
                ));
            }
            if key && !certificate {
                return Some((
                    "targets.microsoft.certificate_file",
                    "must name the certificate (PEM) of certificate_key_file".into(),
                ));
            }
            if !m.upn_format.contains("{username}") {
                return Some((
                    "targets.microsoft.upn_format",
                    "must contain {username}".into(),
                ));
            }
            if m.timeout_secs == 0 {
                return Some((
                    "targets.microsoft.timeout_secs",
                    "must be at least 1".into(),
                ));
            }
        }
        None
    }
}

#[cfg(unix)]
fn file_problem(path: &std::path::Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return Some(format!("cannot be read: {e}")),
    };
    if !meta.is_file() {
        return Some("is not a file".into());
    }
    let mode = meta.mode() & 0o777;
    let by_group =
        mode & 0o040 != 0 && super::secrets::group_name(meta.gid()).as_deref() != Some("kiosk");
    if mode & 0o004 != 0 || by_group || mode & 0o022 != 0 {
        return Some(format!(
            "is readable or writable by others (mode {mode:o}): chmod 600 it, or 640 with group kiosk"
        ));
    }
    None
}

#[cfg(not(unix))]
fn file_problem(path: &std::path::Path) -> Option<String> {
    (!path.is_file()).then(|| "cannot be read".to_string())
}

#[cfg(test)]
mod tests {
    use super::super::Settings;

    #[cfg(unix)]
    #[test]
    fn key_files_must_exist_and_be_private_and_are_redacted() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("google.json");
        let secret = dir.path().join("m365");
        let mut s = Settings::defaults();
        s.targets.google.enabled = true;
        s.targets.google.key_file = key.clone();
        s.targets.microsoft.enabled = true;
        s.targets.microsoft.client_secret_file = secret.clone();
        let problems = s.targets.file_problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("targets.google.key_file:"),
            "{problems:?}"
        );
        assert!(problems[0].contains("cannot be read"), "{problems:?}");
        std::fs::write(&key, "{}").unwrap();
        std::fs::write(&secret, "s3cret-value").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
        let problems = s.targets.file_problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("mode 644"), "{problems:?}");
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(s.targets.file_problems().is_empty());
        // The paths are not printed by check-config either.
        let shown = s.redacted_toml();
        assert!(!shown.contains(&*key.to_string_lossy()), "{shown}");
        assert!(!shown.contains(&*secret.to_string_lossy()), "{shown}");
        // Off: nothing is checked.
        s.targets.google.enabled = false;
        s.targets.microsoft.enabled = false;
        std::fs::remove_file(&key).unwrap();
        assert!(s.targets.file_problems().is_empty());
    }

    #[test]
    fn microsoft_signs_in_with_a_secret_or_a_certificate_not_both() {
        let mut s = Settings::defaults();
        let m = &mut s.targets.microsoft;
        m.enabled = true;
        m.tenant = "t".into();
        m.client_id = "c".into();
        let problem = |s: &Settings| s.targets.problem().map(|p| p.0);
        assert_eq!(problem(&s), Some("targets.microsoft.client_secret_file"));
        s.targets.microsoft.client_secret_file = "/etc/kiosk/m365".into();
        assert_eq!(problem(&s), None);
        s.targets.microsoft.certificate_file = "/etc/kiosk/app.crt".into();
        let both = s.targets.problem().unwrap();
        assert!(both.1.contains("not both"), "{both:?}");
        s.targets.microsoft.client_secret_file = "".into();
        assert_eq!(problem(&s), Some("targets.microsoft.certificate_key_file"));
        s.targets.microsoft.certificate_key_file = "/etc/kiosk/app.key".into();
        assert_eq!(problem(&s), None);
        s.targets.microsoft.certificate_file = "".into();
        assert_eq!(problem(&s), Some("targets.microsoft.certificate_file"));
        // Both files are checked and redacted like the secret's.
        s.targets.microsoft.certificate_file = "/etc/kiosk/app.crt".into();
        let keys: Vec<&str> = s.targets.key_files().iter().map(|k| k.0).collect();
        assert_eq!(
            keys,
            [
                "targets.microsoft.certificate_file",
                "targets.microsoft.certificate_key_file"
            ]
        );
        let shown = s.redacted_toml();
        assert!(!shown.contains("/etc/kiosk/app."), "{shown}");
    }

    #[test]
    fn enabled_targets_need_their_keys() {
        let mut s = Settings::defaults();
        assert_eq!(s.targets.problem(), None);
        s.targets.google.enabled = true;
        assert_eq!(
            s.targets.problem().map(|p| p.0),
            Some("targets.google.admin")
        );
        s.targets.google.admin = "admin@school.example".into();
        s.targets.google.email_format = "fixed@school.example".into();
        assert_eq!(
            s.targets.problem().map(|p| p.0),
            Some("targets.google.email_format")
        );
        s.targets.google.email_format = "{username}@school.example".into();
        s.targets.microsoft.enabled = true;
        assert_eq!(
            s.targets.problem().map(|p| p.0),
            Some("targets.microsoft.tenant")
        );
    }
}
