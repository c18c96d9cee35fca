//! Office staff mode (helpdesk): a staff member signs in (password, then a code by SMS when
//! their account has a confirmed mobile), looks a person up by username or name, reads the
//! person's card (never a secret), records the identity check they made, and acts: a reset
//! ticket (the person types their own new password), a temporary password, unlock, clearing
//! the security questions or the mobile number, telling the person their username.
//!
//! Every call re-reads the staff account, so a role revoked or an account locked in the
//! middle of a session ends that session at its next step. Staff cannot act on themselves,
//! on other helpdesk accounts, or on `helpdesk.protected_categories`; a refusal is audited
//! like an action. Every action's audit row names the staff member (actor), the person
//! (subject), the identity check (detail) and this kiosk.

mod actions;
mod desk;
mod roles;
mod sign_in;

pub use crate::domain::desk::*;

use crate::domain::account::AccountStatus;
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::store::{Account, AuditEntry};

use super::{Result, Services};

impl Services {
    pub(super) fn staff_entry(
        &self,
        staff: &str,
        subject: Option<&str>,
        action: AuditAction,
        outcome: AuditOutcome,
        detail: String,
    ) -> AuditEntry {
        let mut e = self.audit_entry(staff, subject, action, outcome);
        e.detail = detail;
        e
    }

    /// The staff member's account when it still may use staff mode: active, not locked,
    /// with the role.
    pub(super) async fn staff_account(&self, account_id: i64) -> Result<Option<Account>> {
        let now = self.now();
        Ok(self.store.account_by_id(account_id).await?.filter(|a| {
            a.status == AccountStatus::Active && !a.is_locked(now) && self.has_helpdesk_role(a)
        }))
    }

    pub(super) async fn still_staff(&self, staff: &StaffSession) -> Result<Option<Account>> {
        let account = self.staff_account(staff.account_id).await?;
        if account.is_none() {
            let user = staff.username.as_str();
            self.audit(self.staff_entry(
                user,
                Some(user),
                AuditAction::StaffSession,
                AuditOutcome::Ended,
                "role, lock or account changed".into(),
            ))
            .await?;
        }
        Ok(account)
    }

    /// Why `staff` may not act on `person`, if they may not.
    pub(super) fn refusal(&self, staff_id: i64, person: &Account) -> Option<Refusal> {
        self.refusal_of(
            staff_id,
            person.id,
            &person.username,
            &person.category,
            person.helpdesk,
        )
    }

    /// [`Services::refusal`] from the columns a look-up reads.
    pub(super) fn refusal_of(
        &self,
        staff_id: i64,
        id: i64,
        username: &str,
        category: &str,
        helpdesk: bool,
    ) -> Option<Refusal> {
        if id == staff_id {
            Some(Refusal::Yourself)
        } else if helpdesk || self.helpdesk_by_config(username) {
            Some(Refusal::OtherStaff)
        } else if self
            .settings
            .helpdesk
            .protected_categories
            .iter()
            .any(|c| c == category)
        {
            Some(Refusal::Protected)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::desk::rank;
    use super::*;
    use crate::config::Settings;
    use crate::domain::secret::Secret;

    #[test]
    fn identity_checks_take_listed_documents_and_a_short_reference() {
        let s = Settings::defaults();
        let h = &s.helpdesk;
        let n = h.id_reference_chars;
        let check =
            IdentityCheck::new(&h.id_documents, 10, "passport", "  12\u{1b}[2J  34 ").unwrap();
        assert_eq!(check.reference(), "12[2J 34");
        assert_eq!(check.audit_detail(), "id=passport ref=\"12[2J 34\"");
        assert_eq!(
            IdentityCheck::new(&h.id_documents, n, "library-card", "1234"),
            Err(IdCheckError::UnknownDocument)
        );
        assert_eq!(
            IdentityCheck::new(&h.id_documents, n, "passport", " \n "),
            Err(IdCheckError::EmptyReference)
        );
        let long = "9".repeat(MAX_REFERENCE_CHARS + 1);
        assert_eq!(
            IdentityCheck::new(&h.id_documents, n, "passport", &long),
            Err(IdCheckError::ReferenceTooLong)
        );
        // The last four digits, yes; a whole personal or document number, never.
        assert_eq!(n, 4);
        assert!(IdentityCheck::new(&h.id_documents, n, "passport", "1234").is_ok());
        assert!(IdentityCheck::new(&h.id_documents, n, "id-card", " 12 34 ").is_ok());
        for whole in ["199001011234", "AB12345678901", "19900101-1234", "12345"] {
            assert_eq!(
                IdentityCheck::new(&h.id_documents, n, "passport", whole),
                Err(IdCheckError::WholeNumber(4)),
                "{whole}"
            );
        }
    }

    #[test]
    fn an_exact_username_comes_first_then_names() {
        let p = |username: &str, name: &str| PersonSummary {
            id: 0,
            username: username.into(),
            display_name: name.into(),
            category: "students".into(),
            locked: false,
            refusal: None,
        };
        let mut people = vec![
            p("bo.ek2", "Bo Ek"),
            p("ab", "Östen Ab"),
            p("bo.ek", "Bo Ek"),
        ];
        rank("bo.ek", &mut people);
        let names: Vec<&str> = people.iter().map(|p| p.username.as_str()).collect();
        assert_eq!(names, ["bo.ek", "bo.ek2", "ab"]);
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let challenge = StaffChallenge {
            account_id: 1,
            username: "eva".into(),
            display_name: "Eva".into(),
            session: "kiosk-1/staff_sign_in/abcdef".into(),
            shown: "+46 70 *** ** 43".into(),
            valid_minutes: 10,
        };
        assert!(!format!("{challenge:?}").contains("abcdef"));
        let done = ActionDone::TempPassword {
            password: Secret::new("Sekret-123"),
            uses: 1,
            expires_at: 0,
            print_failed: false,
        };
        assert!(!format!("{done:?}").contains("Sekret"));
    }
}
