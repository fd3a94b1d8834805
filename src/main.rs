//! jwtcred: a kubectl/client-go exec credential plugin. See the README.

use std::process::ExitCode;

use jwtcred::app::{self, UsageError};
use jwtcred::commands::doctor::FailedChecks;
use jwtcred::error::{Exit, classify, terminal_safe};

fn main() -> ExitCode {
    match app::run(std::env::args_os().collect()).and_then(|stdout| app::write_stdout(&stdout)) {
        Ok(()) => Exit::Ok.into(),
        Err(err) => report(&err).into(),
    }
}

/// Prints the error once, with its cause chain and a one-line hint, and picks the exit code.
fn report(err: &anyhow::Error) -> Exit {
    // doctor's report with a failed check: the report is the output, exit 1, no error line.
    if let Some(failed) = err.downcast_ref::<FailedChecks>() {
        let _ = app::write_stdout(&failed.0);
        return Exit::Failure;
    }
    if let Some(usage) = err.downcast_ref::<UsageError>() {
        eprintln!("jwtcred: error: {}", terminal_safe(&usage.message));
        let hint = usage.hint.as_deref().unwrap_or("see `jwtcred --help`");
        eprintln!("hint: {}", terminal_safe(hint));
        return Exit::Usage;
    }
    let (exit, hint) = classify(err);
    // Outside text is sanitised where it enters a message; this is the last line of defence.
    eprintln!("jwtcred: error: {}", terminal_safe(&format!("{err:#}")));
    eprintln!("hint: {}", terminal_safe(&hint));
    exit
}
