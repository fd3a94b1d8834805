//! Where each source's input can be found in this environment, in the contract's
//! auto-detection order: jwtcred's own settings first, then ambient environment.

use std::path::{Path, PathBuf};

use crate::env::Env;
use crate::source::SourceSettings;
use crate::source::kind::SourceKind;
use crate::source::{actions, command};
use crate::vocabulary::Endpoint;

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

/// Federated token files of cloud workload identity, in auto-detection order.
const CLOUD_TOKEN_FILE_VARS: [&str; 2] =
    ["AWS_WEB_IDENTITY_TOKEN_FILE", "AZURE_FEDERATED_TOKEN_FILE"];

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
    pub(super) input: Input,
}

#[derive(Debug, Clone)]
pub(super) enum Input {
    TokenFile(PathBuf),
    TokenEnv(String),
    TokenCommand(String),
    ClientCredentials,
    SpiffeSocket(String),
    Actions,
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

/// "--token-file/JWTCRED_TOKEN_FILE" for the get option `token_file`: the flag and its
/// variable, both named from the option id as `cli.rs` names them.
fn setting_origin(id: &str) -> String {
    format!(
        "--{}/JWTCRED_{}",
        id.replace('_', "-"),
        id.to_ascii_uppercase()
    )
}

/// Every candidate present in this environment, in auto-detection order.
pub fn candidates(settings: &SourceSettings, env: &Env) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut push = |kind, origin: String, auto, value: String, input: Input| {
        found.push(Candidate {
            kind,
            origin,
            value,
            auto,
            input,
        })
    };
    // Deliberate configuration beats ambient environment.
    if let Some(path) = &settings.file.path {
        let value = path.display().to_string();
        let input = Input::TokenFile(path.clone());
        push(
            SourceKind::File,
            setting_origin("token_file"),
            true,
            value,
            input,
        );
    }
    if let Some(name) = &settings.env.name {
        let input = Input::TokenEnv(name.clone());
        push(
            SourceKind::Env,
            setting_origin("token_env"),
            true,
            name.clone(),
            input,
        );
    }
    if let Some(line) = &settings.command.line {
        let value = command::display_line(line);
        let input = Input::TokenCommand(line.clone());
        push(
            SourceKind::Command,
            setting_origin("token_command"),
            true,
            value,
            input,
        );
    }
    if let Some(endpoint) = &settings.client_credentials.endpoint {
        let id = match endpoint {
            Endpoint::TokenUrl(_) => "token_url",
            Endpoint::Issuer(_) => "issuer",
        };
        let value = crate::http::redact_url_text(endpoint.as_str());
        push(
            SourceKind::ClientCredentials,
            setting_origin(id),
            true,
            value,
            Input::ClientCredentials,
        );
    }
    if let Some(socket) = &settings.spiffe.socket {
        let input = Input::SpiffeSocket(socket.clone());
        push(
            SourceKind::Spiffe,
            setting_origin("spiffe_socket"),
            true,
            socket.clone(),
            input,
        );
    }
    // Ambient environment.
    if let Some(socket) = env.get("SPIFFE_ENDPOINT_SOCKET") {
        let input = Input::SpiffeSocket(socket.to_owned());
        push(
            SourceKind::Spiffe,
            "env SPIFFE_ENDPOINT_SOCKET".to_owned(),
            true,
            socket.to_owned(),
            input,
        );
    }
    if Path::new(DEFAULT_SPIFFE_SOCKET).exists() {
        let socket = format!("unix://{DEFAULT_SPIFFE_SOCKET}");
        let input = Input::SpiffeSocket(socket.clone());
        push(
            SourceKind::Spiffe,
            "the default socket path".to_owned(),
            true,
            socket,
            input,
        );
    }
    if env.get(actions::URL_VAR).is_some() && env.get(actions::TOKEN_VAR).is_some() {
        let origin = format!("env {} and {}", actions::URL_VAR, actions::TOKEN_VAR);
        push(
            SourceKind::Actions,
            origin,
            true,
            String::new(),
            Input::Actions,
        );
    }
    for var in CI_TOKEN_VARS {
        if env.get(var).is_some() {
            let input = Input::TokenEnv(var.to_owned());
            push(
                SourceKind::Env,
                format!("env {var}"),
                true,
                var.to_owned(),
                input,
            );
        }
    }
    for var in CLOUD_TOKEN_FILE_VARS {
        if let Some(path) = env.get(var) {
            let input = Input::TokenFile(PathBuf::from(path));
            push(
                SourceKind::File,
                format!("env {var}"),
                true,
                path.to_owned(),
                input,
            );
        }
    }
    for path in WELL_KNOWN_TOKEN_FILES {
        if Path::new(path).is_file() {
            let origin = "the well-known projected token path".to_owned();
            let input = Input::TokenFile(PathBuf::from(path));
            push(SourceKind::File, origin, false, path.to_owned(), input);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_origins_name_the_flag_and_its_variable() {
        assert_eq!(
            setting_origin("token_file"),
            "--token-file/JWTCRED_TOKEN_FILE"
        );
        assert_eq!(
            setting_origin("spiffe_socket"),
            "--spiffe-socket/JWTCRED_SPIFFE_SOCKET"
        );
    }
}
