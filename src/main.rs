//! Entry point: parse the command line, load the configuration, dispatch.

use std::process::ExitCode;

use clap::Parser;
use kiosk::app::hygiene;
use kiosk::cli::{self, Cli};
use kiosk::domain::text::sanitize;

fn main() -> ExitCode {
    // Before anything secret is in memory, and before the runtime's threads start.
    if let Err(e) = hygiene::disable_core_dumps() {
        eprintln!("kiosk: cannot turn core dumps off: {e}");
        return ExitCode::from(1);
    }
    hygiene::install_panic_hook();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kiosk: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(run())
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    let settings = match cli::load_settings(&cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kiosk: {}", sanitize(&cli::error_line(&e)));
            return ExitCode::from(1);
        }
    };
    let file = cli::config_file(&cli);
    match cli.command {
        Some(command) => cli::run_command(settings, command, file).await,
        None => match cli::run_kiosk(settings, cli.demo, cli.staff).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kiosk: {}", sanitize(&cli::error_line(&e)));
                ExitCode::from(1)
            }
        },
    }
}
