//! Which source serves a call. Auto-detection walks the contract's order — deliberate jwtcred
//! settings first, then ambient environment — and `jwtcred detect` reports the same walk.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use super::{Source, SourceKind, actions, ci, client_credentials, command, env, file, spiffe};
use crate::config::Config;
use crate::env::Env;
use crate::error::Hinted;

/// k8s-spiffe-workload-jwt-exec-auth's default Workload API socket.
pub const DEFAULT_SPIFFE_SOCKET: &str = "/tmp/spire-agent/public/api.sock";

/// Projected service-account tokens: used by `--source file` without a path, never by auto.
pub const WELL_KNOWN_TOKEN_FILES: [&str; 2] = [
    "/var/run/secrets/openshift/serviceaccount/token",
    "/var/run/secrets/kubernetes.io/serviceaccount/token",
];

/// Variables CIs hand their OIDC token out in, in the order auto-detection tries them:
/// CircleCI (v2 first), then Bitbucket Pipelines (a step with `oidc: true`).
pub const CI_TOKEN_VARS: [&str; 3] = [
    "CIRCLE_OIDC_TOKEN_V2",
    "CIRCLE_OIDC_TOKEN",
    "BITBUCKET_STEP_OIDC_TOKEN",
];

/// One place a source's input was found.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub kind: SourceKind,
    /// Where it was found, e.g. "env AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/token".
    pub origin: String,
    /// The path, address or variable name it points at.
    pub value: String,
    /// False for inputs auto-detection must never pick by itself.
    pub auto: bool,
    input: Input,
}

#[derive(Debug, Clone)]
enum Input {
    TokenFile(PathBuf),
    TokenEnv(String),
    TokenCommand(String),
    ClientCredentials(String),
    SpiffeSocket(String),
    Actions,
}

impl Input {
    fn value(&self) -> String {
        match self {
            Self::TokenFile(path) => path.display().to_string(),
            Self::TokenEnv(name) => name.clone(),
            Self::TokenCommand(line) => command::display_line(line),
            Self::ClientCredentials(url) => crate::http::redact_url_text(url),
            Self::SpiffeSocket(url) => url.clone(),
            Self::Actions => String::new(),
        }
    }
}

impl Candidate {
    /// "env AWS_WEB_IDENTITY_TOKEN_FILE = /var/run/token"
    pub fn describe(&self) -> String {
        if self.value.is_empty() {
            self.origin.clone()
        } else {
            format!("{} = {}", self.origin, self.value)
        }
    }
}

/// Every candidate present in this environment, in auto-detection order.
pub fn candidates(config: &Config, env: &Env) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut push = |kind, origin: String, auto, input: Input| {
        found.push(Candidate {
            kind,
            origin,
            value: input.value(),
            auto,
            input,
        })
    };
    // Deliberate configuration beats ambient environment.
    if let Some(path) = &config.token_file {
        push(
            SourceKind::File,
            "--token-file/JWTCRED_TOKEN_FILE".to_owned(),
            true,
            Input::TokenFile(path.clone()),
        );
    }
    if let Some(name) = &config.token_env {
        push(
            SourceKind::Env,
            "--token-env/JWTCRED_TOKEN_ENV".to_owned(),
            true,
            Input::TokenEnv(name.clone()),
        );
    }
    if let Some(line) = &config.token_command {
        push(
            SourceKind::Command,
            "--token-command/JWTCRED_TOKEN_COMMAND".to_owned(),
            true,
            Input::TokenCommand(line.clone()),
        );
    }
    if let Some(endpoint) = &config.client_credentials.endpoint {
        let flag = match endpoint {
            crate::config::Endpoint::TokenUrl(_) => "--token-url/JWTCRED_TOKEN_URL",
            crate::config::Endpoint::Issuer(_) => "--issuer/JWTCRED_ISSUER",
        };
        push(
            SourceKind::ClientCredentials,
            flag.to_owned(),
            true,
            Input::ClientCredentials(endpoint.as_str().to_owned()),
        );
    }
    if let Some(socket) = &config.spiffe_socket {
        push(
            SourceKind::Spiffe,
            "--spiffe-socket/JWTCRED_SPIFFE_SOCKET".to_owned(),
            true,
            Input::SpiffeSocket(socket.clone()),
        );
    }
    // Ambient environment.
    if let Some(socket) = env.get("SPIFFE_ENDPOINT_SOCKET") {
        push(
            SourceKind::Spiffe,
            "env SPIFFE_ENDPOINT_SOCKET".to_owned(),
            true,
            Input::SpiffeSocket(socket.to_owned()),
        );
    }
    if Path::new(DEFAULT_SPIFFE_SOCKET).exists() {
        push(
            SourceKind::Spiffe,
            "the default socket path".to_owned(),
            true,
            Input::SpiffeSocket(format!("unix://{DEFAULT_SPIFFE_SOCKET}")),
        );
    }
    if env.get(actions::URL_VAR).is_some() && env.get(actions::TOKEN_VAR).is_some() {
        push(
            SourceKind::Actions,
            format!("env {} and {}", actions::URL_VAR, actions::TOKEN_VAR),
            true,
            Input::Actions,
        );
    }
    for var in CI_TOKEN_VARS {
        if env.get(var).is_some() {
            push(
                SourceKind::Env,
                format!("env {var}"),
                true,
                Input::TokenEnv(var.to_owned()),
            );
        }
    }
    for var in ["AWS_WEB_IDENTITY_TOKEN_FILE", "AZURE_FEDERATED_TOKEN_FILE"] {
        if let Some(path) = env.get(var) {
            push(
                SourceKind::File,
                format!("env {var}"),
                true,
                Input::TokenFile(PathBuf::from(path)),
            );
        }
    }
    for path in WELL_KNOWN_TOKEN_FILES {
        if Path::new(path).is_file() {
            push(
                SourceKind::File,
                "the well-known projected token path".to_owned(),
                false,
                Input::TokenFile(PathBuf::from(path)),
            );
        }
    }
    found
}

/// The source `get` uses: the one named by `--source`, else the first auto candidate.
pub fn select(config: &Config, env: &Env) -> Result<Source> {
    let found = candidates(config, env);
    let chosen = match config.source {
        Some(kind) => found
            .iter()
            .find(|c| c.kind == kind)
            .ok_or_else(|| explicit_missing(kind, env))?,
        None => found
            .iter()
            .find(|c| c.auto)
            .ok_or_else(|| nothing_found(&found, env))?,
    };
    build(chosen, config, env)
}

fn build(candidate: &Candidate, config: &Config, env: &Env) -> Result<Source> {
    Ok(match &candidate.input {
        Input::TokenFile(path) => Source::File(file::FileSource::new(
            path.clone(),
            candidate.origin.clone(),
        )),
        Input::TokenEnv(name) => Source::Env(env::EnvSource::new(name.clone(), env)),
        Input::TokenCommand(line) => Source::Command(command::CommandSource::new(
            line,
            candidate.origin.clone(),
            &config.audiences,
        )?),
        Input::ClientCredentials(_) => Source::ClientCredentials(
            client_credentials::ClientCredentialsSource::from_config(config)?,
        ),
        Input::SpiffeSocket(socket) => Source::Spiffe(spiffe::SpiffeSource::from_config(
            socket.clone(),
            candidate.origin.clone(),
            config,
        )?),
        Input::Actions => Source::Actions(actions::ActionsSource::from_env(config, env)?),
    })
}

/// How to configure each source, for "nothing found" errors and `detect`.
pub fn how_to_set(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Spiffe => {
            "set SPIFFE_ENDPOINT_SOCKET or --spiffe-socket (unix:///path or tcp://ip:port), or run a SPIRE agent at /tmp/spire-agent/public/api.sock"
        }
        SourceKind::Actions => {
            "run in a GitHub Actions job with `permissions: id-token: write` (Forgejo: `enable-openid-connect: true`), which sets ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN"
        }
        SourceKind::ClientCredentials => {
            "set --token-url or --issuer (JWTCRED_TOKEN_URL / JWTCRED_ISSUER) with --client-id and a secret"
        }
        SourceKind::File => {
            "set --token-file PATH (JWTCRED_TOKEN_FILE), AWS_WEB_IDENTITY_TOKEN_FILE or AZURE_FEDERATED_TOKEN_FILE"
        }
        SourceKind::Env => {
            "set --token-env NAME (JWTCRED_TOKEN_ENV) to read the token from variable NAME; CircleCI's CIRCLE_OIDC_TOKEN_V2/CIRCLE_OIDC_TOKEN and Bitbucket's BITBUCKET_STEP_OIDC_TOKEN are found by themselves"
        }
        SourceKind::Command => {
            "set --token-command CMD (JWTCRED_TOKEN_COMMAND) to run a program that prints the token, e.g. 'buildkite-agent oidc request-token --audience {audience}'"
        }
    }
}

/// What to do when only one of the two Actions variables is set.
const ACTIONS_HALF_SET_HINT: &str =
    "grant the job `permissions: id-token: write`; fork pull requests never get an ID token";

/// One Actions variable without the other is a broken setup, not an absent one: the one
/// missing, in words (`ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set (the other … is)`).
fn actions_half_set(env: &Env) -> Option<String> {
    let missing = match (
        env.get(actions::URL_VAR).is_some(),
        env.get(actions::TOKEN_VAR).is_some(),
    ) {
        (true, false) => actions::TOKEN_VAR,
        (false, true) => actions::URL_VAR,
        _ => return None,
    };
    Some(format!(
        "{missing} is not set (the other Actions variable is)"
    ))
}

/// Why `kind` has no input and how to give it one, for `detect` and the nothing-found error:
/// a half-set Actions environment names the missing variable.
fn missing_input(kind: SourceKind, env: &Env) -> String {
    match actions_half_set(env) {
        Some(half) if kind == SourceKind::Actions => format!("{half}; {ACTIONS_HALF_SET_HINT}"),
        _ => how_to_set(kind).to_owned(),
    }
}

fn explicit_missing(kind: SourceKind, env: &Env) -> anyhow::Error {
    if kind == SourceKind::Actions
        && let Some(half) = actions_half_set(env)
    {
        return Hinted::new(format!("--source actions: {half}"), ACTIONS_HALF_SET_HINT).into();
    }
    let mut message = format!("--source {kind} was requested but it has no input configured");
    if kind == SourceKind::File {
        message.push_str(&format!(
            " (no --token-file, and none of {} exists)",
            WELL_KNOWN_TOKEN_FILES.join(", ")
        ));
    }
    if kind == SourceKind::Env {
        message.push_str(&format!(
            " (no --token-env, and none of {} is set)",
            CI_TOKEN_VARS.join(", ")
        ));
    }
    let hint = ci_hint(Some(kind), env).unwrap_or_else(|| how_to_set(kind).to_owned());
    Hinted::no_source(message, hint).into()
}

/// What to add in the CI this runs in, when it is recognisable — for `--source KIND` only when
/// that CI hands its token to KIND (GitHub's permission line is no help to `--source spiffe`).
pub fn ci_hint(requested: Option<SourceKind>, env: &Env) -> Option<String> {
    let ci = ci::recognise(env)?;
    match requested {
        Some(kind) if kind != ci.source => None,
        _ => Some(ci.what_to_add(env)),
    }
}

fn nothing_found(found: &[Candidate], env: &Env) -> anyhow::Error {
    let mut message = String::from("no credential source found; looked for:");
    for kind in [
        SourceKind::File,
        SourceKind::Env,
        SourceKind::Command,
        SourceKind::ClientCredentials,
        SourceKind::Spiffe,
        SourceKind::Actions,
    ] {
        message.push_str(&format!("\n  - {kind}: {}", missing_input(kind, env)));
    }
    for candidate in found.iter().filter(|c| !c.auto) {
        message.push_str(&format!(
            "\n  ({} exists — not used automatically: a pod's own service-account token is meant for its own cluster; pass --source file to use it)",
            candidate.value
        ));
    }
    match ci_hint(None, env) {
        Some(line) => Hinted::no_source(message, line),
        None => Hinted::no_source(
            message,
            "run `jwtcred detect` to see what this environment offers",
        ),
    }
    .into()
}

/// `jwtcred detect`'s report.
#[derive(Debug, Serialize)]
pub struct Report {
    pub chosen: Option<&'static str>,
    pub sources: Vec<ReportEntry>,
    /// What to add in the recognised CI, when nothing is usable.
    pub hint: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReportEntry {
    pub name: &'static str,
    pub present: bool,
    pub detail: String,
}

pub fn report(config: &Config, env: &Env) -> Report {
    let found = candidates(config, env);
    let chosen = match config.source {
        Some(kind) => found.iter().find(|c| c.kind == kind),
        None => found.iter().find(|c| c.auto),
    };
    let sources = SourceKind::ALL
        .iter()
        .map(|&kind| {
            let mine: Vec<&Candidate> = found.iter().filter(|c| c.kind == kind).collect();
            ReportEntry {
                name: kind.name(),
                present: !mine.is_empty(),
                detail: entry_detail(kind, &mine, chosen, config, env),
            }
        })
        .collect();
    Report {
        chosen: chosen.map(|c| c.kind.name()),
        sources,
        hint: match chosen {
            None => ci_hint(config.source, env),
            Some(_) => None,
        },
    }
}

fn entry_detail(
    kind: SourceKind,
    mine: &[&Candidate],
    chosen: Option<&Candidate>,
    config: &Config,
    env: &Env,
) -> String {
    let Some(first) = mine.first() else {
        return format!("not configured: {}", missing_input(kind, env));
    };
    let origins: Vec<String> = mine.iter().map(|c| c.describe()).collect();
    let found = format!("found {}", origins.join("; "));
    let verdict = match chosen {
        Some(c) if c.kind == kind => format!("chosen: uses {}", c.describe()),
        _ if mine.iter().all(|c| !c.auto) => {
            "not chosen: auto-detection never sends a pod's own service-account token to another cluster; use --source file".to_owned()
        }
        Some(c) if config.source.is_some() => format!("passed over: --source {} was requested", c.kind),
        Some(c) => format!("passed over: {} ({}) comes first in the detection order", c.describe(), c.kind),
        None if config.source.is_some() => format!("passed over: --source {} was requested", config.source.map(|k| k.name()).unwrap_or("?")),
        None => format!("passed over ({})", first.describe()),
    };
    format!("{found}; {verdict}")
}
