//! Completing a password reset: the proofs gathered (security questions, an SMS code, ...)
//! against the category's `verification.require`. Only when every required method has
//! succeeded does the account come back verified, and then only to choose a new password.

use super::{Method, Proof, ResetProgress, Result, Services};
use crate::domain::account::{AccountStatus, LockReason};
use crate::domain::audit::{AuditAction, AuditOutcome};

/// The factors a helpdesk account must all prove at a kiosk reset.
const STAFF_RESET_FACTORS: [Method; 2] = [Method::Questions, Method::Sms];

impl Services {
    /// Whether the account has every one of `methods` set up (enrolled questions, a
    /// confirmed mobile with SMS on).
    async fn has_factors(
        &self,
        account: &crate::store::Account,
        methods: &[Method],
    ) -> Result<bool> {
        for m in methods {
            let ready = match m {
                Method::Password => false,
                Method::Questions => !self.store.enrolled_answers(account.id).await?.is_empty(),
                Method::Sms => self.sms_offered(account),
            };
            if !ready {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Weighs the proofs of one reset. With `verification.require = []` any one proof is
    /// enough; otherwise every method named there must be among the proofs.
    pub async fn complete_reset(&self, proofs: &[Proof]) -> Result<ResetProgress> {
        let Some(first) = proofs.first() else {
            return Ok(ResetProgress::Refused);
        };
        if proofs.iter().any(|p| p.account_id() != first.account_id()) {
            return Ok(ResetProgress::Refused);
        }
        let now = self.now();
        let account = self.store.account_by_id(first.account_id()).await?;
        let Some(account) = account.filter(|a| a.status == AccountStatus::Active) else {
            return Ok(ResetProgress::Refused);
        };
        let user = account.username.as_str();
        let policy = self.policy_for(user, &account.category)?;
        let mut required: Vec<Method> = policy
            .verification
            .require
            .iter()
            .map(|&m| Method::from(m))
            .collect();
        // Staff accounts are held to more: a reset at the kiosk needs two different
        // factors, so a classmate with the phone for a minute cannot take staff powers.
        let staff = self.has_helpdesk_role(&account);
        if staff {
            for m in STAFF_RESET_FACTORS {
                if !required.contains(&m) {
                    required.push(m);
                }
            }
        }
        let missing: Vec<Method> = required
            .into_iter()
            .filter(|m| !proofs.iter().any(|p| p.method() == *m))
            .collect();
        let methods: Vec<&str> = proofs.iter().map(|p| p.method().name()).collect();
        let entry = |outcome| {
            let mut e = self.audit_entry(user, Some(user), AuditAction::Reset, outcome);
            e.detail = format!("methods={}", methods.join(","));
            e
        };
        // A lock after failed sign-ins is what a reset is for; any other lock is staff's,
        // and said before the user spends time on a second method.
        if account.is_locked(now) && account.lock_reason != Some(LockReason::Failures) {
            self.audit(entry(AuditOutcome::Locked)).await?;
            return Ok(ResetProgress::Locked {
                until: account.locked_until,
            });
        }
        // A staff account without both factors can be reset only by `kiosk admin`.
        if staff && !missing.is_empty() && !self.has_factors(&account, &missing).await? {
            self.audit(entry(AuditOutcome::StaffOnly)).await?;
            return Ok(ResetProgress::Refused);
        }
        if !missing.is_empty() {
            self.audit(entry(AuditOutcome::Partial)).await?;
            return Ok(ResetProgress::Missing(missing));
        }
        // The directory's policy, for the checklist (looked up before the audit row: an
        // unreachable directory fails the reset as a whole).
        let policy = self
            .directory_user(&account.username)
            .await?
            .map(|u| u.policy);
        self.audit(entry(AuditOutcome::Verified)).await?;
        Ok(ResetProgress::Verified(
            super::reset_verified(&account).with_directory_policy(policy),
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;
    use crate::config::Settings;
    use crate::service::ResetMethod;
    use crate::store::Store;

    /// Services on a fresh SQLite file where "anna" (students) and "eva" (staff) exist.
    async fn services(dir: &tempfile::TempDir, require: &[ResetMethod]) -> (Services, i64, i64) {
        let mut settings = Settings::defaults();
        settings.database.url = format!("sqlite://{}/k.db", dir.path().display());
        settings.keys.file = dir.path().join("secret.key");
        if let Some(students) = settings.categories.get_mut("students") {
            students.verification.require = require.to_vec();
        }
        let store = Store::connect(&settings.database.url, 2).await.unwrap();
        store.migrate().await.unwrap();
        let clock = Arc::new(ManualClock::new(1_767_268_800));
        let s = Services::new(store, Arc::new(settings), clock).unwrap();
        let roster = "username,display_name,category,email,mobile\n\
                      anna,Anna,students,,070-123 45 67\neva,Eva,staff,,\n";
        s.import_csv(roster.as_bytes()).await.unwrap();
        let id = |name: &'static str| {
            let s = s.clone();
            async move { s.store.account_by_username(name).await.unwrap().unwrap().id }
        };
        let (anna, eva) = (id("anna").await, id("eva").await);
        (s, anna, eva)
    }

    #[tokio::test]
    async fn every_required_method_must_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let (s, anna, eva) = services(&dir, &[ResetMethod::Questions, ResetMethod::Sms]).await;
        let questions = Proof::new(anna, Method::Questions);
        let sms = Proof::new(anna, Method::Sms);
        assert_eq!(
            s.complete_reset(std::slice::from_ref(&sms)).await.unwrap(),
            ResetProgress::Missing(vec![Method::Questions])
        );
        let both = s
            .complete_reset(&[questions.clone(), sms.clone()])
            .await
            .unwrap();
        let ResetProgress::Verified(v) = both else {
            panic!("expected verified, got {both:?}");
        };
        assert_eq!((v.id(), v.must_change()), (anna, true));
        // Proofs of two accounts, or none, are refused.
        assert_eq!(
            s.complete_reset(&[questions, Proof::new(eva, Method::Sms)])
                .await
                .unwrap(),
            ResetProgress::Refused
        );
        assert_eq!(s.complete_reset(&[]).await.unwrap(), ResetProgress::Refused);
        // Staff (require = []): any one method is enough.
        let one = s
            .complete_reset(&[Proof::new(eva, Method::Sms)])
            .await
            .unwrap();
        assert!(matches!(one, ResetProgress::Verified(_)), "{one:?}");
    }

    #[tokio::test]
    async fn a_staff_lock_is_not_lifted_by_a_reset() {
        let dir = tempfile::tempdir().unwrap();
        let (s, anna, _) = services(&dir, &[]).await;
        let proof = [Proof::new(anna, Method::Questions)];
        let audit = s.audit_entry("admin", Some("anna"), AuditAction::Lock, AuditOutcome::Ok);
        let now = s.now();
        // Locked after wrong passwords: the reset is the way out.
        s.store
            .record_login_failure(anna, now, 1, Some(now + 900))
            .await
            .unwrap();
        assert!(matches!(
            s.complete_reset(&proof).await.unwrap(),
            ResetProgress::Verified(_)
        ));
        s.store
            .lock(anna, now, LockReason::Staff, &audit)
            .await
            .unwrap();
        assert_eq!(
            s.complete_reset(&proof).await.unwrap(),
            ResetProgress::Locked { until: None }
        );
    }
}
