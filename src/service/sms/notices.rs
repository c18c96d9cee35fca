//! The notices after a change: an SMS and an email after a password change; after a changed
//! or removed mobile number or question set an SMS (to the old number when the number
//! changed) and an email; and the GSM length rule their texts are chosen by.
//! They run in the background (`service/background.rs`): a slow or failing gateway never
//! holds up or fails the change.

use crate::clock::format_time;
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::phone::MobileNumber;
use crate::i18n::format_date_in;
use crate::i18n::{Arg, Lang, t_args};
use crate::notify::Email;
use crate::store::{Account, SmsLogEntry};

use super::{NoticeReport, NoticeResult};
use crate::service::{Result, Services};

/// The language of an account's messages (NULL = the configured default).
pub(super) fn account_lang(account: &Account, default: Lang) -> Lang {
    account
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(default)
}

/// Whether `text` fits one SMS: 160 GSM-7 septets (the extension characters take two),
/// or 70 characters when anything outside the GSM alphabet forces UCS-2.
pub fn fits_one_sms(text: &str) -> bool {
    if crate::notify::sms::is_gsm7(text) {
        let septets: usize = text
            .chars()
            .map(|c| if "^{}\\[~]|€".contains(c) { 2 } else { 1 })
            .sum();
        septets <= 160
    } else {
        text.chars().count() <= 70
    }
}

/// The first of `candidates` that fits one SMS, else the first (sent as a longer SMS).
pub(super) fn pick_sms(candidates: [String; 2]) -> String {
    let [long, short] = candidates;
    if fits_one_sms(&long) || !fits_one_sms(&short) {
        long
    } else {
        short
    }
}

/// A recovery factor that changed or went: what its notice says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorChange {
    MobileChanged,
    MobileCleared,
    QuestionsChanged,
    QuestionsCleared,
}

impl FactorChange {
    /// The selector of the email texts (`mail-factor-*`).
    pub fn name(self) -> &'static str {
        match self {
            FactorChange::MobileChanged => "mobile",
            FactorChange::MobileCleared => "mobile-cleared",
            FactorChange::QuestionsChanged => "questions",
            FactorChange::QuestionsCleared => "questions-cleared",
        }
    }

    fn sms_key(self) -> &'static str {
        match self {
            FactorChange::MobileChanged => "sms-notice-mobile",
            FactorChange::MobileCleared => "sms-notice-mobile-cleared",
            FactorChange::QuestionsChanged => "sms-notice-questions",
            FactorChange::QuestionsCleared => "sms-notice-questions-cleared",
        }
    }

    fn audit_action(self) -> AuditAction {
        match self {
            FactorChange::MobileChanged | FactorChange::MobileCleared => AuditAction::MobileNotice,
            FactorChange::QuestionsChanged | FactorChange::QuestionsCleared => {
                AuditAction::QuestionsNotice
            }
        }
    }

    fn log_purpose(self) -> &'static str {
        match self {
            FactorChange::MobileChanged | FactorChange::MobileCleared => "notice_mobile",
            FactorChange::QuestionsChanged | FactorChange::QuestionsCleared => "notice_questions",
        }
    }
}

impl Services {
    pub(super) async fn log_notice(&self, account_id: i64, purpose: &str, outcome: &str, at: i64) {
        let entry = SmsLogEntry {
            at,
            kiosk_id: self.settings.kiosk.id.clone(),
            account_id: Some(account_id),
            purpose: purpose.to_string(),
            outcome: outcome.to_string(),
        };
        if let Err(e) = self.store.log_sms(&entry).await {
            tracing::warn!(error = %e, "cannot write the SMS log");
        }
    }

    /// A notice SMS (`key` and `key-short`) in `lang`.
    pub(super) fn notice_sms(&self, lang: Lang, account: &Account, at: i64, key: &str) -> String {
        let (date, time) = (format_date_in(lang, at), format_time(at));
        let support = &self.settings.support;
        let args = [
            ("school", Arg::Str(&self.settings.kiosk.school_name)),
            ("username", Arg::Str(&account.username)),
            ("date", Arg::Str(&date)),
            ("time", Arg::Str(&time)),
            ("unit", Arg::Str(&support.unit)),
            ("phone", Arg::Str(&support.phone)),
        ];
        pick_sms([
            t_args(lang, key, &args),
            t_args(lang, &format!("{key}-short"), &args),
        ])
    }

    /// Sends the notice of a changed or removed recovery factor in the background (the
    /// change is committed; a failing gateway never undoes it). `old_mobile`: the number
    /// that was replaced or removed, which is told too.
    pub(crate) fn after_factor_change(
        &self,
        account_id: i64,
        change: FactorChange,
        old_mobile: Option<String>,
    ) {
        let services = self.clone();
        let at = self.now();
        self.background.spawn(async move {
            if let Err(e) = services
                .send_factor_notice(account_id, change, old_mobile.as_deref(), at)
                .await
            {
                tracing::warn!(account_id, error = %e, "recovery factor notice failed");
            }
        });
    }

    /// Sends one notice SMS: how it went, for the report, the audit row and its detail.
    async fn send_notice_sms(
        &self,
        number: &MobileNumber,
        text: &str,
    ) -> (NoticeResult, AuditOutcome, String) {
        match self.sms().send(number.e164(), text).await {
            Ok(()) => (
                NoticeResult::Sent,
                AuditOutcome::Sent,
                format!("sms to {}", number.masked()),
            ),
            Err(e) => (
                NoticeResult::Failed,
                AuditOutcome::Failed,
                format!("sms to {}: {e}", number.masked()),
            ),
        }
    }

    /// The notice of a changed or removed recovery factor (mobile number, security
    /// questions) to every address on file: an SMS to the old number when the number
    /// changed or went, else to the confirmed mobile; an email to the known address. Whoever
    /// took over an account through its recovery is thereby seen by its owner. Each
    /// channel is audited; failures are reported, never raised.
    pub async fn send_factor_notice(
        &self,
        account_id: i64,
        change: FactorChange,
        old_mobile: Option<&str>,
        at: i64,
    ) -> Result<NoticeReport> {
        let Some(account) = self.store.account_by_id(account_id).await? else {
            return Ok(NoticeReport::default());
        };
        let user = account.username.as_str();
        let lang = account_lang(&account, self.settings.languages.default);
        let mut report = NoticeReport::default();
        let current = account
            .mobile
            .as_deref()
            .filter(|_| account.mobile_confirmed);
        // A number change tells the old number (a new number, set by whoever holds it, is
        // not worth telling); a question change tells the confirmed mobile.
        let number = match change {
            FactorChange::MobileChanged | FactorChange::MobileCleared => old_mobile,
            FactorChange::QuestionsChanged | FactorChange::QuestionsCleared => current,
        }
        .and_then(MobileNumber::from_e164);
        if let Some(number) = number.filter(|_| self.sms().enabled()) {
            let text = self.notice_sms(lang, &account, at, change.sms_key());
            let (result, outcome, detail) = self.send_notice_sms(&number, &text).await;
            report.sms = result;
            self.log_notice(account.id, change.log_purpose(), outcome.as_str(), at)
                .await;
            self.audit(self.sms_audit(user, change.audit_action(), outcome, detail))
                .await?;
        }
        let email = account
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        if let Some(to) = email.filter(|_| self.mailer().enabled()) {
            let email = self.notice_email(lang, &account, to, at, change.name());
            let (result, outcome, detail) = match self.mailer().send(&email).await {
                Ok(()) => (NoticeResult::Sent, AuditOutcome::Sent, "email".to_string()),
                Err(e) => (
                    NoticeResult::Failed,
                    AuditOutcome::Failed,
                    format!("email: {e}"),
                ),
            };
            report.email = result;
            self.audit(self.sms_audit(user, change.audit_action(), outcome, detail))
                .await?;
        }
        Ok(report)
    }

    /// Called right after a password change is committed: sends the notices in the
    /// background so that a slow gateway never holds up the kiosk, and a failing one never
    /// fails the change.
    pub(crate) fn after_password_change(&self, account_id: i64, new_hash: &str) {
        // Once per change, however often the save was sent (see `notified`).
        if let Ok(mut notified) = self.notified.lock()
            && notified
                .insert(account_id, new_hash.to_string())
                .is_some_and(|before| before == new_hash)
        {
            return;
        }
        let services = self.clone();
        self.background.spawn(async move {
            if let Err(e) = services.send_password_notice(account_id).await {
                tracing::warn!(account_id, error = %e, "password change notice failed");
            }
        });
    }

    /// The notice after a password change: an SMS to a confirmed mobile and an email to a
    /// known address, in the account's language, with no secret in it and a "not you?"
    /// line naming the support contact. Each channel's outcome is audited; a failure is
    /// reported, never raised.
    pub async fn send_password_notice(&self, account_id: i64) -> Result<NoticeReport> {
        let Some(account) = self.store.account_by_id(account_id).await? else {
            return Ok(NoticeReport::default());
        };
        let user = account.username.as_str();
        let at = account.password_changed_at.unwrap_or_else(|| self.now());
        let lang = account_lang(&account, self.settings.languages.default);
        let mut report = NoticeReport::default();

        let mobile = account
            .mobile
            .as_deref()
            .filter(|_| account.mobile_confirmed)
            .and_then(MobileNumber::from_e164);
        if let Some(number) = mobile.filter(|_| self.sms().enabled()) {
            let text = self.notice_sms(lang, &account, at, "sms-notice-password");
            let (result, outcome, detail) = self.send_notice_sms(&number, &text).await;
            report.sms = result;
            self.log_notice(account.id, "notice_password", outcome.as_str(), at)
                .await;
            self.audit(self.sms_audit(user, AuditAction::ChangeNotice, outcome, detail))
                .await?;
        }

        let email = account
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        if let Some(to) = email.filter(|_| self.mailer().enabled()) {
            let email = self.password_email(lang, &account, to, at);
            let (result, outcome, detail) = match self.mailer().send(&email).await {
                Ok(()) => (NoticeResult::Sent, AuditOutcome::Sent, "email".to_string()),
                Err(e) => (
                    NoticeResult::Failed,
                    AuditOutcome::Failed,
                    format!("email: {e}"),
                ),
            };
            report.email = result;
            self.audit(self.sms_audit(user, AuditAction::ChangeNotice, outcome, detail))
                .await?;
        }
        Ok(report)
    }

    fn password_email(&self, lang: Lang, account: &Account, to: &str, at: i64) -> Email {
        self.notice_email(lang, account, to, at, "password")
    }

    /// A notice email; `change` selects the subject and the first line (`password`, or a
    /// [`FactorChange::name`]).
    fn notice_email(
        &self,
        lang: Lang,
        account: &Account,
        to: &str,
        at: i64,
        change: &str,
    ) -> Email {
        let (date, time) = (format_date_in(lang, at), format_time(at));
        let support = &self.settings.support;
        let args = [
            ("name", Arg::Str(&account.display_name)),
            ("school", Arg::Str(&self.settings.kiosk.school_name)),
            ("username", Arg::Str(&account.username)),
            ("date", Arg::Str(&date)),
            ("time", Arg::Str(&time)),
            ("unit", Arg::Str(&support.unit)),
            ("phone", Arg::Str(&support.phone)),
            ("email", Arg::Str(&support.email)),
            ("hours", Arg::Str(support.hours.get(lang))),
            ("change", Arg::Str(change)),
        ];
        let text = |key: &str| t_args(lang, key, &args);
        let body = [
            text("sms-mail-greeting"),
            text(if change == "password" {
                "sms-mail-body"
            } else {
                "mail-factor-body"
            }),
            text("sms-mail-not-you"),
            text("sms-mail-signature"),
        ]
        .join("\n\n");
        Email {
            to: to.to_string(),
            subject: text(if change == "password" {
                "sms-mail-subject"
            } else {
                "mail-factor-subject"
            }),
            body: format!("{body}\n"),
            language: lang.code().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn one_sms_is_160_gsm_septets_or_70_other_characters() {
        assert!(fits_one_sms(&"a".repeat(160)));
        assert!(!fits_one_sms(&"a".repeat(161)));
        // The euro sign is in the extension table: two septets.
        assert!(!fits_one_sms(&format!("{}€", "a".repeat(159))));
        assert!(fits_one_sms(&"ж".repeat(70)));
        assert!(!fits_one_sms(&"ж".repeat(71)));
        assert_eq!(pick_sms(["a".repeat(200), "short".into()]), "short");
        assert_eq!(pick_sms(["long".into(), "short".into()]), "long");
    }

    /// Every SMS text, with the default settings and a long but ordinary username, is one
    /// GSM-7 message in every language.
    #[test]
    fn every_sms_text_fits_one_message() {
        let s = Settings::defaults();
        let support = &s.support;
        let args = [
            ("school", Arg::Str(&s.kiosk.school_name)),
            ("code", Arg::Str("123456")),
            ("minutes", Arg::Num(10)),
            ("username", Arg::Str("anna-karin.ostlund-bergstrom")),
            ("date", Arg::Str("2026-01-01")),
            ("time", Arg::Str("13:00")),
            ("unit", Arg::Str(&support.unit)),
            ("phone", Arg::Str(&support.phone)),
        ];
        for lang in Lang::ALL {
            for key in [
                "sms-code-reset",
                "sms-code-mobile",
                "sms-code-short",
                "sms-notice-password",
                "sms-notice-password-short",
                "sms-notice-mobile",
                "sms-notice-mobile-short",
                "sms-notice-mobile-cleared",
                "sms-notice-mobile-cleared-short",
                "sms-notice-questions",
                "sms-notice-questions-short",
                "sms-notice-questions-cleared",
                "sms-notice-questions-cleared-short",
            ] {
                let text = t_args(lang, key, &args);
                assert!(crate::notify::sms::is_gsm7(&text), "{lang:?} {key}: {text}");
                assert!(
                    fits_one_sms(&text),
                    "{lang:?} {key} ({}): {text}",
                    text.chars().count()
                );
                assert!(!text.contains(key), "{lang:?} {key} is missing");
            }
        }
    }
}
