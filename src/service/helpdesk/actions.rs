//! Staff actions on a person: record the identity check, then a reset ticket, a temporary
//! password, unlock, clearing the questions or the mobile number, or telling the username.

use crate::domain::account::AccountStatus;
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::phone::MobileNumber;
use crate::domain::secret::Secret;
use crate::store::{Account, TempPassword};

use crate::domain::desk::*;
use crate::service::{Result, Services, blocking};

impl Services {
    /// Loads the person an action is for and checks the staff member may act on them; a
    /// refusal is audited under `action`.
    pub(super) async fn actionable(
        &self,
        staff: &StaffSession,
        person_id: i64,
        action: AuditAction,
        check: &IdentityCheck,
    ) -> Result<Staffed<Account>> {
        if self.still_staff(staff).await?.is_none() {
            return Ok(Err(Denied::SessionEnded));
        }
        let Some(person) = self
            .store
            .account_by_id(person_id)
            .await?
            .filter(|p| p.status == AccountStatus::Active)
        else {
            return Ok(Err(Denied::NotFound));
        };
        if let Some(refusal) = self.refusal(staff.account_id, &person) {
            let detail = format!("reason={} {}", refusal.name(), check.audit_detail());
            self.audit(self.staff_entry(
                &staff.username,
                Some(&person.username),
                action,
                AuditOutcome::Refused,
                detail,
            ))
            .await?;
            return Ok(Err(Denied::Refused(refusal)));
        }
        Ok(Ok(person))
    }

    /// Records the identity check the staff member made, before any action on the person.
    pub async fn staff_record_check(
        &self,
        staff: &StaffSession,
        person_id: i64,
        check: &IdentityCheck,
    ) -> Result<Staffed<()>> {
        let person = match self
            .actionable(staff, person_id, AuditAction::StaffIdentityCheck, check)
            .await?
        {
            Ok(person) => person,
            Err(denied) => return Ok(Err(denied)),
        };
        self.audit(self.staff_entry(
            &staff.username,
            Some(&person.username),
            AuditAction::StaffIdentityCheck,
            AuditOutcome::Ok,
            check.audit_detail(),
        ))
        .await?;
        Ok(Ok(()))
    }

    /// Carries out `action` for the person, after the identity check `check`.
    pub async fn staff_act(
        &self,
        staff: &StaffSession,
        person_id: i64,
        check: &IdentityCheck,
        action: StaffAction,
    ) -> Result<Staffed<ActionDone>> {
        let person = match self
            .actionable(staff, person_id, action.audit_action(), check)
            .await?
        {
            Ok(person) => person,
            Err(denied) => return Ok(Err(denied)),
        };
        let now = self.now();
        let sign_in_lock = self.sign_in_lock(&person, now).await?;
        let locked =
            sign_in_lock.is_some() || person.questions_locked_until.is_some_and(|t| t > now);
        let was_locked = || {
            sign_in_lock
                .as_ref()
                .map_or("questions", |(reason, _)| reason.as_str())
        };
        let mut entry = self.staff_entry(
            &staff.username,
            Some(&person.username),
            action.audit_action(),
            AuditOutcome::Ok,
            check.audit_detail(),
        );
        let done = match action {
            StaffAction::ResetTicket => {
                // The person proved who they are in person: a lock must not stop them.
                if locked {
                    entry
                        .detail
                        .push_str(&format!(" unlocked={}", was_locked()));
                }
                self.policy_for(&person.username, &person.category)?;
                self.store
                    .staff_note(person.id, locked, now, &entry)
                    .await?;
                self.lift_signin_lock(&person.username).await?;
                let policy = self
                    .directory_user(&person.username)
                    .await?
                    .map(|u| u.policy);
                ActionDone::Ticket(
                    crate::service::reset_verified(&person)
                        .with_leaving(crate::domain::auth::Leaving::Ticket)
                        .with_directory_policy(policy),
                )
            }
            StaffAction::TempPassword => {
                let (password, hash) = self.make_temp_password(&person).await?;
                let uses = self.settings.temp_password.uses.max(1);
                let days = self.settings.temp_password.valid_days.max(1);
                let expires_at = now + i64::from(days) * 86_400;
                entry
                    .detail
                    .push_str(&format!(" uses={uses} valid_days={days}"));
                if locked {
                    entry
                        .detail
                        .push_str(&format!(" unlocked={}", was_locked()));
                }
                self.store
                    .staff_temp_password(&TempPassword {
                        account_id: person.id,
                        hash,
                        uses: i64::from(uses),
                        expires_at,
                        now,
                        audit: entry,
                    })
                    .await?;
                self.lift_signin_lock(&person.username).await?;
                self.print_slip_or_show(staff, &person, check, password, uses, expires_at)
                    .await?
            }
            StaffAction::Unlock => {
                entry.detail.push_str(&format!(
                    " was={}",
                    if locked { was_locked() } else { "none" }
                ));
                self.store.unlock(person.id, now, &entry).await?;
                self.lift_signin_lock(&person.username).await?;
                ActionDone::Unlocked
            }
            StaffAction::ClearQuestions => {
                let removed = self
                    .store
                    .clear_security_answers(person.id, now, &entry)
                    .await?;
                if removed > 0 {
                    let change = crate::service::FactorChange::QuestionsCleared;
                    self.after_factor_change(person.id, change, None);
                }
                ActionDone::QuestionsCleared { removed }
            }
            StaffAction::ClearMobile => {
                if let Some(old) = person.mobile.as_deref().and_then(MobileNumber::from_e164) {
                    entry.detail.push_str(&format!(" was={}", old.masked()));
                }
                self.store.clear_mobile(person.id, now, &entry).await?;
                if let Some(old) = person.mobile.clone() {
                    let change = crate::service::FactorChange::MobileCleared;
                    self.after_factor_change(person.id, change, Some(old));
                }
                ActionDone::MobileCleared
            }
            StaffAction::TellUsername => {
                self.store.staff_note(person.id, false, now, &entry).await?;
                ActionDone::Username(person.username.clone())
            }
        };
        Ok(Ok(done))
    }

    /// With `helpdesk.print_command` the temporary password goes to the printer on a slip
    /// in the person's language and is dropped; when printing fails (or none is set) it
    /// is shown in large letters, as without a printer. A failed print is audited (why,
    /// never the password) and staff are told on the screen.
    async fn print_slip_or_show(
        &self,
        staff: &StaffSession,
        person: &Account,
        check: &IdentityCheck,
        password: Secret,
        uses: u32,
        expires_at: i64,
    ) -> Result<ActionDone> {
        let command = self.settings.helpdesk.print_command.trim().to_string();
        if command.is_empty() {
            return Ok(ActionDone::TempPassword {
                password,
                uses,
                expires_at,
                print_failed: false,
            });
        }
        let slip = crate::notify::slips::Slip {
            lang: person
                .language
                .as_deref()
                .and_then(crate::domain::lang::Lang::parse)
                .unwrap_or(self.settings.languages.default),
            display_name: person.display_name.clone(),
            username: person.username.clone(),
            password: password.clone(),
            uses,
            expires_at,
        };
        let (school, support) = (
            self.settings.kiosk.school_name.clone(),
            self.settings.support.clone(),
        );
        let printed = crate::notify::slips::print(&command, &school, &support, slip).await;
        match printed {
            Ok(()) => Ok(ActionDone::SlipPrinted { uses, expires_at }),
            Err(e) => {
                tracing::warn!(error = %e, "the slip did not print: shown on screen instead");
                let mut detail = check.audit_detail();
                detail.push_str(&format!(" slip not printed ({}): shown", e.print_failure()));
                self.audit(self.staff_entry(
                    &staff.username,
                    Some(&person.username),
                    AuditAction::StaffTempPassword,
                    AuditOutcome::Failed,
                    detail,
                ))
                .await?;
                Ok(ActionDone::TempPassword {
                    password,
                    uses,
                    expires_at,
                    print_failed: true,
                })
            }
        }
    }

    /// A temporary password that meets the person's policy, and its hash.
    async fn make_temp_password(&self, person: &Account) -> Result<(Secret, String)> {
        let password = self.temp_password_for(person).await?;
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        let hash = blocking(move || hasher.hash(&pw)).await??;
        Ok((password, hash))
    }
}
