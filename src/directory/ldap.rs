//! OpenLDAP with the ppolicy overlay, through ldap3 (tokio, rustls with ring); connections
//! as every backend makes them (conn.rs).

use std::collections::{HashMap, HashSet};

use ldap3::controls::RawControl;
use ldap3::exop::PasswordModify;
use ldap3::{Ldap, LdapResult, Mod, Scope, SearchEntry};

use super::conn::{Conn, first, unavailable};
use super::{BindOutcome, Directory, DirectoryError, Fut, WriteOutcome};
use crate::config::DirectorySettings;
use crate::domain::directory::{
    DirectoryPolicy, DirectoryUser, PPOLICY_OID, PpolicyError, PpolicyResponse, decode_ppolicy,
    parse_generalized_time,
};
use crate::domain::lockout::DirectoryLockout;
use crate::domain::secret::Secret;

const INVALID_CREDENTIALS: u32 = 49;
const NO_SUCH_ATTRIBUTE: u32 = 16;

/// The OpenLDAP backend.
pub struct OpenLdap {
    conn: Conn,
}

impl std::fmt::Debug for OpenLdap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No credentials in logs.
        write!(f, "OpenLdap({:?})", self.conn.settings.urls)
    }
}

/// The ppolicy request control (no value), sent with every bind and write.
fn ppolicy_control() -> RawControl {
    RawControl {
        ctype: PPOLICY_OID.to_string(),
        crit: false,
        val: None,
    }
}

/// The ppolicy response control of a result, decoded; a malformed one reads as absent.
pub fn ppolicy_of(result: &LdapResult) -> PpolicyResponse {
    result
        .ctrls
        .iter()
        .find(|c| c.1.ctype == PPOLICY_OID)
        .and_then(|c| c.1.val.as_deref())
        .and_then(|v| decode_ppolicy(v).ok())
        .unwrap_or_default()
}

impl OpenLdap {
    pub fn new(settings: DirectorySettings) -> Result<Self, DirectoryError> {
        Ok(Self {
            conn: Conn::new(settings)?,
        })
    }

    async fn lookup_inner(&self, username: &str) -> Result<Option<DirectoryUser>, DirectoryError> {
        let s = &self.conn.settings;
        let mut ldap = self.conn.service().await?;
        let filter = s
            .user_filter
            .replace("{username}", &ldap3::ldap_escape(username));
        let attrs = self.attributes();
        let (entries, _) = self
            .conn
            .timed(ldap.search(&s.base_dn, Scope::Subtree, &filter, attrs))
            .await?
            .success()
            .map_err(unavailable)?;
        // Exactly one entry, or nobody: two people under one name is a directory error
        // the kiosk must not guess through.
        if entries.len() != 1 {
            self.conn.finish(ldap).await;
            return Ok(None);
        }
        let Some(entry) = entries.into_iter().next().map(SearchEntry::construct) else {
            return Ok(None);
        };
        let policy_dn = first(&entry.attrs, "pwdPolicySubentry")
            .map(str::to_string)
            .unwrap_or_else(|| s.default_policy_dn.clone());
        let policy = if policy_dn.is_empty() {
            DirectoryPolicy::default()
        } else {
            self.read_policy(&mut ldap, &policy_dn).await?
        };
        self.conn.finish(ldap).await;
        let mut user = self.user_of(entry);
        if user.username.is_empty() {
            user.username = username.to_string();
        }
        user.policy = policy;
        Ok(Some(user))
    }

    fn attributes(&self) -> Vec<&str> {
        self.conn.attributes(&[
            "pwdChangedTime",
            "pwdAccountLockedTime",
            "pwdReset",
            "pwdPolicySubentry",
        ])
    }

    /// A person as the directory describes them (policy not read).
    fn user_of(&self, entry: SearchEntry) -> DirectoryUser {
        let a = &entry.attrs;
        DirectoryUser {
            locked: first(a, "pwdAccountLockedTime").is_some(),
            disabled: first(a, "pwdAccountLockedTime") == Some("000001010000Z"),
            must_change: first(a, "pwdReset").is_some_and(|v| v.eq_ignore_ascii_case("TRUE")),
            changed_at: first(a, "pwdChangedTime").and_then(parse_generalized_time),
            ..self.conn.person(&entry)
        }
    }

    /// The strictest lockout of the default policy and the policies beside it (the
    /// lowest `pwdMaxFailure` with `pwdLockout` on, the longest `pwdLockoutDuration`).
    async fn lockout_inner(&self) -> Result<Option<DirectoryLockout>, DirectoryError> {
        let dn = &self.conn.settings.default_policy_dn;
        if dn.is_empty() {
            return Ok(None);
        }
        // The policies' container: the default policy's parent.
        let parent = dn.split_once(',').map_or(dn.as_str(), |(_, p)| p);
        let mut ldap = self.conn.service().await?;
        // In pages: a server's size limit may be lower than the number of policies.
        let entries = self
            .conn
            .paged_search_under(
                &mut ldap,
                parent,
                "(objectClass=pwdPolicy)",
                vec!["pwdMaxFailure", "pwdLockout", "pwdLockoutDuration"],
            )
            .await?;
        self.conn.finish(ldap).await;
        Ok(entries
            .into_iter()
            .map(SearchEntry::construct)
            .filter_map(|e| lockout_of(&e.attrs))
            .reduce(DirectoryLockout::stricter))
    }

    async fn roster_inner(&self) -> Result<Vec<DirectoryUser>, DirectoryError> {
        let s = &self.conn.settings;
        let mut ldap = self.conn.service().await?;
        // Everyone the filter would find by name.
        let filter = s.user_filter.replace("{username}", "*");
        let entries = self
            .conn
            .paged_search(&mut ldap, &filter, self.attributes())
            .await?;
        // Each policy read once: its maximum age gives the directory's expiry.
        let mut policies: HashMap<String, DirectoryPolicy> = HashMap::new();
        let mut people = Vec::with_capacity(entries.len());
        for entry in entries.into_iter().map(SearchEntry::construct) {
            let dn = first(&entry.attrs, "pwdPolicySubentry")
                .map(str::to_string)
                .unwrap_or_else(|| s.default_policy_dn.clone());
            let mut user = self.user_of(entry);
            if !dn.is_empty() {
                if !policies.contains_key(&dn) {
                    let p = self.read_policy(&mut ldap, &dn).await?;
                    policies.insert(dn.clone(), p);
                }
                user.policy = policies.get(&dn).copied().unwrap_or_default();
            }
            people.push(user);
        }
        self.conn.finish(ldap).await;
        Ok(people)
    }

    async fn read_policy(
        &self,
        ldap: &mut Ldap,
        dn: &str,
    ) -> Result<DirectoryPolicy, DirectoryError> {
        let attrs = vec![
            "pwdMinLength",
            "pwdInHistory",
            "pwdMinAge",
            "pwdMaxAge",
            "pwdCheckQuality",
            "pwdMaxFailure",
            "pwdLockout",
            "pwdLockoutDuration",
        ];
        let (entries, r) = self
            .conn
            .timed(ldap.search(dn, Scope::Base, "(objectClass=*)", attrs))
            .await?
            .non_error()
            .map_err(unavailable)?;
        let Some(entry) = entries.into_iter().next().map(SearchEntry::construct) else {
            // The policy entry unreadable: the kiosk's own rules still apply, and the
            // directory still enforces its own on every write.
            tracing::warn!(dn, rc = r.rc, "directory password policy not readable");
            return Ok(DirectoryPolicy::default());
        };
        let a = &entry.attrs;
        let num = |name: &str| first(a, name).and_then(|v| v.trim().parse::<i64>().ok());
        Ok(DirectoryPolicy {
            min_length: num("pwdMinLength").and_then(|n| usize::try_from(n).ok()),
            history: num("pwdInHistory").and_then(|n| u32::try_from(n).ok()),
            min_age_secs: num("pwdMinAge"),
            max_age_secs: num("pwdMaxAge"),
            check_quality: num("pwdCheckQuality").and_then(|n| u8::try_from(n).ok()),
            lockout_threshold: lockout_of(a).map(|l| l.threshold),
            ..Default::default()
        })
    }

    /// A password modify (RFC 3062) on a bound connection, with the ppolicy control.
    async fn modify_password(
        &self,
        ldap: &mut Ldap,
        dn: &str,
        old: Option<&Secret>,
        new: &Secret,
    ) -> Result<WriteOutcome, DirectoryError> {
        let exop = PasswordModify {
            user_id: Some(dn),
            old_pass: old.map(Secret::expose),
            new_pass: Some(new.expose()),
        };
        let r = self
            .conn
            .timed(ldap.with_controls(vec![ppolicy_control()]).extended(exop))
            .await?
            .1;
        Ok(write_outcome(&r))
    }
}

/// A policy's lockout: `pwdMaxFailure` when `pwdLockout` is on (without it the failures
/// are counted but never lock), for `pwdLockoutDuration` seconds (0 or none: until an
/// administrator unlocks).
fn lockout_of(a: &HashMap<String, Vec<String>>) -> Option<DirectoryLockout> {
    let on = first(a, "pwdLockout").is_some_and(|v| v.eq_ignore_ascii_case("TRUE"));
    let threshold = first(a, "pwdMaxFailure")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|&n| on && n > 0)?;
    let secs = first(a, "pwdLockoutDuration").and_then(|v| v.trim().parse::<i64>().ok());
    Some(DirectoryLockout {
        threshold,
        lock_secs: secs.filter(|&s| s > 0),
    })
}

/// Success is a result code 0 and nothing else.
fn write_outcome(r: &LdapResult) -> WriteOutcome {
    let control = ppolicy_of(r);
    if r.rc == 0 && control.error.is_none() {
        WriteOutcome::Done
    } else {
        WriteOutcome::Refused {
            rc: r.rc,
            error: control.error,
            text: r.text.clone(),
        }
    }
}

impl Directory for OpenLdap {
    fn lookup<'a>(&'a self, username: &'a str) -> Fut<'a, Option<DirectoryUser>> {
        Box::pin(self.lookup_inner(username))
    }

    fn verify<'a>(&'a self, user: &'a DirectoryUser, password: &'a Secret) -> Fut<'a, BindOutcome> {
        Box::pin(async move {
            // An empty password would be an unauthenticated bind, which "succeeds".
            if password.is_empty() {
                return Ok(BindOutcome::Invalid);
            }
            let mut ldap = self.conn.connect().await?;
            let r = self
                .conn
                .timed(
                    ldap.with_controls(vec![ppolicy_control()])
                        .simple_bind(&user.dn, password.expose()),
                )
                .await?;
            self.conn.finish(ldap).await;
            let control = ppolicy_of(&r);
            Ok(match (r.rc, control.error) {
                (_, Some(PpolicyError::AccountLocked)) => BindOutcome::Locked,
                (0, error) => BindOutcome::Valid {
                    must_change: matches!(
                        error,
                        Some(PpolicyError::ChangeAfterReset | PpolicyError::PasswordExpired)
                    ) || control.grace_left.is_some(),
                },
                (INVALID_CREDENTIALS, _) => BindOutcome::Invalid,
                (rc, _) => {
                    return Err(DirectoryError::Failed {
                        op: "bind",
                        rc,
                        text: r.text,
                    });
                }
            })
        })
    }

    fn dummy_verify(&self) -> Fut<'_, ()> {
        Box::pin(async move {
            let mut ldap = self.conn.connect().await?;
            let dn = format!("cn=kiosk-no-such-person,{}", self.conn.settings.base_dn);
            let _ = self
                .conn
                .timed(
                    ldap.with_controls(vec![ppolicy_control()])
                        .simple_bind(&dn, "kiosk-dummy-password"),
                )
                .await?;
            self.conn.finish(ldap).await;
            Ok(())
        })
    }

    fn change<'a>(
        &'a self,
        user: &'a DirectoryUser,
        old: &'a Secret,
        new: &'a Secret,
    ) -> Fut<'a, WriteOutcome> {
        Box::pin(async move {
            if old.is_empty() {
                return Ok(WriteOutcome::OldPasswordWrong);
            }
            let mut ldap = self.conn.connect().await?;
            let bind = self
                .conn
                .timed(
                    ldap.with_controls(vec![ppolicy_control()])
                        .simple_bind(&user.dn, old.expose()),
                )
                .await?;
            if bind.rc != 0 {
                self.conn.finish(ldap).await;
                return Ok(WriteOutcome::OldPasswordWrong);
            }
            let out = self
                .modify_password(&mut ldap, &user.dn, Some(old), new)
                .await;
            self.conn.finish(ldap).await;
            out
        })
    }

    fn reset<'a>(&'a self, user: &'a DirectoryUser, new: &'a Secret) -> Fut<'a, WriteOutcome> {
        Box::pin(async move {
            let mut ldap = self.conn.service().await?;
            let out = self.modify_password(&mut ldap, &user.dn, None, new).await?;
            if out == WriteOutcome::Done {
                // The person chose this password themselves: no "must change" from the
                // policy's pwdMustChange after an administrative reset.
                let del = Mod::Delete("pwdReset", HashSet::new());
                let r = self
                    .conn
                    .timed(
                        ldap.with_controls(vec![ppolicy_control()])
                            .modify(&user.dn, vec![del]),
                    )
                    .await?;
                if r.rc != 0 && r.rc != NO_SUCH_ATTRIBUTE {
                    tracing::warn!(rc = r.rc, text = %r.text, "cannot clear pwdReset");
                }
            }
            self.conn.finish(ldap).await;
            Ok(out)
        })
    }

    fn unlock<'a>(&'a self, user: &'a DirectoryUser) -> Fut<'a, ()> {
        Box::pin(async move {
            let mut ldap = self.conn.service().await?;
            let del = Mod::Delete("pwdAccountLockedTime", HashSet::new());
            let r = self
                .conn
                .timed(
                    ldap.with_controls(vec![ppolicy_control()])
                        .modify(&user.dn, vec![del]),
                )
                .await?;
            self.conn.finish(ldap).await;
            match r.rc {
                0 | NO_SUCH_ATTRIBUTE => Ok(()),
                rc => Err(DirectoryError::Failed {
                    op: "unlock",
                    rc,
                    text: r.text,
                }),
            }
        })
    }

    fn roster(&self) -> Fut<'_, Vec<DirectoryUser>> {
        Box::pin(self.roster_inner())
    }

    fn lockout(&self) -> Fut<'_, Option<DirectoryLockout>> {
        Box::pin(self.conn.lockout(self.lockout_inner()))
    }

    fn health(&self) -> Fut<'_, ()> {
        Box::pin(async move {
            let ldap = self.conn.service().await?;
            self.conn.finish(ldap).await;
            Ok(())
        })
    }
}
