//! The demo roster (assets/demo/roster.csv) with known passwords, for `kiosk --demo` and
//! the README. Never used outside demo databases.

use super::{Result, Services, blocking};
use crate::domain::account::LockReason;
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::secret::Secret;

/// The demo roster.
pub const DEMO_ROSTER: &str = include_str!("../../assets/demo/roster.csv");

/// The state a demo account is put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoState {
    /// An ordinary password.
    Normal,
    /// A temporary password (3 sign-ins within 7 days) that must be changed.
    Temporary,
    /// A password that expires in 3 days.
    ExpiresSoon,
    /// Locked by staff until unlocked.
    Locked,
}

/// One demo account and its password.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    pub username: &'static str,
    pub password: &'static str,
    pub state: DemoState,
}

/// The demo accounts; the README lists the same.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "anna.ostlund",
        password: "Solros-Kanel-42",
        state: DemoState::Normal,
    },
    DemoAccount {
        username: "bo.ek",
        password: "Tillfallig-Nyckel-7",
        state: DemoState::Temporary,
    },
    DemoAccount {
        username: "cilla.aberg",
        password: "Blabar-Paraply-19",
        state: DemoState::ExpiresSoon,
    },
    DemoAccount {
        username: "david.lind",
        password: "Gurka-Trappa-55",
        state: DemoState::Locked,
    },
    DemoAccount {
        username: "eva.nilsson",
        password: "Kaffe-Tavla-Krita-9",
        state: DemoState::Normal,
    },
    DemoAccount {
        username: "filip.rossi",
        password: "Limone-Vespa-Sole-3",
        state: DemoState::ExpiresSoon,
    },
];

/// The security questions of the demo account `anna.ostlund` and her answers (question id,
/// answer); the README lists the same.
pub const DEMO_ANSWERS: &[(&str, &str)] = &[
    ("street_age_seven", "Storgatan"),
    ("first_concert", "Kent"),
    ("first_cuddly_toy", "Nalle"),
    ("childhood_fear", "Mörkret"),
];

impl Services {
    /// Loads the demo roster and sets every demo account to its listed password and state.
    /// Idempotent: running it again resets the demo accounts.
    pub async fn seed_demo(&self) -> Result<()> {
        self.import_csv(DEMO_ROSTER.as_bytes())
            .await
            .map_err(|e| match e {
                super::ImportError::Service(s) => s,
                other => super::ServiceError::DemoRoster(Box::new(other)),
            })?;
        // Office staff mode (F9) can be tried as Eva; her sign-in code goes to the outbox.
        self.grant_helpdesk("eva.nilsson", "system").await?;
        let now = self.now();
        for demo in DEMO_ACCOUNTS {
            let account = self.require(demo.username).await?;
            let policy = self.policy_for(&account.username, &account.category)?;
            let (hasher, pw) = (self.hasher.clone(), Secret::password(demo.password));
            let hash = blocking(move || hasher.hash(&pw)).await??;
            let max_age = i64::from(policy.max_age_days) * 86_400;
            let (changed_at, expires_at) = match demo.state {
                DemoState::ExpiresSoon => {
                    let expires = now + 3 * 86_400;
                    (expires - max_age, Some(expires))
                }
                _ => (now, (max_age > 0).then_some(now + max_age)),
            };
            let audit = self.audit_entry(
                "system",
                Some(demo.username),
                AuditAction::Unlock,
                AuditOutcome::Ok,
            );
            self.store.unlock(account.id, now, &audit).await?;
            self.lift_signin_lock(&account.username).await?;
            self.store
                .seed_password(account.id, &hash, changed_at, expires_at)
                .await?;
            match demo.state {
                DemoState::Temporary => {
                    let mut audit = self.audit_entry(
                        "system",
                        Some(demo.username),
                        AuditAction::TempPassword,
                        AuditOutcome::Ok,
                    );
                    audit.detail = "demo".into();
                    self.store
                        .set_temp_password(&crate::store::TempPassword {
                            account_id: account.id,
                            hash: hash.clone(),
                            uses: 3,
                            expires_at: now + 7 * 86_400,
                            now,
                            audit,
                        })
                        .await?;
                }
                DemoState::Locked => {
                    let audit = self.audit_entry(
                        "system",
                        Some(demo.username),
                        AuditAction::Lock,
                        AuditOutcome::Ok,
                    );
                    self.store
                        .lock(account.id, now, LockReason::Staff, &audit)
                        .await?;
                }
                DemoState::Normal | DemoState::ExpiresSoon => {}
            }
        }
        // Anna can also reset with her security questions.
        let anna = self.require("anna.ostlund").await?;
        let hasher = self.hasher.clone();
        let hashes = blocking(move || {
            DEMO_ANSWERS
                .iter()
                .map(|(_, answer)| hasher.hash(&crate::domain::answers::normalize(answer)))
                .collect::<std::result::Result<Vec<_>, _>>()
        })
        .await??;
        let mut audit = self.audit_entry(
            "system",
            Some("anna.ostlund"),
            AuditAction::EnrollQuestions,
            AuditOutcome::Ok,
        );
        audit.detail = "demo".into();
        let set = crate::store::AnswerSet {
            account_id: anna.id,
            answers: DEMO_ANSWERS
                .iter()
                .map(|(id, _)| id.to_string())
                .zip(hashes)
                .collect(),
            now,
            audit,
        };
        self.store.replace_answers(&set).await?;
        Ok(())
    }
}
