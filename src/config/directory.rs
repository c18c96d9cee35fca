//! `[directory]`: the school's directory, where the passwords people sign in with live.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use crate::domain::directory::CategoryRule;

/// kiosk.toml's user filter (OpenLDAP's).
const OPENLDAP_USER_FILTER: &str = "(&(objectClass=inetOrgPerson)(uid={username}))";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DirectoryKind {
    /// Passwords live in the kiosk's own database only (the default and the demo).
    None,
    /// OpenLDAP with the ppolicy overlay.
    Openldap,
    /// Microsoft Active Directory or a Samba 4 AD domain controller.
    #[serde(rename = "active-directory")]
    ActiveDirectory,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectorySettings {
    pub kind: DirectoryKind,
    pub urls: Vec<String>,
    pub starttls: bool,
    pub ca_file: PathBuf,
    pub allow_insecure: bool,
    pub timeout_secs: u64,
    pub bind_dn: String,
    pub bind_password: String,
    pub server_rootdn: String,
    pub base_dn: String,
    pub user_filter: String,
    pub default_policy_dn: String,
    pub username_attribute: String,
    pub display_name_attribute: String,
    pub mail_attribute: String,
    pub mobile_attribute: String,
    /// The person's language (sv, en, it; e.g. `preferredLanguage`); empty: not read.
    #[serde(default)]
    pub language_attribute: String,
    pub member_of_attribute: String,
    pub categories: Vec<CategoryRule>,
}

impl DirectorySettings {
    pub fn enabled(&self) -> bool {
        self.kind != DirectoryKind::None
    }

    /// The settings with Active Directory's attribute names and filter where these still
    /// hold the OpenLDAP defaults (kiosk.toml's), so an AD site sets only what differs.
    pub fn resolved(mut self) -> Self {
        if self.kind != DirectoryKind::ActiveDirectory {
            return self;
        }
        let swap = |value: &mut String, openldap: &str, ad: &str| {
            if value == openldap || value.is_empty() {
                *value = ad.to_string();
            }
        };
        swap(
            &mut self.user_filter,
            OPENLDAP_USER_FILTER,
            "(&(objectCategory=person)(objectClass=user)(|(sAMAccountName={username})(userPrincipalName={username})))",
        );
        swap(&mut self.username_attribute, "uid", "sAMAccountName");
        swap(&mut self.display_name_attribute, "cn", "displayName");
        self
    }

    /// A URL that sends passwords in the clear: `ldap://` without StartTLS.
    pub fn insecure_urls(&self) -> Vec<&str> {
        self.urls
            .iter()
            .map(String::as_str)
            .filter(|u| u.to_ascii_lowercase().starts_with("ldap://") && !self.starttls)
            .collect()
    }

    /// The problem with these settings, if any: `(key, message)`.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if !self.enabled() {
            return None;
        }
        if self.urls.is_empty() {
            return Some(("directory.urls", "must name at least one server".into()));
        }
        for url in &self.urls {
            let u = url.to_ascii_lowercase();
            if !(u.starts_with("ldap://") || u.starts_with("ldaps://")) {
                return Some((
                    "directory.urls",
                    format!("{url:?} is not ldap:// or ldaps://"),
                ));
            }
        }
        // Active Directory refuses password writes on a clear connection: TLS always.
        if self.kind == DirectoryKind::ActiveDirectory
            && let Some(url) = self.insecure_urls().first()
        {
            return Some((
                "directory.urls",
                format!(
                    "{url:?}: Active Directory takes passwords only over TLS: use ldaps:// or \
                     starttls = true"
                ),
            ));
        }
        if let Some(url) = self
            .insecure_urls()
            .into_iter()
            .find(|u| !self.allow_insecure && !loopback(u))
        {
            return Some((
                "directory.urls",
                format!(
                    "{url:?} would send passwords in the clear: use ldaps://, starttls = true, \
                     or allow_insecure = true"
                ),
            ));
        }
        if self.timeout_secs == 0 {
            return Some(("directory.timeout_secs", "must be at least 1".into()));
        }
        if self.bind_dn.trim().is_empty() {
            return Some(("directory.bind_dn", "the service account is needed".into()));
        }
        // The rootdn bypasses the password policy: resets would skip history and length.
        let rootdn = norm(&self.server_rootdn);
        let first = norm(&self.bind_dn);
        let first_rdn = first.split(',').next().unwrap_or("");
        if (!rootdn.is_empty() && rootdn == first)
            || matches!(first_rdn, "cn=admin" | "cn=manager" | "cn=root")
        {
            return Some((
                "directory.bind_dn",
                "is the directory's rootdn (or looks like it), which bypasses the password \
                 policy: make a dedicated service account"
                    .into(),
            ));
        }
        // A Domain Admin can do far more than reset passwords; the built-in Administrator
        // is told by name here, group membership by `check-config` against the server.
        if self.kind == DirectoryKind::ActiveDirectory
            && matches!(first_rdn, "cn=administrator" | "cn=domain admins")
        {
            return Some((
                "directory.bind_dn",
                "is the domain's Administrator: delegate Reset Password to a dedicated \
                 service account (README \"Directory (Active Directory and Samba AD)\")"
                    .into(),
            ));
        }
        if self.base_dn.trim().is_empty() {
            return Some(("directory.base_dn", "must be set".into()));
        }
        if !self.user_filter.contains("{username}") {
            return Some(("directory.user_filter", "must contain {username}".into()));
        }
        None
    }

    /// Valid but weak: `check-config` prints each.
    pub fn warnings(&self) -> Vec<String> {
        if !self.enabled() {
            return Vec::new();
        }
        self.insecure_urls()
            .into_iter()
            .map(|u| {
                format!(
                    "directory.urls: {u} sends passwords in the clear{}",
                    if self.allow_insecure {
                        " (allow_insecure = true)"
                    } else {
                        " (loopback only)"
                    }
                )
            })
            .collect()
    }
}

fn norm(dn: &str) -> String {
    dn.split(',')
        .map(|r| r.trim().to_lowercase())
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

/// `ldap://127.0.0.1:389/` and the like: the host part is a loopback address or localhost.
fn loopback(url: &str) -> bool {
    let rest = url.get(7..).unwrap_or("");
    let host_port = rest.split('/').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
