//! The words for an absent source: how to set each one, the explicit `--source` that has no
//! input, the nothing-found error (in the canonical source order), and the CI hint.

use super::candidates::{CI_TOKEN_VARS, Candidate, WELL_KNOWN_TOKEN_FILES};
use crate::env::Env;
use crate::error::Hinted;
use crate::source::kind::SourceKind;
use crate::source::{actions, ci};

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
pub(super) fn missing_input(kind: SourceKind, env: &Env) -> String {
    match actions_half_set(env) {
        Some(half) if kind == SourceKind::Actions => format!("{half}; {ACTIONS_HALF_SET_HINT}"),
        _ => how_to_set(kind).to_owned(),
    }
}

pub(super) fn explicit_missing(kind: SourceKind, env: &Env) -> anyhow::Error {
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

pub(super) fn nothing_found(found: &[Candidate], env: &Env) -> anyhow::Error {
    let mut message = String::from("no credential source found; looked for:");
    for kind in SourceKind::ORDER {
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
