//! Settings: the embedded default (kiosk.toml) → the `--config` file → `KIOSK__SECTION__KEY`
//! environment variables. Unknown keys and bad values are errors naming the key and its source.

mod directory;
mod secrets;
mod targets;
mod tls;

pub use directory::{CategoryRule, DirectoryKind, DirectorySettings};
pub use targets::{GoogleSettings, MicrosoftSettings, TargetSettings};

use secrets::redact_tree;
pub use secrets::{credential_keys, looks_secret, permission_warning, redact_url};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use config::{Config, Environment, File, FileFormat, Source, Value, ValueKind};
use serde::{Deserialize, Serialize};

use crate::domain::desk::MAX_REFERENCE_CHARS;
pub use crate::domain::expiry::CategoryExpiry;
use crate::domain::lang::Lang;
use crate::domain::lockout::{LockoutRules, MachineRules, PaceRules};
use crate::domain::names::UsernamePattern;
pub use crate::domain::policy::{
    CategoryPolicy, CategoryQuestions, CategoryVerification, MAX_PASSWORD_CHARS,
};

/// The documented default configuration, compiled in as the built-in defaults.
pub const DEFAULT_TOML: &str = include_str!("../../kiosk.toml");

/// The effective configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub kiosk: KioskSettings,
    pub database: DatabaseSettings,
    pub keys: KeySettings,
    pub support: SupportSettings,
    pub languages: LanguageSettings,
    pub lockout: LockoutSettings,
    pub hashing: HashingSettings,
    pub temp_password: TempPasswordSettings,
    pub sms: SmsSettings,
    pub mail: MailSettings,
    pub questions: QuestionSettings,
    pub helpdesk: HelpdeskSettings,
    pub names: NameSettings,
    pub directory: DirectorySettings,
    pub targets: TargetSettings,
    pub categories: BTreeMap<String, CategoryPolicy>,
}

/// Where the school's secret key file is (see `crate::keyfile`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySettings {
    pub file: PathBuf,
    /// New password and answer hashes take a pepper derived from the key file.
    pub pepper: bool,
}

/// What a roster's usernames and display names may be.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameSettings {
    /// A regular expression every username must match whole, at import and at the kiosk.
    pub username_pattern: String,
    /// Display names longer than this are cut at import.
    pub display_name_max_chars: usize,
}

impl NameSettings {
    /// The compiled username pattern (checked when the settings are loaded).
    pub fn pattern(&self) -> Result<UsernamePattern, regex::Error> {
        UsernamePattern::new(&self.username_pattern)
    }
}

/// SMS gateway and one-time code settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsSettings {
    pub provider: SmsProvider,
    pub sender: String,
    pub timeout_secs: u64,
    pub code_valid_minutes: u32,
    pub max_tries: u32,
    pub per_account_per_hour: u32,
    pub per_kiosk_per_hour: u32,
    pub resend_after_secs: u64,
    pub outbox: OutboxSettings,
    pub elks: ElksSettings,
    pub twilio: TwilioSettings,
    pub http: HttpGatewaySettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsProvider {
    Outbox,
    #[serde(rename = "46elks")]
    Elks,
    Twilio,
    Http,
    None,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxSettings {
    pub path: PathBuf,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElksSettings {
    pub url: String,
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwilioSettings {
    pub base_url: String,
    pub account_sid: String,
    pub auth_token: String,
    pub from: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpGatewaySettings {
    pub method: String,
    pub url: String,
    /// "Name: value" lines.
    pub headers: Vec<String>,
    pub content_type: String,
    pub body: String,
    pub expected_status: u16,
}

/// Email settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub transport: MailTransport,
    pub from: String,
    pub file_dir: PathBuf,
    pub smtp: SmtpSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    Smtp,
    File,
    None,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: String,
    pub password: String,
    pub timeout_secs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    Starttls,
    Tls,
    None,
}

/// Security question settings shared by all categories.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSettings {
    pub min_answer_length: usize,
    pub max_failures: u32,
    pub lock_minutes: u32,
}

/// Office staff (helpdesk) settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpdeskSettings {
    pub idle_timeout_secs: u64,
    pub second_factor: bool,
    pub protected_categories: Vec<String>,
    pub id_documents: Vec<String>,
    /// The most characters of a document's number an identity check may record.
    pub id_reference_chars: usize,
    pub temp_password_display_secs: u64,
    pub usernames: Vec<String>,
    /// A command that prints a PDF read from standard input (`lp`): staff mode then prints
    /// a temporary password on a slip instead of showing it. Empty: shown on screen.
    #[serde(default)]
    pub print_command: String,
}

impl HelpdeskSettings {
    /// Staff mode prints temporary passwords on slips (a print command is set).
    pub fn prints_slips(&self) -> bool {
        !self.print_command.trim().is_empty()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskSettings {
    pub id: String,
    pub school_name: String,
    pub idle_timeout_secs: u64,
    pub done_timeout_secs: u64,
    /// The longest one person's session may last, however busy (issue 11, point 8).
    pub session_limit_secs: u64,
    /// Keystrokes closer together than this are faster than a person types.
    pub machine_key_ms: u64,
    /// Machine-speed submissions in a row that start a cooldown (0 = never).
    pub machine_submissions: u32,
    pub machine_cooldown_secs: u64,
    pub reveal_unknown_username: bool,
    pub phone_region: String,
}

impl KioskSettings {
    /// The limits on machine-speed input, as the pure logic takes them.
    pub fn machine_rules(&self) -> MachineRules {
        MachineRules {
            key_ms: self.machine_key_ms,
            submissions: self.machine_submissions,
            cooldown_secs: self.machine_cooldown_secs,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: String,
    pub max_connections: u32,
    /// A pooled connection unused this long is closed (PostgreSQL).
    pub idle_timeout_secs: u64,
    /// PgBouncer in transaction mode in front of PostgreSQL: no named prepared statements.
    pub pgbouncer: bool,
}

impl DatabaseSettings {
    /// The kiosk's pool.
    pub fn pool(&self) -> crate::domain::pool::PoolSettings {
        crate::domain::pool::PoolSettings {
            max_connections: self.max_connections,
            idle_timeout: std::time::Duration::from_secs(self.idle_timeout_secs),
            pgbouncer: self.pgbouncer,
        }
    }

    /// The pool of a command run now and then (`notify`, `directory sync`, `admin`): a few
    /// more connections than one kiosk's, gone when it ends.
    pub fn command_pool(&self) -> crate::domain::pool::PoolSettings {
        crate::domain::pool::PoolSettings {
            max_connections: self.max_connections.max(COMMAND_CONNECTIONS),
            ..self.pool()
        }
    }
}

/// The connections a command may use when the kiosk's own maximum is smaller.
const COMMAND_CONNECTIONS: u32 = 4;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportSettings {
    pub unit: String,
    pub phone: String,
    pub email: String,
    /// Opening hours: one text, or one per language.
    pub hours: Localized,
    /// Where the office is ("Expeditionen, hus A, plan 2"): one text, or one per language.
    #[serde(default)]
    pub place: Localized,
}

impl SupportSettings {
    /// " (place, hours)" of the office in `lang`, or "" when neither is set: the tail of
    /// every message that sends a person to the office (`{ $office }`), on screen and in
    /// notices.
    pub fn office_where(&self, lang: Lang) -> String {
        let parts: Vec<&str> = [self.place.get(lang), self.hours.get(lang)]
            .into_iter()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    }
}

/// A text the same in every language (`"…"`) or one per language (`{ sv = "…", en = "…" }`;
/// a language without its own falls back to Swedish, then to any).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Localized {
    One(String),
    Each(std::collections::BTreeMap<String, String>),
}

impl Default for Localized {
    fn default() -> Self {
        Localized::One(String::new())
    }
}

impl Localized {
    /// The text for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Localized::One(text) => text,
            Localized::Each(each) => each
                .get(lang.code())
                .or_else(|| each.get(Lang::Sv.code()))
                .or_else(|| each.values().next())
                .map_or("", String::as_str),
        }
    }

    /// Language codes that are not one of the kiosk's.
    fn unknown_codes(&self) -> Vec<&str> {
        match self {
            Localized::One(_) => Vec::new(),
            Localized::Each(each) => each
                .keys()
                .map(String::as_str)
                .filter(|code| Lang::parse(code).is_none())
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSettings {
    pub default: Lang,
    pub available: Vec<Lang>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockoutSettings {
    pub max_failures: u32,
    /// 0 = locked until office staff unlock the account.
    pub lock_minutes: u32,
    /// Each lock doubles the one before, up to this.
    pub max_lock_minutes: u32,
    /// Locks within `lock_window_hours` after which only staff unlock (0 = never).
    pub locks_until_staff: u32,
    pub lock_window_hours: u32,
    /// Wrong passwords in a row at one kiosk (any names) before it slows down.
    pub kiosk_free_failures: u32,
    pub kiosk_first_delay_secs: u32,
    pub kiosk_max_delay_secs: u32,
}

impl LockoutSettings {
    /// The limits as the pure lock logic takes them.
    pub fn rules(&self) -> LockoutRules {
        LockoutRules {
            max_failures: self.max_failures,
            first_lock_secs: i64::from(self.lock_minutes) * 60,
            max_lock_secs: i64::from(self.max_lock_minutes) * 60,
            locks_until_staff: self.locks_until_staff,
            window_secs: i64::from(self.lock_window_hours) * 3600,
        }
    }

    /// How one kiosk slows down after wrong passwords.
    pub fn pace(&self) -> PaceRules {
        PaceRules {
            free_failures: self.kiosk_free_failures,
            first_delay_secs: i64::from(self.kiosk_first_delay_secs),
            max_delay_secs: i64::from(self.kiosk_max_delay_secs),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HashingSettings {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TempPasswordSettings {
    pub uses: u32,
    pub valid_days: u32,
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {0} not found")]
    Missing(PathBuf),
    /// It exists but cannot be read (permissions, a folder): said with its path.
    #[error("cannot read the configuration file {0}: {1}")]
    Unreadable(PathBuf, #[source] std::io::Error),
    #[error("unknown key `{key}` in {origin}")]
    UnknownKey { key: String, origin: String },
    #[error("bad value for `{key}` in {origin}: {reason}")]
    BadValue {
        key: String,
        origin: String,
        reason: String,
    },
    #[error("{0}")]
    Parse(#[from] config::ConfigError),
}

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
fn unknown_variant(key: &str, message: &str) -> Option<String> {
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
fn origin_of(key: &str, file: Option<&Path>, env: &HashMap<String, String>) -> String {
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
fn shape(key: &str) -> String {
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
fn list_shapes() -> Result<BTreeSet<String>, ConfigError> {
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
fn holds_secret(key: &str) -> bool {
    let name = key.rsplit('.').next().unwrap_or(key);
    looks_secret(name) || matches!(name, "url" | "urls" | "base_url" | "headers" | "body")
}

/// The dotted key of a `KIOSK__SECTION__KEY` variable, as the config crate reads it.
fn env_key(var: &str) -> Option<String> {
    Some(
        var.strip_prefix("KIOSK__")?
            .replace("__", ".")
            .to_lowercase(),
    )
}

fn known_shapes() -> Result<BTreeSet<String>, ConfigError> {
    let map = File::from_str(DEFAULT_TOML, FileFormat::Toml).collect()?;
    let mut keys = Vec::new();
    for (k, v) in &map {
        flatten(k, v, &mut keys);
    }
    Ok(keys.iter().map(|k| shape(k)).collect())
}

fn check_keys(
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
    /// Loads the settings. `path`: the `--config` file (required when given explicitly);
    /// `None` reads ./kiosk.toml when present. `env`: the environment to read
    /// `KIOSK__*` variables from (`None` = the process environment).
    pub fn load(
        path: Option<&Path>,
        env: Option<HashMap<String, String>>,
    ) -> Result<Settings, ConfigError> {
        let file = match path {
            Some(p) if !p.exists() => return Err(ConfigError::Missing(p.to_path_buf())),
            Some(p) => Some(p.to_path_buf()),
            None => {
                let p = PathBuf::from("kiosk.toml");
                p.exists().then_some(p)
            }
        };
        // The config crate's own error would say "Permission denied" without the file.
        if let Some(p) = &file {
            std::fs::File::open(p)
                .and_then(|f| {
                    let meta = f.metadata()?;
                    if meta.is_dir() {
                        Err(std::io::Error::other("a folder, not a file"))
                    } else {
                        Ok(())
                    }
                })
                .map_err(|e| ConfigError::Unreadable(p.clone(), e))?;
        }
        let env: HashMap<String, String> = env.unwrap_or_else(|| {
            std::env::vars()
                .filter(|(k, _)| k.starts_with("KIOSK__"))
                .collect()
        });
        // A list from the environment is comma-separated ("sv, en"); every other value is
        // one string, commas and all.
        let lists = list_shapes()?;
        let mut env_source = Environment::with_prefix("KIOSK")
            .prefix_separator("__")
            .separator("__")
            .try_parsing(true)
            .list_separator(",");
        let mut values = HashMap::new();
        for (var, value) in &env {
            let value = match env_key(var).filter(|key| lists.contains(&shape(key))) {
                Some(key) => {
                    env_source = env_source.with_list_parse_key(&key);
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .collect::<Vec<_>>()
                        .join(",")
                }
                None => value.clone(),
            };
            values.insert(var.clone(), value);
        }
        // A non-list key must be in the list too, or the crate splits every value at commas.
        let env_source = env_source
            .with_list_parse_key("languages.available")
            .source(Some(values.into_iter().collect()));

        let known = known_shapes()?;
        let file_ref = file.as_deref();
        let origin = |key: &str| origin_of(key, file_ref, &env);
        if let Some(p) = &file {
            let src = File::from(p.as_path()).format(FileFormat::Toml);
            let map = src.collect()?;
            check_keys(&map, &known, &|_| p.display().to_string())?;
        }
        let map = env_source.collect()?;
        check_keys(&map, &known, &|k| origin_of(k, None, &env))?;

        let mut builder =
            Config::builder().add_source(File::from_str(DEFAULT_TOML, FileFormat::Toml));
        if let Some(p) = &file {
            builder = builder.add_source(File::from(p.as_path()).format(FileFormat::Toml));
        }
        let cfg = builder.add_source(env_source).build()?;
        let settings: Settings = cfg.try_deserialize().map_err(|e| match e {
            // The value of a secret-looking key is never repeated.
            config::ConfigError::Type {
                key: Some(key),
                unexpected,
                expected,
                ..
            } => ConfigError::BadValue {
                origin: origin(&key),
                reason: if holds_secret(&key) {
                    format!("expected {expected} (the value is not shown: a secret)")
                } else {
                    format!("found {unexpected}, expected {expected}")
                },
                key,
            },
            // A value outside a closed set (an unknown reset method): named by its key,
            // without the list index, as every other bad value is.
            config::ConfigError::At {
                key: Some(key),
                error,
                ..
            } => {
                let key = key.split('[').next().unwrap_or(&key).to_string();
                let reason = if holds_secret(&key) {
                    "not a valid value (the value is not shown: a secret)".to_string()
                } else {
                    unknown_variant(&key, &error.to_string()).unwrap_or_else(|| error.to_string())
                };
                ConfigError::BadValue {
                    origin: origin(&key),
                    key,
                    reason,
                }
            }
            other => ConfigError::Parse(other),
        })?;
        settings.validate(&origin)?;
        Ok(settings)
    }

    /// The built-in defaults alone.
    #[allow(
        clippy::expect_used,
        reason = "the embedded kiosk.toml is a compile-time constant checked by tests/config_file.rs"
    )]
    pub fn defaults() -> Settings {
        Config::builder()
            .add_source(File::from_str(DEFAULT_TOML, FileFormat::Toml))
            .build()
            .and_then(Config::try_deserialize::<Settings>)
            .expect("the embedded kiosk.toml is valid")
    }

    fn validate(&self, origin: &dyn Fn(&str) -> String) -> Result<(), ConfigError> {
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
        // regexes) would cost the first frame, so it is warmed up after it (app::run).
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

    /// The policy of a category, if the category exists.
    pub fn policy(&self, category: &str) -> Option<&CategoryPolicy> {
        self.categories.get(category)
    }

    /// Settings that are valid but weaken the kiosk: `check-config` prints each.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if !self.helpdesk.second_factor {
            warnings.push(
                "helpdesk.second_factor = false: staff sign in to staff mode with a password \
                 alone; whoever learns or resets a helpdesk password gets staff powers"
                    .to_string(),
            );
        }
        warnings.extend(tls::postgres_tls_warning(&self.database.url));
        warnings.extend(self.directory.warnings());
        warnings
    }

    /// The effective configuration as TOML with secrets redacted: passwords in URLs (user
    /// info and query), secret-looking query parameters and body fields of `sms.http`, every
    /// header value, and the value of every secret-looking key.
    pub fn redacted_toml(&self) -> String {
        let mut value = match toml::Value::try_from(self) {
            Ok(v) => v,
            Err(e) => return format!("# cannot print: {e}"),
        };
        redact_tree("", &mut value, &mut Vec::new());
        toml::to_string_pretty(&value).unwrap_or_else(|e| format!("# cannot print: {e}"))
    }
}
