//! What the kubeconfig and Argo CD writers share: the get options given on the command line
//! turned back into the exec entry's `args` (never env values, never a secret), the exec
//! apiVersion and the install hint.

use std::ffi::OsStr;

use anyhow::{Context as _, Result, bail};
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, ValueHint};

use crate::cli::{ExecApiVersionArg, GetArgs, OutputArg};
use crate::env::Env;
use crate::error::Hinted;
use crate::exec_credential::ExecApiVersion;

/// Shown by kubectl/client-go when `command` cannot be found.
pub const INSTALL_HINT: &str = "jwtcred, the credential plugin this entry runs, is not installed or not on PATH: \
     see the Install section of the jwtcred README (krew, Homebrew, .deb, .rpm, Nix, container image)";

/// How path-valued options (`--token-file`, `--ca-file`, …) are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paths {
    /// Relative paths are made absolute: kubectl runs the plugin from any directory.
    Absolute,
    /// As given: the path names a file where the plugin runs (an Argo CD pod), not here.
    AsGiven,
}

/// The exec entry's `args` and apiVersion, from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecArgs {
    pub args: Vec<String>,
    pub api_version: ExecApiVersion,
    /// Whether `--audience` was among them (it overrides a cluster's audience).
    pub has_audience: bool,
}

/// Rebuilds `args` from the get options whose value came from the command line, in the order
/// they were given; each as `--long value` (flags as `--long`).
pub fn from_command_line(matches: &ArgMatches, paths: Paths) -> Result<ExecArgs> {
    if given(matches, "client_secret") {
        return Err(Hinted::new(
            "--client-secret would be written in clear text into the exec entry; refusing",
            "use --client-secret-file PATH, or set JWTCRED_CLIENT_SECRET in the environment kubectl or Argo CD runs jwtcred with",
        )
        .into());
    }
    if given(matches, "output") {
        let output = matches.get_one::<OutputArg>("output").copied();
        if output != Some(OutputArg::ExecCredential) {
            return Err(Hinted::new(
                "an exec entry must print an ExecCredential, but --output asks for something else",
                "drop --output (or use --output exec-credential)",
            )
            .into());
        }
    }
    let api_version = match matches.get_one::<ExecApiVersionArg>("exec_api_version") {
        Some(ExecApiVersionArg::V1beta1) if given(matches, "exec_api_version") => {
            ExecApiVersion::V1beta1
        }
        _ => ExecApiVersion::V1,
    };

    let definition = GetArgs::augment_args(clap::Command::new("get"));
    let mut occurrences: Vec<(usize, Vec<String>)> = Vec::new();
    for arg in definition.get_arguments() {
        let id = arg.get_id().as_str();
        // -v is about this run; written into the entry it would log on every kubectl call.
        if !given(matches, id) || id == "verbose" {
            continue;
        }
        let long = format!(
            "--{}",
            arg.get_long().context("every get option has a long name")?
        );
        let indices: Vec<usize> = matches.indices_of(id).into_iter().flatten().collect();
        if !arg.get_action().takes_values() {
            let index = indices.first().copied().unwrap_or(usize::MAX);
            occurrences.push((index, vec![long]));
            continue;
        }
        let is_path = matches!(
            arg.get_value_hint(),
            ValueHint::AnyPath | ValueHint::FilePath | ValueHint::DirPath
        );
        let values = matches.get_raw(id).into_iter().flatten();
        for (n, value) in values.enumerate() {
            let value = render_value(value, is_path && paths == Paths::Absolute)
                .with_context(|| format!("the value of {long}"))?;
            let index = indices.get(n).copied().unwrap_or(usize::MAX);
            occurrences.push((index, vec![long.clone(), value]));
        }
    }
    occurrences.sort_by_key(|(index, _)| *index);
    Ok(ExecArgs {
        args: occurrences.into_iter().flat_map(|(_, a)| a).collect(),
        api_version,
        has_audience: given(matches, "audience"),
    })
}

/// The `JWTCRED_*` settings in this environment: they shape this run but are not written.
pub fn env_settings(env: &Env) -> Vec<String> {
    let definition = GetArgs::augment_args(clap::Command::new("get"));
    definition
        .get_arguments()
        .filter_map(|arg| arg.get_env())
        .filter_map(|name| name.to_str())
        .chain(["JWTCRED_CLIENT_SECRET", "JWTCRED_EXCHANGE_CLIENT_SECRET"])
        .filter(|name| env.is_set(name))
        .map(str::to_owned)
        .collect()
}

/// Prints a note on stderr when `JWTCRED_*` variables are set: they are not carried over.
pub fn warn_about_env(env: &Env, target: &str) {
    let names = env_settings(env);
    if !names.is_empty() {
        eprintln!(
            "jwtcred: note: {} from the environment not written into the {target}; only options given on the command line are",
            names.join(", ")
        );
    }
}

fn given(matches: &ArgMatches, id: &str) -> bool {
    matches.try_get_raw(id).ok().flatten().is_some()
        && matches.value_source(id) == Some(ValueSource::CommandLine)
}

fn render_value(value: &OsStr, absolute: bool) -> Result<String> {
    let text = value
        .to_str()
        .context("not valid UTF-8; kubeconfig and Argo CD store text")?;
    if absolute && !text.is_empty() {
        let path = std::path::absolute(text).context("making the path absolute")?;
        return match path.to_str() {
            Some(text) => Ok(text.to_owned()),
            None => bail!("not valid UTF-8 once made absolute"),
        };
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    fn matches(args: &[&str]) -> ArgMatches {
        Cli::command().try_get_matches_from(args).expect("parses")
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
        let m = matches(&[
            "jwtcred",
            "kubeconfig",
            "--user",
            "u",
            "--token-file",
            "tok",
        ]);
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
        let m = matches(&[
            "jwtcred",
            "kubeconfig",
            "--user",
            "u",
            "--client-secret",
            "hunter2",
        ]);
        let err = from_command_line(&m, Paths::AsGiven).unwrap_err();
        assert!(!format!("{err:#}").contains("hunter2"));
    }

    #[test]
    fn exec_api_version_and_output() {
        let m = matches(&[
            "jwtcred",
            "kubeconfig",
            "--user",
            "u",
            "--exec-api-version",
            "v1beta1",
        ]);
        let exec = from_command_line(&m, Paths::AsGiven).unwrap();
        assert_eq!(exec.api_version, ExecApiVersion::V1beta1);
        assert_eq!(exec.args, ["--exec-api-version", "v1beta1"]);
        let m = matches(&["jwtcred", "kubeconfig", "--user", "u", "-o", "token"]);
        assert!(from_command_line(&m, Paths::AsGiven).is_err());
    }
}
