//! Settings: the embedded default (kiosk.toml) → the `--config` file → `KIOSK__SECTION__KEY`
//! environment variables. Unknown keys and bad values are errors naming the key and its source.

mod directory;
mod secrets;
mod targets;
mod tls;
mod validate;

pub use directory::{CategoryRule, DirectoryKind, DirectorySettings};
pub use targets::{GoogleSettings, MicrosoftSettings, TargetSettings};

use secrets::redact_tree;
pub use secrets::{credential_keys, looks_secret, permission_warning, redact_url};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use config::{Config, Environment, File, FileFormat, Source};
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

use validate::{
    check_keys, env_key, holds_secret, known_shapes, list_shapes, origin_of, shape, unknown_variant,
};

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
