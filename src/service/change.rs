//! Changing a password: every rule of the category (strength and history included), then
//! hash, history row and audit row in one transaction.

use super::*;
use crate::directory::WriteOutcome;
use crate::domain::directory::{Refusal, merge, refusal};

/// An account's newest history hashes, read `depth` deep.
pub(super) struct ReadHistory {
    depth: u32,
    hashes: Vec<String>,
}

impl Services {
    /// The hashes a new password must not match: the last `depth` passwords, the current
    /// one (which may be temporary) included. `read` is the history read with the account
    /// (`load_with_history`); a deeper one (a directory's policy) is read again.
    pub(super) async fn history_hashes(
        &self,
        account: &Account,
        depth: u32,
        read: &ReadHistory,
    ) -> Result<Vec<String>> {
        if depth == 0 {
            return Ok(Vec::new());
        }
        let mut hashes = if depth <= read.depth {
            read.hashes.iter().take(depth as usize).cloned().collect()
        } else {
            self.store.history(account.id, i64::from(depth)).await?
        };
        if let Some(current) = &account.password_hash
            && !hashes.contains(current)
        {
            // A temporary password is current but not in the history.
            hashes.insert(0, current.clone());
            hashes.truncate(depth as usize);
        }
        Ok(hashes)
    }

    /// Whether `password` is one of the account's recent passwords (the live checklist
    /// asks this off the UI thread; `change_password` asks again).
    pub async fn is_reused(&self, who: &VerifiedAccount, password: &Secret) -> Result<bool> {
        let (account, read) = self.load_with_history(who).await?;
        let policy = self.policy_for(&account.username, &account.category)?;
        let depth = match who.directory_policy() {
            Some(dir) => merge(policy, dir).history_depth,
            None => policy.history_depth,
        };
        let hashes = self.history_hashes(&account, depth, &read).await?;
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        Ok(blocking(move || hasher.matches_any(&pw, &hashes)).await??)
    }

    /// The account with its history as deep as the deepest category asks, in one read.
    async fn load_with_history(&self, who: &VerifiedAccount) -> Result<(Account, ReadHistory)> {
        let depth = self
            .settings
            .categories
            .values()
            .map(|p| p.history_depth)
            .max()
            .unwrap_or(0);
        let (account, hashes) = self
            .store
            .account_with_history(who.id(), i64::from(depth))
            .await?
            .ok_or_else(|| ServiceError::NotFound(who.username().to_string()))?;
        Ok((account, ReadHistory { depth, hashes }))
    }

    pub(super) async fn load(&self, who: &VerifiedAccount) -> Result<Account> {
        self.store
            .account_by_id(who.id())
            .await?
            .ok_or_else(|| ServiceError::NotFound(who.username().to_string()))
    }

    /// Checks `password` against every rule of the account's policy (strength and history
    /// included) and, when all pass, stores it: hash, history row and audit row in one
    /// transaction. Exactly one of two simultaneous changes wins; the other gets `Conflict`.
    pub async fn change_password(
        &self,
        who: &VerifiedAccount,
        password: &Secret,
    ) -> Result<ChangeOutcome> {
        let (account, read) = self.load_with_history(who).await?;
        let user = account.username.clone();
        // Verified against a password that is no longer current (another kiosk changed it,
        // staff set a temporary one): this capability, a ticket say, is void.
        if password_mark(account.password_hash.as_deref()) != who.password_mark() {
            // A save retried after an outage: the first try may have committed before the
            // connection dropped. The stored hash being this very password says it did.
            if let Some(done) = self.already_changed(&account, who, password).await? {
                return Ok(done);
            }
            self.audit(self.audit_entry(
                &user,
                Some(&user),
                AuditAction::ChangePassword,
                AuditOutcome::Stale,
            ))
            .await?;
            return Ok(ChangeOutcome::Conflict);
        }
        // With a directory, its policy for this person counts too (stricter wins), read
        // now: an unreachable directory stops the change before anything is recorded.
        let directory_user = self.directory_user(&user).await?;
        if self.directory.is_some() && directory_user.is_none() {
            return Err(ServiceError::NotFound(user));
        }
        let category = self.policy_for(&user, &account.category)?;
        let policy = match &directory_user {
            Some(u) => merge(category, &u.policy),
            None => category.clone(),
        };
        let ctx = self.policy_context(&user, &account.display_name);
        let (checks, score) = if password.chars() > MAX_PASSWORD_CHARS.min(policy.max_length) {
            // Refused before any hashing: a huge paste must not cost argon2 time.
            let checks = policy::evaluate(&policy, password.expose(), &ctx, Some(0), Some(false));
            (checks, 0)
        } else {
            let score = strength_score(password, &ctx).await?;
            let hashes = self
                .history_hashes(&account, policy.history_depth, &read)
                .await?;
            let (hasher, pw) = (self.hasher.clone(), password.clone());
            let reused = blocking(move || hasher.matches_any(&pw, &hashes)).await??;
            let checks =
                policy::evaluate(&policy, password.expose(), &ctx, Some(score), Some(reused));
            (checks, score)
        };
        if !policy::all_pass(&checks) {
            let mut e = self.audit_entry(
                &user,
                Some(&user),
                AuditAction::ChangePassword,
                AuditOutcome::Rejected,
            );
            e.detail = checks
                .iter()
                .filter(|c| !c.passed())
                .map(|c| c.rule.key())
                .collect::<Vec<_>>()
                .join(",");
            self.audit(e).await?;
            return Ok(ChangeOutcome::Rejected(checks));
        }
        // The directory first: the kiosk records a change only once the directory has it.
        if let (Some(dir), Some(u)) = (&self.directory, &directory_user) {
            let written = match who.current() {
                // The person's own change, bound as them with the old password.
                Some(old) => dir.change(u, old, password).await?,
                // After a reset (questions, SMS, staff ticket, temporary password): the
                // service account writes it.
                None => dir.reset(u, password).await?,
            };
            match written {
                WriteOutcome::Done => {}
                WriteOutcome::OldPasswordWrong => {
                    let mut e = self.audit_entry(
                        &user,
                        Some(&user),
                        AuditAction::ChangePassword,
                        AuditOutcome::Stale,
                    );
                    e.detail = "directory: the old password no longer binds".into();
                    self.audit(e).await?;
                    return Ok(ChangeOutcome::Conflict);
                }
                WriteOutcome::Refused { rc, error, text } => {
                    let refusal =
                        refusal(error, &text, u, self.now()).unwrap_or(Refusal::NotAllowed);
                    let mut e = self.audit_entry(
                        &user,
                        Some(&user),
                        AuditAction::ChangePassword,
                        AuditOutcome::Rejected,
                    );
                    // The server's own words go here only, never to the screen.
                    let text: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
                    e.detail = format!("directory {}: rc={rc} {text}", refusal.name());
                    self.audit(e).await?;
                    return Ok(ChangeOutcome::Refused(refusal));
                }
            }
        }
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        let new_hash = blocking(move || hasher.hash(&pw)).await??;
        let new_mark = password_mark(Some(&new_hash));
        let now = self.now();
        let expires_at =
            (policy.max_age_days > 0).then(|| now + i64::from(policy.max_age_days) * 86_400);
        let mut audit = self.audit_entry(
            &user,
            Some(&user),
            AuditAction::ChangePassword,
            AuditOutcome::Ok,
        );
        audit.detail = match (&directory_user, who.current()) {
            (Some(_), Some(_)) => format!("score={score} directory=change"),
            (Some(_), None) => format!("score={score} directory=reset"),
            (None, _) => format!("score={score}"),
        };
        let change = PasswordChange {
            account_id: account.id,
            expected_version: account.version,
            new_hash,
            now,
            expires_at,
            history_keep: i64::from(policy.history_depth.max(1)),
            audit,
        };
        let recorded = match self.store.change_password(&change).await {
            Ok(recorded) => recorded,
            // The directory has the new password (it is the authority: the next sign-in
            // works), but the kiosk cannot record it now: the audit row waits for the
            // database; the history hash of this change is lost.
            Err(e) if directory_user.is_some() => {
                tracing::error!(error = %e, user, "directory changed, kiosk record deferred");
                let mut audit = change.audit.clone();
                audit.detail.push_str(" kiosk-record=deferred");
                self.defer_audit(audit);
                let account = VerifiedAccount::new(
                    account.id,
                    account.username,
                    account.display_name,
                    account.category,
                    false,
                    account.password_expires_at,
                    who.signed_in(),
                )
                .with_mark(password_mark(account.password_hash.as_deref()))
                .with_current(Some(password.clone()))
                .with_directory_policy(directory_user.map(|u| u.policy));
                // The directory has it: the cloud accounts get it too.
                let targets = self.push_targets(account.id(), &user, password).await;
                return Ok(ChangeOutcome::Changed {
                    score,
                    expires_at: account.expires_at(),
                    account,
                    targets,
                });
            }
            Err(e) => return Err(e.into()),
        };
        if recorded {
            // Notices by SMS and email, in the background: they never fail the change.
            self.after_password_change(account.id, &change.new_hash);
            // Only now, with the authority's change committed: a target's failure is
            // reported beside it, never instead of it.
            let targets = self.push_targets(account.id, &user, password).await;
            let account = VerifiedAccount::new(
                account.id,
                account.username,
                account.display_name,
                account.category,
                false,
                expires_at,
                // A new password chosen after a reset is still the reset's session.
                who.signed_in(),
            )
            .with_mark(new_mark)
            .with_current(directory_user.as_ref().map(|_| password.clone()))
            .with_directory_policy(directory_user.map(|u| u.policy));
            Ok(ChangeOutcome::Changed {
                score,
                expires_at,
                account,
                targets,
            })
        } else {
            self.audit(self.audit_entry(
                &user,
                Some(&user),
                AuditAction::ChangePassword,
                AuditOutcome::Conflict,
            ))
            .await?;
            Ok(ChangeOutcome::Conflict)
        }
    }
}

impl Services {
    /// `Changed` when the account's current hash is already `password`: an earlier try of
    /// this same change committed, its answer lost with the connection. Not recorded
    /// again; the change notice, which that try never reached, is sent now.
    async fn already_changed(
        &self,
        account: &Account,
        who: &VerifiedAccount,
        password: &Secret,
    ) -> Result<Option<ChangeOutcome>> {
        let Some(current) = account.password_hash.clone() else {
            return Ok(None);
        };
        if password.chars() > MAX_PASSWORD_CHARS {
            return Ok(None);
        }
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        if !blocking(move || hasher.matches_any(&pw, &[current])).await?? {
            return Ok(None);
        }
        let ctx = self.policy_context(&account.username, &account.display_name);
        let score = strength_score(password, &ctx).await?;
        let directory_policy = match self.directory_user(&account.username).await? {
            Some(u) => Some(u.policy),
            None => None,
        };
        tracing::info!(
            user = account.username,
            "a retried change had already committed"
        );
        if let Some(hash) = &account.password_hash {
            self.after_password_change(account.id, hash);
        }
        let expires_at = account.password_expires_at;
        let account = VerifiedAccount::new(
            account.id,
            account.username.clone(),
            account.display_name.clone(),
            account.category.clone(),
            false,
            expires_at,
            who.signed_in(),
        )
        .with_mark(password_mark(account.password_hash.as_deref()))
        .with_current(directory_policy.as_ref().map(|_| password.clone()))
        .with_directory_policy(directory_policy);
        // The targets' results of the first try are in the audit log; this try reports
        // none rather than pushing the same password twice.
        Ok(Some(ChangeOutcome::Changed {
            score,
            expires_at,
            account,
            targets: Vec::new(),
        }))
    }
}

async fn strength_score(password: &Secret, ctx: &PolicyContext) -> Result<u8> {
    let pw = password.clone();
    let words = ctx.words().to_vec();
    blocking(move || {
        let inputs: Vec<&str> = words.iter().map(String::as_str).collect();
        strength::estimate(pw.expose(), &inputs).score
    })
    .await
}
