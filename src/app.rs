//! Parses the command line, builds the `Config` and dispatches to the command. `main` only
//! prints what this returns.

use std::ffi::OsString;
use std::io::Write;

use anyhow::{Context as _, Result};
use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, GetArgs, GetCli};
use crate::clock::Clock;
use crate::config::{CommandLine, Config};
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
        .is_some_and(|a| a == commands::completions::kubectl::TRIGGER)
    {
        let words: Vec<String> = args[2..]
            .iter()
            .map(|w| w.to_string_lossy().into_owned())
            .collect();
        return Ok(commands::completions::kubectl::run(&words));
    }
    let name = invoked_name(&args);
    let (cli, matches, args) = match parse_get(&args, name) {
        Some((cli, matches)) => (cli, matches, args),
        None => {
            let (args, subcommand) = options_after_subcommand(&args);
            match parse_full(&args, name, subcommand) {
                Ok((cli, matches)) => (cli, matches, args),
                Err(err) => return clap_outcome(err, &args, name),
            }
        }
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

/// `matches` are the matches of the (sub)command whose options were parsed; config.rs turns
/// them into plain settings.
fn run_command(
    cli: Cli,
    matches: &ArgMatches,
    name: &'static str,
    notes: &mut Notes,
) -> Result<String> {
    use crate::cli::{CacheAction, PrintArgs, TokenArgs};
    let env = Env::from_process();
    let clock = Clock::system();
    let leaf = leaf_matches(matches);
    // Built only by the commands that use it: install, completions, man and the writers must
    // work even with a broken KUBERNETES_EXEC_INFO or JWTCRED_* value in the environment.
    let config = |get: &TokenArgs, print: &PrintArgs| Config::from_cli(get, print, leaf, &env);
    let no_print = PrintArgs::default();
    let Some(command) = cli.command else {
        return get::run(
            &config(&cli.get.token, &cli.get.print)?,
            &env,
            &clock,
            notes,
        );
    };
    match command {
        Command::Get(GetArgs { token, print }) => {
            get::run(&config(&token, &print)?, &env, &clock, notes)
        }
        Command::Detect(args) => commands::detect::run(
            &config(&args.get, &no_print)?,
            &env,
            notes,
            args.check,
            args.report.output,
        ),
        Command::Inspect(args) => commands::inspect::run(
            &config(&args.get, &no_print)?,
            &env,
            &clock,
            notes,
            args.token.as_deref(),
            args.report.output,
        ),
        Command::Cache { action } => match action {
            CacheAction::List(args) => {
                commands::cache::list(&config(&args.get, &no_print)?, &clock, args.report.output)
            }
            CacheAction::Clear(args) => {
                let given = CommandLine::from_matches(&no_print, leaf, &env)?;
                commands::cache::clear(
                    &config(&args.get, &no_print)?,
                    &env,
                    &clock,
                    notes,
                    args.all || !given.selects_entry(),
                )
            }
        },
        Command::Kubeconfig(args) => {
            let given = CommandLine::from_matches(&args.get.print, leaf, &env)?;
            commands::kubeconfig::run(&args, &given, &env, notes, name)
        }
        Command::ArgocdCluster(args) => {
            let given = CommandLine::from_matches(&args.get.print, leaf, &env)?;
            commands::argocd_cluster::run(&args, &given, notes)
        }
        Command::Install { dir } => commands::install::run(&dir),
        Command::Completions { shell } => commands::completions::run(shell),
        Command::Man => commands::man::run(),
        Command::AuthnConfig(args) => {
            commands::authn_config::run(&config(&args.get, &no_print)?, &env, &clock, notes, &args)
        }
        Command::Doctor(args) => {
            let settings = commands::doctor::settings(&args);
            commands::doctor::run(
                &config(&args.get, &no_print)?,
                &env,
                &clock,
                notes,
                &settings,
            )
        }
    }
}

/// The matches of the innermost subcommand (`cache clear`'s, not `cache`'s).
fn leaf_matches(matches: &ArgMatches) -> &ArgMatches {
    match matches.subcommand() {
        Some((_, sub)) => leaf_matches(sub),
        None => matches,
    }
}

/// Parses the command line as plain `get`: the hot path, without building the subcommand
/// tree. None when that fails for any reason (a subcommand, --help, a bad flag): then
/// [`parse_full`] parses it with the full CLI, so that every message comes from the complete
/// definition.
fn parse_get(args: &[OsString], name: &'static str) -> Option<(Cli, ArgMatches)> {
    // The command definitions are leaked: dropping them costs time and they live until exit.
    let get_only = leak(flag_beats_env(GetCli::command().name(name), args));
    let matches = get_only.try_get_matches_from_mut(args).ok()?;
    let get = GetArgs::from_arg_matches(&matches).ok()?;
    Some((Cli { command: None, get }, matches))
}

/// `subcommand`: the command line names one, so the top level's get options (the bare form's)
/// are not read from the environment: `JWTCRED_OUTPUT=xml jwtcred man` is not get's business.
fn parse_full(
    args: &[OsString],
    name: &'static str,
    subcommand: bool,
) -> Result<(Cli, ArgMatches), clap::Error> {
    let mut command = full_command(name, args);
    if subcommand {
        command = command.mut_args(|arg| arg.env(None));
    }
    let matches = leak(command).try_get_matches_from_mut(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    Ok((cli, matches))
}

/// `jwtcred -v --source file inspect` is read as `jwtcred inspect -v --source file`: get
/// options given before a subcommand move behind it (as when they were global), so the
/// subcommand accepts them when it has them and clap rejects them when it does not
/// (`jwtcred --source file man`). One given again behind the subcommand replaces the earlier.
fn options_after_subcommand(args: &[OsString]) -> (Vec<OsString>, bool) {
    let mut root = Cli::command();
    root.build();
    let mut before: Vec<&[OsString]> = Vec::new();
    let mut at = 1;
    let subcommand = loop {
        let Some(word) = args.get(at).and_then(|w| w.to_str()) else {
            return (args.to_vec(), false);
        };
        if word == "--" {
            return (args.to_vec(), false);
        }
        let Some(taken) = value_words(&root, word) else {
            match root.find_subcommand(word) {
                Some(sub) if sub.get_name() != "help" => break sub,
                Some(_) => return (args.to_vec(), true),
                None => return (args.to_vec(), false),
            }
        };
        let end = (at + 1 + taken).min(args.len());
        before.push(&args[at..end]);
        at = end;
    };
    if before.is_empty() {
        return (args.to_vec(), true);
    }
    // `cache clear`: the options go behind the innermost subcommand named next.
    let mut leaf = subcommand;
    let mut insert = at + 1;
    while let Some(sub) = args
        .get(insert)
        .and_then(|w| w.to_str())
        .and_then(|w| leaf.find_subcommand(w))
    {
        leaf = sub;
        insert += 1;
    }
    let mut after = vec![OsString::new()];
    after.extend(args[insert..].iter().cloned());
    let given_after = |option: &[OsString]| {
        let word = [OsString::new(), option[0].clone()];
        root.get_arguments()
            .find(|arg| on_command_line(&word, arg))
            .is_some_and(|arg| on_command_line(&after, arg))
    };
    let mut rewritten = args[..1].to_vec();
    rewritten.extend(args[at..insert].iter().cloned());
    for option in before.into_iter().filter(|o| !given_after(o)) {
        rewritten.extend(option.iter().cloned());
    }
    rewritten.extend(args[insert..].iter().cloned());
    (rewritten, true)
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

/// A flag beats the env: when one side of an exclusive pair (the definition's
/// `conflicts_with`) is on the command line, the other side's `JWTCRED_*` variable is not
/// read, so it cannot turn into a conflict.
fn flag_beats_env(mut command: clap::Command, args: &[OsString]) -> clap::Command {
    let mut silenced = Vec::new();
    for arg in command.get_arguments() {
        for other in command.get_arg_conflicts_with(arg) {
            if on_command_line(args, arg) {
                silenced.push(other.get_id().clone());
            }
            if on_command_line(args, other) {
                silenced.push(arg.get_id().clone());
            }
        }
    }
    for id in silenced {
        command = without_env(command, id.as_str());
    }
    command
}

/// `id` stops reading its variable, in the command and every subcommand that has it.
fn without_env(command: clap::Command, id: &str) -> clap::Command {
    command
        .mut_args(|arg| {
            if arg.get_id() == id {
                arg.env(None)
            } else {
                arg
            }
        })
        .mut_subcommands(|sub| without_env(sub, id))
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
    let Some(ContextValue::String(value)) = err.get(ContextKind::InvalidValue) else {
        return None;
    };
    let (arg, var) = env_option_in(err, ContextKind::InvalidArg, command)?;
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
    use clap::error::ContextKind;
    let var_of = |kind| {
        let (arg, var) = env_option_in(err, kind, command)?;
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

/// The option a clap error names under `kind` (`--flag <VALUE>`), and its variable.
fn env_option_in<'c>(
    err: &clap::Error,
    kind: clap::error::ContextKind,
    command: &'c clap::Command,
) -> Option<(&'c clap::Arg, &'c std::ffi::OsStr)> {
    let clap::error::ContextValue::String(flag) = err.get(kind)? else {
        return None;
    };
    let long = flag.split_whitespace().next()?.strip_prefix("--")?;
    let arg = command
        .get_arguments()
        .find(|a| a.get_long() == Some(long))?;
    Some((arg, arg.get_env()?))
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
        if let Some(taken) = value_words(current, word) {
            if taken == 1 {
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

/// For an option word of `command`, how many of the following words are its value: 1 for
/// `--long VALUE` and `-o VALUE` (also `-vo VALUE`: the first short option that takes a value
/// takes the rest of the word or the next one), else 0. None when `word` is not an option.
fn value_words(command: &clap::Command, word: &str) -> Option<usize> {
    if let Some(long) = word.strip_prefix("--") {
        let takes = !long.contains('=') && takes_value(command, |a| a.get_long() == Some(long));
        return Some(usize::from(takes));
    }
    let shorts = word.strip_prefix('-').filter(|s| !s.is_empty())?;
    let chars: Vec<char> = shorts.chars().collect();
    let value_at = chars
        .iter()
        .position(|c| takes_value(command, |a| a.get_short() == Some(*c)));
    Some(usize::from(
        value_at.is_some_and(|at| at + 1 == chars.len()),
    ))
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

/// The command-line echo config.rs derives, and what the writers make of it: through the real
/// parse, since the echo is only as good as the definition it is derived from.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::exec_entry::{Paths, from_command_line};
    use crate::exec_credential::ExecApiVersion;
    use crate::output::OutputMode;

    /// The get options of a parsed command line, as the writers see them (for unit tests).
    fn command_line_of(args: &[&str]) -> Result<CommandLine> {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        let (args, subcommand) = options_after_subcommand(&args);
        let (cli, matches) = parse_full(&args, "jwtcred", subcommand)?;
        let print = match &cli.command {
            Some(Command::Kubeconfig(a)) => a.get.print.clone(),
            Some(Command::ArgocdCluster(a)) => a.get.print.clone(),
            Some(Command::Get(a)) => a.print.clone(),
            None => cli.get.print.clone(),
            _ => crate::cli::PrintArgs::default(),
        };
        CommandLine::from_matches(&print, leaf_matches(&matches), &Env::from_process())
    }

    fn selects(args: &[&str]) -> bool {
        command_line_of(args).unwrap().selects_entry()
    }

    #[test]
    fn only_token_selecting_options_on_the_command_line_select() {
        assert!(!selects(&["jwtcred", "cache", "clear"]));
        assert!(!selects(&["jwtcred", "cache", "clear", "--all"]));
        assert!(!selects(&[
            "jwtcred",
            "cache",
            "clear",
            "--cache-dir",
            "/x",
            "-v",
            "--cache",
            "file",
            "--timeout",
            "5s",
            "--refresh-before",
            "2m",
            "--ca-file",
            "/ca.pem",
        ]));
        assert!(selects(&["jwtcred", "cache", "clear", "--audience", "a"]));
        assert!(selects(&[
            "jwtcred",
            "cache",
            "clear",
            "--exchange-scope",
            "s"
        ]));
        assert!(selects(&["jwtcred", "cache", "clear", "--client-id", "c"]));
        assert!(selects(&[
            "jwtcred", "--source", "actions", "cache", "clear"
        ]));
    }

    #[test]
    fn the_echo_keeps_order_values_and_what_a_writer_must_refuse() {
        let given = command_line_of(&[
            "jwtcred",
            "kubeconfig",
            "--user",
            "u",
            "--scope",
            "s1",
            "-v",
            "--client-secret",
            "x",
            "--exec-api-version",
            "v1beta1",
            "--scope",
            "s2",
            "-o",
            "token",
        ])
        .unwrap();
        let longs: Vec<&str> = given.options.iter().map(|o| o.long.as_str()).collect();
        assert_eq!(
            longs,
            [
                "--scope",
                "--client-secret",
                "--exec-api-version",
                "--scope",
                "--output"
            ]
        );
        assert!(given.inline_client_secret);
        assert_eq!(given.output, Some(OutputMode::Token));
        assert_eq!(given.exec_api_version, Some(ExecApiVersion::V1beta1));
        assert!(!given.audience);
        let plain = command_line_of(&["jwtcred", "kubeconfig", "--user", "u"]).unwrap();
        assert_eq!(plain.options, []);
        assert_eq!(plain.output, None);
    }

    fn matches(args: &[&str]) -> CommandLine {
        command_line_of(args).expect("parses")
    }

    /// `jwtcred kubeconfig --user u` followed by `options`.
    fn kubeconfig_with(options: &[&str]) -> CommandLine {
        let args = ["jwtcred", "kubeconfig", "--user", "u"];
        matches(&[&args[..], options].concat())
    }

    #[test]
    fn keeps_command_line_order_wherever_the_options_stand() {
        let m = matches(&[
            "jwtcred",
            "--audience",
            "a",
            "kubeconfig",
            "--user",
            "u",
            "--source",
            "actions",
            "-v",
            "--audience",
            "b",
            "--scope",
            "s1",
            "--scope",
            "s2",
        ]);
        let exec = from_command_line(&m, Paths::AsGiven).unwrap();
        // As for `get`, a global option repeated after the subcommand replaces the earlier one;
        // -v is not written.
        assert_eq!(
            exec.args,
            [
                "--source",
                "actions",
                "--audience",
                "b",
                "--scope",
                "s1",
                "--scope",
                "s2"
            ]
        );
        assert!(exec.has_audience);
        assert_eq!(exec.api_version, ExecApiVersion::V1);
        let m = matches(&["jwtcred", "--token-env", "T", "kubeconfig", "--user", "u"]);
        let exec = from_command_line(&m, Paths::AsGiven).unwrap();
        assert_eq!(exec.args, ["--token-env", "T"]);
    }

    #[test]
    fn makes_relative_paths_absolute_only_when_asked() {
        let m = kubeconfig_with(&["--token-file", "tok"]);
        let cwd = std::env::current_dir().unwrap();
        let absolute = from_command_line(&m, Paths::Absolute).unwrap();
        assert_eq!(
            absolute.args,
            ["--token-file", cwd.join("tok").to_str().unwrap()]
        );
        let as_given = from_command_line(&m, Paths::AsGiven).unwrap();
        assert_eq!(as_given.args, ["--token-file", "tok"]);
    }

    #[test]
    fn refuses_inline_secrets_without_echoing_them() {
        let m = kubeconfig_with(&["--client-secret", "hunter2"]);
        let err = from_command_line(&m, Paths::AsGiven).unwrap_err();
        assert!(!format!("{err:#}").contains("hunter2"));
    }

    #[test]
    fn exec_api_version_and_output() {
        let m = kubeconfig_with(&["--exec-api-version", "v1beta1"]);
        let exec = from_command_line(&m, Paths::AsGiven).unwrap();
        assert_eq!(exec.api_version, ExecApiVersion::V1beta1);
        assert_eq!(exec.args, ["--exec-api-version", "v1beta1"]);
        let m = kubeconfig_with(&["-o", "token"]);
        assert!(from_command_line(&m, Paths::AsGiven).is_err());
    }
}
