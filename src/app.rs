//! Parses the command line, builds the `Config` and dispatches to the command. `main` only
//! prints what this returns.

use std::ffi::OsString;
use std::io::Write;

use anyhow::{Context as _, Result};
use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, GetArgs, GetCli};
use crate::config::Config;
use crate::env::Env;
use crate::{commands, get};

/// A usage error from clap, already rendered (exit 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The name the binary was invoked by (`kubectl-jwtcred` as a kubectl plugin).
pub fn invoked_name(args: &[OsString]) -> &'static str {
    let name = args
        .first()
        .and_then(|a| std::path::Path::new(a).file_stem())
        .and_then(|s| s.to_str())
        .unwrap_or("jwtcred");
    if name == "kubectl-jwtcred" {
        "kubectl-jwtcred"
    } else {
        "jwtcred"
    }
}

/// Runs the command and returns what goes to stdout.
pub fn run(args: Vec<OsString>) -> Result<String> {
    // `kubectl jwtcred <TAB>` (via completions/kubectl_complete-jwtcred): before any parsing,
    // since the words being completed are usually not a valid command line yet.
    if args
        .get(1)
        .is_some_and(|a| a == commands::kubectl_complete::TRIGGER)
    {
        let words: Vec<String> = args[2..]
            .iter()
            .map(|w| w.to_string_lossy().into_owned())
            .collect();
        return Ok(commands::kubectl_complete::run(&words));
    }
    let name = invoked_name(&args);
    let (cli, matches) = match parse(&args, name) {
        Ok(parsed) => parsed,
        Err(err) => return clap_outcome(err),
    };
    let env = Env::from_process();
    // Built only by the commands that use it: install, completions, man and the writers must
    // work even with a broken KUBERNETES_EXEC_INFO or JWTCRED_* value in the environment.
    let config = || Config::from_cli(&cli.get, &matches, &env);
    match cli.command {
        None | Some(Command::Get) => get::run(&config()?, &env),
        Some(Command::Detect { check }) => commands::detect::run(&config()?, &env, check),
        Some(Command::Inspect { ref token }) => {
            commands::inspect::run(&config()?, &env, token.as_deref())
        }
        Some(Command::Cache { ref action }) => commands::cache::run(
            &config()?,
            &env,
            action,
            commands::cache::selects_entry(&matches),
        ),
        Some(Command::Kubeconfig(ref args)) => {
            commands::kubeconfig::run(args, &matches, &env, name)
        }
        Some(Command::ArgocdCluster(ref args)) => {
            commands::argocd_cluster::run(args, &matches, &env)
        }
        Some(Command::Install { ref dir }) => commands::install::run(dir),
        Some(Command::Completions { shell }) => commands::completions::run(shell),
        Some(Command::Man) => commands::man::run(),
        Some(Command::AuthnConfig(ref args)) => commands::authn_config::run(&config()?, &env, args),
        Some(Command::Doctor(ref args)) => {
            // doctor's --output is its own: a JWTCRED_OUTPUT value clap hands down is ignored.
            let output_given = matches
                .subcommand_matches("doctor")
                .and_then(|m| m.value_source("output"))
                == Some(clap::parser::ValueSource::CommandLine);
            let settings = commands::doctor::settings(args, output_given);
            commands::doctor::run(&config()?, &env, &settings)
        }
    }
}

/// Parses the command line: first as plain `get` (the hot path, no subcommand tree), then,
/// when that fails for any reason (a subcommand, --help, a bad flag), with the full CLI so
/// that every message comes from the complete definition.
fn parse(args: &[OsString], name: &'static str) -> Result<(Cli, ArgMatches), clap::Error> {
    // The command definitions are leaked: dropping them costs time and they live until exit.
    let get_only: &'static mut clap::Command =
        Box::leak(Box::new(flag_beats_env(GetCli::command().name(name), args)));
    if let Ok(matches) = get_only.try_get_matches_from_mut(args) {
        let get = GetArgs::from_arg_matches(&matches)?;
        return Ok((Cli { command: None, get }, matches));
    }
    let full: &'static mut clap::Command = Box::leak(Box::new(flag_beats_env(
        Cli::command().name(name).bin_name(name),
        args,
    )));
    let matches = full.try_get_matches_from_mut(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    Ok((cli, matches))
}

/// Options that exclude each other; clap rejects two of them given together (exit 2).
const EXCLUSIVE_PAIRS: [(&str, &str); 3] = [
    ("token_url", "issuer"),
    ("exchange_url", "exchange_issuer"),
    ("client_secret", "client_secret_file"),
];

/// A flag beats the env: when one side of an exclusive pair is on the command line, the other
/// side's `JWTCRED_*` variable is not read, so it cannot turn into a conflict.
fn flag_beats_env(mut command: clap::Command, args: &[OsString]) -> clap::Command {
    for (a, b) in EXCLUSIVE_PAIRS {
        for (given, other) in [(a, b), (b, a)] {
            let long = format!("--{}", given.replace('_', "-"));
            let on_command_line = args.iter().filter_map(|arg| arg.to_str()).any(|arg| {
                arg == long
                    || arg
                        .strip_prefix(long.as_str())
                        .is_some_and(|rest| rest.starts_with('='))
            });
            if on_command_line {
                command = command.mut_arg(other, |arg| arg.env(None));
            }
        }
    }
    command
}

/// Help and version are successful output; everything else clap rejects is a usage error.
fn clap_outcome(err: clap::Error) -> Result<String> {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Ok(err.render().to_string()),
        _ => {
            let rendered = hide_echoed_values(&err, err.render().to_string());
            let message = rendered.trim().trim_start_matches("error: ").to_owned();
            Err(UsageError(message).into())
        }
    }
}

/// clap quotes the argument it rejects. A stray argument may be a token pasted by mistake
/// (`inspect TOKEN TOKEN2`), so it is shown only in its redacted form; so is the value of an
/// unknown `--flag=value`, and a rejected value or subcommand long enough to be a secret. Flag
/// names and short values (`--output xml`, `gte`) stay, so that typos remain visible.
fn hide_echoed_values(err: &clap::Error, mut text: String) -> String {
    use clap::error::{ContextKind, ContextValue};
    let kinds = [
        ContextKind::InvalidArg,
        ContextKind::InvalidValue,
        ContextKind::InvalidSubcommand,
    ];
    for kind in kinds {
        let Some(ContextValue::String(value)) = err.get(kind) else {
            continue;
        };
        let hidden = match value.split_once('=') {
            Some((flag, secret)) if flag.starts_with('-') && kind == ContextKind::InvalidArg => {
                format!("{flag}={}", crate::secret::redact(secret))
            }
            _ if value.starts_with('-') => continue,
            _ if kind == ContextKind::InvalidArg || value.chars().count() > 24 => {
                crate::secret::redact(value)
            }
            _ => continue,
        };
        text = text.replace(&format!("'{value}'"), &format!("'{hidden}'"));
        if value.len() >= 8 {
            text = text.replace(value.as_str(), &hidden);
        }
    }
    text
}

/// Writes stdout; a reader that went away (`| head`) is not a failure.
pub fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout"),
    }
}
