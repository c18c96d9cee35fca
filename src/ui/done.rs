//! Done: says plainly whether the password was changed, the strength reached and when the
//! next change is due; on failure, why and what to do next.

use ratatui::style::{Color, Modifier, Style};

use super::widgets::checklist::{error_style, glyph};
use super::widgets::page::{Page, Priority};
use super::{Hint, Tr, View};
use crate::domain::policy::RuleStatus;
use crate::domain::strength::score_label_key;
use crate::domain::targets::{TargetKind, TargetResult, TargetState};
use crate::flow::Outcome;

pub(super) fn view(tr: &Tr, outcome: &Outcome) -> View {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut page = Page::new();
    page.gap();
    match outcome {
        Outcome::Changed {
            score,
            expires_at,
            account,
            targets,
        } => {
            let success = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
            page.marked(
                vec![glyph(RuleStatus::Pass)],
                tr.t("ui-done-changed"),
                success,
                Priority::Keep,
            );
            targets_lines(tr, &mut page, targets);
            page.gap();
            let label = tr.t(score_label_key(*score));
            page.text(
                tr.s("strength-label", "label", &label),
                bold,
                Priority::High,
            );
            let expiry = match expires_at {
                Some(at) => tr.s("ui-done-expires", "date", &tr.date(*at)),
                None => tr.t("ui-done-no-expiry"),
            };
            page.text(expiry, Style::new(), Priority::Keep);
            page.gap();
            page.text(tr.t("ui-done-next-changed"), Style::new(), Priority::High);
            // After a reset the Profile (questions, mobile) is out of reach: not offered.
            if account.signed_in() {
                page.gap();
                page.text(tr.t("ui-done-profile"), Style::new(), Priority::High);
            }
        }
        Outcome::Locked { until } => {
            page.marked(
                vec![glyph(RuleStatus::Fail)],
                tr.t("ui-done-failed"),
                error_style(),
                Priority::Keep,
            );
            page.gap();
            let why = match until {
                Some(t) => tr.s("error-locked-until", "time", &crate::clock::format_time(*t)),
                None => tr.t("error-locked"),
            };
            page.text(why, Style::new(), Priority::Keep);
        }
        Outcome::Conflict | Outcome::Unavailable => {
            page.marked(
                vec![glyph(RuleStatus::Fail)],
                tr.t("ui-done-failed"),
                error_style(),
                Priority::Keep,
            );
            page.gap();
            let (why, next) = if *outcome == Outcome::Conflict {
                ("ui-done-conflict", "ui-done-next-conflict")
            } else {
                ("error-unavailable", "ui-done-next-unavailable")
            };
            page.text(tr.t(why), Style::new(), Priority::Keep);
            page.gap();
            page.text(tr.t(next), Style::new(), Priority::Keep);
        }
    }
    page.gap();
    page.text(tr.t("ui-done-finish"), bold, Priority::Keep);

    let mut hints = vec![Hint::named("ui-key-enter", tr, "ui-hint-finish")];
    if matches!(outcome, Outcome::Changed { account, .. } if account.signed_in()) {
        hints.push(Hint::glyph("F3", tr, "ui-hint-profile"));
    }
    View { page, hints }
}

/// "School account ✓ · Google ✓ · Microsoft 365 ✗", then one line per target that is not
/// done yet: on its way, or ask the office staff. Nothing without targets.
fn targets_lines(tr: &Tr, page: &mut Page, targets: &[TargetResult]) {
    if targets.is_empty() {
        return;
    }
    let mark = |state| match state {
        TargetState::Done => "✓",
        TargetState::Pending => "…",
        TargetState::Failed => "✗",
    };
    let mut line = format!("{} {}", tr.t("target-school"), mark(TargetState::Done));
    for t in targets {
        line.push_str(&format!(
            " · {} {}",
            tr.t(target_key(t.kind)),
            mark(t.state)
        ));
    }
    page.gap();
    page.text(line, Style::new(), Priority::Keep);
    for t in targets {
        let key = match t.state {
            TargetState::Done => continue,
            TargetState::Pending => "ui-done-target-pending",
            TargetState::Failed => "ui-done-target-failed",
        };
        let style = match t.state {
            TargetState::Failed => error_style(),
            _ => Style::new(),
        };
        page.text(
            tr.s(key, "target", &tr.t(target_key(t.kind))),
            style,
            Priority::Keep,
        );
    }
}

/// The message key of a target's name.
pub(super) fn target_key(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Google => "target-google",
        TargetKind::Microsoft => "target-microsoft",
    }
}
