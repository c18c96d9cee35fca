//! The desk: look a person up by username or name, and read their card (never a secret).

use crate::domain::account::AccountStatus;
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::phone::MobileNumber;
use crate::domain::text::{SCREEN_NAME_MAX_CHARS, fold, sanitize, shorten};

use crate::domain::desk::*;
use crate::service::{Result, Services};

/// Orders matches: an exact username first, then by name, then by username.
pub(super) fn rank(query: &str, people: &mut [PersonSummary]) {
    people.sort_by(|a, b| {
        let exact = |p: &PersonSummary| p.username != query;
        (exact(a), fold(&a.display_name), &a.username).cmp(&(
            exact(b),
            fold(&b.display_name),
            &b.username,
        ))
    });
}

/// An audit row as the card shows it (database text sanitised).
fn card_event(r: crate::store::AuditRecord) -> CardEvent {
    CardEvent {
        at: r.at,
        kiosk_id: sanitize(&r.kiosk_id),
        actor: sanitize(&r.actor),
        via: Via::of_detail(&r.detail),
        action: r.action,
        outcome: r.outcome,
    }
}

impl Services {
    /// People whose username or name contains every word of `query`: partial, case- and
    /// accent-insensitive ("ostlund" finds "Östlund"), at most [`MAX_MATCHES`].
    pub async fn staff_search(
        &self,
        staff: &StaffSession,
        query: &str,
    ) -> Result<Staffed<SearchResult>> {
        if self.still_staff(staff).await?.is_none() {
            return Ok(Err(Denied::SessionEnded));
        }
        let folded = fold(&sanitize(query));
        let words: Vec<String> = folded
            .split_whitespace()
            .take(MAX_QUERY_WORDS)
            .map(str::to_string)
            .collect();
        let typed: usize = words.iter().map(|w| w.chars().count()).sum();
        if typed < MIN_QUERY_CHARS {
            return Ok(Ok(SearchResult::default()));
        }
        let limit = i64::try_from(MAX_MATCHES).unwrap_or(20) + 1;
        let hits = self.store.search_accounts(&words, limit).await?;
        let more = hits.len() > MAX_MATCHES;
        let now = self.now();
        let mut people: Vec<PersonSummary> = hits
            .into_iter()
            .take(MAX_MATCHES)
            .map(|h| {
                let refusal =
                    self.refusal_of(staff.account_id, h.id, &h.username, &h.category, h.helpdesk);
                PersonSummary {
                    id: h.id,
                    locked: h.is_locked(now),
                    username: h.username,
                    display_name: shorten(&sanitize(&h.display_name), SCREEN_NAME_MAX_CHARS),
                    category: h.category,
                    refusal,
                }
            })
            .collect();
        rank(&words.join(" "), &mut people);
        let detail = format!(
            "query={:?} matches={}{}",
            words.join(" "),
            people.len(),
            if more { "+" } else { "" }
        );
        self.audit(self.staff_entry(
            &staff.username,
            None,
            AuditAction::StaffSearch,
            AuditOutcome::Ok,
            detail,
        ))
        .await?;
        Ok(Ok(SearchResult { people, more }))
    }

    /// A person's card. Viewing is audited (with a refusal when staff may not act on them).
    pub async fn staff_card(
        &self,
        staff: &StaffSession,
        person_id: i64,
    ) -> Result<Staffed<PersonCard>> {
        if self.still_staff(staff).await?.is_none() {
            return Ok(Err(Denied::SessionEnded));
        }
        let Some(person) = self.store.account_by_id(person_id).await? else {
            return Ok(Err(Denied::NotFound));
        };
        let refusal = self.refusal(staff.account_id, &person);
        let now = self.now();
        let questions = self.store.enrolled_answers(person.id).await?.len();
        // Read before this view is audited: the card shows what happened before the desk.
        let events = self
            .store
            .latest_audit(&person.username, i64::try_from(CARD_EVENTS).unwrap_or(6))
            .await?
            .into_iter()
            .map(card_event)
            .collect();
        let lock = self.sign_in_lock(&person, now).await?;
        let locked_by = match lock {
            Some(_) => self
                .store
                .latest_audit_of(
                    &person.username,
                    [AuditAction::Lock, AuditAction::ExpiryLock],
                    None,
                )
                .await?
                .map(card_event),
            None => None,
        };
        let last_sign_in = self
            .store
            .latest_audit_of(
                &person.username,
                [AuditAction::VerifyPassword, AuditAction::VerifyPassword],
                Some([AuditOutcome::Ok, AuditOutcome::OkTemp]),
            )
            .await?
            .map(card_event);
        let (outcome, detail) = match refusal {
            Some(r) => (AuditOutcome::Refused, format!("reason={}", r.name())),
            None => (AuditOutcome::Ok, String::new()),
        };
        self.audit(self.staff_entry(
            &staff.username,
            Some(&person.username),
            AuditAction::StaffView,
            outcome,
            detail,
        ))
        .await?;
        let targets = self.last_target_statuses(&person.username).await?;
        let mobile = person
            .mobile
            .as_deref()
            .and_then(MobileNumber::from_e164)
            .map(|n| n.masked());
        Ok(Ok(PersonCard {
            id: person.id,
            category_label: self
                .settings
                .policy(&person.category)
                .map_or_else(|| person.category.clone(), |p| sanitize(&p.label)),
            active: person.status == AccountStatus::Active,
            locked: lock.is_some(),
            lock_reason: lock.map(|(reason, _)| reason),
            locked_until: lock.and_then(|(_, until)| until),
            expires_at: person.password_expires_at,
            must_change: person.must_change,
            has_password: person.password_hash.is_some(),
            temp_password: person
                .has_temp_password()
                .then_some((person.temp_uses_left, person.temp_expires_at)),
            questions,
            questions_locked: person.questions_locked_until.is_some_and(|t| t > now),
            mobile,
            events,
            locked_by,
            last_sign_in,
            refusal,
            targets,
            username: person.username,
            display_name: shorten(&sanitize(&person.display_name), SCREEN_NAME_MAX_CHARS),
            category: person.category,
        }))
    }
}
