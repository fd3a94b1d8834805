//! `jwtcred authn-config`: the cluster side for the token `get` would return (or `--token`):
//! a kube-apiserver `AuthenticationConfiguration` or OpenShift `Authentication` resource that
//! accepts exactly this token's owner, and optionally the RBAC binding of its username.

mod emit;
mod plan;
mod render;

use std::path::Path;

use anyhow::{Context as _, Result};
use base64::Engine as _;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::cli::{AuthnApiVersionArg, AuthnConfigArgs, AuthnFormatArg};
use crate::clock::Clock;
use crate::config::Config;
use crate::env::Env;
use crate::error::{HintExt as _, Hinted};
use crate::fsutil::{self, NonRegular};
use crate::get;
use crate::jwt::Jwt;
use crate::notes::Notes;
use crate::secret::Secret;

pub use plan::{Plan, Request, is_shared_issuer, spiffe_trust_domain};
pub use render::{ApiVersion, Binding};

/// A CA bundle larger than this is not a CA bundle.
const MAX_CA_FILE_BYTES: u64 = 1024 * 1024;

pub fn run(
    config: &Config,
    env: &Env,
    clock: &Clock,
    notes: &mut Notes,
    args: &AuthnConfigArgs,
) -> Result<String> {
    if args.format == AuthnFormatArg::Openshift && args.api_version.is_some() {
        return Err(crate::app::UsageError::new(
            "--api-version applies to --format kubernetes only (OpenShift's resource is config.openshift.io/v1)",
        )
        .into());
    }
    let binding = binding(args)?;
    let ca_pem = match &config.net.ca_file {
        Some(path) => Some(normalized_pem(path, config.net.timeout)?),
        None => None,
    };
    let (token, origin) = obtain(config, env, clock, notes, args.token.as_ref())?;
    let jwt = Jwt::decode(token.expose())
        .with_context(|| format!("the token from {origin} cannot be decoded"))
        .hint("authn-config needs a JWT (`jwtcred inspect` shows what the source returns)")?;
    let request = Request {
        requested_audiences: requested_audiences(config, args.token.is_some()),
        ca_pem,
        username_claim: args.username_claim.clone(),
        username_prefix: args.username_prefix.clone(),
        groups_claim: args.groups_claim.clone(),
        groups_prefix: args.groups_prefix.clone(),
        requires: args.require.clone(),
        allow_any_subject: args.allow_any_subject,
    };
    let plan = plan::plan(&jwt.claims, &request)
        .with_context(|| format!("writing the cluster side for the token from {origin}"))?;
    let documents = match args.format {
        AuthnFormatArg::Kubernetes => {
            let version = match args.api_version {
                None | Some(AuthnApiVersionArg::V1) => ApiVersion::V1,
                Some(AuthnApiVersionArg::V1beta1) => ApiVersion::V1beta1,
            };
            render::kubernetes(&plan, version, binding.as_ref())
        }
        AuthnFormatArg::Openshift => {
            check_openshift(&plan)?;
            render::openshift(&plan, binding.as_ref())
        }
    };
    for note in &plan.notes {
        notes.note(note);
    }
    Ok(emit::render(&documents))
}

/// `--token TOKEN`, `--token -` (stdin), or what `get` would return.
fn obtain(
    config: &Config,
    env: &Env,
    clock: &Clock,
    notes: &mut Notes,
    token: Option<&Secret>,
) -> Result<(Secret, String)> {
    match token.map(Secret::expose) {
        Some("-") => {
            let text = crate::fsutil::read_stdin_token(config.net.timeout)
                .context("reading the token from stdin")?;
            Ok((Secret::new(text.trim()), "stdin".into()))
        }
        Some(text) => Ok((Secret::new(text.trim()), "--token".into())),
        None => {
            let ctx = get::context(config, env, clock);
            let (source, token) = get::select_and_obtain(&ctx, config, notes)?;
            Ok((token.value, source.describe()))
        }
    }
}

/// What the token was requested for: the exchange's audience when it is exchanged, else the
/// `--audience` values. With `--token` nothing was requested: the token's own `aud` counts,
/// unless `--audience` names the audiences to accept.
fn requested_audiences(config: &Config, given_token: bool) -> Vec<String> {
    if !given_token && let Some(exchange) = &config.exchange {
        return exchange.audience.iter().cloned().collect();
    }
    config.source.audiences.clone()
}

/// `--bind-role` / `--namespace`, checked as the API server would check the names.
fn binding(args: &AuthnConfigArgs) -> Result<Option<Binding>> {
    let Some(role) = &args.bind_role else {
        return Ok(None);
    };
    if role.is_empty() || role == "." || role == ".." || role.contains(['/', '%']) {
        return Err(Hinted::new(
            format!(
                "--bind-role {} is not a valid ClusterRole name",
                emit::quote(role)
            ),
            "name an existing ClusterRole such as view, edit or admin",
        )
        .into());
    }
    if let Some(ns) = &args.namespace {
        let valid = !ns.is_empty()
            && ns.len() <= 63
            && ns
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !ns.starts_with('-')
            && !ns.ends_with('-');
        if !valid {
            return Err(Hinted::new(
                format!(
                    "--namespace {} is not a valid namespace name (lowercase letters, digits and '-', at most 63)",
                    emit::quote(ns)
                ),
                "give the namespace the RoleBinding belongs in",
            )
            .into());
        }
    }
    Ok(Some(Binding {
        role: role.clone(),
        namespace: args.namespace.clone(),
    }))
}

/// Limits of OpenShift's schema that the Kubernetes format does not have.
fn check_openshift(plan: &Plan) -> Result<()> {
    if plan.audiences.len() > 10 {
        return Err(Hinted::new(
            format!(
                "OpenShift accepts at most 10 audiences, not {}",
                plan.audiences.len()
            ),
            "request fewer audiences with --audience",
        )
        .into());
    }
    if plan.issuer.len() > 512 {
        return Err(Hinted::new(
            "OpenShift accepts an issuer URL of at most 512 characters",
            "use --format kubernetes",
        )
        .into());
    }
    Ok(())
}

/// The certificates of `--ca-file`, re-encoded as clean PEM (nothing but the certificates, so
/// no text of the file reaches the output).
fn normalized_pem(path: &Path, timeout: std::time::Duration) -> Result<String> {
    let within = NonRegular::ReadUntil(fsutil::deadline_after(timeout));
    let bytes = fsutil::read_bounded(path, MAX_CA_FILE_BYTES, within)
        .with_context(|| format!("reading --ca-file {}", path.display()))
        .hint("--ca-file must be a readable PEM file of CA certificates")?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| anyhow::anyhow!(pem_problem(&err)))
        .with_context(|| format!("parsing --ca-file {} as PEM", path.display()))
        .hint("--ca-file must be a readable PEM file of CA certificates")?;
    if certs.is_empty() {
        return Err(Hinted::new(
            format!("--ca-file {} holds no PEM certificate", path.display()),
            "--ca-file must be a readable PEM file of CA certificates",
        )
        .into());
    }
    let mut pem = String::new();
    for cert in certs {
        let b64 = base64::engine::general_purpose::STANDARD.encode(cert.as_ref());
        pem.push_str("-----BEGIN CERTIFICATE-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
            pem.push('\n');
        }
        pem.push_str("-----END CERTIFICATE-----\n");
    }
    Ok(pem)
}

/// What is wrong with a PEM file, in words that never quote its content (the parser's own
/// messages list the offending line's bytes).
fn pem_problem(err: &rustls_pki_types::pem::Error) -> &'static str {
    use rustls_pki_types::pem::Error;
    match err {
        Error::MissingSectionEnd { .. } => "a -----BEGIN section has no matching -----END line",
        Error::IllegalSectionStart { .. } => "a line that starts a section is malformed",
        Error::Base64Decode(_) => "a section's base64 content does not decode",
        Error::SectionTooLarge => "a section is too large",
        _ => "it is not valid PEM",
    }
}
