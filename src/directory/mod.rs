//! The school's directory: one small trait at the edge, like the SMS gateway. The service
//! uses it to look people up, verify, change, reset and unlock; nothing above the service
//! knows which backend is there. `[directory] kind = "none"` means no directory at all.

pub mod ad;
mod conn;
pub mod ldap;

// Cloud accounts written after the authority (see targets/mod.rs).
pub mod targets;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::config::{DirectoryKind, DirectorySettings};
use crate::domain::directory::{DirectoryUser, PpolicyError};
use crate::domain::lockout::DirectoryLockout;
use crate::domain::secret::Secret;

pub use ad::ActiveDirectory;
pub use ldap::OpenLdap;

/// A directory operation in flight.
pub type Fut<'a, T> = Pin<Box<dyn Future<Output = Result<T, DirectoryError>> + Send + 'a>>;

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// No server answered (connection, TLS, timeout): the kiosk shows its outage banner.
    #[error("the directory is unavailable: {0}")]
    Unavailable(String),
    /// Settings the backend cannot use (CA file, URL).
    #[error("directory setup: {0}")]
    Setup(String),
    /// The server answered an operation with an unexpected result.
    #[error("directory {op} failed: {rc} {text}")]
    Failed {
        op: &'static str,
        rc: u32,
        text: String,
    },
}

/// The answer to a password check (a bind as the person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindOutcome {
    /// The right password; `must_change` after a reset or on expiry (grace bind).
    Valid {
        must_change: bool,
    },
    Invalid,
    /// The directory's own lockout (ppolicy accountLocked).
    Locked,
}

/// The answer to a password write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Result code 0: the directory has the new password.
    Done,
    /// Refused: the result code, the ppolicy error if the control said one, and the
    /// server's text (for the audit only).
    Refused {
        rc: u32,
        error: Option<PpolicyError>,
        text: String,
    },
    /// The old password no longer binds (changed elsewhere meanwhile).
    OldPasswordWrong,
}

/// A directory the kiosk writes passwords to.
pub trait Directory: Send + Sync {
    /// The person's entry with their password policy; `None` if unknown.
    fn lookup<'a>(&'a self, username: &'a str) -> Fut<'a, Option<DirectoryUser>>;
    /// A bind as the person.
    fn verify<'a>(&'a self, user: &'a DirectoryUser, password: &'a Secret) -> Fut<'a, BindOutcome>;
    /// A bind that fails, costing what a real one costs: the work done for a typed name
    /// the directory does not judge, so the answer's timing does not tell names apart.
    /// Never sends what was typed.
    fn dummy_verify(&self) -> Fut<'_, ()>;
    /// The person's own change: bound as them, with the old password.
    fn change<'a>(
        &'a self,
        user: &'a DirectoryUser,
        old: &'a Secret,
        new: &'a Secret,
    ) -> Fut<'a, WriteOutcome>;
    /// A reset without the old password, by the service account.
    fn reset<'a>(&'a self, user: &'a DirectoryUser, new: &'a Secret) -> Fut<'a, WriteOutcome>;
    /// Lifts the directory's own lockout.
    fn unlock<'a>(&'a self, user: &'a DirectoryUser) -> Fut<'a, ()>;
    /// A server answers and the service account binds.
    fn health(&self) -> Fut<'_, ()>;
    /// Every person the user filter matches under the base, with their policy.
    fn roster(&self) -> Fut<'_, Vec<DirectoryUser>>;
    /// The directory's own lockout, the strictest of its policies (the default and any
    /// fine-grained one the service account may read); `None`: it never locks. The kiosk
    /// locks every typed name no later and no shorter than this.
    fn lockout(&self) -> Fut<'_, Option<DirectoryLockout>> {
        Box::pin(async { Ok(None) })
    }
}

/// The directory the settings name, or `None` for `kind = "none"`.
pub fn from_settings(
    settings: &DirectorySettings,
) -> Result<Option<Arc<dyn Directory>>, DirectoryError> {
    Ok(match settings.kind {
        DirectoryKind::None => None,
        DirectoryKind::Openldap => Some(Arc::new(OpenLdap::new(settings.clone())?)),
        DirectoryKind::ActiveDirectory => Some(Arc::new(ActiveDirectory::new(settings.clone())?)),
    })
}
