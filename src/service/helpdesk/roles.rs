//! Who has the helpdesk role: the database flag (`kiosk admin grant-helpdesk`) or
//! `helpdesk.usernames` in config.

use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::username::Username;
use crate::store::Account;

use crate::service::{Result, Services};

impl Services {
    /// Whether an account has the helpdesk role: the database flag (`kiosk admin
    /// grant-helpdesk`) or `helpdesk.usernames` in config.
    pub fn has_helpdesk_role(&self, account: &Account) -> bool {
        account.helpdesk || self.helpdesk_by_config(&account.username)
    }

    /// Gives an account the helpdesk role (`kiosk admin grant-helpdesk`). False when it
    /// already had it in the database.
    pub async fn grant_helpdesk(&self, username: &str, actor: &str) -> Result<bool> {
        self.set_helpdesk_role(username, true, actor).await
    }

    /// Takes the helpdesk role given in the database away (`kiosk admin revoke-helpdesk`).
    /// False when the account did not have it there. A name in `helpdesk.usernames` keeps
    /// the role until it is removed from the configuration.
    pub async fn revoke_helpdesk(&self, username: &str, actor: &str) -> Result<bool> {
        self.set_helpdesk_role(username, false, actor).await
    }

    async fn set_helpdesk_role(&self, username: &str, on: bool, actor: &str) -> Result<bool> {
        let account = self.require(username).await?;
        let action = if on {
            AuditAction::GrantHelpdesk
        } else {
            AuditAction::RevokeHelpdesk
        };
        let entry = self.audit_entry(actor, Some(&account.username), action, AuditOutcome::Ok);
        let changed = self
            .store
            .set_helpdesk(account.id, on, self.now(), &entry)
            .await?;
        if !changed {
            self.audit(self.staff_entry(
                actor,
                Some(&account.username),
                action,
                AuditOutcome::Unchanged,
                String::new(),
            ))
            .await?;
        }
        Ok(changed)
    }

    /// Whether `helpdesk.usernames` names this user (the role then cannot be revoked from
    /// the command line).
    pub fn helpdesk_by_config(&self, username: &str) -> bool {
        let Ok(name) = Username::parse(username) else {
            return false;
        };
        self.settings
            .helpdesk
            .usernames
            .iter()
            .filter_map(|u| Username::parse(u).ok())
            .any(|u| u == name)
    }
}
