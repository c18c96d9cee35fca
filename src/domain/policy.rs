//! Password policy of a category: one function evaluates a candidate rule by rule. The live
//! checklist and the final verdict both use [`evaluate`], so they can never disagree.

use serde::{Deserialize, Serialize};

use crate::domain::auth::ResetMethod;
use crate::domain::blocklist;
use crate::domain::expiry::CategoryExpiry;
use crate::domain::text::fold;

/// Longest password any policy may allow.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// The password policy of one user category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryPolicy {
    pub label: String,
    pub min_length: usize,
    pub max_length: usize,
    pub require_lowercase: bool,
    pub require_uppercase: bool,
    pub require_digit: bool,
    pub require_symbol: bool,
    pub history_depth: u32,
    pub max_age_days: u32,
    pub min_score: u8,
    pub blocklist: bool,
    pub warn_days: u32,
    /// Active Directory's complexity rule (three of four kinds of characters, not the
    /// name); on when the domain's policy has it, or set for the category.
    #[serde(default)]
    pub complexity: bool,
    #[serde(default)]
    pub questions: CategoryQuestions,
    #[serde(default)]
    pub expiry: CategoryExpiry,
    #[serde(default)]
    pub verification: CategoryVerification,
}

/// How many security questions a category enrols and asks (0 = not offered).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryQuestions {
    pub enroll: u32,
    pub ask: u32,
}

/// Methods that must all succeed at a reset ([] = any one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryVerification {
    pub require: Vec<ResetMethod>,
}

/// One rule of a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    MinLength(usize),
    MaxLength(usize),
    Lowercase,
    Uppercase,
    Digit,
    Symbol,
    NotCommon,
    NoPersonal,
    MinStrength(u8),
    History(u32),
    Complexity,
}

impl Rule {
    /// The i18n message key describing the rule.
    pub fn key(&self) -> &'static str {
        match self {
            Rule::MinLength(_) => "rule-min-length",
            Rule::MaxLength(_) => "rule-max-length",
            Rule::Lowercase => "rule-lowercase",
            Rule::Uppercase => "rule-uppercase",
            Rule::Digit => "rule-digit",
            Rule::Symbol => "rule-symbol",
            Rule::NotCommon => "rule-not-common",
            Rule::NoPersonal => "rule-no-personal",
            Rule::MinStrength(_) => "rule-min-strength",
            Rule::History(_) => "rule-history",
            Rule::Complexity => "rule-complexity",
        }
    }
}

/// Where a rule stands for the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleStatus {
    Pass,
    Fail,
    /// Not known yet: the strength estimate or the history check is still running.
    Pending,
}

/// The result of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleCheck {
    pub rule: Rule,
    pub status: RuleStatus,
}

impl RuleCheck {
    pub fn passed(&self) -> bool {
        self.status == RuleStatus::Pass
    }
}

/// Words that must not appear in the password: the user's names and the school's.
#[derive(Debug, Clone, Default)]
pub struct PolicyContext {
    words: Vec<String>,
}

impl PolicyContext {
    pub fn new(username: &str, display_name: &str, school_name: &str) -> Self {
        let mut words = Vec::new();
        for source in [username, display_name, school_name] {
            let whole = fold(source);
            if whole.chars().count() >= 3 && !whole.contains(' ') {
                words.push(whole);
            }
            for part in source.split(|c: char| !c.is_alphabetic()) {
                let p = fold(part);
                if p.chars().count() >= 3 {
                    words.push(p);
                }
            }
        }
        words.sort();
        words.dedup();
        Self { words }
    }

    /// The words, for zxcvbn's user inputs.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    fn found_in(&self, candidate: &str) -> bool {
        let c = fold(candidate);
        self.words.iter().any(|w| c.contains(w.as_str()))
    }
}

/// Evaluates `candidate` (already NFKC-normalised) against `policy`. `score` is the zxcvbn
/// score when known; `reused` whether the history check found it, when known. Unknown
/// results are [`RuleStatus::Pending`].
pub fn evaluate(
    policy: &CategoryPolicy,
    candidate: &str,
    ctx: &PolicyContext,
    score: Option<u8>,
    reused: Option<bool>,
) -> Vec<RuleCheck> {
    let len = candidate.chars().count();
    let has = |f: fn(&char) -> bool| candidate.chars().any(|c| f(&c));
    let verdict = |ok: bool| {
        if ok {
            RuleStatus::Pass
        } else {
            RuleStatus::Fail
        }
    };
    let max = policy.max_length.min(MAX_PASSWORD_CHARS);
    let mut out = vec![
        RuleCheck {
            rule: Rule::MinLength(policy.min_length),
            status: verdict(len >= policy.min_length),
        },
        RuleCheck {
            rule: Rule::MaxLength(max),
            status: verdict(len <= max),
        },
    ];
    type ClassTest = fn(&char) -> bool;
    let classes: [(bool, Rule, ClassTest); 4] = [
        (policy.require_lowercase, Rule::Lowercase, |c| {
            c.is_lowercase()
        }),
        (policy.require_uppercase, Rule::Uppercase, |c| {
            c.is_uppercase()
        }),
        (policy.require_digit, Rule::Digit, |c| c.is_numeric()),
        (policy.require_symbol, Rule::Symbol, |c| {
            !c.is_alphanumeric()
        }),
    ];
    for (required, rule, test) in classes {
        if required {
            out.push(RuleCheck {
                rule,
                status: verdict(has(test)),
            });
        }
    }
    if policy.blocklist {
        // Nothing typed yet is neither common nor personal: not judged until there is text.
        let judged = |ok: bool| {
            if candidate.is_empty() {
                RuleStatus::Pending
            } else {
                verdict(ok)
            }
        };
        out.push(RuleCheck {
            rule: Rule::NotCommon,
            status: judged(!blocklist::is_common(candidate)),
        });
        out.push(RuleCheck {
            rule: Rule::NoPersonal,
            status: judged(!ctx.found_in(candidate)),
        });
    }
    if policy.complexity {
        out.push(RuleCheck {
            rule: Rule::Complexity,
            status: if candidate.is_empty() {
                RuleStatus::Pending
            } else {
                verdict(crate::domain::ad::meets_complexity(candidate, ctx.words()))
            },
        });
    }
    if policy.min_score > 0 {
        out.push(RuleCheck {
            rule: Rule::MinStrength(policy.min_score),
            status: match score {
                Some(s) => verdict(s >= policy.min_score),
                None => RuleStatus::Pending,
            },
        });
    }
    if policy.history_depth > 0 {
        out.push(RuleCheck {
            rule: Rule::History(policy.history_depth),
            status: match reused {
                Some(r) => verdict(!r),
                None => RuleStatus::Pending,
            },
        });
    }
    out
}

/// Whether a current password, right as it is, is one the category would refuse today for
/// what it is (on the blocklist, personal, or below the minimum score): it still signs in,
/// but may only be changed. Length and character classes are not asked: a policy made
/// stricter is the expiry's business, not a sign-in's.
pub fn too_weak_to_keep(
    policy: &CategoryPolicy,
    candidate: &str,
    ctx: &PolicyContext,
    score: u8,
) -> bool {
    evaluate(policy, candidate, ctx, Some(score), None)
        .iter()
        .any(|c| {
            matches!(
                c.rule,
                Rule::NotCommon | Rule::NoPersonal | Rule::MinStrength(_)
            ) && c.status == RuleStatus::Fail
        })
}

/// True when every rule passed (none failed, none pending).
pub fn all_pass(checks: &[RuleCheck]) -> bool {
    checks.iter().all(RuleCheck::passed)
}

/// True when no rule has failed (some may still be pending).
pub fn none_failed(checks: &[RuleCheck]) -> bool {
    checks.iter().all(|c| c.status != RuleStatus::Fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> CategoryPolicy {
        CategoryPolicy {
            label: "t".into(),
            min_length: 10,
            max_length: 128,
            require_lowercase: true,
            require_uppercase: true,
            require_digit: true,
            require_symbol: true,
            history_depth: 5,
            max_age_days: 0,
            min_score: 3,
            blocklist: true,
            warn_days: 14,
            complexity: false,
            questions: Default::default(),
            expiry: Default::default(),
            verification: Default::default(),
        }
    }

    fn status(checks: &[RuleCheck], rule: impl Fn(&Rule) -> bool) -> RuleStatus {
        checks
            .iter()
            .find(|c| rule(&c.rule))
            .expect("rule present")
            .status
    }

    fn ctx() -> PolicyContext {
        PolicyContext::new("anna.ostlund", "Anna Östlund", "Alléskolan")
    }

    #[test]
    fn length_boundaries() {
        let p = policy();
        let at = |s: &str| {
            status(&evaluate(&p, s, &ctx(), None, None), |r| {
                matches!(r, Rule::MinLength(_))
            })
        };
        assert_eq!(at(&"x".repeat(9)), RuleStatus::Fail);
        assert_eq!(at(&"x".repeat(10)), RuleStatus::Pass);
        let max = |s: &str| {
            status(&evaluate(&p, s, &ctx(), None, None), |r| {
                matches!(r, Rule::MaxLength(_))
            })
        };
        assert_eq!(max(&"x".repeat(128)), RuleStatus::Pass);
        assert_eq!(max(&"x".repeat(129)), RuleStatus::Fail);
        // Characters, not bytes: 10 two-byte letters pass.
        assert_eq!(at(&"é".repeat(10)), RuleStatus::Pass);
    }

    #[test]
    fn character_classes() {
        let p = policy();
        let checks = evaluate(&p, "abc", &ctx(), None, None);
        assert_eq!(status(&checks, |r| *r == Rule::Lowercase), RuleStatus::Pass);
        assert_eq!(status(&checks, |r| *r == Rule::Uppercase), RuleStatus::Fail);
        assert_eq!(status(&checks, |r| *r == Rule::Digit), RuleStatus::Fail);
        assert_eq!(status(&checks, |r| *r == Rule::Symbol), RuleStatus::Fail);
        let checks = evaluate(&p, "aÅ7 ", &ctx(), None, None);
        for rule in [Rule::Lowercase, Rule::Uppercase, Rule::Digit, Rule::Symbol] {
            assert_eq!(
                status(&checks, |r| *r == rule),
                RuleStatus::Pass,
                "{rule:?}"
            );
        }
        let mut relaxed = policy();
        relaxed.require_symbol = false;
        let checks = evaluate(&relaxed, "abc", &ctx(), None, None);
        assert!(!checks.iter().any(|c| c.rule == Rule::Symbol));
    }

    #[test]
    fn blocklist_and_personal_words() {
        let p = policy();
        let common = |s: &str| {
            status(&evaluate(&p, s, &ctx(), None, None), |r| {
                *r == Rule::NotCommon
            })
        };
        assert_eq!(common("password"), RuleStatus::Fail);
        assert_eq!(common("Sommar2024!"), RuleStatus::Fail);
        assert_eq!(common("gurka-trappa-moln"), RuleStatus::Pass);
        let personal = |s: &str| {
            status(&evaluate(&p, s, &ctx(), None, None), |r| {
                *r == Rule::NoPersonal
            })
        };
        assert_eq!(personal("xxOSTLUNDxx"), RuleStatus::Fail);
        assert_eq!(personal("östlund-99"), RuleStatus::Fail);
        assert_eq!(personal("I love alleskolan"), RuleStatus::Fail);
        assert_eq!(personal("anna.ostlund"), RuleStatus::Fail);
        assert_eq!(personal("gurka-trappa-moln"), RuleStatus::Pass);
    }

    #[test]
    fn strength_and_history_pending_until_known() {
        let p = policy();
        let checks = evaluate(&p, "x", &ctx(), None, None);
        assert_eq!(
            status(&checks, |r| matches!(r, Rule::MinStrength(_))),
            RuleStatus::Pending
        );
        assert_eq!(
            status(&checks, |r| matches!(r, Rule::History(_))),
            RuleStatus::Pending
        );
        assert!(!all_pass(&checks));
        let checks = evaluate(&p, "x", &ctx(), Some(2), Some(true));
        assert_eq!(
            status(&checks, |r| matches!(r, Rule::MinStrength(_))),
            RuleStatus::Fail
        );
        assert_eq!(
            status(&checks, |r| matches!(r, Rule::History(_))),
            RuleStatus::Fail
        );
        let checks = evaluate(&p, "x", &ctx(), Some(3), Some(false));
        assert_eq!(
            status(&checks, |r| matches!(r, Rule::MinStrength(_))),
            RuleStatus::Pass
        );
        assert_eq!(
            status(&checks, |r| matches!(r, Rule::History(_))),
            RuleStatus::Pass
        );
    }

    #[test]
    fn a_good_password_passes_everything() {
        let checks = evaluate(
            &policy(),
            "Gurka7 trappa moln",
            &ctx(),
            Some(4),
            Some(false),
        );
        assert!(all_pass(&checks), "{checks:?}");
    }
}
