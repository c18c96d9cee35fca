//! Microsoft Active Directory and Samba 4 AD domain controllers. Passwords are written the
//! AD way: `unicodePwd`, the quoted password in UTF-16LE, over TLS only. The person's own
//! change is one modify bound as them (delete the old value, add the new); a reset is a
//! replace by the service account with the policy-hints control, so that a Windows DC
//! checks history on resets too (Samba does not: the kiosk's own history check stands in).

use std::collections::{HashMap, HashSet};

use ldap3::controls::RawControl;
use ldap3::{Ldap, LdapResult, Mod, Scope, SearchEntry};
use zeroize::{Zeroize, Zeroizing};

use super::conn::{Conn, first, unavailable};
use super::{BindOutcome, Directory, DirectoryError, Fut, WriteOutcome};
use crate::config::DirectorySettings;
use crate::domain::ad::{
    BindData, NOT_DISABLED, POLICY_HINTS_OID, POLICY_HINTS_VALUE, UAC_DISABLED, bind_data,
    filetime_to_unix, interval_secs, is_admin_sid, unicode_pwd,
};
use crate::domain::directory::{DirectoryPolicy, DirectoryUser};
use crate::domain::lockout::DirectoryLockout;
use crate::domain::secret::Secret;

const INVALID_CREDENTIALS: u32 = 49;
const CONSTRAINT_VIOLATION: u32 = 19;

/// The Active Directory backend.
pub struct ActiveDirectory {
    conn: Conn,
}

impl std::fmt::Debug for ActiveDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No credentials in logs.
        write!(f, "ActiveDirectory({:?})", self.conn.settings.urls)
    }
}

/// The policy-hints control, non-critical: a server that does not know it goes on.
fn policy_hints() -> RawControl {
    RawControl {
        ctype: POLICY_HINTS_OID.to_string(),
        crit: false,
        val: Some(POLICY_HINTS_VALUE.to_vec()),
    }
}

/// A value of a modify that may hold a password: wiped when dropped.
#[derive(PartialEq, Eq, Hash)]
struct Bytes(Vec<u8>);

impl Drop for Bytes {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn attr(name: &str) -> Bytes {
    Bytes(name.as_bytes().to_vec())
}

fn values(v: Zeroizing<Vec<u8>>) -> HashSet<Bytes> {
    HashSet::from([Bytes(v.to_vec())])
}

/// A number attribute (AD's integers and large integers are decimal text).
fn num(attrs: &HashMap<String, Vec<String>>, name: &str) -> Option<i64> {
    first(attrs, name).and_then(|v| v.trim().parse().ok())
}

/// Domain and fine-grained policy attributes.
const DOMAIN_POLICY: [&str; 6] = [
    "minPwdLength",
    "pwdHistoryLength",
    "minPwdAge",
    "maxPwdAge",
    "lockoutThreshold",
    "pwdProperties",
];
const PSO_POLICY: [&str; 6] = [
    "msDS-MinimumPasswordLength",
    "msDS-PasswordHistoryLength",
    "msDS-MinimumPasswordAge",
    "msDS-MaximumPasswordAge",
    "msDS-LockoutThreshold",
    "msDS-PasswordComplexityEnabled",
];

/// A policy from the domain object's or a PSO's attributes (`names` in DOMAIN_POLICY order).
fn policy_of(attrs: &HashMap<String, Vec<String>>, names: &[&str; 6]) -> DirectoryPolicy {
    let [min_len, history, min_age, max_age, lockout, complexity] = *names;
    DirectoryPolicy {
        min_length: num(attrs, min_len).and_then(|n| usize::try_from(n).ok()),
        history: num(attrs, history).and_then(|n| u32::try_from(n).ok()),
        min_age_secs: num(attrs, min_age).map(|v| interval_secs(v).unwrap_or(0)),
        max_age_secs: num(attrs, max_age).and_then(interval_secs),
        check_quality: None,
        complexity: match first(attrs, complexity) {
            Some(v) if v.eq_ignore_ascii_case("TRUE") => true,
            Some(v) => v.trim().parse::<i64>().is_ok_and(|p| p & 1 == 1),
            None => false,
        },
        lockout_threshold: num(attrs, lockout).and_then(|n| u32::try_from(n).ok()),
    }
}

/// A policy's lockout: the threshold (0: never locks) and the duration (a negative
/// interval; 0 or "never": until an administrator unlocks).
fn lockout_of(
    attrs: &HashMap<String, Vec<String>>,
    threshold: &str,
    duration: &str,
) -> Option<DirectoryLockout> {
    let threshold = num(attrs, threshold)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|&t| t > 0)?;
    Some(DirectoryLockout {
        threshold,
        lock_secs: num(attrs, duration).and_then(interval_secs),
    })
}

/// A write's answer: done, the old password refused, or the refusal with its text.
fn write_outcome(r: &LdapResult) -> WriteOutcome {
    if r.rc == 0 {
        WriteOutcome::Done
    } else if r.rc == CONSTRAINT_VIOLATION && r.text.contains("00000056") {
        // "The old password specified doesn't match": changed elsewhere meanwhile.
        WriteOutcome::OldPasswordWrong
    } else {
        WriteOutcome::Refused {
            rc: r.rc,
            error: None,
            text: r.text.clone(),
        }
    }
}

impl ActiveDirectory {
    pub fn new(settings: DirectorySettings) -> Result<Self, DirectoryError> {
        Ok(Self {
            conn: Conn::new(settings.resolved())?,
        })
    }

    fn attributes(&self) -> Vec<&str> {
        self.conn.attributes(&[
            "userAccountControl",
            "pwdLastSet",
            "lockoutTime",
            "msDS-UserPasswordExpiryTimeComputed",
            "msDS-ResultantPSO",
        ])
    }

    /// A person as the directory describes them (policy not read).
    fn user_of(&self, entry: SearchEntry) -> DirectoryUser {
        let a = &entry.attrs;
        let pwd_last_set = num(a, "pwdLastSet");
        DirectoryUser {
            locked: num(a, "lockoutTime").is_some_and(|t| t > 0),
            disabled: num(a, "userAccountControl").is_some_and(|u| u & UAC_DISABLED != 0),
            // pwdLastSet 0: "must change password at next logon".
            must_change: pwd_last_set == Some(0),
            changed_at: pwd_last_set.and_then(filetime_to_unix),
            expires_computed: num(a, "msDS-UserPasswordExpiryTimeComputed")
                .and_then(filetime_to_unix),
            ..self.conn.person(&entry)
        }
    }

    /// The domain's DN (rootDSE's defaultNamingContext).
    async fn naming_context(&self, ldap: &mut Ldap) -> Result<Option<String>, DirectoryError> {
        let (entries, _) = self
            .conn
            .timed(ldap.search(
                "",
                Scope::Base,
                "(objectClass=*)",
                vec!["defaultNamingContext"],
            ))
            .await?
            .success()
            .map_err(unavailable)?;
        Ok(entries
            .into_iter()
            .next()
            .map(SearchEntry::construct)
            .and_then(|root| first(&root.attrs, "defaultNamingContext").map(str::to_string)))
    }

    /// The strictest lockout: the domain's and every fine-grained policy's the service
    /// account may read (AD and Samba show a PSO's attributes to admins only, unless read
    /// on the container is delegated: README).
    async fn lockout_inner(&self) -> Result<Option<DirectoryLockout>, DirectoryError> {
        let mut ldap = self.conn.service().await?;
        let Some(domain) = self.naming_context(&mut ldap).await? else {
            self.conn.finish(ldap).await;
            return Ok(None);
        };
        let (entries, _) = self
            .conn
            .timed(ldap.search(
                &domain,
                Scope::Base,
                "(objectClass=*)",
                vec!["lockoutThreshold", "lockoutDuration"],
            ))
            .await?
            .non_error()
            .map_err(unavailable)?;
        let mut strictest = entries
            .into_iter()
            .map(SearchEntry::construct)
            .find_map(|e| lockout_of(&e.attrs, "lockoutThreshold", "lockoutDuration"));
        let container = format!("CN=Password Settings Container,CN=System,{domain}");
        let (entries, _) = self
            .conn
            .timed(ldap.search(
                &container,
                Scope::OneLevel,
                "(objectClass=msDS-PasswordSettings)",
                vec!["msDS-LockoutThreshold", "msDS-LockoutDuration"],
            ))
            .await?
            .non_error()
            .map_err(unavailable)?;
        self.conn.finish(ldap).await;
        for e in entries.into_iter().map(SearchEntry::construct) {
            if let Some(l) = lockout_of(&e.attrs, "msDS-LockoutThreshold", "msDS-LockoutDuration") {
                strictest = Some(strictest.map_or(l, |s| s.stricter(l)));
            }
        }
        Ok(strictest)
    }

    /// The domain's own policy, from the domain object (rootDSE's defaultNamingContext).
    async fn domain_policy(&self, ldap: &mut Ldap) -> Result<DirectoryPolicy, DirectoryError> {
        let Some(domain) = self.naming_context(ldap).await? else {
            return Ok(DirectoryPolicy::default());
        };
        self.read_policy(ldap, &domain, &DOMAIN_POLICY).await
    }

    async fn read_policy(
        &self,
        ldap: &mut Ldap,
        dn: &str,
        names: &[&str; 6],
    ) -> Result<DirectoryPolicy, DirectoryError> {
        let (entries, r) = self
            .conn
            .timed(ldap.search(dn, Scope::Base, "(objectClass=*)", names.to_vec()))
            .await?
            .non_error()
            .map_err(unavailable)?;
        match entries.into_iter().next().map(SearchEntry::construct) {
            Some(e) if !e.attrs.is_empty() => Ok(policy_of(&e.attrs, names)),
            _ => {
                // Unreadable (a PSO the service account may not read): the domain's rules
                // or the kiosk's still apply, and the DC enforces its own on every write.
                tracing::warn!(dn, rc = r.rc, "directory password policy not readable");
                Ok(DirectoryPolicy::default())
            }
        }
    }

    /// The person's policy: their fine-grained policy (PSO) when they have one and it can
    /// be read, else the domain's.
    async fn policy_for(
        &self,
        ldap: &mut Ldap,
        pso: Option<&str>,
        domain: &DirectoryPolicy,
    ) -> Result<DirectoryPolicy, DirectoryError> {
        if let Some(pso) = pso {
            let p = self.read_policy(ldap, pso, &PSO_POLICY).await?;
            if p != DirectoryPolicy::default() {
                return Ok(p);
            }
        }
        Ok(*domain)
    }

    async fn lookup_inner(&self, username: &str) -> Result<Option<DirectoryUser>, DirectoryError> {
        let s = &self.conn.settings;
        let mut ldap = self.conn.service().await?;
        // Disabled accounts are nobody here.
        let filter = format!(
            "(&{}{NOT_DISABLED})",
            s.user_filter
                .replace("{username}", &ldap3::ldap_escape(username))
        );
        let (entries, _) = self
            .conn
            .timed(ldap.search(&s.base_dn, Scope::Subtree, &filter, self.attributes()))
            .await?
            .success()
            .map_err(unavailable)?;
        // Exactly one entry, or nobody.
        if entries.len() != 1 {
            self.conn.finish(ldap).await;
            return Ok(None);
        }
        let Some(entry) = entries.into_iter().next().map(SearchEntry::construct) else {
            return Ok(None);
        };
        let pso = first(&entry.attrs, "msDS-ResultantPSO").map(str::to_string);
        let domain = self.domain_policy(&mut ldap).await?;
        let policy = self.policy_for(&mut ldap, pso.as_deref(), &domain).await?;
        self.conn.finish(ldap).await;
        let mut user = self.user_of(entry);
        if user.username.is_empty() {
            user.username = username.to_string();
        }
        user.policy = policy;
        Ok(Some(user))
    }

    async fn roster_inner(&self) -> Result<Vec<DirectoryUser>, DirectoryError> {
        let s = &self.conn.settings;
        let mut ldap = self.conn.service().await?;
        // Disabled ones too: the sync deactivates their kiosk accounts.
        let filter = s.user_filter.replace("{username}", "*");
        let entries = self
            .conn
            .paged_search(&mut ldap, &filter, self.attributes())
            .await?;
        let domain = self.domain_policy(&mut ldap).await?;
        let mut psos: HashMap<String, DirectoryPolicy> = HashMap::new();
        let mut people = Vec::with_capacity(entries.len());
        for entry in entries.into_iter().map(SearchEntry::construct) {
            let pso = first(&entry.attrs, "msDS-ResultantPSO").map(str::to_string);
            let mut user = self.user_of(entry);
            user.policy = match pso {
                Some(dn) => {
                    if !psos.contains_key(&dn) {
                        let p = self.policy_for(&mut ldap, Some(&dn), &domain).await?;
                        psos.insert(dn.clone(), p);
                    }
                    psos.get(&dn).copied().unwrap_or(domain)
                }
                None => domain,
            };
            people.push(user);
        }
        self.conn.finish(ldap).await;
        Ok(people)
    }

    /// A bind as `dn`: the result code and the server's text.
    async fn bind(
        &self,
        ldap: &mut Ldap,
        dn: &str,
        password: &Secret,
    ) -> Result<LdapResult, DirectoryError> {
        self.conn
            .timed(ldap.simple_bind(dn, password.expose()))
            .await
    }

    /// A replace of the password by the service account, with the policy hints; then
    /// pwdLastSet to "now" (-1), so a reset never leaves "must change" behind.
    async fn reset_inner(
        &self,
        user: &DirectoryUser,
        new: &Secret,
    ) -> Result<WriteOutcome, DirectoryError> {
        let mut ldap = self.conn.service().await?;
        let replace = Mod::Replace(attr("unicodePwd"), values(unicode_pwd(new.expose())));
        let r = self
            .conn
            .timed(
                ldap.with_controls(vec![policy_hints()])
                    .modify(&user.dn, vec![replace]),
            )
            .await?;
        let out = write_outcome(&r);
        if out == WriteOutcome::Done {
            let set = Mod::Replace("pwdLastSet", HashSet::from(["-1"]));
            let r = self.conn.timed(ldap.modify(&user.dn, vec![set])).await?;
            if r.rc != 0 {
                tracing::warn!(rc = r.rc, text = %r.text, "cannot set pwdLastSet after a reset");
            }
        }
        self.conn.finish(ldap).await;
        Ok(out)
    }
}

impl ActiveDirectory {
    /// Whether the service account is a Domain, Enterprise or Schema Admin or a builtin
    /// Administrator, nested groups included (its `tokenGroups`): far more than resetting
    /// passwords needs. `check-config` refuses it.
    pub async fn service_account_is_admin(&self) -> Result<bool, DirectoryError> {
        let mut ldap = self.conn.service().await?;
        let dn = self.conn.settings.bind_dn.clone();
        let (entries, _) = self
            .conn
            .timed(ldap.search(&dn, Scope::Base, "(objectClass=*)", vec!["tokenGroups"]))
            .await?
            .success()
            .map_err(unavailable)?;
        self.conn.finish(ldap).await;
        Ok(entries
            .into_iter()
            .map(SearchEntry::construct)
            .flat_map(|e| e.bin_attrs.into_values().flatten())
            .any(|sid| is_admin_sid(&sid)))
    }
}

impl Directory for ActiveDirectory {
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
            let r = self.bind(&mut ldap, &user.dn, password).await?;
            self.conn.finish(ldap).await;
            Ok(match r.rc {
                0 => BindOutcome::Valid { must_change: false },
                INVALID_CREDENTIALS => match bind_data(&r.text) {
                    // The right password, which only a change may follow.
                    Some(d) if d.verified_for_change() => BindOutcome::Valid { must_change: true },
                    Some(BindData::Locked) => BindOutcome::Locked,
                    _ => BindOutcome::Invalid,
                },
                rc => {
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
            let dn = format!("CN=kiosk-no-such-person,{}", self.conn.settings.base_dn);
            let _ = self
                .conn
                .timed(ldap.simple_bind(&dn, "kiosk-dummy-password"))
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
            let bind = self.bind(&mut ldap, &user.dn, old).await?;
            if bind.rc != 0 {
                self.conn.finish(ldap).await;
                // Must change (773) or expired (532): the old password is right but cannot
                // bind, so the service account writes the new one.
                return match bind_data(&bind.text) {
                    Some(d) if bind.rc == INVALID_CREDENTIALS && d.verified_for_change() => {
                        self.reset_inner(user, new).await
                    }
                    _ => Ok(WriteOutcome::OldPasswordWrong),
                };
            }
            // One modify: delete the old value, add the new (a user's own change).
            let mods = vec![
                Mod::Delete(attr("unicodePwd"), values(unicode_pwd(old.expose()))),
                Mod::Add(attr("unicodePwd"), values(unicode_pwd(new.expose()))),
            ];
            let r = self.conn.timed(ldap.modify(&user.dn, mods)).await?;
            self.conn.finish(ldap).await;
            Ok(write_outcome(&r))
        })
    }

    fn reset<'a>(&'a self, user: &'a DirectoryUser, new: &'a Secret) -> Fut<'a, WriteOutcome> {
        Box::pin(self.reset_inner(user, new))
    }

    fn unlock<'a>(&'a self, user: &'a DirectoryUser) -> Fut<'a, ()> {
        Box::pin(async move {
            let mut ldap = self.conn.service().await?;
            let set = Mod::Replace("lockoutTime", HashSet::from(["0"]));
            let r = self.conn.timed(ldap.modify(&user.dn, vec![set])).await?;
            self.conn.finish(ldap).await;
            match r.rc {
                0 => Ok(()),
                rc => Err(DirectoryError::Failed {
                    op: "unlock",
                    rc,
                    text: r.text,
                }),
            }
        })
    }

    fn health(&self) -> Fut<'_, ()> {
        Box::pin(async move {
            let ldap = self.conn.service().await?;
            self.conn.finish(ldap).await;
            Ok(())
        })
    }

    fn roster(&self) -> Fut<'_, Vec<DirectoryUser>> {
        Box::pin(self.roster_inner())
    }

    fn lockout(&self) -> Fut<'_, Option<DirectoryLockout>> {
        Box::pin(self.conn.lockout(self.lockout_inner()))
    }
}
