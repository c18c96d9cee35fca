//! The administrator's use cases: roster import, temporary passwords, unlock, show.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::io::Read;

use super::{Result, ServiceError, Services, blocking};
use crate::domain::account::{AccountStatus, LockReason};
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::chain::{self, ChainReport};
use crate::domain::lang::Lang;
use crate::domain::names::{clean_display_name, username_skeleton};
use crate::domain::phone::MobileNumber;
use crate::domain::secret::Secret;
use crate::domain::temp_password;
use crate::domain::username::Username;
use crate::notify::slips::{Slip, SlipsFile};
use crate::store::{Account, ImportRow, TempPassword};

/// Whose temporary passwords go on slips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlipsFor {
    /// These usernames, in this order (one person, or a CSV's list).
    Usernames(Vec<String>),
    /// Every active account of a category.
    Category(String),
}

/// What `show` tells about an account. Never a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    pub username: String,
    pub display_name: String,
    pub category: String,
    pub status: AccountStatus,
    pub locked: bool,
    pub lock_reason: Option<LockReason>,
    pub locked_until: Option<i64>,
    pub expires_at: Option<i64>,
    pub must_change: bool,
    pub temp_password_uses_left: Option<i64>,
    pub methods: Vec<&'static str>,
}

/// Counts of an import that went through, and the rows whose display name was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub created: u64,
    pub updated: u64,
    pub changed: Vec<ChangedName>,
}

/// A row whose display name was stored other than the roster said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedName {
    pub line: u64,
    /// Hidden characters (control, zero-width, bidi, tag, line separators) removed.
    pub removed: usize,
    /// Characters cut to fit `names.display_name_max_chars`.
    pub cut: usize,
}

impl std::fmt::Display for ChangedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: display_name", self.line)?;
        if self.removed > 0 {
            write!(
                f,
                " lost {} invisible or control character(s)",
                self.removed
            )?;
        }
        if self.removed > 0 && self.cut > 0 {
            f.write_str(" and")?;
        }
        if self.cut > 0 {
            write!(f, " was cut by {} character(s)", self.cut)?;
        }
        Ok(())
    }
}

/// A row of a roster that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct BadRow {
    pub line: u64,
    pub reason: String,
}

/// Why an import was refused (nothing was imported).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Every bad row of the file, in file order (never empty).
    #[error("{}", join_rows(.0))]
    Rows(Vec<BadRow>),
    #[error(
        "the header must be `username,display_name,category,email,mobile` \
         (optionally followed by `,language`), found `{0}`"
    )]
    Header(String),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

fn join_rows(rows: &[BadRow]) -> String {
    rows.iter()
        .map(BadRow::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// What a roster would do, checked without changing anything (`import --dry-run`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub create: u64,
    pub update: u64,
    pub changed: Vec<ChangedName>,
}

const HEADER: [&str; 6] = [
    "username",
    "display_name",
    "category",
    "email",
    "mobile",
    "language",
];

/// The columns a roster must have; `language` may follow them.
const REQUIRED: usize = 5;

impl Services {
    /// Who runs an admin command: the operating system's account of the process's real
    /// uid (`admin:root` under sudo), never an environment variable, which anyone can set.
    /// Only name characters are kept, so not even an odd account name can put escape
    /// sequences into the audit log.
    fn admin_actor() -> String {
        let uid = nix::unistd::getuid();
        match nix::unistd::User::from_uid(uid)
            .ok()
            .flatten()
            .and_then(|u| actor_name(&u.name))
        {
            Some(name) => format!("admin:{name}"),
            None => format!("admin:uid{uid}"),
        }
    }

    /// Checks a roster CSV as `import_csv` would, listing every bad row, and changes
    /// nothing (no account, no audit row).
    pub async fn check_roster(&self, input: impl Read) -> Result<ImportPlan, ImportError> {
        let existing = self.store.usernames().await.map_err(ServiceError::from)?;
        let (rows, changed) = self.parse_roster(input, &existing)?;
        let known: HashSet<&str> = existing.iter().map(String::as_str).collect();
        let update = rows
            .iter()
            .filter(|r| known.contains(r.username.as_str()))
            .count() as u64;
        Ok(ImportPlan {
            create: rows.len() as u64 - update,
            update,
            changed,
        })
    }

    /// Reads a roster CSV and creates or updates its accounts, in one transaction. Any bad
    /// row refuses the whole file; every bad row is named with its line and the reason.
    pub async fn import_csv(&self, input: impl Read) -> Result<ImportReport, ImportError> {
        let existing = self.store.usernames().await.map_err(ServiceError::from)?;
        let (rows, changed) = self.parse_roster(input, &existing)?;
        let audit = self.audit_entry(
            &Self::admin_actor(),
            None,
            AuditAction::Import,
            AuditOutcome::Ok,
        );
        let (created, updated) = self
            .store
            .import_accounts(&rows, self.now(), &audit)
            .await
            .map_err(ServiceError::from)?;
        Ok(ImportReport {
            created,
            updated,
            changed,
        })
    }

    /// The rows of a roster, and the lines whose display name was cleaned; or every bad
    /// row. `existing`: the usernames already in the database (a new one must not look like
    /// one of them).
    fn parse_roster(
        &self,
        input: impl Read,
        existing: &[String],
    ) -> Result<(Vec<ImportRow>, Vec<ChangedName>), ImportError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(input);
        let header = reader
            .byte_headers()
            .map_err(|e| {
                ImportError::Rows(vec![BadRow {
                    line: 1,
                    reason: e.to_string(),
                }])
            })?
            .clone();
        let names: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        let columns = names.len();
        if !(columns == REQUIRED || columns == HEADER.len()) || names != HEADER[..columns] {
            return Err(ImportError::Header(names.join(",")));
        }
        let mut seen = Seen {
            usernames: HashSet::new(),
            // Skeleton → (username, the line it came from; 0 for the database).
            looks: existing
                .iter()
                .map(|u| (username_skeleton(u), (u.clone(), 0)))
                .collect(),
        };
        let mut rows = Vec::new();
        let mut changed = Vec::new();
        let mut bad = Vec::new();
        for record in reader.byte_records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    bad.push(BadRow {
                        line,
                        reason: e.to_string(),
                    });
                    // Only a row's own fault lets the rest be read; an I/O error ends it.
                    if e.is_io_error() {
                        break;
                    }
                    continue;
                }
            };
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            match self.roster_row(&record, columns, line, &mut seen) {
                Ok((row, change)) => {
                    rows.push(row);
                    changed.extend(change);
                }
                Err(reason) => bad.push(BadRow { line, reason }),
            }
        }
        if bad.is_empty() {
            Ok((rows, changed))
        } else {
            Err(ImportError::Rows(bad))
        }
    }

    /// One roster row, and how its display name was changed; or why it is refused.
    fn roster_row(
        &self,
        record: &csv::ByteRecord,
        columns: usize,
        line: u64,
        seen: &mut Seen,
    ) -> Result<(ImportRow, Option<ChangedName>), String> {
        if record.len() != columns {
            return Err(format!(
                "expected {columns} columns, found {}",
                record.len()
            ));
        }
        let mut fields = Vec::with_capacity(columns);
        for (i, raw) in record.iter().enumerate() {
            let text = std::str::from_utf8(raw)
                .map_err(|_| format!("column {} is not valid UTF-8", HEADER[i]))?;
            fields.push(text.to_string());
        }
        let names = &self.settings.names;
        let username =
            Username::parse(&fields[0]).map_err(|e| format!("username {:?}: {e}", fields[0]))?;
        if !self.usernames.matches(username.as_str()) {
            return Err(format!(
                "username {username:?} does not match names.username_pattern {:?}",
                names.username_pattern
            ));
        }
        if !seen.usernames.insert(username.clone()) {
            return Err(format!("duplicate username {username}"));
        }
        // A name that looks like another (a Cyrillic "а" for a Latin "a") would be a
        // second account that staff and the person cannot tell from the real one.
        match seen.looks.entry(username_skeleton(username.as_str())) {
            Entry::Occupied(other) if other.get().0 != username.as_str() => {
                let (name, at) = other.get();
                let place = match at {
                    0 => "an existing account".to_string(),
                    n => format!("line {n}"),
                };
                return Err(format!(
                    "username {username:?} looks like {name:?} ({place}): confusable characters"
                ));
            }
            Entry::Occupied(_) => {}
            Entry::Vacant(slot) => {
                slot.insert((username.to_string(), line));
            }
        }
        let clean = clean_display_name(&fields[1], names.display_name_max_chars);
        if clean.text.is_empty() {
            return Err("display_name is empty".into());
        }
        let change = clean.changed().then_some(ChangedName {
            line,
            removed: clean.removed,
            cut: clean.cut,
        });
        let display_name = clean.text;
        let category = fields[2].clone();
        if self.settings.policy(&category).is_none() {
            return Err(format!("unknown category {category:?}"));
        }
        let email = match fields[3].as_str() {
            "" => None,
            e if e.contains('@')
                && !e.contains(char::is_whitespace)
                && !e.starts_with('@')
                && !e.ends_with('@') =>
            {
                Some(e.to_string())
            }
            e => return Err(format!("invalid email {e:?}")),
        };
        let mobile = match fields[4].as_str() {
            "" => None,
            m => Some(parse_mobile(m, &self.settings.kiosk.phone_region)?),
        };
        // No column leaves each account's language alone; an empty cell means the default.
        let language = match fields.get(5).map(String::as_str) {
            None => None,
            Some("") => Some(None),
            Some(l) => Some(Some(parse_language(l)?.code().to_string())),
        };
        Ok((
            ImportRow {
                search_name: crate::domain::text::fold(&format!("{username} {display_name}")),
                username: username.to_string(),
                display_name,
                category,
                email,
                mobile,
                language,
            },
            change,
        ))
    }

    pub(super) async fn require(&self, username: &str) -> Result<crate::store::Account> {
        let name =
            Username::parse(username).map_err(|_| ServiceError::NotFound(username.into()))?;
        self.store
            .account_by_username(name.as_str())
            .await?
            .ok_or_else(|| ServiceError::NotFound(username.to_string()))
    }

    /// Generates a temporary password that meets the account's policy, stores only its
    /// hash, and returns it to be shown once. Good for `uses` sign-ins within `valid_days`.
    pub async fn issue_temp_password(
        &self,
        username: &str,
        uses: Option<u32>,
        valid_days: Option<u32>,
        actor: &str,
    ) -> Result<Secret> {
        let account = self.require(username).await?;
        let (password, _, _) = self
            .set_temp_password(&account, uses, valid_days, actor, "")
            .await?;
        Ok(password)
    }

    /// Makes and stores (as a hash) a temporary password for `account`: returns it with its
    /// uses and when it expires. The audit's detail starts with `how` (`slip ` for a
    /// printed slip), never the password.
    async fn set_temp_password(
        &self,
        account: &Account,
        uses: Option<u32>,
        valid_days: Option<u32>,
        actor: &str,
        how: &str,
    ) -> Result<(Secret, u32, i64)> {
        let password = self.temp_password_for(account).await?;
        let uses = uses.unwrap_or(self.settings.temp_password.uses).max(1);
        let days = valid_days
            .unwrap_or(self.settings.temp_password.valid_days)
            .max(1);
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        let hash = blocking(move || hasher.hash(&pw)).await??;
        let now = self.now();
        let mut audit = self.audit_entry(
            actor,
            Some(&account.username),
            AuditAction::TempPassword,
            AuditOutcome::Ok,
        );
        audit.detail = format!("{how}uses={uses} valid_days={days}");
        let expires_at = now + i64::from(days) * 86_400;
        self.store
            .set_temp_password(&TempPassword {
                account_id: account.id,
                hash,
                uses: i64::from(uses),
                expires_at,
                now,
                audit,
            })
            .await?;
        Ok((password, uses, expires_at))
    }

    /// Temporary passwords for a class, printed as slips: `path` is created new and 0600
    /// before any password is made; each person's password goes only into their slip (one
    /// page, in their language), the audit says `slip` and the uses and days, never the
    /// password. Returns how many slips were printed, in the order given (a category: by
    /// name).
    pub async fn temp_password_slips(
        &self,
        who: SlipsFor,
        uses: Option<u32>,
        valid_days: Option<u32>,
        actor: &str,
        path: &std::path::Path,
    ) -> Result<usize> {
        let usernames = match who {
            SlipsFor::Usernames(names) => names,
            SlipsFor::Category(category) => {
                if !self.settings.categories.contains_key(&category) {
                    return Err(ServiceError::Setup(format!(
                        "no category named {category:?} (kiosk.toml [categories])"
                    )));
                }
                self.store.active_usernames_in(&category).await?
            }
        };
        if usernames.is_empty() {
            return Err(ServiceError::Setup("nobody to print a slip for".into()));
        }
        // Every name must exist before anyone's password changes.
        let mut accounts = Vec::with_capacity(usernames.len());
        for name in &usernames {
            accounts.push(self.require(name).await?);
        }
        let file = SlipsFile::create(path).map_err(|e| ServiceError::Setup(e.to_string()))?;
        let mut slips = Vec::with_capacity(accounts.len());
        for account in &accounts {
            let (password, uses, expires_at) = self
                .set_temp_password(account, uses, valid_days, actor, "slip ")
                .await?;
            slips.push(Slip {
                lang: account
                    .language
                    .as_deref()
                    .and_then(Lang::parse)
                    .unwrap_or(self.settings.languages.default),
                display_name: account.display_name.clone(),
                username: account.username.clone(),
                password,
                uses,
                expires_at,
            });
        }
        let (school, support) = (
            self.settings.kiosk.school_name.clone(),
            self.settings.support.clone(),
        );
        let count = slips.len();
        blocking(move || file.write(&school, &support, &slips))
            .await?
            .map_err(|e| ServiceError::Setup(e.to_string()))?;
        Ok(count)
    }

    /// A temporary password fitting the policy of `account`'s category (off the async
    /// threads: each try costs a strength estimate), or a clear error when none fits.
    pub(super) async fn temp_password_for(&self, account: &Account) -> Result<Secret> {
        let policy = self
            .policy_for(&account.username, &account.category)?
            .clone();
        let ctx = self.policy_context(&account.username, &account.display_name);
        let random = self.random.clone();
        blocking(move || temp_password::generate(&policy, &ctx, || random.next_u32()))
            .await?
            .map_err(|source| ServiceError::TempPassword {
                category: account.category.clone(),
                source,
            })
    }

    /// Lifts a lock and clears the failure counters. Returns what was lifted (`failures`,
    /// `staff`, `expired`, `questions`); empty when nothing was locked.
    pub async fn unlock(&self, username: &str, actor: &str) -> Result<Vec<&'static str>> {
        let account = self.require(username).await?;
        let mut audit = self.audit_entry(
            actor,
            Some(&account.username),
            AuditAction::Unlock,
            AuditOutcome::Ok,
        );
        // Say what was lifted: the sign-in lock (staff, expiry or a name's failures) and
        // the questions lock, or that there was none.
        let now = self.now();
        let mut lifted: Vec<&'static str> = Vec::new();
        if let Some((reason, _)) = self.sign_in_lock(&account, now).await? {
            lifted.push(reason.as_str());
        }
        if account.questions_locked_until.is_some_and(|t| t > now) {
            lifted.push("questions");
        }
        audit.detail = if lifted.is_empty() {
            "not locked".to_string()
        } else {
            format!("lifted={}", lifted.join(","))
        };
        self.store.unlock(account.id, now, &audit).await?;
        self.lift_signin_lock(&account.username).await?;
        Ok(lifted)
    }

    /// What an administrator may know about an account.
    pub async fn show(&self, username: &str, actor: &str) -> Result<AccountSummary> {
        let a = self.require(username).await?;
        let now = self.now();
        self.audit(self.audit_entry(
            actor,
            Some(&a.username),
            AuditAction::Show,
            AuditOutcome::Ok,
        ))
        .await?;
        let mut methods = Vec::new();
        if a.password_hash.is_some() {
            methods.push(if a.has_temp_password() {
                "temporary password"
            } else {
                "password"
            });
        }
        if !self.store.enrolled_answers(a.id).await?.is_empty() {
            methods.push("security questions");
        }
        if a.status == AccountStatus::Active && self.sms_offered(&a) {
            methods.push("SMS code");
        }
        Ok(AccountSummary {
            locked: a.is_locked(now),
            temp_password_uses_left: a.has_temp_password().then_some(a.temp_uses_left),
            username: a.username,
            display_name: a.display_name,
            category: a.category,
            status: a.status,
            lock_reason: a.lock_reason,
            locked_until: a.locked_until,
            expires_at: a.password_expires_at,
            must_change: a.must_change,
            methods,
        })
    }

    /// Writes an audit row for an admin action that has no store method of its own.
    pub async fn audit_admin(
        &self,
        action: AuditAction,
        subject: Option<&str>,
        outcome: AuditOutcome,
    ) -> Result<()> {
        self.audit(self.audit_entry(&Self::admin_actor(), subject, action, outcome))
            .await
    }

    /// Walks the audit chain (`kiosk admin audit --verify`).
    pub async fn verify_audit(&self) -> Result<ChainReport> {
        let (rows, head) = self.store.audit_chain().await?;
        Ok(chain::verify(&rows, &head, &self.keys.audit))
    }

    /// The actor name of the administrator at this terminal.
    pub fn admin_name(&self) -> String {
        Self::admin_actor()
    }
}

/// The usernames of a roster so far, and their look-alike skeletons.
struct Seen {
    usernames: HashSet<Username>,
    looks: HashMap<String, (String, u64)>,
}

/// Parses a roster's mobile number (default region from config) into E.164, with the
/// kiosk's own parser: a landline is refused, and the reason is the kiosk's own sentence
/// (in English, the administrator's language).
pub fn parse_mobile(raw: &str, region: &str) -> Result<String, String> {
    MobileNumber::parse(raw, region)
        .map(|n| n.e164().to_string())
        .map_err(|e| format!("mobile {raw:?}: {}", crate::i18n::t(Lang::En, e.key())))
}

/// A roster's or the directory's language (sv, en or it, any case; a region such as
/// `sv-SE` is ignored), or why not.
pub fn parse_language(raw: &str) -> Result<Lang, String> {
    Lang::parse(raw).ok_or_else(|| {
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        format!(
            "language {raw:?} is not one of {} (empty: the kiosk's default)",
            codes.join(", ")
        )
    })
}

/// A login name fit for the audit log: name characters only, at most 32; `None` when
/// nothing of it is left.
fn actor_name(raw: &str) -> Option<String> {
    let name: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .take(32)
        .collect();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actor_name_carries_no_escape_sequences() {
        assert_eq!(actor_name("eva").as_deref(), Some("eva"));
        assert_eq!(
            actor_name("x\u{1b}]0;PWNED\u{7}\u{1b}[2J").as_deref(),
            Some("x0PWNED2J")
        );
        assert_eq!(actor_name("\u{1b}[\u{7}"), None);
        assert_eq!(actor_name(&"a".repeat(80)).map(|n| n.len()), Some(32));
    }

    #[test]
    fn mobile_numbers_become_e164() {
        let se = "SE";
        assert_eq!(parse_mobile("070-123 45 67", se).unwrap(), "+46701234567");
        assert_eq!(
            parse_mobile("+46 70 123 45 67", se).unwrap(),
            "+46701234567"
        );
        // The kiosk's own sentences, naming the number as it was written.
        let long = parse_mobile("+46 70 123 45 678", se).unwrap_err();
        assert_eq!(
            long,
            "mobile \"+46 70 123 45 678\": That number has too many digits for a mobile number."
        );
        assert!(parse_mobile("hello", se).is_err());
        // A landline can never receive the codes.
        let landline = parse_mobile("08-123 456 78", se).unwrap_err();
        assert!(
            landline.contains("\"08-123 456 78\"") && landline.contains("not a mobile number"),
            "{landline}"
        );
    }
}
