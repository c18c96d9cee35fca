//! The words of the audit log: what was done ([`AuditAction`]) and how it went
//! ([`AuditOutcome`]), stored by name in `audit_log.action` and `audit_log.outcome`.
//!
//! Every row this kiosk writes uses one of these variants, so a typo is a compile error.
//! Rows are read back as [`Logged`] words: the log is history, shared by every kiosk on the
//! database, and read only to be shown (`kiosk admin audit`, the staff card), so a name
//! this kiosk does not know (a newer kiosk's) is kept verbatim and shown as stored rather
//! than making the whole log unreadable.

use super::named::stored_names;

pub use super::named::Logged;

stored_names! {
    /// What an audit row records.
    pub enum AuditAction ("audit action") {
        // Passwords.
        VerifyPassword = "verify_password",
        /// This kiosk slows down after wrong passwords across all names.
        KioskSlowdown = "kiosk_slowdown",
        /// Input came faster than a person types, many times: the kiosk cools down.
        MachineInput = "machine_input",
        /// A name locked after failed sign-ins (or a demo account locked by staff).
        Lock = "lock",
        ChangePassword = "change_password",
        /// The person gave up a verification before saving (a temporary password's use).
        GiveUp = "give_up",
        /// Proofs of a reset put together.
        Reset = "reset",
        // Security questions.
        EnrollQuestions = "enroll_questions",
        QuestionsChallenge = "questions_challenge",
        AnswerQuestions = "answer_questions",
        QuestionsLock = "questions_lock",
        // Codes by SMS and notices.
        SmsCode = "sms_code",
        VerifyCode = "verify_code",
        MobileCode = "mobile_code",
        MobileConfirmed = "mobile_confirmed",
        MobileNotice = "mobile_notice",
        /// The owner told that the security questions changed or were cleared.
        QuestionsNotice = "questions_notice",
        ChangeNotice = "change_notice",
        // The expiry job.
        ExpiryNotice = "expiry_notice",
        ExpiryLock = "expiry_lock",
        // The administrator.
        Import = "import",
        RosterSync = "roster_sync",
        TempPassword = "temp_password",
        Unlock = "unlock",
        Show = "show",
        GrantHelpdesk = "grant_helpdesk",
        RevokeHelpdesk = "revoke_helpdesk",
        // Office staff.
        StaffSignIn = "staff_sign_in",
        StaffCode = "staff_code",
        StaffSession = "staff_session",
        StaffSearch = "staff_search",
        StaffView = "staff_view",
        StaffIdentityCheck = "staff_identity_check",
        StaffResetTicket = "staff_reset_ticket",
        StaffTempPassword = "staff_temp_password",
        StaffUnlock = "staff_unlock",
        StaffClearQuestions = "staff_clear_questions",
        StaffClearMobile = "staff_clear_mobile",
        StaffTellUsername = "staff_tell_username",
        /// A new password pushed to a cloud target (Google, Microsoft 365).
        TargetPush = "target_push",
    }
}

stored_names! {
    /// How the recorded action went.
    pub enum AuditOutcome ("audit outcome") {
        Ok = "ok",
        /// Signed in with a temporary password.
        OkTemp = "ok_temp",
        /// Wrong password, or a refused mobile number.
        Invalid = "invalid",
        Locked = "locked",
        TempExpired = "temp_expired",
        /// The kiosk makes everyone wait a moment.
        Wait = "wait",
        Cooldown = "cooldown",
        /// The new password (or an answer) broke a rule.
        Rejected = "rejected",
        /// Another kiosk changed the account first.
        Conflict = "conflict",
        /// A reset with some, not all, of the proofs its category requires.
        Partial = "partial",
        Verified = "verified",
        Denied = "denied",
        BadChoice = "bad_choice",
        NotOffered = "not_offered",
        Asked = "asked",
        /// Answers to questions that are no longer the open challenge.
        Stale = "stale",
        Wrong = "wrong",
        /// Staff may not act on this person.
        Refused = "refused",
        Unchanged = "unchanged",
        /// A staff session that may no longer go on.
        Ended = "ended",
        NotStaff = "not_staff",
        MustChange = "must_change",
        CodeSent = "code_sent",
        CodeFailed = "code_failed",
        /// The per-account hourly SMS quota held a code back.
        QuotaAccount = "quota_account",
        /// The per-kiosk hourly SMS quota held a code back.
        QuotaKiosk = "quota_kiosk",
        /// A staff sign-in code used up, expired or replaced.
        Void = "void",
        Sent = "sent",
        Failed = "failed",
        Skipped = "skipped",
        /// An unknown name answered as if it had an account.
        Decoy = "decoy",
        TriesUsedUp = "tries_used_up",
        Expired = "expired",
        NoCode = "no_code",
        /// A helpdesk account whose second factor is missing or switched off.
        NoSecondFactor = "no_second_factor",
        /// A helpdesk account without both factors: only `kiosk admin` resets it.
        StaffOnly = "staff_only",
        /// A push that failed for now, waiting in the retry queue.
        Queued = "queued",
        /// A queued push dropped: a newer password replaced it.
        Superseded = "superseded",
    }
}

#[cfg(test)]
mod tests {
    use super::super::named::{StoredName, assert_round_trips};
    use super::*;

    fn names<T: StoredName>() -> Vec<&'static str> {
        T::ALL.iter().map(|v| v.as_str()).collect()
    }

    #[test]
    fn names_round_trip() {
        assert_round_trips::<AuditAction>();
        assert_round_trips::<AuditOutcome>();
    }

    /// The names are in every existing database and in `kiosk admin audit --json`.
    #[test]
    fn stored_names_never_change() {
        assert_eq!(
            names::<AuditAction>(),
            [
                "verify_password",
                "kiosk_slowdown",
                "machine_input",
                "lock",
                "change_password",
                "give_up",
                "reset",
                "enroll_questions",
                "questions_challenge",
                "answer_questions",
                "questions_lock",
                "sms_code",
                "verify_code",
                "mobile_code",
                "mobile_confirmed",
                "mobile_notice",
                "questions_notice",
                "change_notice",
                "expiry_notice",
                "expiry_lock",
                "import",
                "roster_sync",
                "temp_password",
                "unlock",
                "show",
                "grant_helpdesk",
                "revoke_helpdesk",
                "staff_sign_in",
                "staff_code",
                "staff_session",
                "staff_search",
                "staff_view",
                "staff_identity_check",
                "staff_reset_ticket",
                "staff_temp_password",
                "staff_unlock",
                "staff_clear_questions",
                "staff_clear_mobile",
                "staff_tell_username",
                "target_push",
            ]
        );
        assert_eq!(
            names::<AuditOutcome>(),
            [
                "ok",
                "ok_temp",
                "invalid",
                "locked",
                "temp_expired",
                "wait",
                "cooldown",
                "rejected",
                "conflict",
                "partial",
                "verified",
                "denied",
                "bad_choice",
                "not_offered",
                "asked",
                "stale",
                "wrong",
                "refused",
                "unchanged",
                "ended",
                "not_staff",
                "must_change",
                "code_sent",
                "code_failed",
                "quota_account",
                "quota_kiosk",
                "void",
                "sent",
                "failed",
                "skipped",
                "decoy",
                "tries_used_up",
                "expired",
                "no_code",
                "no_second_factor",
                "staff_only",
                "queued",
                "superseded",
            ]
        );
    }

    #[test]
    fn a_newer_kiosks_word_is_kept_verbatim() {
        let read = Logged::<AuditAction>::read("directory_sync");
        assert_eq!(read, Logged::Unknown("directory_sync".into()));
        assert_eq!(format!("{read:<16}|"), "directory_sync  |");
        assert_eq!(Logged::<AuditOutcome>::read("ok"), AuditOutcome::Ok);
    }
}
