//! Checking a configuration: the keys a file or `KIOSK__*` variable may set, and the values
//! the settings may hold (each error names the key and where it came from).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use config::{File, FileFormat, Value, ValueKind};

use super::*;

/// The values a closed-set key takes, for error messages.
fn allowed_values(key: &str) -> Option<Vec<&'static str>> {
    Some(match key {
        "languages.default" | "languages.available" => Lang::ALL.map(Lang::code).to_vec(),
        "sms.provider" => vec!["outbox", "46elks", "twilio", "http", "none"],
        "mail.transport" => vec!["smtp", "file", "none"],
        "mail.smtp.tls" => vec!["starttls", "tls", "none"],
        k if k.starts_with("categories.") && k.ends_with(".verification.require") => {
            vec!["questions", "sms"]
        }
        _ => return None,
    })
}

/// serde's "enum Lang does not have variant constructor de" in the words of the
/// configuration: the value that was given and the values allowed.
pub(super) fn unknown_variant(key: &str, message: &str) -> Option<String> {
    let value = message
        .split_once("does not have variant constructor ")?
        .1
        .trim();
    let allowed = allowed_values(key)?;
    Some(format!(
        "unknown value {value:?}; allowed values are {}",
        allowed.join(", ")
    ))
}

/// Where a value came from, for error messages: the file or the environment variable.
pub(super) fn origin_of(key: &str, file: Option<&Path>, env: &HashMap<String, String>) -> String {
    let var = format!("KIOSK__{}", key.replace('.', "__").to_uppercase());
    if env.contains_key(&var) {
        format!("environment variable {var}")
    } else if let Some(path) = file {
        path.display().to_string()
    } else {
        "the built-in defaults".to_string()
    }
}

/// Flattens a source's values into dotted keys (`categories.staff.min_length`).
fn flatten(prefix: &str, value: &Value, out: &mut Vec<String>) {
    if let ValueKind::Table(table) = &value.kind {
        for (k, v) in table {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            flatten(&key, v, out);
        }
    } else {
        out.push(prefix.to_string());
    }
}

/// A key with the category name replaced by `*`, so every category shares one shape.
pub(super) fn shape(key: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    if parts.len() >= 2 && parts[0] == "categories" {
        let mut p = parts.clone();
        p[1] = "*";
        p.join(".")
    } else {
        key.to_string()
    }
}

/// The keys whose value is a list of plain values (`languages.available`,
/// `categories.*.expiry.notice_days`), by shape: an environment variable gives such a list
/// as comma-separated values.
pub(super) fn list_shapes() -> Result<BTreeSet<String>, ConfigError> {
    fn walk(prefix: &str, value: &Value, out: &mut BTreeSet<String>) {
        match &value.kind {
            ValueKind::Table(table) => {
                for (k, v) in table {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            // An empty list in the defaults is a list of plain values too.
            ValueKind::Array(items)
                if !items
                    .iter()
                    .any(|i| matches!(i.kind, ValueKind::Table(_) | ValueKind::Array(_))) =>
            {
                out.insert(shape(prefix));
            }
            _ => {}
        }
    }
    let map = File::from_str(DEFAULT_TOML, FileFormat::Toml).collect()?;
    let mut out = BTreeSet::new();
    for (k, v) in &map {
        walk(k, v, &mut out);
    }
    Ok(out)
}

/// Whether a key's value may hold a secret, so that no error message repeats it: secret-
/// looking names, and the URLs, headers and bodies that carry credentials inside.
pub(super) fn holds_secret(key: &str) -> bool {
    let name = key.rsplit('.').next().unwrap_or(key);
    looks_secret(name) || matches!(name, "url" | "urls" | "base_url" | "headers" | "body")
}

/// The dotted key of a `KIOSK__SECTION__KEY` variable, as the config crate reads it.
pub(super) fn env_key(var: &str) -> Option<String> {
    Some(
        var.strip_prefix("KIOSK__")?
            .replace("__", ".")
            .to_lowercase(),
    )
}

pub(super) fn known_shapes() -> Result<BTreeSet<String>, ConfigError> {
    let map = File::from_str(DEFAULT_TOML, FileFormat::Toml).collect()?;
    let mut keys = Vec::new();
    for (k, v) in &map {
        flatten(k, v, &mut keys);
    }
    Ok(keys.iter().map(|k| shape(k)).collect())
}

pub(super) fn check_keys(
    map: &config::Map<String, Value>,
    known: &BTreeSet<String>,
    origin: &dyn Fn(&str) -> String,
) -> Result<(), ConfigError> {
    let mut keys = Vec::new();
    for (k, v) in map {
        flatten(k, v, &mut keys);
    }
    for key in keys {
        // `categories.NAME` alone (an empty table) is allowed; anything else must be known.
        let s = shape(&key);
        let is_category_table = s == "categories.*";
        // A text per language (`support.hours.sv`) may also be one text for all.
        let one_text = Lang::ALL
            .iter()
            .any(|l| known.contains(&format!("{s}.{}", l.code())));
        if !known.contains(&s) && !is_category_table && !one_text {
            return Err(ConfigError::UnknownKey {
                origin: origin(&key),
                key,
            });
        }
    }
    Ok(())
}

impl Settings {
    pub(super) fn validate(&self, origin: &dyn Fn(&str) -> String) -> Result<(), ConfigError> {
        let bad = |key: &str, reason: &str| ConfigError::BadValue {
            key: key.to_string(),
            origin: origin(key),
            reason: reason.to_string(),
        };
        if self.kiosk.id.trim().is_empty() {
            return Err(bad("kiosk.id", "must not be empty"));
        }
        if self.kiosk.idle_timeout_secs < 10 {
            return Err(bad("kiosk.idle_timeout_secs", "must be at least 10"));
        }
        if !(1..=MAX_REFERENCE_CHARS).contains(&self.helpdesk.id_reference_chars) {
            return Err(bad("helpdesk.id_reference_chars", "must be 1 to 40"));
        }
        if self.kiosk.session_limit_secs < 60 {
            return Err(bad("kiosk.session_limit_secs", "must be at least 60"));
        }
        let region = self.kiosk.phone_region.as_str();
        // The region enum is generated from the metadata; loading the metadata itself (its
        // regexes) would cost the first frame, so it loads when someone starts (app::run).
        if region.parse::<phonenumber::country::Id>().is_err() {
            return Err(bad(
                "kiosk.phone_region",
                &format!(
                    "unknown region {region:?}; an ISO 3166 two-letter country code in capitals, \
                     such as SE, NO, FI, DK, IT or GB"
                ),
            ));
        }
        self.check_gateway(&bad)?;
        let url = &self.database.url;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres:")
            || url.starts_with("postgresql:"))
        {
            return Err(bad("database.url", "must start with sqlite: or postgres:"));
        }
        if self.database.max_connections == 0 {
            return Err(bad("database.max_connections", "must be at least 1"));
        }
        if self.database.idle_timeout_secs == 0 {
            return Err(bad("database.idle_timeout_secs", "must be at least 1"));
        }
        if self.languages.available.is_empty() {
            return Err(bad(
                "languages.available",
                "must name at least one language",
            ));
        }
        for (key, text) in [
            ("support.hours", &self.support.hours),
            ("support.place", &self.support.place),
        ] {
            if let Some(code) = text.unknown_codes().first() {
                let known = Lang::ALL.map(Lang::code).join(", ");
                return Err(bad(
                    key,
                    &format!("unknown language {code:?} (use {known})"),
                ));
            }
        }
        if !self.languages.available.contains(&self.languages.default) {
            let available: Vec<&str> = self.languages.available.iter().map(|l| l.code()).collect();
            return Err(bad(
                "languages.default",
                &format!(
                    "{:?} must be one of languages.available ({})",
                    self.languages.default.code(),
                    available.join(", ")
                ),
            ));
        }
        if self.lockout.max_failures == 0 {
            return Err(bad("lockout.max_failures", "must be at least 1"));
        }
        let h = &self.hashing;
        if h.iterations == 0 || h.parallelism == 0 || h.memory_kib < 8 * h.parallelism {
            return Err(bad(
                "hashing.memory_kib",
                "argon2 needs iterations >= 1, parallelism >= 1, memory_kib >= 8 x parallelism",
            ));
        }
        if self.temp_password.uses == 0 {
            return Err(bad("temp_password.uses", "must be at least 1"));
        }
        if self.temp_password.valid_days == 0 {
            return Err(bad("temp_password.valid_days", "must be at least 1"));
        }
        let desk = &self.helpdesk;
        if desk.idle_timeout_secs < 10 {
            return Err(bad("helpdesk.idle_timeout_secs", "must be at least 10"));
        }
        if desk.temp_password_display_secs == 0 {
            return Err(bad(
                "helpdesk.temp_password_display_secs",
                "must be at least 1",
            ));
        }
        // Without a document type no identity check can be recorded, so staff could do nothing.
        if desk.id_documents.iter().all(|d| d.trim().is_empty()) {
            return Err(bad(
                "helpdesk.id_documents",
                "must name at least one document type",
            ));
        }
        // A misspelt category would silently leave the real one unprotected.
        if let Some(c) = desk
            .protected_categories
            .iter()
            .find(|c| !self.categories.contains_key(*c))
        {
            return Err(bad(
                "helpdesk.protected_categories",
                &format!("unknown category {c:?}"),
            ));
        }
        if let Some(u) = desk
            .usernames
            .iter()
            .find(|u| crate::domain::username::Username::parse(u).is_err())
        {
            return Err(bad(
                "helpdesk.usernames",
                &format!("{u:?} is not a valid username"),
            ));
        }
        if let Err(e) = self.names.pattern() {
            let reason = e.to_string();
            // regex's message spans lines (the pattern, a caret, the error): one line here.
            let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
            return Err(bad(
                "names.username_pattern",
                &format!("not a regular expression: {reason}"),
            ));
        }
        if self.names.display_name_max_chars == 0 {
            return Err(bad("names.display_name_max_chars", "must be at least 1"));
        }
        if let Some((key, message)) = self.directory.problem() {
            return Err(bad(key, &message));
        }
        if let Some((key, message)) = self.targets.problem() {
            return Err(bad(key, &message));
        }
        if let Some(rule) = self
            .directory
            .categories
            .iter()
            .find(|r| !self.categories.contains_key(&r.category))
        {
            return Err(bad(
                "directory.categories",
                &format!("unknown category {:?}", rule.category),
            ));
        }
        if self.categories.is_empty() {
            return Err(bad("categories", "at least one category is needed"));
        }
        for (name, p) in &self.categories {
            let key = |k: &str| format!("categories.{name}.{k}");
            if p.max_length > MAX_PASSWORD_CHARS {
                return Err(bad(&key("max_length"), "must be at most 128"));
            }
            if p.min_length == 0 || p.min_length > p.max_length {
                return Err(bad(&key("min_length"), "must be between 1 and max_length"));
            }
            if p.min_score > 4 {
                return Err(bad(&key("min_score"), "must be between 0 and 4"));
            }
            // No temporary password (nor any password) could meet it: refuse it here.
            {
                use crate::domain::temp_password::{TempPasswordError as E, check_feasible};
                match check_feasible(p) {
                    Err(E::TooShort { .. }) => {
                        return Err(bad(
                            &key("max_length"),
                            "is shorter than the number of required character classes",
                        ));
                    }
                    Err(e @ E::ScoreOutOfReach { .. }) => {
                        return Err(bad(&key("min_score"), &e.to_string()));
                    }
                    _ => {}
                }
            }
            if p.questions.ask > p.questions.enroll {
                return Err(bad(
                    &key("questions.ask"),
                    "must be at most questions.enroll",
                ));
            }
            // A notice "0 days before" would fall on the expiry instant itself and never be sent.
            if p.expiry.notice_days.contains(&0) {
                return Err(bad(
                    &key("expiry.notice_days"),
                    "days before expiry must be at least 1",
                ));
            }
        }
        Ok(())
    }

    /// The chosen SMS gateway has what it needs to send: an empty credential would only
    /// show up as failed codes at the kiosk.
    fn check_gateway(&self, bad: &dyn Fn(&str, &str) -> ConfigError) -> Result<(), ConfigError> {
        let sms = &self.sms;
        let needed: Vec<(&str, &str)> = match sms.provider {
            SmsProvider::Elks => vec![
                ("sms.elks.url", &sms.elks.url),
                ("sms.elks.username", &sms.elks.username),
                ("sms.elks.password", &sms.elks.password),
            ],
            SmsProvider::Twilio => vec![
                ("sms.twilio.base_url", &sms.twilio.base_url),
                ("sms.twilio.account_sid", &sms.twilio.account_sid),
                ("sms.twilio.auth_token", &sms.twilio.auth_token),
                ("sms.twilio.from", &sms.twilio.from),
            ],
            SmsProvider::Http => vec![("sms.http.url", &sms.http.url)],
            SmsProvider::Outbox | SmsProvider::None => Vec::new(),
        };
        let provider = match sms.provider {
            SmsProvider::Elks => "46elks",
            SmsProvider::Twilio => "twilio",
            _ => "http",
        };
        match needed.iter().find(|(_, v)| v.trim().is_empty()) {
            Some((key, _)) => Err(bad(
                key,
                &format!("must not be empty with sms.provider = \"{provider}\""),
            )),
            None => Ok(()),
        }
    }
}
