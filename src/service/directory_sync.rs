//! `kiosk directory sync`: the kiosk's accounts from the directory's roster, parsed like an
//! import (an unparsable mobile or email is reported and left out, never silently dropped);
//! accounts the directory no longer has, or has disabled, become inactive (never deleted);
//! a password expiry the directory has (`pwdChangedTime` + `pwdMaxAge`) becomes the kiosk's.

use std::collections::HashSet;

use super::admin::{parse_language, parse_mobile};
use super::*;
use crate::domain::names::clean_display_name;
use crate::store::ImportRow;

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub created: u64,
    pub updated: u64,
    pub deactivated: u64,
    /// One line per person or value left out, and why.
    pub problems: Vec<String>,
}

/// Deactivated names listed in the audit row, at most.
const LISTED: usize = 20;

impl Services {
    pub async fn sync_directory(&self) -> Result<SyncReport> {
        let Some(dir) = &self.directory else {
            return Err(ServiceError::Setup(
                "no directory configured ([directory] kind = \"none\")".into(),
            ));
        };
        let people = dir.roster().await?;
        // A wrong base or filter must not deactivate the whole school.
        if people.is_empty() {
            return Err(ServiceError::Setup(
                "the directory returned nobody: check directory.base_dn and user_filter; \
                 nothing was changed"
                    .into(),
            ));
        }
        let region = self.settings.kiosk.phone_region.clone();
        let mut report = SyncReport::default();
        let mut present = HashSet::new();
        let mut rows = Vec::new();
        let mut expiries = Vec::new();
        for p in people {
            let Ok(username) = Username::parse(&p.username) else {
                report.problems.push(format!(
                    "{}: username {:?} is not valid: skipped",
                    p.dn, p.username
                ));
                continue;
            };
            if p.disabled {
                continue;
            }
            if !present.insert(username.to_string()) {
                report.problems.push(format!(
                    "{username}: more than one entry ({}): skipped",
                    p.dn
                ));
                continue;
            }
            if let Some(row) = self.row_of(&username, &p, &region, &mut report.problems) {
                if let Some(at) = p.expires_at() {
                    expiries.push((row.username.clone(), at));
                }
                rows.push(row);
            }
        }
        let now = self.now();
        let actor = "directory-sync";
        let audit = self.audit_entry(actor, None, AuditAction::RosterSync, AuditOutcome::Ok);
        let (created, updated) = self.store.import_accounts(&rows, now, &audit).await?;
        report.created = created;
        report.updated = updated;
        // The expiry notices follow the directory's expiry where it has one.
        self.store.set_password_expiry(&expiries).await?;
        let gone: Vec<String> = self
            .store
            .active_usernames()
            .await?
            .into_iter()
            .filter(|u| !present.contains(u))
            .collect();
        if !gone.is_empty() {
            let mut audit =
                self.audit_entry(actor, None, AuditAction::RosterSync, AuditOutcome::Ok);
            let listed: Vec<&str> = gone.iter().take(LISTED).map(String::as_str).collect();
            audit.detail = format!(
                "deactivated={} ({}{})",
                gone.len(),
                listed.join(","),
                if gone.len() > LISTED { ",…" } else { "" }
            );
            report.deactivated = self.store.deactivate_accounts(&gone, now, &audit).await?;
        }
        Ok(report)
    }

    /// A kiosk account row for a directory entry, parsed like an import; `None` (and a
    /// line in `problems`) when no category maps to it.
    fn row_of(
        &self,
        username: &Username,
        p: &DirectoryUser,
        region: &str,
        problems: &mut Vec<String>,
    ) -> Option<ImportRow> {
        let username = username.to_string();
        let Some(category) = p
            .category
            .clone()
            .filter(|c| self.settings.policy(c).is_some())
        else {
            problems.push(format!("{username}: no category maps to {}: skipped", p.dn));
            return None;
        };
        // Cleaned as an import cleans it: no hidden characters, capped.
        let mut display_name =
            clean_display_name(&p.display_name, self.settings.names.display_name_max_chars).text;
        if display_name.is_empty() {
            display_name = username.clone();
        }
        let email = match p.mail.as_deref() {
            Some(e)
                if e.contains('@')
                    && !e.contains(char::is_whitespace)
                    && !e.starts_with('@')
                    && !e.ends_with('@') =>
            {
                Some(e.to_string())
            }
            Some(e) => {
                problems.push(format!("{username}: invalid email {e:?}: left out"));
                None
            }
            None => None,
        };
        let mobile = match p.mobile.as_deref() {
            Some(m) => match parse_mobile(m, region) {
                Ok(n) => Some(n),
                Err(reason) => {
                    problems.push(format!("{username}: {reason}: left out"));
                    None
                }
            },
            None => None,
        };
        // Read like a roster's column: empty is the default; a value the kiosk does not
        // have is reported and leaves the account's language as it is.
        let language = match p.language.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(l) => match parse_language(l) {
                Ok(lang) => Some(Some(lang.code().to_string())),
                Err(why) => {
                    problems.push(format!("{username}: {why}: left out"));
                    None
                }
            },
        };
        Some(ImportRow {
            search_name: crate::domain::text::fold(&format!("{username} {display_name}")),
            username,
            display_name,
            category,
            email,
            mobile,
            language,
        })
    }

    /// The account of a typed name; with a directory, one the directory knows but the
    /// database does not yet is created on the spot (as a sync would).
    pub(super) async fn account_or_directory(
        &self,
        username: &Username,
    ) -> Result<Option<Account>> {
        if let Some(a) = self.account_typed(username.as_str()).await? {
            return Ok(Some(a));
        }
        // A name outside `names.username_pattern` is unknown here too.
        let Some(dir) = self
            .directory
            .as_ref()
            .filter(|_| self.usernames.matches(username.as_str()))
        else {
            return Ok(None);
        };
        let Some(p) = dir.lookup(username.as_str()).await? else {
            return Ok(None);
        };
        if p.disabled || p.username != username.as_str() {
            return Ok(None);
        }
        let mut problems = Vec::new();
        let region = self.settings.kiosk.phone_region.clone();
        let Some(row) = self.row_of(username, &p, &region, &mut problems) else {
            tracing::warn!(?problems, "directory entry not created at the kiosk");
            return Ok(None);
        };
        let mut audit = self.audit_entry(
            "directory-sync",
            Some(username.as_str()),
            AuditAction::RosterSync,
            AuditOutcome::Ok,
        );
        audit.detail = format!("created on first use; {}", problems.join("; "));
        self.store
            .import_accounts(&[row], self.now(), &audit)
            .await?;
        Ok(self.store.account_by_username(username.as_str()).await?)
    }
}
