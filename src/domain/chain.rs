//! The audit chain: every audit row carries a sequence number and a MAC over its fields and
//! the previous row's MAC, keyed by the audit key of the school's key file. A row changed,
//! removed or inserted without the key breaks the chain at that row; [`verify`] finds it.
//! Pure: the store reads the rows, this judges them.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// Marks this encoding, so a MAC of another kind can never pass for an audit MAC.
const DOMAIN: &[u8] = b"kiosk-audit-chain-v1";

/// The fields of a row that its MAC covers.
#[derive(Debug, Clone, Copy)]
pub struct ChainFields<'a> {
    pub seq: i64,
    pub at: i64,
    pub kiosk_id: &'a str,
    pub actor: &'a str,
    pub subject: Option<&'a str>,
    pub action: &'a str,
    pub outcome: &'a str,
    pub detail: &'a str,
    pub key_id: &'a str,
}

impl ChainFields<'_> {
    /// An unambiguous encoding: fixed-width integers, every text preceded by its length,
    /// and a tag byte telling a missing subject from an empty one.
    fn feed(&self, mac: &mut Hmac<Sha256>, prev_mac: &str) {
        let text = |mac: &mut Hmac<Sha256>, s: &str| {
            mac.update(&(s.len() as u64).to_be_bytes());
            mac.update(s.as_bytes());
        };
        mac.update(DOMAIN);
        text(mac, prev_mac);
        mac.update(&self.seq.to_be_bytes());
        mac.update(&self.at.to_be_bytes());
        text(mac, self.kiosk_id);
        text(mac, self.actor);
        match self.subject {
            None => mac.update(&[0]),
            Some(s) => {
                mac.update(&[1]);
                text(mac, s);
            }
        }
        text(mac, self.action);
        text(mac, self.outcome);
        text(mac, self.detail);
        text(mac, self.key_id);
    }
}

/// The audit keys, by key id: the first signs new rows, every one verifies. `Debug` shows
/// the ids only.
#[derive(Clone)]
pub struct AuditKeys {
    keys: Vec<(String, Hmac<Sha256>)>,
}

impl fmt::Debug for AuditKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("AuditKeys").field("ids", &ids).finish()
    }
}

impl AuditKeys {
    /// `(key id, key)` pairs, the signing key first.
    pub fn new(keys: Vec<(String, Zeroizing<[u8; 32]>)>) -> Self {
        Self {
            keys: keys
                .into_iter()
                .filter_map(|(id, k)| Some((id, Hmac::<Sha256>::new_from_slice(&*k).ok()?)))
                .collect(),
        }
    }

    /// The id new rows are signed under; empty when there is no key.
    pub fn current_id(&self) -> &str {
        self.keys.first().map_or("", |(id, _)| id.as_str())
    }

    fn mac_of(&self, fields: &ChainFields<'_>, prev_mac: &str) -> Option<Hmac<Sha256>> {
        let (_, key) = self.keys.iter().find(|(id, _)| id == fields.key_id)?;
        let mut mac = key.clone();
        fields.feed(&mut mac, prev_mac);
        Some(mac)
    }

    /// The MAC of a new row (hex), under the key `fields.key_id` names (the current one);
    /// None when no key has that id.
    pub fn seal(&self, fields: &ChainFields<'_>, prev_mac: &str) -> Option<String> {
        let mac = self.mac_of(fields, prev_mac)?;
        Some(hex(&mac.finalize().into_bytes()))
    }

    /// Whether `stored` is the MAC of these fields after `prev_mac`, in constant time.
    /// None when the row names a key that is not in the file.
    fn check(&self, fields: &ChainFields<'_>, prev_mac: &str, stored: &str) -> Option<bool> {
        let mac = self.mac_of(fields, prev_mac)?;
        Some(from_hex(stored).is_some_and(|expected| mac.verify_slice(&expected).is_ok()))
    }
}

/// One audit row as stored, with its chain columns (None on rows from before the chain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRow {
    pub id: i64,
    pub seq: Option<i64>,
    pub at: i64,
    pub kiosk_id: String,
    pub actor: String,
    pub subject: Option<String>,
    pub action: String,
    pub outcome: String,
    pub detail: String,
    pub key_id: Option<String>,
    pub mac: Option<String>,
}

/// The chain's head as stored: the last sequence number, its MAC, and how many rows the
/// log held when the chain began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub seq: i64,
    pub mac: String,
    pub older_rows: i64,
}

/// Where a row is: its id, sequence number and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef {
    pub id: i64,
    pub seq: Option<i64>,
    pub at: i64,
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let when = chrono_free_time(self.at);
        match self.seq {
            Some(seq) => write!(f, "row id {} (seq {seq}, {when})", self.id),
            None => write!(f, "row id {} ({when})", self.id),
        }
    }
}

/// The first break in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The row's fields no longer match its MAC.
    Changed(RowRef),
    /// Sequence numbers `from..=to` are missing before this row.
    Removed { from: i64, to: i64, before: RowRef },
    /// A row without a valid place in the chain.
    Inserted(RowRef),
    /// The row is signed with a key the key file does not hold.
    UnknownKey { row: RowRef, key_id: String },
    /// The head says the chain went on to `head_seq`; the last row is `last_seq`.
    TailRemoved { last_seq: i64, head_seq: i64 },
    /// The head does not match the last row.
    HeadRewritten { last_seq: i64, head_seq: i64 },
    /// Rows from before the chain: `found` now, `expected` when it began.
    OlderRows { found: i64, expected: i64 },
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainBreak::Changed(r) => write!(f, "{r} was changed: it does not match its MAC"),
            ChainBreak::Removed { from, to, before } if from == to => {
                write!(f, "the row with seq {from}, before {before}, was removed")
            }
            ChainBreak::Removed { from, to, before } => {
                write!(
                    f,
                    "the rows with seq {from} to {to}, before {before}, were removed"
                )
            }
            ChainBreak::Inserted(r) => write!(f, "{r} was inserted: it has no place in the chain"),
            ChainBreak::UnknownKey { row, key_id } => write!(
                f,
                "{row} is signed with key id {key_id}, which is not in the key file \
                 (an older key removed, or a row inserted)"
            ),
            ChainBreak::TailRemoved { last_seq, head_seq } => write!(
                f,
                "the rows after seq {last_seq} up to seq {head_seq} were removed (the chain \
                 head says {head_seq})"
            ),
            ChainBreak::HeadRewritten { last_seq, head_seq } => write!(
                f,
                "the chain head (seq {head_seq}) does not match the last row (seq {last_seq}): \
                 it was rewritten"
            ),
            ChainBreak::OlderRows { found, expected } => write!(
                f,
                "{found} rows from before the chain began, {expected} when it began: \
                 older rows were {}",
                if found < expected {
                    "removed"
                } else {
                    "inserted"
                }
            ),
        }
    }
}

/// What a walk of the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Rows whose MAC verified, up to the first break.
    pub verified: u64,
    /// Rows from before the chain began (no MAC; not judged).
    pub older: u64,
    pub head_seq: i64,
    pub head_mac: String,
    pub broken: Option<ChainBreak>,
}

/// Walks the chain: `rows` in any order, `head` as stored.
pub fn verify(rows: &[ChainRow], head: &ChainHead, keys: &AuditKeys) -> ChainReport {
    let mut report = ChainReport {
        verified: 0,
        older: 0,
        head_seq: head.seq,
        head_mac: head.mac.clone(),
        broken: None,
    };
    let at = |r: &ChainRow| RowRef {
        id: r.id,
        seq: r.seq,
        at: r.at,
    };
    let (mut chained, mut older): (Vec<&ChainRow>, Vec<&ChainRow>) =
        rows.iter().partition(|r| r.seq.is_some());
    chained.sort_by_key(|r| (r.seq, r.id));
    older.sort_by_key(|r| r.id);
    report.older = older.len() as u64;
    // A row without a MAC written after the chain began was not written by a kiosk.
    if let Some(first) = chained.iter().map(|r| r.id).min()
        && let Some(late) = older.iter().find(|r| r.id > first)
    {
        report.broken = Some(ChainBreak::Inserted(at(late)));
        return report;
    }
    let expected_older = head.older_rows;
    if older.len() as i64 != expected_older {
        report.broken = Some(match older.get(expected_older.max(0) as usize) {
            Some(extra) => ChainBreak::Inserted(at(extra)),
            None => ChainBreak::OlderRows {
                found: older.len() as i64,
                expected: expected_older,
            },
        });
        return report;
    }
    let mut expected = 1i64;
    let mut prev = String::new();
    for row in chained {
        let seq = row.seq.unwrap_or_default();
        if seq < expected {
            report.broken = Some(ChainBreak::Inserted(at(row)));
            return report;
        }
        if seq > expected {
            report.broken = Some(ChainBreak::Removed {
                from: expected,
                to: seq - 1,
                before: at(row),
            });
            return report;
        }
        let key_id = row.key_id.as_deref().unwrap_or_default();
        let fields = ChainFields {
            seq,
            at: row.at,
            kiosk_id: &row.kiosk_id,
            actor: &row.actor,
            subject: row.subject.as_deref(),
            action: &row.action,
            outcome: &row.outcome,
            detail: &row.detail,
            key_id,
        };
        let stored = row.mac.as_deref().unwrap_or_default();
        match keys.check(&fields, &prev, stored) {
            None => {
                report.broken = Some(ChainBreak::UnknownKey {
                    row: at(row),
                    key_id: key_id.to_string(),
                });
                return report;
            }
            Some(false) => {
                report.broken = Some(ChainBreak::Changed(at(row)));
                return report;
            }
            Some(true) => {}
        }
        report.verified += 1;
        prev = stored.to_string();
        expected += 1;
    }
    let last_seq = expected - 1;
    if head.seq > last_seq {
        report.broken = Some(ChainBreak::TailRemoved {
            last_seq,
            head_seq: head.seq,
        });
    } else if head.seq < last_seq || head.mac != prev {
        report.broken = Some(ChainBreak::HeadRewritten {
            last_seq,
            head_seq: head.seq,
        });
    }
    report
}

/// `YYYY-MM-DD HH:MM:SSZ` of epoch seconds (the domain has no date crate; civil-from-days).
fn chrono_free_time(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(byte: u8, id: &str) -> AuditKeys {
        AuditKeys::new(vec![(id.to_string(), Zeroizing::new([byte; 32]))])
    }

    /// A clean chain of `n` rows after `older` unchained ones, with its head.
    fn chain(keys: &AuditKeys, older: i64, n: i64) -> (Vec<ChainRow>, ChainHead) {
        let mut rows = Vec::new();
        for id in 1..=older {
            rows.push(row(id, None));
        }
        let mut prev = String::new();
        for seq in 1..=n {
            let mut r = row(older + seq, Some(seq));
            r.key_id = Some(keys.current_id().to_string());
            let mac = keys.seal(&fields(&r), &prev).unwrap();
            r.mac = Some(mac.clone());
            prev = mac;
            rows.push(r);
        }
        let head = ChainHead {
            seq: n,
            mac: prev,
            older_rows: older,
        };
        (rows, head)
    }

    fn row(id: i64, seq: Option<i64>) -> ChainRow {
        ChainRow {
            id,
            seq,
            at: 1_767_268_800 + id,
            kiosk_id: "k1".into(),
            actor: "anna".into(),
            subject: Some("anna".into()),
            action: "verify_password".into(),
            outcome: "invalid".into(),
            detail: String::new(),
            key_id: None,
            mac: None,
        }
    }

    fn fields(r: &ChainRow) -> ChainFields<'_> {
        ChainFields {
            seq: r.seq.unwrap_or_default(),
            at: r.at,
            kiosk_id: &r.kiosk_id,
            actor: &r.actor,
            subject: r.subject.as_deref(),
            action: &r.action,
            outcome: &r.outcome,
            detail: &r.detail,
            key_id: r.key_id.as_deref().unwrap_or_default(),
        }
    }

    #[test]
    fn a_clean_chain_verifies_and_counts_older_rows() {
        let k = keys(1, "aaaa0001");
        let (rows, head) = chain(&k, 3, 10);
        let report = verify(&rows, &head, &k);
        assert_eq!(report.broken, None);
        assert_eq!((report.verified, report.older), (10, 3));
    }

    #[test]
    fn each_kind_of_tampering_names_its_row() {
        let k = keys(1, "aaaa0001");
        let (rows, head) = chain(&k, 2, 6);
        // Changed.
        let mut changed = rows.clone();
        changed[4].outcome = "ok".into();
        let b = verify(&changed, &head, &k).broken.unwrap();
        assert_eq!(
            b,
            ChainBreak::Changed(RowRef {
                id: 5,
                seq: Some(3),
                at: 1_767_268_805
            })
        );
        assert!(
            b.to_string()
                .contains("row id 5 (seq 3, 2026-01-01 12:00:05Z)"),
            "{b}"
        );
        // Removed in the middle.
        let mut removed = rows.clone();
        removed.remove(4);
        let b = verify(&removed, &head, &k).broken.unwrap();
        assert!(
            matches!(b, ChainBreak::Removed { from: 3, to: 3, .. }),
            "{b:?}"
        );
        // Inserted without a MAC after the chain began, or with a made-up one.
        let mut inserted = rows.clone();
        inserted.push(row(99, None));
        assert_eq!(
            verify(&inserted, &head, &k).broken,
            Some(ChainBreak::Inserted(RowRef {
                id: 99,
                seq: None,
                at: 1_767_268_899
            }))
        );
        let mut forged = rows.clone();
        let mut fake = row(50, Some(7));
        fake.key_id = Some("aaaa0001".into());
        fake.mac = Some("00".repeat(32));
        forged.push(fake);
        let forged_head = ChainHead {
            seq: 7,
            ..head.clone()
        };
        assert!(matches!(
            verify(&forged, &forged_head, &k).broken,
            Some(ChainBreak::Changed(RowRef { id: 50, .. }))
        ));
        // The tail cut off while the head still says more.
        let mut cut = rows.clone();
        cut.pop();
        assert_eq!(
            verify(&cut, &head, &k).broken,
            Some(ChainBreak::TailRemoved {
                last_seq: 5,
                head_seq: 6
            })
        );
        // Older rows removed.
        let mut old = rows.clone();
        old.remove(0);
        assert!(matches!(
            verify(&old, &head, &k).broken,
            Some(ChainBreak::OlderRows {
                found: 1,
                expected: 2
            })
        ));
        // Another key: every row is refused at the first.
        assert!(matches!(
            verify(&rows, &head, &keys(2, "aaaa0001")).broken,
            Some(ChainBreak::Changed(RowRef { id: 3, .. }))
        ));
        assert!(matches!(
            verify(&rows, &head, &keys(1, "bbbb0002")).broken,
            Some(ChainBreak::UnknownKey { .. })
        ));
    }

    #[test]
    fn the_encoding_is_unambiguous() {
        let k = keys(1, "aaaa0001");
        let mut a = row(1, Some(1));
        a.key_id = Some("aaaa0001".into());
        let mut b = a.clone();
        // The same bytes split differently between two fields.
        a.actor = "ab".into();
        a.subject = Some("c".into());
        b.actor = "a".into();
        b.subject = Some("bc".into());
        assert_ne!(k.seal(&fields(&a), ""), k.seal(&fields(&b), ""));
        // No subject is not an empty subject.
        let mut c = a.clone();
        c.subject = None;
        let mut d = a.clone();
        d.subject = Some(String::new());
        assert_ne!(k.seal(&fields(&c), ""), k.seal(&fields(&d), ""));
    }

    #[test]
    fn times_print_as_utc() {
        assert_eq!(chrono_free_time(0), "1970-01-01 00:00:00Z");
        assert_eq!(chrono_free_time(1_767_268_800), "2026-01-01 12:00:00Z");
        assert_eq!(chrono_free_time(951_782_400), "2000-02-29 00:00:00Z");
    }
}
