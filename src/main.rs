//! Entry point: parse the command line, load the configuration, dispatch.

use std::process::ExitCode;

use clap::Parser;
use kiosk::cli::{self, Cli};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match cli::load_settings(&cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kiosk: {}", cli::error_line(&e));
            return ExitCode::from(1);
        }
    };
    let file = cli::config_file(&cli);
    match cli.command {
        Some(command) => cli::run_command(settings, command, file).await,
        None => match cli::run_kiosk(settings, cli.demo, cli.staff).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kiosk: {}", cli::error_line(&e));
                ExitCode::from(1)
            }
        },
    }
}
