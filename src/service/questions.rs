//! Security questions: enrol an answer set (signed in), and reset with it (a challenge of
//! `ask` of the account's questions, kept until answered; wrong answers lock the questions
//! with a rising delay). An unknown username is given decoy questions that behave like a
//! real account's in every way the kiosk shows: same count, same catalogue, stable, the
//! same argon2 work, the same lock.

use super::{Method, Proof, Result, Services, VerifiedAccount, blocking};
use crate::crypto::Verification;
use crate::domain::account::AccountStatus;
use crate::domain::answers::{self, AnswerError, AnswerRules, questions_lock_secs};
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::questions::{Catalogue, DecoyKey, choose};
use crate::domain::recovery::{
    AnswerInput, AnswersOutcome, ChallengeOutcome, EnrolOutcome, Enrolment,
};
use crate::domain::secret::Secret;
use crate::domain::username::Username;
use crate::store::{
    Account, AnswerSet, EnrolledAnswer, LockSubject, QUESTIONS_LOCKED_UNTIL_UNLOCKED,
    QuestionsFailure, QuestionsLock,
};

/// A challenge stays until it is answered (or the answers are enrolled again): asking again
/// never reshuffles the questions. After this long unused it is drawn anew.
pub const CHALLENGE_KEEP_SECS: i64 = 365 * 86_400;

/// Decoy failure rows idle this long are forgotten.
const DECOY_IDLE_SECS: i64 = 90 * 86_400;

/// Who is answering: a real enrolled account, a decoy, or nobody questions are offered to.
enum Subject {
    Real {
        account: Box<Account>,
        enrolled: Vec<EnrolledAnswer>,
        ask: usize,
    },
    Decoy {
        tag: String,
        question_ids: Vec<String>,
    },
    NotOffered,
}

fn until_for_display(until: Option<i64>) -> Option<i64> {
    until.filter(|&u| u != QUESTIONS_LOCKED_UNTIL_UNLOCKED)
}

impl Services {
    /// The questions configuration of a category: (enroll, ask); (0, 0) when unknown.
    fn question_counts(&self, category: &str) -> (usize, usize) {
        self.settings
            .policy(category)
            .map(|p| (p.questions.enroll as usize, p.questions.ask as usize))
            .unwrap_or((0, 0))
    }

    async fn decoy_key(&self) -> Result<DecoyKey> {
        Ok(self.keys.decoys.clone())
    }

    /// Who answers for `username`. Accounts that are not active are treated like unknown
    /// names, as `verify_password` does.
    async fn question_subject(&self, username: &Username) -> Result<Subject> {
        let account = self.account_typed(username.as_str()).await?;
        self.question_subject_of(username, account).await
    }

    /// [`Self::question_subject`] with the account already read (`account_typed`).
    async fn question_subject_of(
        &self,
        username: &Username,
        account: Option<Account>,
    ) -> Result<Subject> {
        if let Some(account) = account.filter(|a| a.status == AccountStatus::Active) {
            let (enroll, ask) = self.question_counts(&account.category);
            if enroll == 0 || ask == 0 {
                return Ok(Subject::NotOffered);
            }
            let enrolled = self.store.enrolled_answers(account.id).await?;
            if enrolled.is_empty() {
                return Ok(Subject::NotOffered);
            }
            return Ok(Subject::Real {
                account: Box::new(account),
                ask: ask.min(enrolled.len()),
                enrolled,
            });
        }
        // An unknown name looks like an account of the biggest category (at a school, a
        // student), enrolled as often as that category's real accounts are.
        let counts = self.store.question_enrolment().await?;
        let Some(biggest) = counts.iter().max_by(|a, b| {
            a.accounts
                .cmp(&b.accounts)
                .then(b.category.cmp(&a.category))
        }) else {
            return Ok(Subject::NotOffered);
        };
        let (enroll, ask) = self.question_counts(&biggest.category);
        if enroll == 0 || ask == 0 || biggest.accounts == 0 {
            return Ok(Subject::NotOffered);
        }
        let key = self.decoy_key().await?;
        let fraction = biggest.enrolled as f64 / biggest.accounts as f64;
        if !key.offers_questions(username.as_str(), fraction) {
            return Ok(Subject::NotOffered);
        }
        let question_ids = key
            .questions(username.as_str(), Catalogue::embedded(), enroll, ask)
            .into_iter()
            .map(str::to_string)
            .collect();
        Ok(Subject::Decoy {
            tag: key.lock_tag(username.as_str()),
            question_ids,
        })
    }

    /// Whether Choose method lists security questions for `username` (see `methods_for`).
    pub async fn questions_offered(&self, username: &Username) -> Result<bool> {
        let account = self.account_typed(username.as_str()).await?;
        self.questions_offered_to(username, account, None).await
    }

    /// [`Self::questions_offered`] with the account already read (`account_typed`), and
    /// whether it enrolled when that was read with it (`Store::account_enrolled`).
    pub(super) async fn questions_offered_to(
        &self,
        username: &Username,
        account: Option<Account>,
        enrolled: Option<bool>,
    ) -> Result<bool> {
        if let (Some(a), Some(enrolled)) = (&account, enrolled)
            && a.status == AccountStatus::Active
        {
            // As `question_subject_of` decides for a real account, without reading its
            // answers again.
            let (enroll, ask) = self.question_counts(&a.category);
            return Ok(enroll != 0 && ask != 0 && enrolled);
        }
        Ok(!matches!(
            self.question_subject_of(username, account).await?,
            Subject::NotOffered
        ))
    }

    /// An account's enrolment, for the Profile.
    pub async fn enrolment(&self, who: &VerifiedAccount) -> Result<Enrolment> {
        let (enroll, _) = self.question_counts(who.category());
        let enrolled = self.store.enrolled_answers(who.id()).await?;
        Ok(Enrolment {
            enrolled_at: enrolled.iter().map(|e| e.created_at).max(),
            question_ids: enrolled.into_iter().map(|e| e.question_id).collect(),
            enroll,
        })
    }

    /// Checks a set of answers before storing them (the Profile checks the same in the
    /// flow; `enroll_questions` asks this). One entry per answer (`None` = fine).
    pub fn check_answers(
        &self,
        username: &str,
        answers: &[AnswerInput],
    ) -> Vec<Option<AnswerError>> {
        let pairs: Vec<(&str, &Secret)> = answers
            .iter()
            .map(|a| (a.question_id.as_str(), &a.answer))
            .collect();
        let rules = AnswerRules {
            min_chars: self.settings.questions.min_answer_length,
            username,
        };
        Catalogue::embedded().check_answers(&pairs, &rules)
    }

    /// Enrols security questions for a signed-in account: exactly `questions.enroll`
    /// distinct catalogue questions with an answer each. The whole previous set is
    /// replaced; only argon2id hashes of the normalised answers are stored.
    pub async fn enroll_questions(
        &self,
        who: &VerifiedAccount,
        choices: &[AnswerInput],
    ) -> Result<EnrolOutcome> {
        let user = who.username();
        let account = self.load(who).await?;
        let (enroll, _) = self.question_counts(&account.category);
        let audit = |outcome: AuditOutcome, detail: String| {
            let mut e = self.audit_entry(user, Some(user), AuditAction::EnrollQuestions, outcome);
            e.detail = detail;
            e
        };
        // Recovery never changes recovery factors: only a sign-in with the current password.
        if enroll == 0
            || who.must_change()
            || !who.signed_in()
            || account.status != AccountStatus::Active
        {
            self.audit(audit(AuditOutcome::Denied, String::new()))
                .await?;
            return Ok(EnrolOutcome::NotOffered);
        }
        let catalogue = Catalogue::embedded();
        let mut ids: Vec<&str> = choices.iter().map(|c| c.question_id.as_str()).collect();
        let all_known = ids.iter().all(|id| catalogue.get(id).is_some());
        ids.sort_unstable();
        ids.dedup();
        if choices.len() != enroll || ids.len() != enroll || !all_known {
            self.audit(audit(
                AuditOutcome::BadChoice,
                format!("count={}", choices.len()),
            ))
            .await?;
            return Ok(EnrolOutcome::BadChoice);
        }
        let problems = self.check_answers(&account.username, choices);
        if problems.iter().any(Option::is_some) {
            let keys: Vec<&str> = problems.iter().flatten().map(|p| p.key()).collect();
            self.audit(audit(AuditOutcome::Rejected, keys.join(",")))
                .await?;
            return Ok(EnrolOutcome::Rejected(problems));
        }
        let normalised: Vec<Secret> = choices
            .iter()
            .map(|c| answers::normalize(c.answer.expose()))
            .collect();
        let hasher = self.hasher.clone();
        let hashes = blocking(move || {
            normalised
                .iter()
                .map(|a| hasher.hash(a))
                .collect::<std::result::Result<Vec<String>, _>>()
        })
        .await??;
        let set = AnswerSet {
            account_id: account.id,
            answers: choices
                .iter()
                .map(|c| c.question_id.clone())
                .zip(hashes)
                .collect(),
            now: self.now(),
            audit: audit(AuditOutcome::Ok, format!("count={enroll}")),
        };
        self.store.replace_answers(&set).await?;
        // Every address on file hears of a new question set (a recovery factor).
        self.after_factor_change(account.id, super::FactorChange::QuestionsChanged, None);
        Ok(EnrolOutcome::Enrolled)
    }

    /// Starts (or resumes) a reset with questions for `username`: the questions to answer.
    /// A real account gets `ask` of its enrolled questions, drawn at random once and then
    /// kept until answered; an unknown name gets its decoys.
    pub async fn start_questions(&self, username: &Username) -> Result<ChallengeOutcome> {
        let now = self.now();
        // The audit log names an unknown name by its tag, never the typed text.
        let who = self.audit_name(username).await?;
        let user = who.as_str();
        let audit = |outcome: AuditOutcome, detail: &str| {
            let mut e =
                self.audit_entry(user, Some(user), AuditAction::QuestionsChallenge, outcome);
            e.detail = detail.to_string();
            e
        };
        match self.question_subject(username).await? {
            Subject::NotOffered => {
                self.audit(audit(AuditOutcome::NotOffered, "")).await?;
                Ok(ChallengeOutcome::NotOffered)
            }
            Subject::Decoy { tag, question_ids } => {
                let lock = self.store.questions_lock(LockSubject::Decoy(&tag)).await?;
                if lock.is_locked(now) {
                    self.audit(audit(AuditOutcome::Locked, "no such account"))
                        .await?;
                    return Ok(ChallengeOutcome::Locked {
                        until: until_for_display(lock.locked_until),
                    });
                }
                self.audit(audit(AuditOutcome::Asked, "no such account"))
                    .await?;
                Ok(ChallengeOutcome::Ask(question_ids))
            }
            Subject::Real {
                account,
                enrolled,
                ask,
            } => {
                if account.questions_locked_until.is_some_and(|u| u > now) {
                    self.audit(audit(AuditOutcome::Locked, "")).await?;
                    return Ok(ChallengeOutcome::Locked {
                        until: until_for_display(account.questions_locked_until),
                    });
                }
                let ids = self.open_challenge(&account, &enrolled, ask, now).await?;
                self.audit(audit(AuditOutcome::Asked, "")).await?;
                Ok(ChallengeOutcome::Ask(ids))
            }
        }
    }

    /// The open challenge's question ids, opening one when none is.
    async fn open_challenge(
        &self,
        account: &Account,
        enrolled: &[EnrolledAnswer],
        ask: usize,
        now: i64,
    ) -> Result<Vec<String>> {
        // Drawn every time but stored only when no challenge is open: no reshuffling.
        let random = self.random();
        let fresh: Vec<i64> = choose(enrolled.len(), ask, || random.next_u32())?
            .into_iter()
            .map(|i| enrolled[i].position)
            .collect();
        let expires = now + CHALLENGE_KEEP_SECS;
        let positions = self
            .store
            .open_challenge(account.id, &fresh, now, expires)
            .await?;
        let owned = |ids: Vec<&str>| ids.into_iter().map(str::to_string).collect();
        match ids_at(enrolled, &positions) {
            Some(ids) => Ok(owned(ids)),
            None => {
                // A challenge naming positions that no longer exist: draw it again.
                self.store.clear_challenge(account.id).await?;
                let positions = self
                    .store
                    .open_challenge(account.id, &fresh, now, expires)
                    .await?;
                Ok(ids_at(enrolled, &positions).map(owned).unwrap_or_default())
            }
        }
    }

    /// Checks answers to the questions `start_questions` gave, off the async threads. All
    /// answers are hashed even when the first is wrong, and an unknown name costs the same
    /// argon2 work. A wrong set counts once toward the account's recovery-failure counter;
    /// at `questions.max_failures` the questions lock (the password still works).
    pub async fn answer_questions(
        &self,
        username: &Username,
        given: &[AnswerInput],
    ) -> Result<AnswersOutcome> {
        let now = self.now();
        // The audit log names an unknown name by its tag, never the typed text.
        let who = self.audit_name(username).await?;
        let user = who.as_str();
        let audit = |outcome: AuditOutcome, detail: &str| {
            let mut e = self.audit_entry(user, Some(user), AuditAction::AnswerQuestions, outcome);
            e.detail = detail.to_string();
            e
        };
        let given_ids: Vec<&str> = given.iter().map(|g| g.question_id.as_str()).collect();
        let normalised: Vec<Secret> = given
            .iter()
            .map(|g| answers::normalize(g.answer.expose()))
            .collect();
        match self.question_subject(username).await? {
            Subject::NotOffered => {
                self.audit(audit(AuditOutcome::NotOffered, "")).await?;
                Ok(AnswersOutcome::NotOffered)
            }
            Subject::Decoy { tag, question_ids } => {
                let subject = LockSubject::Decoy(&tag);
                let lock = self.store.questions_lock(subject).await?;
                if lock.is_locked(now) {
                    self.audit(audit(AuditOutcome::Locked, "no such account"))
                        .await?;
                    return Ok(locked(lock.locked_until));
                }
                if given_ids != question_ids {
                    self.audit(audit(AuditOutcome::Stale, "no such account"))
                        .await?;
                    return Ok(AnswersOutcome::Stale);
                }
                let hasher = self.hasher.clone();
                blocking(move || {
                    for answer in &normalised {
                        hasher.verify_dummy(answer);
                    }
                })
                .await?;
                self.store
                    .prune_question_decoys(now - DECOY_IDLE_SECS)
                    .await?;
                self.count_wrong(subject, user, now, "no such account")
                    .await
            }
            Subject::Real {
                account, enrolled, ..
            } => {
                if account.questions_locked_until.is_some_and(|u| u > now) {
                    self.audit(audit(AuditOutcome::Locked, "")).await?;
                    return Ok(locked(account.questions_locked_until));
                }
                let positions = self.store.challenge(account.id, now).await?;
                let asked = positions.and_then(|p| ids_at(&enrolled, &p).map(|ids| (p, ids)));
                let Some((positions, ids)) = asked.filter(|(_, ids)| *ids == given_ids) else {
                    self.audit(audit(AuditOutcome::Stale, "")).await?;
                    return Ok(AnswersOutcome::Stale);
                };
                let hashes: Vec<String> = positions
                    .iter()
                    .filter_map(|p| enrolled.iter().find(|e| e.position == *p))
                    .map(|e| e.answer_hash.clone())
                    .collect();
                let hasher = self.hasher.clone();
                let all_right = blocking(move || {
                    // Every answer is checked: stopping at the first wrong one would tell,
                    // by time, which one it was.
                    let mut all = true;
                    for (hash, answer) in hashes.iter().zip(&normalised) {
                        let right =
                            matches!(hasher.verify(hash, answer)?, Verification::Match { .. });
                        all &= right;
                    }
                    Ok::<bool, crate::crypto::CryptoError>(all)
                })
                .await??;
                if all_right {
                    let e = audit(AuditOutcome::Ok, &format!("asked={}", ids.len()));
                    self.store
                        .record_questions_success(account.id, now, &e)
                        .await?;
                    return Ok(AnswersOutcome::Verified(Proof::new(
                        account.id,
                        Method::Questions,
                    )));
                }
                self.count_wrong(LockSubject::Account(account.id), user, now, "")
                    .await
            }
        }
    }

    /// Counts a wrong set of answers; locks with the rising delay at the limit.
    async fn count_wrong(
        &self,
        subject: LockSubject<'_>,
        user: &str,
        now: i64,
        detail: &str,
    ) -> Result<AnswersOutcome> {
        let q = &self.settings.questions;
        let max = i64::from(q.max_failures.max(1));
        let lock_minutes = q.lock_minutes;
        let until = move |nth: i64| {
            questions_lock_secs(lock_minutes, nth).map_or(QUESTIONS_LOCKED_UNTIL_UNLOCKED, |secs| {
                now.saturating_add(secs)
            })
        };
        let failure = self
            .store
            .record_questions_failure(subject, now, max, until)
            .await?;
        let entry = |action: AuditAction, outcome: AuditOutcome, detail: String| {
            let mut e = self.audit_entry(user, Some(user), action, outcome);
            e.detail = detail;
            e
        };
        match failure {
            QuestionsFailure::Counted { failures } => {
                self.audit(entry(
                    AuditAction::AnswerQuestions,
                    AuditOutcome::Wrong,
                    detail.to_string(),
                ))
                .await?;
                Ok(AnswersOutcome::Wrong {
                    tries_left: u32::try_from((max - failures).max(1)).unwrap_or(1),
                })
            }
            QuestionsFailure::LockedNow { until, lock_count } => {
                self.audit(entry(
                    AuditAction::AnswerQuestions,
                    AuditOutcome::Wrong,
                    detail.to_string(),
                ))
                .await?;
                let minutes = if until == QUESTIONS_LOCKED_UNTIL_UNLOCKED {
                    "until unlocked".to_string()
                } else {
                    format!("{} minutes", (until - now) / 60)
                };
                let sep = if detail.is_empty() { "" } else { "; " };
                self.audit(entry(
                    AuditAction::QuestionsLock,
                    AuditOutcome::Locked,
                    format!("lock {lock_count}, {minutes}{sep}{detail}"),
                ))
                .await?;
                Ok(locked(Some(until)))
            }
            QuestionsFailure::AlreadyLocked { until } => {
                self.audit(entry(
                    AuditAction::AnswerQuestions,
                    AuditOutcome::Locked,
                    detail.to_string(),
                ))
                .await?;
                Ok(locked(Some(until)))
            }
        }
    }

    /// The questions lock of an account (for staff and tests).
    pub async fn questions_lock_of(&self, account_id: i64) -> Result<QuestionsLock> {
        Ok(self
            .store
            .questions_lock(LockSubject::Account(account_id))
            .await?)
    }
}

fn locked(until: Option<i64>) -> AnswersOutcome {
    AnswersOutcome::Locked {
        until: until_for_display(until),
    }
}

/// The question ids at `positions` of an enrolment, in that order; `None` when one is gone.
fn ids_at<'a>(enrolled: &'a [EnrolledAnswer], positions: &[i64]) -> Option<Vec<&'a str>> {
    positions
        .iter()
        .map(|p| {
            enrolled
                .iter()
                .find(|e| e.position == *p)
                .map(|e| e.question_id.as_str())
        })
        .collect()
}
