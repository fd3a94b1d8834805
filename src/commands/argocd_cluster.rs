//! `jwtcred argocd-cluster`: prints an Argo CD declarative cluster Secret whose `config` runs
//! jwtcred through `execProviderConfig` (Argo CD's `env` is a map; `provideClusterInfo` and
//! `config` need Argo CD 3.5 or newer). Argo CD builds client-go's `ExecConfig` from these
//! fields (`pkg/apis/application/v1alpha1` `ExecProviderConfig`, argoproj/argo-cd#27976):
//! `config` becomes `ExecConfig.Config`, which client-go hands the plugin as
//! `spec.cluster.config` of `KUBERNETES_EXEC_INFO` when `provideClusterInfo` is true.

use anyhow::{Context as _, Result};
use base64::Engine as _;
use sha2::{Digest as _, Sha256};

use super::exec_entry::{self, INSTALL_HINT, Paths};
use super::yaml::Yaml;
use crate::cli::{ArgocdClusterArgs, FormatArg};
use crate::config::{CommandLine, DEFAULT_TIMEOUT};
use crate::error::{HintExt as _, Hinted};
use crate::fsutil::{self, MAX_CA_FILE_BYTES, NonRegular};
use crate::notes::Notes;

/// Label that makes Argo CD read a Secret as a cluster.
pub const SECRET_TYPE_LABEL: &str = "argocd.argoproj.io/secret-type";
/// Longest Kubernetes object name (DNS-1123 subdomain).
const MAX_NAME: usize = 253;

pub fn run(args: &ArgocdClusterArgs, given: &CommandLine, notes: &mut Notes) -> Result<String> {
    // Paths stay as given: they name files inside the Argo CD pod, not on this machine.
    let exec = exec_entry::from_command_line(given, Paths::AsGiven)?;
    exec_entry::note_env_settings(given, "Argo CD cluster Secret", notes);
    check_server(&args.server)?;
    if args.command.is_none() {
        notes.warn(
            "without --command the Secret runs `jwtcred` from PATH: it must be on the PATH of the Argo CD pods (application controller, API server), e.g. copied by an init container running `jwtcred install DIR`; or pass --command /path/to/jwtcred"
        );
    }
    if !args.cluster_audience.is_empty() {
        notes.note(
            "note: provideClusterInfo and config in execProviderConfig need Argo CD 3.5 or newer; older versions ignore them"
        );
        if exec.has_audience {
            notes.warn(
                "--audience in the exec args overrides --cluster-audience; drop it to let the cluster's audience take effect"
            );
        }
    }

    let mut provider = vec![
        (
            "command",
            Yaml::str(args.command.clone().unwrap_or_else(|| "jwtcred".into())),
        ),
        ("args", Yaml::Seq(exec.args.iter().map(Yaml::str).collect())),
        // Nothing by default: the settings are in args, and secrets never belong here.
        ("env", Yaml::Map(Vec::new())),
        ("apiVersion", Yaml::str(exec.api_version.as_api_version())),
        ("installHint", Yaml::str(INSTALL_HINT)),
    ];
    if !args.cluster_audience.is_empty() {
        let audience = match args.cluster_audience.as_slice() {
            [one] => Yaml::str(one.clone()),
            many => Yaml::Seq(many.iter().map(Yaml::str).collect()),
        };
        provider.push(("provideClusterInfo", Yaml::Bool(true)));
        provider.push(("config", Yaml::map([("audience", audience)])));
    }
    let tls = match &args.cluster_ca_file {
        Some(path) => Yaml::map([
            ("caData", Yaml::str(ca_data(path)?)),
            ("insecure", Yaml::Bool(false)),
        ]),
        None => Yaml::map([("insecure", Yaml::Bool(args.insecure_skip_tls_verify))]),
    };
    let config = Yaml::map([
        ("execProviderConfig", Yaml::map(provider)),
        ("tlsClientConfig", tls),
    ]);
    // Pretty, so that the YAML form shows it as a readable literal block.
    let config = serde_json::to_string_pretty(&config).context("rendering the cluster config")?;

    let secret = Yaml::map([
        ("apiVersion", Yaml::str("v1")),
        ("kind", Yaml::str("Secret")),
        (
            "metadata",
            Yaml::map([
                ("name", Yaml::str(secret_name(&args.name))),
                ("namespace", Yaml::str(args.namespace.clone())),
                (
                    "labels",
                    Yaml::map([(SECRET_TYPE_LABEL, Yaml::str("cluster"))]),
                ),
            ]),
        ),
        ("type", Yaml::str("Opaque")),
        (
            "stringData",
            Yaml::map([
                ("name", Yaml::str(args.name.clone())),
                ("server", Yaml::str(args.server.clone())),
                ("config", Yaml::str(config)),
            ]),
        ),
    ]);
    match args.format {
        FormatArg::Yaml => secret.to_yaml(),
        FormatArg::Json => Ok(serde_json::to_string_pretty(&secret)? + "\n"),
    }
}

fn check_server(server: &str) -> Result<()> {
    let url = url::Url::parse(server)
        .with_context(|| format!("--server {server:?} is not a URL"))
        .hint("pass the API server URL, e.g. --server https://10.0.0.1:6443")?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(Hinted::new(
            format!("--server {server:?} is not an http(s) URL with a host"),
            "pass the API server URL, e.g. --server https://10.0.0.1:6443",
        )
        .into());
    }
    Ok(())
}

/// Base64 of the PEM file, as `tlsClientConfig.caData` expects.
fn ca_data(path: &std::path::Path) -> Result<String> {
    let deadline = fsutil::deadline_after(DEFAULT_TIMEOUT);
    let pem = fsutil::read_bounded(path, MAX_CA_FILE_BYTES, NonRegular::ReadUntil(deadline))
        .with_context(|| format!("reading the cluster CA file {}", path.display()))
        .hint("check the --cluster-ca-file path")?;
    if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
        return Err(Hinted::new(
            format!(
                "the cluster CA file {} holds no PEM certificate",
                path.display()
            ),
            "pass the API server's CA certificate in PEM form (-----BEGIN CERTIFICATE-----)",
        )
        .into());
    }
    Ok(base64::engine::general_purpose::STANDARD.encode(pem))
}

/// `cluster-<name>` as a valid object name: lowercase letters, digits, `-` and `.`; when the
/// name had to change, a short digest of the original keeps distinct names distinct.
pub fn secret_name(name: &str) -> String {
    let mut clean = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '.' {
            clean.push(c);
        } else if !clean.ends_with('-') {
            clean.push('-');
        }
    }
    let clean = clean.trim_matches(['-', '.']).to_owned();
    let mut result = format!("cluster-{clean}");
    if clean != name {
        let digest = Sha256::digest(name.as_bytes());
        let suffix: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        result.truncate(MAX_NAME - suffix.len() - 1);
        let trimmed = result.trim_end_matches(['-', '.']).len();
        result.truncate(trimmed);
        result = format!("{result}-{suffix}");
    }
    result.truncate(MAX_NAME);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        assert_eq!(secret_name("prod-east"), "cluster-prod-east");
        let odd = secret_name("Prod East!");
        assert!(odd.starts_with("cluster-prod-east-"), "{odd}");
        assert_ne!(odd, secret_name("prod east"));
        assert!(secret_name("生产").starts_with("cluster-"));
        let long = secret_name(&"X".repeat(400));
        assert!(long.len() <= MAX_NAME, "{}", long.len());
        assert!(
            long.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        );
    }

    #[test]
    fn server_must_be_http_url() {
        assert!(check_server("https://10.0.0.1:6443").is_ok());
        assert!(check_server("not a url").is_err());
        assert!(check_server("ftp://x").is_err());
    }
}
