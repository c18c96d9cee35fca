//! An account's status and why it is locked, stored by name in `accounts.status` and
//! `accounts.lock_reason`.
//!
//! Reading a name this kiosk does not know differs by what the word decides:
//! - a status: the kiosk only ever asks "active or not", and nothing in it writes the
//!   column (it defaults to `active`; an administrator or a roster tool sets anything
//!   else), so any other name reads as [`AccountStatus::Inactive`], as it always counted:
//!   closed, and no row becomes unreadable;
//! - a lock reason: the kiosk writes it itself and which lock a reset may lift depends on
//!   it. No guess is safe (read as no lock, it opens the account; read as `failures`, a
//!   reset lifts it), so the store refuses the row with an error naming the column.

use super::named::stored_names;

stored_names! {
    /// Whether an account may use the kiosk at all.
    pub enum AccountStatus ("account status") {
        /// May sign in, reset and be helped by staff (the column's default).
        Active = "active",
        /// Kept in the database but may not use the kiosk (e.g. someone who left).
        Inactive = "inactive",
    }
}

impl AccountStatus {
    /// The status stored as `name`: any name but `active` is not active (see the module
    /// comment).
    pub fn from_stored(name: &str) -> Self {
        Self::parse(name).unwrap_or(AccountStatus::Inactive)
    }
}

stored_names! {
    /// Why an account is locked.
    pub enum LockReason ("lock reason") {
        /// Too many wrong passwords; ends at `locked_until`, a reset lifts it.
        Failures = "failures",
        /// Locked by office staff or an administrator, until unlocked.
        Staff = "staff",
        /// The password expired and its grace period ended (the expiry job).
        Expired = "expired",
    }
}

#[cfg(test)]
mod tests {
    use super::super::named::{StoredName, assert_round_trips};
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_round_trips::<AccountStatus>();
        assert_round_trips::<LockReason>();
    }

    #[test]
    fn stored_names_never_change() {
        let names = |all: &[AccountStatus]| all.iter().map(|s| s.as_str()).collect::<Vec<_>>();
        assert_eq!(names(AccountStatus::ALL), ["active", "inactive"]);
        let names: Vec<&str> = LockReason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(names, ["failures", "staff", "expired"]);
    }

    #[test]
    fn any_other_status_is_not_active() {
        assert_eq!(AccountStatus::from_stored("active"), AccountStatus::Active);
        for other in ["inactive", "disabled", "Active", ""] {
            assert_eq!(AccountStatus::from_stored(other), AccountStatus::Inactive);
        }
        assert!(LockReason::parse("directory").is_err());
    }
}
