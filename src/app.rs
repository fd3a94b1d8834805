//! Parses the command line, builds the `Config` and dispatches to the command. `main` only
//! prints what this returns.

use std::ffi::OsString;
use std::io::Write;

use anyhow::{Context as _, Result};
use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, GetArgs, GetCli};
use crate::clock::Clock;
use crate::config::Config;
use crate::env::Env;
use crate::notes::Notes;
use crate::{commands, get};

/// A usage error (exit 2): one message line and one hint line naming the help to read.
#[derive(Debug)]
pub struct UsageError {
    pub message: String,
    /// None until [`run`] fills in the help of the command that was run.
    pub hint: Option<String>,
}

impl UsageError {
    /// A usage error whose hint [`run`] fills in.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
        }
    }
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
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
        Err(err) => return clap_outcome(err, &args, name),
    };
    dispatch(cli, &matches, name).map_err(|mut err| {
        if let Some(usage) = err.downcast_mut::<UsageError>()
            && usage.hint.is_none()
        {
            usage.hint = Some(help_hint(name, &command_path(&args).names, None));
        }
        err
    })
}

/// Runs the parsed command, then prints the notes it left for stderr (before the error line
/// `main` prints, if it failed).
fn dispatch(cli: Cli, matches: &ArgMatches, name: &'static str) -> Result<String> {
    let mut notes = Notes::default();
    let result = run_command(cli, matches, name, &mut notes);
    for line in notes.lines() {
        eprint!("{line}");
    }
    result
}

fn run_command(
    cli: Cli,
    matches: &ArgMatches,
    name: &'static str,
    notes: &mut Notes,
) -> Result<String> {
    let env = Env::from_process();
    let clock = Clock::system();
    // Built only by the commands that use it: install, completions, man and the writers must
    // work even with a broken KUBERNETES_EXEC_INFO or JWTCRED_* value in the environment.
    let config = || Config::from_cli(&cli.get, matches, &env);
    match cli.command {
        None | Some(Command::Get) => get::run(&config()?, &env, &clock, notes),
        Some(Command::Detect { check }) => commands::detect::run(&config()?, &env, check, notes),
        Some(Command::Inspect { ref token }) => {
            commands::inspect::run(&config()?, &env, &clock, notes, token.as_deref())
        }
        Some(Command::Cache { ref action }) => commands::cache::run(
            &config()?,
            &env,
            &clock,
            notes,
            action,
            commands::cache::selects_entry(matches),
        ),
        Some(Command::Kubeconfig(ref args)) => commands::kubeconfig::run(args, matches, &env, name),
        Some(Command::ArgocdCluster(ref args)) => {
            commands::argocd_cluster::run(args, matches, &env)
        }
        Some(Command::Install { ref dir }) => commands::install::run(dir),
        Some(Command::Completions { shell }) => commands::completions::run(shell),
        Some(Command::Man) => commands::man::run(),
        Some(Command::AuthnConfig(ref args)) => {
            commands::authn_config::run(&config()?, &env, &clock, notes, args)
        }
        Some(Command::Doctor(ref args)) => {
            // doctor's --output is its own: a JWTCRED_OUTPUT value clap hands down is ignored.
            let output_given = matches
                .subcommand_matches("doctor")
                .and_then(|m| m.value_source("output"))
                == Some(clap::parser::ValueSource::CommandLine);
            let settings = commands::doctor::settings(args, output_given);
            commands::doctor::run(&config()?, &env, &clock, notes, &settings)
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
    // JWTCRED_OUTPUT is get's: detect, inspect, cache list and doctor have their own formats
    // and never read it, so the subcommand is found without it first.
    let without_output_env = full_command(name, args).mut_arg("output", |arg| arg.env(None));
    let matches = leak(without_output_env).try_get_matches_from_mut(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    if !matches!(cli.command, None | Some(Command::Get)) {
        return Ok((cli, matches));
    }
    let matches = leak(full_command(name, args)).try_get_matches_from_mut(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    Ok((cli, matches))
}

fn full_command(name: &'static str, args: &[OsString]) -> clap::Command {
    flag_beats_env(
        crate::cli::without_env_values(Cli::command().name(name).bin_name(name)),
        args,
    )
}

fn leak(command: clap::Command) -> &'static mut clap::Command {
    Box::leak(Box::new(command))
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

/// Help and version are successful output; everything else clap rejects is a usage error:
/// clap's message on one line, its tip (if any) and the help of the command that failed as the
/// hint. clap's usage block and its "For more information" line are dropped.
fn clap_outcome(err: clap::Error, args: &[OsString], name: &str) -> Result<String> {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Ok(err.render().to_string()),
        kind => {
            let path = command_path(args);
            if let Some(bad) = bad_env_value(&err, args, &path.command) {
                return Err(UsageError {
                    message: hide_echoed_values(&err, bad.message),
                    hint: Some(help_hint(name, &path.names, Some(&bad.hint))),
                }
                .into());
            }
            let (message, tip) = if matches!(
                kind,
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand
            ) {
                (missing_subcommand(name, &path), None)
            } else {
                clap_message(&hide_echoed_values(&err, err.render().to_string()))
            };
            Err(UsageError {
                message,
                hint: Some(help_hint(name, &path.names, tip.as_deref())),
            }
            .into())
        }
    }
}

/// clap's rendered error as one line plus its tip: the first paragraph is the message (a
/// list under a `…:` line is joined with commas), a paragraph starting with `tip:` the tip;
/// the usage block and the closing "For more information" line are left out.
fn clap_message(rendered: &str) -> (String, Option<String>) {
    let mut paragraphs = rendered.trim().split("\n\n");
    let first = paragraphs.next().unwrap_or_default();
    let lines: Vec<&str> = first
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut message = lines
        .first()
        .copied()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_owned();
    if let Some(rest) = lines.get(1..).filter(|rest| !rest.is_empty()) {
        let separator = if message.ends_with(':') { ", " } else { " " };
        message.push(' ');
        message.push_str(&rest.join(separator));
    }
    let tip = paragraphs
        .map(str::trim)
        .find_map(|p| p.strip_prefix("tip: "))
        .map(|tip| tip.split_whitespace().collect::<Vec<_>>().join(" "));
    (message, tip)
}

/// A `JWTCRED_*` variable whose value clap rejected, told in its own words.
struct BadEnvValue {
    message: String,
    hint: String,
}

/// When the value clap rejects came from an option's environment variable (the option itself
/// is not on the command line), the error names the variable and the values it accepts:
/// `JWTCRED_VERBOSE has the invalid value 'maybe' (accepted: 1, 0, true, …)`.
fn bad_env_value(
    err: &clap::Error,
    args: &[OsString],
    command: &clap::Command,
) -> Option<BadEnvValue> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if err.kind() == ErrorKind::ArgumentConflict {
        return env_conflict(err, args, command);
    }
    if !matches!(
        err.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) {
        return None;
    }
    let Some(ContextValue::String(flag)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    let Some(ContextValue::String(value)) = err.get(ContextKind::InvalidValue) else {
        return None;
    };
    let long = flag.split_whitespace().next()?.strip_prefix("--")?;
    let arg = command
        .get_arguments()
        .find(|a| a.get_long() == Some(long))?;
    let var = arg.get_env()?;
    let from_env = std::env::var(var).is_ok_and(|env| {
        env == *value || (arg.get_value_delimiter().is_some() && env.split(',').any(|v| v == value))
    });
    if on_command_line(args, arg) || !from_env {
        return None;
    }
    let var = var.to_string_lossy();
    let accepted = accepted_values(arg);
    let why = std::error::Error::source(err)
        .map(|cause| format!(": {cause}"))
        .filter(|_| err.kind() == ErrorKind::ValueValidation && !is_boolean(arg))
        .unwrap_or_default();
    Some(BadEnvValue {
        message: format!("{var} has the invalid value '{value}' (accepted: {accepted}){why}"),
        hint: format!("set {var} to an accepted value or unset it"),
    })
}

/// Two exclusive options both set by their variables (neither on the command line).
fn env_conflict(
    err: &clap::Error,
    args: &[OsString],
    command: &clap::Command,
) -> Option<BadEnvValue> {
    use clap::error::{ContextKind, ContextValue};
    let var_of = |kind| {
        let ContextValue::String(flag) = err.get(kind)? else {
            return None;
        };
        let long = flag.split_whitespace().next()?.strip_prefix("--")?;
        let arg = command
            .get_arguments()
            .find(|a| a.get_long() == Some(long))?;
        let var = arg.get_env()?;
        (!on_command_line(args, arg) && std::env::var_os(var).is_some())
            .then(|| var.to_string_lossy().into_owned())
    };
    let (a, b) = (
        var_of(ContextKind::InvalidArg)?,
        var_of(ContextKind::PriorArg)?,
    );
    Some(BadEnvValue {
        message: format!("{a} and {b} are both set, but they exclude each other"),
        hint: format!("unset {a} or {b}"),
    })
}

/// The values an option takes, as a user types them.
fn accepted_values(arg: &clap::Arg) -> String {
    if is_boolean(arg) {
        return "1, 0, true, false, yes, no, on, off".into();
    }
    if arg
        .get_value_names()
        .is_some_and(|n| n.iter().any(|n| n == "DURATION"))
    {
        return "a DURATION such as 90s, 2m or 1h30m, at most 365 days; a bare number is seconds"
            .into();
    }
    arg.get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A yes/no option (`-v`): a flag whose environment variable is read as a boolean.
fn is_boolean(arg: &clap::Arg) -> bool {
    matches!(
        arg.get_action(),
        clap::ArgAction::SetTrue | clap::ArgAction::SetFalse
    )
}

/// Whether `arg` is given on the command line (`--long`, `--long=…`, or `-s` in a cluster).
fn on_command_line(args: &[OsString], arg: &clap::Arg) -> bool {
    let words = args.iter().skip(1).filter_map(|a| a.to_str());
    for word in words {
        if word == "--" {
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            if arg.get_long().is_some_and(|l| {
                long == l || long.strip_prefix(l).is_some_and(|r| r.starts_with('='))
            }) {
                return true;
            }
        } else if let Some(shorts) = word.strip_prefix('-')
            && arg.get_short().is_some_and(|c| shorts.contains(c))
        {
            return true;
        }
    }
    false
}

/// `jwtcred cache` without `list` or `clear`: say so instead of printing the whole help.
fn missing_subcommand(name: &str, path: &CommandPath) -> String {
    let mut words = vec![name.to_owned()];
    words.extend(path.names.iter().cloned());
    format!(
        "`{}` needs a subcommand: {}",
        words.join(" "),
        path.subcommands.join(", ")
    )
}

/// The hint of a usage error: clap's tip, then the help of the command that failed, spelled as
/// the user runs it (`kubectl jwtcred …` when invoked as the kubectl plugin).
fn help_hint(name: &str, path: &[String], tip: Option<&str>) -> String {
    let mut words = vec![if name == "kubectl-jwtcred" {
        "kubectl jwtcred".to_owned()
    } else {
        name.to_owned()
    }];
    words.extend(path.iter().cloned());
    let see = format!("see `{} --help`", words.join(" "));
    match tip {
        Some(tip) => format!("{tip}; {see}"),
        None => see,
    }
}

/// The subcommands a command line names, as clap would walk them.
struct CommandPath {
    /// `["cache", "list"]`; empty for the top level.
    names: Vec<String>,
    /// The subcommands of the last one (for "needs a subcommand").
    subcommands: Vec<String>,
    /// The last one, built (global options propagated).
    command: clap::Command,
}

/// Walks `args` through the command tree: options (and the values they take) are skipped, a
/// word that names a subcommand of the current command descends into it. Only for messages.
fn command_path(args: &[OsString]) -> CommandPath {
    let mut root = Cli::command();
    root.build();
    let mut current = &root;
    let mut names = Vec::new();
    let mut words = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            if !long.contains('=') && takes_value(current, |a| a.get_long() == Some(long)) {
                words.next();
            }
        } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-vo json`: the first short option that takes a value takes the rest or the next word.
            let chars: Vec<char> = shorts.chars().collect();
            if let Some(at) = chars
                .iter()
                .position(|c| takes_value(current, |a| a.get_short() == Some(*c)))
                && at + 1 == chars.len()
            {
                words.next();
            }
        } else if let Some(sub) = current.find_subcommand(word) {
            names.push(sub.get_name().to_owned());
            current = sub;
        }
    }
    let subcommands = current
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .filter(|n| n != "help")
        .collect();
    CommandPath {
        names,
        subcommands,
        command: current.clone(),
    }
}

fn takes_value(command: &clap::Command, is_it: impl Fn(&clap::Arg) -> bool) -> bool {
    command
        .get_arguments()
        .find(|a| is_it(a))
        .is_some_and(|a| a.get_action().takes_values())
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
