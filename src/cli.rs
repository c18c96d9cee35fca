//! The command line: the kiosk itself (default), `--demo`, `check-config`, `migrate`,
//! `seed-demo`, `notify` and the `admin` commands. Exit codes: 0 ok, 1 error, 2 usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::clock::{SystemClock, format_date};
use crate::config::{Settings, permission_warning};
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::text::sanitize;
use crate::service::{ImportError, Services, SlipsFor};
use crate::store::Store;

/// The demo database, seeded afresh on every `--demo` start.
pub const DEMO_DB_URL: &str = "sqlite://var/demo.db";

#[derive(Debug, Parser)]
#[command(name = "kiosk", version, about = "Password self-service kiosk")]
pub struct Cli {
    /// Configuration file (default ./kiosk.toml when present).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Run on var/demo.db with the demo accounts (re-created at start); F10 quits.
    #[arg(long)]
    pub demo: bool,
    /// The office's own terminal: start at the staff sign-in, and come back there after
    /// every session.
    #[arg(long)]
    pub staff: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the configuration and print it with secrets redacted.
    CheckConfig,
    /// Apply the database migrations: on PostgreSQL the only command that changes the
    /// schema, run with the owner's role (a SQLite kiosk also migrates at every start).
    Migrate,
    /// Create the secret key file (`keys.file`, mode 0600); refused when it exists.
    InitSecret {
        /// Put a fresh key first in the existing file; the older keys stay, only to verify
        /// the audit rows they signed. Live codes, name tags and decoys change.
        #[arg(long)]
        rotate: bool,
    },
    /// Load the demo roster into the configured database and reset the demo accounts.
    SeedDemo,
    /// Send the password expiry notices that are due and lock accounts whose grace ended
    /// (run daily by kiosk-notify.timer). Exit code 1 when a notice could not be sent.
    Notify {
        /// Print what would be sent and locked; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Provisioning and office staff commands.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The school's directory ([directory] in the configuration).
    #[command(subcommand)]
    Directory(DirectoryCommand),
    /// Write the manual pages (kiosk.1 and one per command) into a folder: for packaging
    /// (scripts/package), so hidden from --help and from the pages themselves.
    #[command(hide = true)]
    Man {
        /// The folder the pages are written to (created when missing).
        out_dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum DirectoryCommand {
    /// Create and update the kiosk's accounts from the directory; deactivate those it no
    /// longer has. Exit code 1 when some person or value was left out (listed).
    Sync,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create or update accounts from a CSV with header username,display_name,category,email,mobile
    /// and, optionally, language (sv, en or it; empty: the default language).
    /// All rows or none: every bad row is listed (exit code 1) and nothing changes.
    Import {
        file: PathBuf,
        /// Check the whole file and list every bad row; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Issue a temporary password (printed once) that must be changed at first use; with
    /// --slips, for one person or a whole class, printed on slips in a PDF instead.
    TempPassword {
        /// The person (or --category / --from for a class).
        #[arg(required_unless_present_any = ["category", "from"], conflicts_with_all = ["category", "from"])]
        username: Option<String>,
        /// Every active account of this category (with --slips).
        #[arg(long, requires = "slips", conflicts_with = "from")]
        category: Option<String>,
        /// A CSV of usernames: a `username` column, or one username a line (with --slips).
        #[arg(long, requires = "slips")]
        from: Option<PathBuf>,
        /// Write one slip per person to this PDF (created new, mode 0600; never
        /// overwritten) instead of printing the password: the passwords go nowhere else.
        #[arg(long)]
        slips: Option<PathBuf>,
        /// Sign-ins it is good for (at least 1).
        #[arg(long, value_parser = at_least_one)]
        uses: Option<u32>,
        /// Days it stays valid (at least 1).
        #[arg(long, value_parser = at_least_one)]
        valid_days: Option<u32>,
    },
    /// Lift a lock and clear the failure counters.
    Unlock { username: String },
    /// Give an account the helpdesk role: office staff mode (F9 at the kiosk, `kiosk --staff`).
    GrantHelpdesk { username: String },
    /// Take the helpdesk role given with grant-helpdesk away.
    RevokeHelpdesk { username: String },
    /// Show an account: category, status, expiry, lock, methods. Never a secret.
    Show { username: String },
    /// Print the audit trail.
    Audit {
        /// Only rows about this username.
        #[arg(long)]
        user: Option<String>,
        /// Only rows from this date (YYYY-MM-DD, UTC) on.
        #[arg(long)]
        since: Option<String>,
        /// JSON lines instead of a table.
        #[arg(long)]
        json: bool,
        /// A printout for the person `--user` names, in their language: what happened in
        /// words, when, where and by whom.
        #[arg(long, requires = "user", conflicts_with = "json")]
        plain: bool,
        /// Walk the audit chain: name the first row changed, removed or inserted (exit 1),
        /// or say how many rows verified and print the head MAC to note down elsewhere.
        #[arg(long, conflicts_with_all = ["user", "since", "json", "plain"])]
        verify: bool,
    },
}

/// The usernames of a class list: the `username` column when the first row names one,
/// else the first column of every row; blank cells are skipped.
fn usernames_from_csv(file: &Path) -> anyhow::Result<Vec<String>> {
    let input =
        std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record.with_context(|| format!("cannot read {}", file.display()))?);
    }
    let header = rows
        .first()
        .and_then(|r| r.iter().position(|f| f.eq_ignore_ascii_case("username")));
    let (column, skip) = header.map_or((0, 0), |i| (i, 1));
    Ok(rows
        .iter()
        .skip(skip)
        .filter_map(|r| r.get(column))
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect())
}

/// A count that must be at least 1: a temporary password good for 0 sign-ins or 0 days
/// could never be used, so 0 is a usage error (exit code 2), never silently made 1.
fn at_least_one(arg: &str) -> Result<u32, String> {
    match arg.trim().parse::<u32>() {
        Ok(0) => Err("must be at least 1 (0 would make a password that can never be used)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "expected a whole number of at least 1, got {arg:?}"
        )),
    }
}

/// The configuration file the settings come from: `--config PATH`, or ./kiosk.toml when
/// present.
pub fn config_file(cli: &Cli) -> Option<PathBuf> {
    match &cli.config {
        Some(p) => Some(p.clone()),
        None => {
            let p = PathBuf::from("kiosk.toml");
            p.exists().then_some(p)
        }
    }
}

/// Loads settings (with the demo database and the SMS outbox when `--demo`).
pub fn load_settings(cli: &Cli) -> anyhow::Result<Settings> {
    let mut settings = Settings::load(cli.config.as_deref(), None)?;
    if cli.demo {
        settings.database.url = DEMO_DB_URL.to_string();
        // The demo shows SMS working without a gateway: its codes go to the outbox file.
        settings.sms.provider = crate::config::SmsProvider::Outbox;
    }
    Ok(settings)
}

/// Whether opening the database may change its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// `kiosk migrate`: apply what is missing (on PostgreSQL as the database owner).
    Migrate,
    /// Everything else: SQLite (one kiosk's own file, `--demo`) is migrated; PostgreSQL is
    /// only checked, so the kiosk's runtime role needs no DDL rights, and a schema that is
    /// not this program's stops it with one line.
    Check,
}

/// Connects, migrates or checks the schema (see [`Schema`]) and builds the services, for a
/// command (its pool: `DatabaseSettings::command_pool`).
pub async fn open(settings: Settings, schema: Schema) -> anyhow::Result<Services> {
    let pool = settings.database.command_pool();
    open_with(settings, schema, pool).await
}

/// [`open`] with the kiosk's own, smaller pool.
async fn open_kiosk(settings: Settings) -> anyhow::Result<Services> {
    let pool = settings.database.pool();
    open_with(settings, Schema::Check, pool).await
}

async fn open_with(
    settings: Settings,
    schema: Schema,
    pool: crate::store::PoolSettings,
) -> anyhow::Result<Services> {
    let store = Store::connect_with(&settings.database.url, pool).await?;
    match schema {
        Schema::Migrate => store.migrate().await?,
        Schema::Check => store.prepare_for_kiosk().await?,
    }
    Ok(Services::new(
        store,
        Arc::new(settings),
        Arc::new(SystemClock),
    )?)
}

/// Runs the full-screen kiosk; with `demo`, on the demo database reset to the README's
/// demo accounts.
pub async fn run_kiosk(settings: Settings, demo: bool, staff: bool) -> anyhow::Result<()> {
    init_logging();
    if demo {
        // The demo accounts are seeded in the background (app::run).
        let services = open_kiosk(settings).await?;
        return crate::app::run(services, demo, staff, false).await;
    }
    // A database that does not answer at start is an outage like any other: the kiosk
    // starts with the banner and prepares the schema when the database comes (app::run).
    let (url, pool) = (settings.database.url.clone(), settings.database.pool());
    match tokio::time::timeout(START_WAIT, open_kiosk(settings.clone())).await {
        Ok(Ok(services)) => crate::app::run(services, demo, staff, false).await,
        Ok(Err(e)) if !is_outage(&e) => Err(e),
        outage => {
            if let Ok(Err(e)) = outage {
                tracing::error!(error = %error_line(&e), "database unavailable at start");
            } else {
                tracing::error!("database unavailable at start: no answer");
            }
            let store = Store::connect_lazy(&url, pool).await?;
            let services = Services::new(store, Arc::new(settings), Arc::new(SystemClock))?;
            crate::app::run(services, demo, staff, true).await
        }
    }
}

/// How long the kiosk waits for the database at start before drawing Welcome with the
/// outage banner.
const START_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

fn is_outage(e: &anyhow::Error) -> bool {
    e.downcast_ref::<crate::store::StoreError>()
        .is_some_and(|e| e.is_outage())
}

/// Logs go to stderr unless it is the kiosk's own terminal (they would scribble over the
/// screen); under systemd stderr is the journal. `RUST_LOG` sets the level.
/// With Active Directory, asks the DC whether the service account is an administrator
/// (refused), when the DC answers; when it does not, says the check was not made.
async fn check_ad_service_account(settings: &Settings) -> anyhow::Result<()> {
    if settings.directory.kind != crate::config::DirectoryKind::ActiveDirectory {
        return Ok(());
    }
    let ad = crate::directory::ActiveDirectory::new(settings.directory.clone())?;
    match ad.service_account_is_admin().await {
        Ok(true) => anyhow::bail!(
            "directory.bind_dn: the service account is a Domain Admin (or Enterprise, Schema, \
             builtin Administrators): delegate Reset Password to a dedicated account instead \
             (README \"Directory (Active Directory and Samba AD)\")"
        ),
        Ok(false) => Ok(()),
        Err(e) => {
            eprintln!("kiosk: warning: directory: the service account's groups not checked: {e}");
            Ok(())
        }
    }
}

fn init_logging() {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        return;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Not a terminal (the journal, a file): no colour escape codes in the text.
        .with_ansi(false)
        .try_init();
}

/// Runs a non-interactive command; errors become one line on stderr and exit code 1.
/// `config_file` is the file the settings were read from, if any (see [`config_file`]).
pub async fn run_command(
    settings: Settings,
    command: Command,
    config_file: Option<PathBuf>,
) -> ExitCode {
    match command_inner(settings, command, config_file).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // An error may quote database or file text: never raw into the terminal.
            eprintln!("kiosk: {}", sanitize(&error_line(&e)));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes on one line. Our errors repeat their source's text in their
/// own (audit rows and logs show `to_string()`), so a cause the line already ends with is
/// not said twice, as anyhow's `{:#}` would.
pub fn error_line(e: &anyhow::Error) -> String {
    let mut line = e.to_string();
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        if !line.ends_with(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    line
}

async fn command_inner(
    settings: Settings,
    command: Command,
    config_file: Option<PathBuf>,
) -> anyhow::Result<()> {
    match command {
        Command::CheckConfig => {
            for warning in settings.warnings() {
                eprintln!("kiosk: warning: {warning}");
            }
            for warning in crate::notify::sms::office_sms_warnings(&settings) {
                eprintln!("kiosk: warning: {warning}");
            }
            check_ad_service_account(&settings).await?;
            if let Some(warning) = config_file.as_deref().and_then(permission_warning) {
                eprintln!("kiosk: warning: {warning}");
            }
            let mut unsafe_files = settings.targets.file_problems();
            if unsafe_files.is_empty() {
                // The files are safe to read: do they parse, and go together?
                let now = chrono::Utc::now().timestamp();
                let (problems, warnings) =
                    crate::directory::targets::load_problems(&settings.targets, now);
                for warning in warnings {
                    eprintln!("kiosk: warning: {warning}");
                }
                unsafe_files = problems;
            }
            if !unsafe_files.is_empty() {
                anyhow::bail!("{}", unsafe_files.join("; "));
            }
            println!("# configuration is valid\n{}", settings.redacted_toml());
            Ok(())
        }
        Command::InitSecret { rotate } => {
            let path = &settings.keys.file;
            if rotate {
                let ring = crate::keyfile::rotate(path)?;
                println!(
                    "{}: new key id {}; older key ids {} kept only to verify older audit rows. \
                     Copy the file to every kiosk of the school and restart them: codes \
                     in flight are void, name locks and decoys start afresh",
                    path.display(),
                    ring.current_id(),
                    ring.ids().get(1..).unwrap_or_default().join(", ")
                );
            } else {
                let ring = crate::keyfile::create(path)?;
                println!(
                    "{} created (key id {}, mode 0600): copy it to every kiosk of the school, \
                     mode 0600, owner the kiosk user",
                    path.display(),
                    ring.current_id()
                );
            }
            Ok(())
        }
        Command::Migrate => {
            let services = open(settings, Schema::Migrate).await?;
            println!(
                "migrations applied: the schema is at version {}",
                services.store.schema_version().await?
            );
            Ok(())
        }
        Command::SeedDemo => {
            let services = open(settings, Schema::Check).await?;
            services.seed_demo().await?;
            println!("demo accounts ready");
            Ok(())
        }
        Command::Notify { dry_run } => {
            init_logging();
            run_notify(open(settings, Schema::Check).await?, dry_run).await
        }
        Command::Admin(admin) => run_admin(open(settings, Schema::Check).await?, admin).await,
        Command::Man { out_dir } => {
            write_man_pages(&out_dir)?;
            println!("manual pages written to {}", out_dir.display());
            Ok(())
        }
        Command::Directory(DirectoryCommand::Sync) => {
            let report = open(settings, Schema::Check)
                .await?
                .sync_directory()
                .await?;
            println!(
                "created {}, updated {}, deactivated {}",
                report.created, report.updated, report.deactivated
            );
            for problem in &report.problems {
                println!("left out: {problem}");
            }
            match report.problems.len() {
                0 => Ok(()),
                n => anyhow::bail!("{n} person(s) or value(s) left out (listed above)"),
            }
        }
    }
}

/// Writes kiosk.1 and a page per command (kiosk-admin-import.1 …) into `dir`, made from
/// the same clap definition as --help, so the pages cannot fall behind the commands.
pub fn write_man_pages(dir: &std::path::Path) -> anyhow::Result<()> {
    use clap::CommandFactory;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), dir)
        .with_context(|| format!("cannot write the manual pages to {}", dir.display()))
}

/// One run of the expiry job; with `dry_run` a list of what it would do.
async fn run_notify(services: Services, dry_run: bool) -> anyhow::Result<()> {
    let report = services.expiry_job().dry_run(dry_run).run().await?;
    if dry_run {
        println!("dry run: nothing is sent, claimed, locked or audited");
        for p in &report.planned {
            let to = p.to.as_deref().unwrap_or("(no address: would be skipped)");
            println!(
                "{:<14} {:<22} expires {}  {}",
                p.kind.code(),
                sanitize(&p.username),
                format_date(p.expires_at),
                sanitize(to)
            );
        }
    }
    for line in report.summary_lines() {
        println!("{line}");
    }
    if !dry_run && !services.target_kinds().is_empty() {
        // Google pushes waiting after a temporary failure (README "Google Workspace and
        // Microsoft 365"); each try is audited.
        let r = services.retry_pushes().await?;
        println!(
            "cloud pushes retried: {} done, {} again later, {} refused, {} dropped",
            r.done, r.again, r.failed, r.dropped
        );
    }
    match report.failed() {
        0 => Ok(()),
        n => anyhow::bail!(
            "{n} notice(s) could not be sent (see kiosk admin audit); the next run tries again"
        ),
    }
}

async fn run_admin(services: Services, command: AdminCommand) -> anyhow::Result<()> {
    let actor = services.admin_name();
    match command {
        AdminCommand::Import { file, dry_run } => {
            let input = std::fs::File::open(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let input = std::io::BufReader::new(input);
            let result = if dry_run {
                services.check_roster(input).await.map(|plan| {
                    println!(
                        "dry run: {} would be created, {} updated; nothing was changed",
                        plan.create, plan.update
                    );
                    plan.changed
                })
            } else {
                services.import_csv(input).await.map(|report| {
                    println!(
                        "imported: {} created, {} updated",
                        report.created, report.updated
                    );
                    report.changed
                })
            };
            match result {
                Ok(changed) => {
                    for change in &changed {
                        println!("{change}");
                    }
                    Ok(())
                }
                Err(ImportError::Rows(bad)) => {
                    // Every bad row on its own line, so the whole file can be fixed at once.
                    for row in &bad {
                        eprintln!("kiosk: {}", sanitize(&row.to_string()));
                    }
                    if !dry_run {
                        services
                            .audit_admin(AuditAction::Import, None, AuditOutcome::Refused)
                            .await?;
                    }
                    anyhow::bail!(
                        "{} bad row(s) in {} (listed above): nothing {}",
                        bad.len(),
                        file.display(),
                        if dry_run { "was changed" } else { "imported" }
                    )
                }
                Err(e) => {
                    if !dry_run {
                        services
                            .audit_admin(AuditAction::Import, None, AuditOutcome::Refused)
                            .await?;
                    }
                    Err(anyhow::Error::new(e).context("nothing imported"))
                }
            }
        }
        AdminCommand::TempPassword {
            username,
            category,
            from,
            slips,
            uses,
            valid_days,
        } => match (slips, username) {
            (None, Some(username)) => {
                let password = services
                    .issue_temp_password(&username, uses, valid_days, &actor)
                    .await?;
                println!("{}", password.expose());
                Ok(())
            }
            (Some(path), username) => {
                let who = match (username, category, from) {
                    (Some(one), _, _) => SlipsFor::Usernames(vec![one]),
                    (None, Some(category), _) => SlipsFor::Category(category),
                    (None, None, Some(file)) => SlipsFor::Usernames(usernames_from_csv(&file)?),
                    (None, None, None) => anyhow::bail!("name a username, --category or --from"),
                };
                let count = services
                    .temp_password_slips(who, uses, valid_days, &actor, &path)
                    .await?;
                println!(
                    "{count} slip(s) written to {} (one page each, mode 0600): print it, hand each \
                     slip out in person, then delete the file",
                    path.display()
                );
                Ok(())
            }
            (None, None) => anyhow::bail!("--category and --from need --slips FILE.pdf"),
        },
        AdminCommand::Unlock { username } => {
            let lifted = services.unlock(&username, &actor).await?;
            let words: Vec<&str> = lifted
                .iter()
                .map(|l| match *l {
                    "failures" => "the lock after wrong passwords",
                    "staff" => "the lock set by staff",
                    "expired" => "the lock of an expired password",
                    "questions" => "the security questions lock",
                    other => other,
                })
                .collect();
            if words.is_empty() {
                println!("{username} was not locked; failure counters cleared");
            } else {
                println!("{username}: lifted {}", words.join(" and "));
            }
            Ok(())
        }
        AdminCommand::GrantHelpdesk { username } => {
            if services.grant_helpdesk(&username, &actor).await? {
                println!("{username} now has the helpdesk role");
            } else {
                println!("{username} already had the helpdesk role");
            }
            Ok(())
        }
        AdminCommand::RevokeHelpdesk { username } => {
            let changed = services.revoke_helpdesk(&username, &actor).await?;
            if services.helpdesk_by_config(&username) {
                anyhow::bail!(
                    "{username} is listed in helpdesk.usernames in the configuration and keeps the \
                     helpdesk role until it is removed there"
                );
            }
            if changed {
                println!("{username} no longer has the helpdesk role");
            } else {
                println!("{username} did not have the helpdesk role");
            }
            Ok(())
        }
        AdminCommand::Show { username } => {
            let s = services.show(&username, &actor).await?;
            let date = |t: Option<i64>| t.map(format_date).unwrap_or_else(|| "never".into());
            // Database text goes through the screen's sanitiser: no escape sequences.
            println!("username:     {}", sanitize(&s.username));
            println!("name:         {}", sanitize(&s.display_name));
            println!("category:     {}", sanitize(&s.category));
            println!("status:       {}", s.status);
            let lock = match (s.locked, &s.lock_reason, s.locked_until) {
                (false, _, _) => "no".to_string(),
                (true, reason, Some(until)) => format!(
                    "yes ({}) until {}",
                    reason.map_or("?", |r| r.as_str()),
                    crate::clock::format_time(until)
                ),
                (true, reason, None) => {
                    format!(
                        "yes ({}) until unlocked",
                        reason.map_or("?", |r| r.as_str())
                    )
                }
            };
            println!("locked:       {lock}");
            println!("expires:      {}", date(s.expires_at));
            println!("must change:  {}", if s.must_change { "yes" } else { "no" });
            if let Some(uses) = s.temp_password_uses_left {
                println!("temporary:    {uses} use(s) left");
            }
            println!(
                "methods:      {}",
                if s.methods.is_empty() {
                    "none".to_string()
                } else {
                    s.methods.join(", ")
                }
            );
            // The cloud targets' part of the last change (README "Google Workspace and
            // Microsoft 365"): a summary, then each target's state in full.
            let targets = services.last_target_statuses(&s.username).await?;
            if !targets.is_empty() {
                let words: Vec<String> = targets
                    .iter()
                    .map(|t| format!("{} {}", t.kind.name(), t.state.name()))
                    .collect();
                println!("cloud:        {}", words.join(", "));
                for t in &targets {
                    println!(
                        "  {:<12}{}",
                        format!("{}:", t.kind.name()),
                        target_detail(t)
                    );
                }
            }
            Ok(())
        }
        AdminCommand::Audit { verify: true, .. } => {
            let report = services.verify_audit().await?;
            if report.older > 0 {
                println!(
                    "{} older rows before the chain began (not verified)",
                    report.older
                );
            }
            match &report.broken {
                None => {
                    println!(
                        "audit chain verified: {} rows; head seq {} mac {}",
                        report.verified,
                        report.head_seq,
                        if report.head_mac.is_empty() {
                            "(none yet)"
                        } else {
                            &report.head_mac
                        }
                    );
                    println!(
                        "note the head MAC outside this database: a later check that finds it \
                         again proves nothing was cut off the end"
                    );
                    Ok(())
                }
                Some(broken) => anyhow::bail!(
                    "audit chain broken: {broken} ({} rows verified before it)",
                    report.verified
                ),
            }
        }
        AdminCommand::Audit {
            user,
            since,
            json,
            plain,
            ..
        } => {
            let since = match since {
                Some(d) => Some(
                    chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                        .map_err(|_| anyhow::anyhow!("--since wants YYYY-MM-DD, got {d}"))?
                        .and_hms_opt(0, 0, 0)
                        .map(|t| t.and_utc().timestamp())
                        .unwrap_or(0),
                ),
                None => None,
            };
            let rows = services
                .store
                .audit_log(user.as_deref(), since, 100_000)
                .await?;
            if plain && let Some(user) = &user {
                return print_for_person(&services, user, &rows).await;
            }
            if json {
                for r in &rows {
                    println!("{}", json_line(&serde_json::to_string(r)?));
                }
                return Ok(());
            }
            // Columns as wide as their widest value, so long usernames do not shift them.
            let cells: Vec<[String; 6]> = rows
                .iter()
                .map(|r| {
                    [
                        chrono::DateTime::from_timestamp(r.at, 0)
                            .map(|d| d.format("%Y-%m-%d %H:%M:%SZ").to_string())
                            .unwrap_or_default(),
                        sanitize(&r.kiosk_id),
                        sanitize(&r.actor),
                        r.subject.as_deref().map_or_else(|| "-".into(), sanitize),
                        sanitize(r.action.as_str()),
                        sanitize(r.outcome.as_str()),
                    ]
                })
                .collect();
            let mut widths = [0usize; 6];
            for row in &cells {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            // Under each password change, where the cloud targets stand after it.
            let clouds: std::collections::BTreeMap<usize, Vec<_>> =
                crate::service::targets_after(&rows).into_iter().collect();
            for (i, (row, r)) in cells.iter().zip(&rows).enumerate() {
                let mut line = String::new();
                for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
                    let gap = if i == 0 { "  " } else { " " };
                    line.push_str(&format!("{cell:<w$}{gap}"));
                }
                line.push_str(&sanitize(&r.detail));
                println!("{}", line.trim_end());
                if let Some(targets) = clouds.get(&i).filter(|t| !t.is_empty()) {
                    let words: Vec<String> = targets.iter().map(target_summary).collect();
                    println!("{:w$}  cloud: {}", "", words.join(", "), w = widths[0]);
                }
            }
            Ok(())
        }
    }
}

/// `admin audit --user U --plain`: the person's events in their language, oldest first,
/// with a heading naming them and the time it was printed.
async fn print_for_person(
    services: &Services,
    username: &str,
    rows: &[crate::store::AuditRecord],
) -> anyhow::Result<()> {
    use crate::domain::desk::Via;
    use crate::domain::lang::Lang;
    use crate::i18n::{Arg, t, t_args};
    let account = services.store.account_by_username(username).await?;
    let lang = account
        .as_ref()
        .and_then(|a| a.language.as_deref())
        .and_then(Lang::parse)
        .unwrap_or(services.settings.languages.default);
    let name = account
        .as_ref()
        .map_or_else(|| username.to_string(), |a| a.display_name.clone());
    let clean = |s: String| sanitize(&s.replace(['\u{2068}', '\u{2069}'], ""));
    let now = chrono::Utc::now().timestamp();
    println!(
        "{}",
        clean(t_args(
            lang,
            "audit-print-title",
            &[("name", Arg::Str(&name)), ("username", Arg::Str(username))],
        ))
    );
    let stamp = format!(
        "{} {}",
        crate::i18n::format_date_in(lang, now),
        crate::clock::format_time(now)
    );
    println!(
        "{}",
        clean(t_args(
            lang,
            "audit-print-printed",
            &[("when", Arg::Str(&stamp))]
        ))
    );
    println!();
    let word = |kind: &str, name: &str, known: bool| {
        if known {
            t(lang, &format!("audit-{kind}-{}", name.replace('_', "-")))
        } else {
            name.to_string()
        }
    };
    let lines: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            let via = match Via::of_detail(&r.detail) {
                Some(Via::Sms) => t(lang, "audit-via-sms"),
                Some(Via::Email) => t(lang, "audit-via-email"),
                None => String::new(),
            };
            let action = word("action", r.action.as_str(), r.action.known().is_some());
            let outcome = word("outcome", r.outcome.as_str(), r.outcome.known().is_some());
            [
                format!(
                    "{} {}",
                    crate::i18n::format_date_in(lang, r.at),
                    crate::clock::format_time(r.at)
                ),
                clean(t_args(
                    lang,
                    "audit-event",
                    &[
                        ("action", Arg::Str(&action)),
                        ("outcome", Arg::Str(&outcome)),
                        ("via", Arg::Str(&via)),
                    ],
                )),
                sanitize(&r.kiosk_id),
                sanitize(&r.actor),
            ]
        })
        .collect();
    let mut widths = [0usize; 4];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    // Under each password change, how it went at the cloud accounts, in plain words.
    let clouds: std::collections::BTreeMap<usize, Vec<_>> =
        crate::service::targets_after(rows).into_iter().collect();
    for (i, line) in lines.iter().enumerate() {
        let mut out = String::new();
        for (cell, w) in line.iter().zip(widths) {
            out.push_str(&format!("{cell:<w$}  "));
        }
        println!("{}", out.trim_end());
        if let Some(targets) = clouds.get(&i).filter(|t| !t.is_empty()) {
            let words: Vec<String> = targets
                .iter()
                .map(|t| clean(target_words(lang, t)))
                .collect();
            println!("{:w$}  {}", "", words.join(" · "), w = widths[0]);
        }
    }
    println!();
    println!(
        "{}",
        clean(t_args(
            lang,
            "audit-print-count",
            &[("n", Arg::from(lines.len()))]
        ))
    );
    Ok(())
}

/// One target's state after a change, in a word or two (`admin audit`).
fn target_summary(t: &crate::domain::targets::TargetStatus) -> String {
    use crate::domain::targets::TargetState;
    let state = match t.state {
        TargetState::Done => "done",
        TargetState::Pending => "queued",
        TargetState::Failed => "failed",
    };
    match t.status.filter(|_| t.state != TargetState::Done) {
        Some(code) => format!("{} {state} ({code})", t.kind.name()),
        None => format!("{} {state}", t.kind.name()),
    }
}

/// One target's state for `admin show`: when it was done, when the queued push is tried
/// next, or why it failed.
fn target_detail(t: &crate::domain::targets::TargetStatus) -> String {
    use crate::domain::targets::TargetState;
    let when = |at: i64| format!("{} {}", format_date(at), crate::clock::format_time(at));
    let tries = if t.tries == 1 {
        "1 try".to_string()
    } else {
        format!("{} tries", t.tries)
    };
    let reason = sanitize(&t.reason);
    match t.state {
        TargetState::Done => format!("done {} ({tries})", when(t.at)),
        TargetState::Pending => format!(
            "queued after {tries} ({reason}); next try {}",
            t.next_try_at.map_or_else(|| "soon".to_string(), when)
        ),
        TargetState::Failed => format!("failed {} after {tries} ({reason})", when(t.at)),
    }
}

/// "Google: changed", "Microsoft 365: not changed" in the person's language.
fn target_words(
    lang: crate::domain::lang::Lang,
    t: &crate::domain::targets::TargetStatus,
) -> String {
    use crate::domain::targets::{TargetKind, TargetState};
    let name = crate::i18n::t(
        lang,
        match t.kind {
            TargetKind::Google => "target-google",
            TargetKind::Microsoft => "target-microsoft",
        },
    );
    let key = match t.state {
        TargetState::Done => "audit-target-done",
        TargetState::Pending => "audit-target-pending",
        TargetState::Failed => "audit-target-failed",
    };
    crate::i18n::t_args(lang, key, &[("target", crate::i18n::Arg::Str(&name))])
}

/// A JSON line with every control character still raw escaped too: serde escapes those
/// below U+0020, not DEL, the C1 controls (U+009B is a CSI) or bidi overrides. Such
/// characters only occur inside strings, where `\uXXXX` means the same.
fn json_line(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{error_line, json_line};

    #[test]
    fn json_lines_escape_every_control_character() {
        let row = serde_json::json!({ "actor": "x\u{1b}]0;P\u{7}\u{9b}2J\u{7f}\u{202e}" });
        let line = json_line(&serde_json::to_string(&row).unwrap());
        assert!(line.chars().all(|c| !c.is_control()), "{line:?}");
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back, row);
    }

    use crate::config::ConfigError;

    #[test]
    fn error_line_says_each_cause_once() {
        // Parse repeats its source's text: the line says it once.
        let source = config::ConfigError::Message("bad toml".into());
        let e = anyhow::Error::from(ConfigError::Parse(source));
        assert_eq!(error_line(&e), "bad toml");
        // A context that does not repeat its cause still shows the cause.
        let e = anyhow::Error::from(std::io::Error::other("disk full")).context("cannot write");
        assert_eq!(error_line(&e), "cannot write: disk full");
    }
}
