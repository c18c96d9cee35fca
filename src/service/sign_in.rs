//! Signing in with a password: the lock of a typed name (real or not, under its keyed
//! tag), the kiosk's pace after wrong passwords, machine-speed input, and the same answer
//! and the same work for every name while it is locked.

use super::*;
use crate::directory::BindOutcome;
use crate::domain::lockout::LockoutRules;

impl Services {
    /// The key that names typed usernames in the sign-in throttle and the audit log
    /// (derived from the key file at start).
    pub async fn name_tags(&self) -> Result<NameTags> {
        Ok(self.keys.name_tags.clone())
    }

    /// How the audit log names a typed username: itself when it has an account, a keyed
    /// HMAC tag otherwise (a password typed into the username field is never stored).
    pub async fn audit_name(&self, username: &Username) -> Result<String> {
        let user = username.as_str();
        Ok(match self.account_typed(user).await? {
            Some(a) => a.username,
            None => self.name_tags().await?.unknown_label(user),
        })
    }

    /// Checks a current or temporary password. Every typed name, real or not, is counted
    /// under its tag and locked alike (`domain::lockout`); while a name is locked, or its
    /// account is locked by staff or expiry, no password is judged: the right one and a
    /// wrong one get the same answer and the same argon2 work.
    pub async fn verify_password(
        &self,
        username: &Username,
        password: &Secret,
    ) -> Result<VerifyOutcome> {
        self.verify_password_for(username, password, Audience::Kiosk)
            .await
    }

    /// [`Services::verify_password`] for one audience. At the staff sign-in an account
    /// without the staff role fails exactly as a wrong password does (same words, same
    /// count toward its lock, same writes): the desk never confirms a student's password.
    pub(super) async fn verify_password_for(
        &self,
        username: &Username,
        password: &Secret,
        audience: Audience,
    ) -> Result<VerifyOutcome> {
        // Rows of earlier directory changes the database could not take go first.
        self.flush_deferred_audit().await;
        let now = self.now();
        if let Some(until) = self.pace(|p| *p).wait_until(now) {
            let secs = u64::try_from(until - now).unwrap_or(1);
            return Ok(VerifyOutcome::Wait { secs });
        }
        let user = username.as_str();
        let tags = self.name_tags().await?;
        let tag = tags.throttle_tag(user);
        let account = self
            .account_or_directory(username)
            .await?
            // With a directory, the password lives there: no kiosk hash is needed.
            .filter(|a| {
                a.status == AccountStatus::Active
                    && (a.password_hash.is_some() || self.directory.is_some())
            });
        // A temporary password from the office lives at the kiosk only; every other
        // password is the directory's when there is one.
        let by_directory = match (&self.directory, &account) {
            (Some(_), Some(a)) => !a.has_temp_password(),
            _ => false,
        };
        let who = match &account {
            Some(a) => a.username.clone(),
            None => tags.unknown_label(user),
        };
        let throttle = self.store.signin_throttle(&tag).await?;
        let lock = throttle.state(now);
        let judged = account
            .as_ref()
            .filter(|a| lock == LockState::Open && !a.is_locked(now) && !by_directory)
            .and_then(|a| a.password_hash.clone());
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        // The strength estimate runs for every attempt, known name or not, right password
        // or not, in the same blocking task as argon2: the answer's timing says nothing
        // more. Only a right password's score is ever used (a weak one must change).
        let ctx = match &account {
            Some(a) => self.policy_context(&a.username, &a.display_name),
            None => self.policy_context(user, ""),
        };
        let words = ctx.words().to_vec();
        let (verdict, score) = blocking(move || {
            let inputs: Vec<&str> = words.iter().map(String::as_str).collect();
            let score = strength::estimate(pw.expose(), &inputs).score;
            let verdict = match judged {
                Some(stored) => hasher.verify(&stored, &pw).map(Some),
                None => {
                    hasher.verify_dummy(&pw);
                    Ok(None)
                }
            };
            verdict.map(|v| (v, score))
        })
        .await??;
        if lock != LockState::Open {
            self.audit(self.audit_entry(
                &who,
                Some(&who),
                AuditAction::VerifyPassword,
                AuditOutcome::Locked,
            ))
            .await?;
            return Ok(locked_outcome(lock));
        }
        // The directory judges its passwords (a bind as the person), after the same
        // strength and dummy-hash work as any other attempt.
        let mut directory_user = None;
        let mut directory_must_change = false;
        let verdict = match (&self.directory, &account) {
            (Some(dir), Some(a)) if by_directory && !a.is_locked(now) => {
                match dir.lookup(&a.username).await? {
                    Some(u) => match dir.verify(&u, password).await? {
                        BindOutcome::Valid { must_change } => {
                            directory_must_change = must_change || u.must_change || u.expired(now);
                            directory_user = Some(u);
                            Some(Verification::Match {
                                needs_rehash: false,
                            })
                        }
                        BindOutcome::Invalid => Some(Verification::Mismatch),
                        // The directory's own lockout locks the name here too, with the
                        // kiosk's lock words: every name, known or not, already locks here
                        // no later than the directory would (`lockout_rules`), so the lock
                        // says no more than a kiosk lock does.
                        BindOutcome::Locked => {
                            return self
                                .record_failure_as(&tag, &who, now, "directory lockout", true)
                                .await;
                        }
                    },
                    None => {
                        dir.dummy_verify().await?;
                        Some(Verification::Mismatch)
                    }
                }
            }
            // Every other attempt (an unknown name, a locked account, a temporary
            // password) costs the directory the same bind, with nothing typed in it.
            (Some(dir), _) => {
                dir.dummy_verify().await?;
                verdict
            }
            (None, _) => verdict,
        };
        let Some((account, Verification::Match { needs_rehash })) = account.zip(verdict) else {
            return self.record_failure(&tag, &who, now, "").await;
        };
        if audience == Audience::Staff && !self.has_helpdesk_role(&account) {
            // Before a temporary password's use is spent: this was no sign-in.
            return self
                .record_failure(&tag, &who, now, "right password; no staff role")
                .await;
        }
        // A temporary password's use is spent when the person gives up (Esc) or when the
        // change replaces it, not here: a timeout or a blip must not send them to the office.
        if account.has_temp_password() && !account.temp_usable(now) {
            self.audit(self.audit_entry(
                &who,
                Some(&who),
                AuditAction::VerifyPassword,
                AuditOutcome::TempExpired,
            ))
            .await?;
            return Ok(VerifyOutcome::TempExpired);
        }
        let rehash = if needs_rehash {
            let (hasher, pw) = (self.hasher.clone(), password.clone());
            Some(blocking(move || hasher.hash(&pw)).await??)
        } else {
            None
        };
        let outcome = if account.has_temp_password() {
            AuditOutcome::OkTemp
        } else {
            AuditOutcome::Ok
        };
        // A current password the category would refuse today (blocklist, personal, below
        // the minimum score) signs in, but only to be changed, as a temporary one does.
        let weak = self
            .policy_for(&account.username, &account.category)
            .is_ok_and(|policy| policy::too_weak_to_keep(policy, password.expose(), &ctx, score));
        let mut audit = self.audit_entry(&who, Some(&who), AuditAction::VerifyPassword, outcome);
        if weak {
            audit.detail = "weak: must change".into();
        }
        // Only what there is to forget is written: most sign-ins are one audit row.
        let forget = account.failed_logins != 0 || account.locked_until.is_some();
        let counted = (throttle.failures != 0).then_some(tag.as_str());
        self.store
            .record_login_success(account.id, forget, rehash.as_deref(), counted, now, &audit)
            .await?;
        self.pace(|p| *p = p.after_success());
        // An expired password (in its grace period) may only be changed.
        let must_change = account.must_change
            || directory_must_change
            || weak
            || account.has_temp_password()
            || account.password_expires_at.is_some_and(|t| t <= now);
        // A temporary password is a reset by staff: it never opens the recovery factors.
        let signed_in = !account.has_temp_password();
        // A rehash replaced the stored hash: the capability names the new one.
        let mark = password_mark(rehash.as_deref().or(account.password_hash.as_deref()));
        let leaving = if account.has_temp_password() {
            Leaving::TempUse {
                last: account.temp_uses_left <= 1,
            }
        } else {
            Leaving::Free
        };
        // The directory's own change needs the old password: the capability keeps it.
        let current = directory_user.as_ref().map(|_| password.clone());
        Ok(VerifyOutcome::Verified(
            verified(&account, must_change, signed_in)
                .with_mark(mark)
                .with_leaving(leaving)
                .with_current(current)
                .with_directory_policy(directory_user.map(|u| u.policy)),
        ))
    }

    /// The person gave the verification up (Esc, confirmed when it sends them back to the
    /// office): a temporary password loses the use it opened. A timeout or an outage never
    /// comes here, so neither costs a use.
    pub async fn give_up(&self, who: &VerifiedAccount) -> Result<()> {
        let detail = match who.leaving() {
            Leaving::Free => return Ok(()),
            Leaving::Ticket => "reset ticket".to_string(),
            Leaving::TempUse { .. } => {
                let spent = self.store.consume_temp_use(who.id(), self.now()).await?;
                format!("temporary password use spent={spent}")
            }
        };
        let mut e = self.audit_entry(
            who.username(),
            Some(who.username()),
            AuditAction::GiveUp,
            AuditOutcome::Ok,
        );
        e.detail = detail;
        self.audit(e).await
    }

    /// Counts a wrong password (or any password for a locked account or an unknown name)
    /// under the name's tag; the failure that locks says so at once, for every name alike.
    pub(super) async fn record_failure(
        &self,
        tag: &str,
        who: &str,
        now: i64,
        detail: &str,
    ) -> Result<VerifyOutcome> {
        self.record_failure_as(tag, who, now, detail, false).await
    }

    /// The sign-in lock's limits: the kiosk's, made at least as strict as the directory's
    /// own lockout (as soon, as long), for every typed name alike.
    pub async fn lockout_rules(&self) -> LockoutRules {
        let rules = self.settings.lockout.rules();
        let Some(dir) = &self.directory else {
            return rules;
        };
        match dir.lockout().await {
            Ok(t) => rules.capped_by(t),
            Err(e) => {
                // Nothing known yet: the kiosk's own limit, until the directory answers.
                tracing::warn!(error = %e, "directory lockout policy unknown");
                rules
            }
        }
    }

    /// [`Services::record_failure`]; `lock_now`: the directory locked the person, so the
    /// name locks at once (the directory answered 775 or ppolicy's accountLocked).
    async fn record_failure_as(
        &self,
        tag: &str,
        who: &str,
        now: i64,
        detail: &str,
        lock_now: bool,
    ) -> Result<VerifyOutcome> {
        let pace_rules = self.settings.lockout.pace();
        let pace = self.pace(|p| {
            *p = p.after_failure(now, &pace_rules);
            *p
        });
        if let Some(until) = pace.wait_until(now) {
            let mut e = self.audit_entry(
                &self.settings.kiosk.id,
                None,
                AuditAction::KioskSlowdown,
                AuditOutcome::Wait,
            );
            e.detail = format!("failures={} wait={}s", pace.failures, until - now);
            self.audit(e).await?;
        }
        let rules = self.lockout_rules().await;
        let mut audit = self.audit_entry(
            who,
            Some(who),
            AuditAction::VerifyPassword,
            AuditOutcome::Invalid,
        );
        audit.detail = detail.to_string();
        let after = self
            .store
            .record_signin(
                tag,
                now,
                |t| {
                    if lock_now {
                        t.lock_now(now, &rules)
                    } else {
                        t.after_failure(now, &rules)
                    }
                },
                &audit,
            )
            .await?;
        let lock = after.state(now);
        if lock == LockState::Open {
            return Ok(VerifyOutcome::Invalid);
        }
        let mut e = self.audit_entry(who, Some(who), AuditAction::Lock, AuditOutcome::Locked);
        e.detail = match lock {
            LockState::UntilStaff => format!("lock {} until staff unlock", after.lock_count),
            _ => format!("lock {} after failed sign-ins", after.lock_count),
        };
        self.audit(e).await?;
        Ok(locked_outcome(lock))
    }

    /// Reads or moves this kiosk's pace.
    pub(super) fn pace<T>(&self, f: impl FnOnce(&mut Pace) -> T) -> T {
        f(&mut self.pace.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Why and until when an account cannot sign in: a staff or expiry lock on the
    /// account first, else a failure lock of its name. `None` = not locked.
    pub async fn sign_in_lock(
        &self,
        account: &Account,
        now: i64,
    ) -> Result<Option<(LockReason, Option<i64>)>> {
        if account.is_locked(now)
            && let Some(reason) = account.lock_reason
        {
            return Ok(Some((reason, account.locked_until)));
        }
        let tag = self.name_tags().await?.throttle_tag(&account.username);
        Ok(match self.store.signin_throttle(&tag).await?.state(now) {
            LockState::Open => None,
            LockState::Until(t) => Some((LockReason::Failures, Some(t))),
            LockState::UntilStaff => Some((LockReason::Failures, None)),
        })
    }

    /// Records that input came at machine speed and this kiosk cooled down.
    pub async fn record_machine_input(&self) -> Result<()> {
        let kiosk = self.settings.kiosk.id.clone();
        let mut e = self.audit_entry(
            &kiosk,
            None,
            AuditAction::MachineInput,
            AuditOutcome::Cooldown,
        );
        let k = &self.settings.kiosk;
        e.detail = format!(
            "{} submissions faster than {} ms a key; waits {} s",
            k.machine_submissions, k.machine_key_ms, k.machine_cooldown_secs
        );
        self.audit(e).await
    }

    /// Lifts a username's sign-in lock and forgets its failures (staff or admin unlock),
    /// and the directory's lockout of the person.
    pub async fn lift_signin_lock(&self, username: &str) -> Result<()> {
        let tag = self.name_tags().await?.throttle_tag(username);
        self.store.clear_signin_throttle(&tag).await?;
        // The directory's own lockout (ppolicy) goes with the kiosk's.
        if let Some(dir) = &self.directory
            && let Some(user) = dir.lookup(username).await?
            && user.locked
        {
            dir.unlock(&user).await?;
        }
        Ok(())
    }
}

fn locked_outcome(lock: LockState) -> VerifyOutcome {
    VerifyOutcome::Locked {
        until: match lock {
            LockState::Until(t) => Some(t),
            LockState::Open | LockState::UntilStaff => None,
        },
    }
}

/// Who a password is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Audience {
    /// The public kiosk: any active account.
    Kiosk,
    /// The staff sign-in: only accounts with the staff role.
    Staff,
}
