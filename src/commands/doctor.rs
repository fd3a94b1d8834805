//! `jwtcred doctor`: obtains the token `get` would return and says whether the cluster will
//! accept it and as whom, or exactly why not — checks `token`, `discovery`, `signature`,
//! `authenticator`, `audience`, `claims`, `mapping`, `server`, in that order.

use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;
use serde_json::Value;

use crate::cli::{DoctorArgs, ReportFormat};
use crate::clock::Clock;
use crate::cluster::apiserver::{self, Answer, Selection};
use crate::cluster::authenticate::{self, CelCounts, Origin};
use crate::cluster::authn_config::{self, AuthenticationConfiguration, JwtAuthenticator};
use crate::cluster::issuer::{self, DiscoverySource};
use crate::cluster::keys::{self, Verdict};
use crate::cluster::report::{Check, Status, UserInfo};
use crate::cluster::{files, near_miss, validate};
use crate::config::Config;
use crate::context::Context;
use crate::env::Env;
use crate::get;
use crate::http::Network;
use crate::jwt::Jwt;
use crate::notes::Notes;
use crate::token::Token;

/// doctor's own settings (the get options are in `Config`).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub authentication_config: Option<PathBuf>,
    pub cluster: Selection,
    pub discovery_url: Option<String>,
    pub json: bool,
}

/// The report, as `--output json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub checks: Vec<Check>,
    pub user: Option<UserInfo>,
    pub server_user: Option<UserInfo>,
}

impl Report {
    pub fn failed(&self) -> bool {
        self.checks.iter().any(|c| c.status == Status::Fail)
    }
}

/// A report with a failed check: printed to stdout like any report, then exit 1 without an
/// error line (main knows this type).
#[derive(Debug)]
pub struct FailedChecks(pub String);

impl std::fmt::Display for FailedChecks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a doctor check failed")
    }
}

impl std::error::Error for FailedChecks {}

/// doctor's settings from its parsed flags.
pub fn settings(args: &DoctorArgs) -> Settings {
    Settings {
        authentication_config: args.authentication_config.clone(),
        cluster: Selection {
            kubeconfig: args.kubeconfig.clone(),
            context: args.context.clone(),
            server: args.server.clone(),
        },
        discovery_url: args.discovery_url.clone(),
        json: args.report.output == ReportFormat::Json,
    }
}

pub fn run(
    config: &Config,
    env: &Env,
    clock: &Clock,
    notes: &mut Notes,
    settings: &Settings,
) -> Result<String> {
    let ctx = get::context(config, env, clock);
    // The configuration file is read first: an unreadable file is an error, not a finding.
    let file = match &settings.authentication_config {
        Some(path) => Some((
            path.display().to_string(),
            files::read_text(path, "--authentication-config", config.net.timeout)?,
        )),
        None => None,
    };
    let (_, token) = get::select_and_obtain(&ctx, config, notes)?;
    let report = diagnose(
        &ctx,
        settings,
        file.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
        &token,
    );
    let rendered = if settings.json {
        serde_json::to_string_pretty(&report)? + "\n"
    } else {
        render_text(&report)
    };
    if report.failed() {
        return Err(FailedChecks(rendered).into());
    }
    Ok(rendered)
}

/// Runs every check on an obtained token. `file` is (name, contents) of the configuration.
pub fn diagnose(
    ctx: &Context,
    settings: &Settings,
    file: Option<(&str, &str)>,
    token: &Token,
) -> Report {
    let mut checks = Vec::new();
    let Some(jwt) = &token.jwt else {
        checks.push(Check::new("token", Status::Fail, "the token is not a JWT (the exchange returned an opaque token); hint: Kubernetes JWT authenticators accept only JWTs — set --requested-token-type to an id_token or JWT type"));
        return finish(checks, None, None);
    };
    checks.push(token_check(jwt, ctx.now()));
    let iss = jwt.string_claim("iss").unwrap_or("").to_owned();
    let authn = file.map(|(name, text)| Authn::load(name, text, &iss));
    let entry = authn.as_ref().and_then(Authn::entry);
    // The issuer's CA and discovery URL count even when another part of the file is broken.
    let issuer_entry = authn.as_ref().and_then(Authn::issuer_entry);

    let net = network(ctx, issuer_entry.map(|(_, e)| e));
    let (discovery, jwks_uri) = discovery_check(&net, &iss, settings, authn.as_ref(), issuer_entry);
    checks.push(discovery);
    checks.push(signature_check(net.as_ref().ok(), token, jwt, jwks_uri));
    checks.push(authn.as_ref().map_or_else(
        || {
            Check::new(
                "authenticator",
                Status::Skip,
                "no --authentication-config given",
            )
        },
        Authn::check,
    ));
    let mut counts = CelCounts::default();
    let user = match (authn.as_ref(), entry) {
        (Some(authn), Some((index, entry))) => {
            let origin = Origin {
                file: &authn.name,
                index,
            };
            checks.push(authenticate::audience(entry, &jwt.audiences(), &origin));
            checks.push(authenticate::claim_rules(
                entry,
                &jwt.claims,
                &origin,
                &mut counts,
            ));
            let (mapping, user) = authenticate::mapping(entry, &jwt.claims, &origin, &mut counts);
            checks.push(mapping);
            user
        }
        _ => {
            let why = if authn.is_none() {
                "no --authentication-config given"
            } else {
                "no valid jwt entry for the token's issuer"
            };
            for name in ["audience", "claims", "mapping"] {
                checks.push(Check::new(name, Status::Skip, why));
            }
            None
        }
    };
    // A skipped rule or mapping leaves the verdict open: no identity is predicted then.
    let accepted = !checks.iter().any(|c| {
        c.status == Status::Fail
            || (c.status == Status::Skip && ["claims", "mapping"].contains(&c.name))
    });
    let user = user
        .filter(|_| accepted)
        .map(UserInfo::with_authenticated_group);
    let (server, server_user) =
        server_check(ctx, net.as_ref().ok(), settings, token, user.as_ref());
    checks.push(server);
    finish(checks, user, server_user)
}

fn finish(checks: Vec<Check>, user: Option<UserInfo>, server_user: Option<UserInfo>) -> Report {
    Report {
        checks,
        user,
        server_user,
    }
}

fn network(ctx: &Context, entry: Option<&JwtAuthenticator>) -> Result<Network> {
    let ca = entry
        .map(|e| e.issuer.certificate_authority.clone())
        .filter(|pem| !pem.is_empty());
    Ok(Network::new(
        ctx.timeout(),
        ctx.remaining(),
        ctx.net_settings.ca_file.clone(),
        ctx.log,
    )?
    .trusting_also(ca))
}

fn token_check(jwt: &Jwt, now: i64) -> Check {
    let times = match jwt.times() {
        Ok(times) => times,
        Err(err) => return Check::new("token", Status::Fail, format!("{err}")),
    };
    let iss = match jwt.claims.get("iss") {
        Some(Value::String(iss)) if !iss.is_empty() => iss.clone(),
        _ => {
            return Check::new(
                "token",
                Status::Fail,
                "the token has no iss claim; hint: Kubernetes picks the authenticator by iss, so a token without one matches none",
            );
        }
    };
    let mut facts = vec![
        format!("iss {iss:?}"),
        format!("sub {:?}", jwt.string_claim("sub").unwrap_or("")),
        format!("aud {:?}", jwt.audiences()),
    ];
    let Some(exp) = times.exp else {
        facts.push("no exp".into());
        return Check::new(
            "token",
            Status::Fail,
            format!(
                "{}; kube-apiserver treats a token without exp as expired; hint: the issuer must set exp",
                facts.join(", ")
            ),
        );
    };
    if let Some(start) = times.iat.or(times.nbf) {
        facts.push(format!(
            "lifetime {}",
            crate::duration::format_secs((exp - start).max(0))
        ));
    }
    facts.push(format!(
        "{} left",
        crate::duration::format_secs((exp - now).max(0))
    ));
    let mut warnings = Vec::new();
    if let Some(iat) = times.iat
        && iat > now
    {
        warnings.push(format!(
            "iat is {} in the future: clock skew between this machine and the issuer",
            crate::duration::format_secs(iat - now)
        ));
    }
    if let Some(nbf) = times.nbf
        && nbf > now
    {
        warnings.push(format!(
            "nbf is {} in the future (kube-apiserver allows 60s of skew)",
            crate::duration::format_secs(nbf - now)
        ));
    }
    if warnings.is_empty() {
        Check::new("token", Status::Pass, facts.join(", "))
    } else {
        Check::new(
            "token",
            Status::Warn,
            format!("{}; {}", facts.join(", "), warnings.join("; ")),
        )
    }
}

/// The configuration file, decoded and validated, and the entry for the token's issuer.
struct Authn {
    name: String,
    /// The validated file, or why kube-apiserver would refuse it.
    config: Result<AuthenticationConfiguration, String>,
    /// The file as decoded, valid or not (None when it does not decode).
    decoded: Option<AuthenticationConfiguration>,
    iss: String,
}

impl Authn {
    fn load(name: &str, text: &str, iss: &str) -> Self {
        let decoded = authn_config::decode(text).map_err(|e| e.0);
        let config = decoded.clone().and_then(|config| {
            let errors = validate::validate(&config);
            if errors.is_empty() {
                Ok(config)
            } else {
                Err(validate::aggregate(&errors))
            }
        });
        Self {
            name: name.to_owned(),
            config,
            decoded: decoded.ok(),
            iss: iss.to_owned(),
        }
    }

    /// `hasCorrectIssuer`: the entry of the valid file whose issuer.url equals iss exactly.
    fn entry(&self) -> Option<(usize, &JwtAuthenticator)> {
        self.config
            .as_ref()
            .ok()
            .and_then(|config| self.find(config))
    }

    /// The entry for iss even in a file that does not validate (for its CA and discovery URL).
    fn issuer_entry(&self) -> Option<(usize, &JwtAuthenticator)> {
        self.decoded.as_ref().and_then(|config| self.find(config))
    }

    /// Google's legacy scheme-less issuer is coalesced as kube-apiserver does.
    fn find<'a>(
        &self,
        config: &'a AuthenticationConfiguration,
    ) -> Option<(usize, &'a JwtAuthenticator)> {
        let iss = if self.iss == "accounts.google.com" {
            "https://accounts.google.com"
        } else {
            self.iss.as_str()
        };
        config
            .jwt
            .iter()
            .enumerate()
            .find(|(_, e)| e.issuer.url == iss)
    }

    fn check(&self) -> Check {
        let config = match &self.config {
            Err(err) => {
                return Check::new(
                    "authenticator",
                    Status::Fail,
                    format!(
                        "{} does not load as kube-apiserver loads it: {err}; hint: kube-apiserver refuses this file (it keeps the previous one on reload), fix the named field",
                        self.name
                    ),
                );
            }
            Ok(config) => config,
        };
        if let Some((index, entry)) = self.entry() {
            return Check::new(
                "authenticator",
                Status::Pass,
                format!(
                    "{} validates; jwt[{index}] issuer.url {:?} matches the token's iss",
                    self.name, entry.issuer.url
                ),
            );
        }
        let configured: Vec<&str> = config.jwt.iter().map(|e| e.issuer.url.as_str()).collect();
        let nearest = match near_miss::nearest_issuer(&self.iss, &configured) {
            Some((url, Some(why))) => format!("; nearest: {url:?} (near miss: {why})"),
            Some((url, None)) => format!("; nearest: {url:?}"),
            None => String::new(),
        };
        Check::new(
            "authenticator",
            Status::Fail,
            format!(
                "the token's iss {:?} equals no jwt[].issuer.url in {} (configured: {configured:?}){nearest}; hint: issuer.url must equal the token's iss byte for byte",
                self.iss, self.name
            ),
        )
    }
}

fn discovery_check(
    net: &Result<Network>,
    iss: &str,
    settings: &Settings,
    authn: Option<&Authn>,
    entry: Option<(usize, &JwtAuthenticator)>,
) -> (Check, Option<url::Url>) {
    if iss.is_empty() {
        return (
            Check::new("discovery", Status::Skip, "the token has no iss"),
            None,
        );
    }
    let net = match net {
        Ok(net) => net,
        Err(err) => {
            return (
                Check::new("discovery", Status::Fail, format!("{err:#}")),
                None,
            );
        }
    };
    let source = match (&settings.discovery_url, entry, authn) {
        (Some(url), _, _) => DiscoverySource {
            url: url.clone(),
            origin: "--discovery-url".into(),
        },
        (None, Some((index, entry)), Some(authn)) if entry.issuer.discovery_url().is_some() => {
            DiscoverySource {
                url: entry.issuer.discovery_url().unwrap_or_default().to_owned(),
                origin: format!("{} jwt[{index}].issuer.discoveryURL", authn.name),
            }
        }
        _ => DiscoverySource::from_issuer(iss),
    };
    issuer::discover(net, iss, &source)
}

fn signature_check(
    net: Option<&Network>,
    token: &Token,
    jwt: &Jwt,
    jwks_uri: Option<url::Url>,
) -> Check {
    let (Some(net), Some(jwks_uri)) = (net, jwks_uri) else {
        return Check::new("signature", Status::Skip, "no JWKS: discovery did not pass");
    };
    let keys = match issuer::fetch_keys(net, &jwks_uri) {
        Ok(keys) => keys,
        Err(err) => {
            return Check::new(
                "signature",
                Status::Fail,
                format!(
                    "fetching the JWKS {}: {err:#}",
                    crate::http::display_url(&jwks_uri)
                ),
            );
        }
    };
    let alg = jwt.header.get("alg").and_then(Value::as_str).unwrap_or("");
    match keys::verify(token.value.expose(), &jwt.header, &keys) {
        Verdict::Verified(key) => Check::new(
            "signature",
            Status::Pass,
            format!("{alg} signature verifies with JWKS key {key}"),
        ),
        Verdict::AlgorithmRefused(alg) => Check::new(
            "signature",
            Status::Fail,
            format!(
                "alg {alg:?} is not accepted by kube-apiserver (accepted: {}); hint: have the issuer sign with RS256 or ES256",
                keys::ACCEPTED_ALGORITHMS.join(", ")
            ),
        ),
        Verdict::NoKeyWithKid { kid, kids, other } => {
            let other = other
                .map(|k| format!("; near miss: key {k} would verify it"))
                .unwrap_or_default();
            Check::new(
                "signature",
                Status::Fail,
                format!(
                    "no JWKS key has the token's kid {kid:?} (kids: {kids:?}){other}; hint: the issuer signed with a key it does not publish (rotated?)"
                ),
            )
        }
        Verdict::NoKeyVerifies { tried } => Check::new(
            "signature",
            Status::Fail,
            format!(
                "the {alg} signature does not verify with {} ; hint: the token was not signed by this issuer's published key, or was altered",
                tried.join(", ")
            ),
        ),
    }
}

fn server_check(
    ctx: &Context,
    net: Option<&Network>,
    settings: &Settings,
    token: &Token,
    predicted: Option<&UserInfo>,
) -> (Check, Option<UserInfo>) {
    let selection = &settings.cluster;
    if !selection.names_a_cluster() {
        return (
            Check::new(
                "server",
                Status::Skip,
                "no cluster named (--server, --context or --kubeconfig); the token was sent to no cluster",
            ),
            None,
        );
    }
    let fail = |detail: String| (Check::new("server", Status::Fail, detail), None);
    let home = crate::userdirs::home_dir();
    let target = match apiserver::resolve(
        selection,
        ctx.env.get("KUBECONFIG"),
        home.as_deref(),
        ctx.timeout(),
    ) {
        Ok(target) => target,
        Err(err) => return fail(format!("{err:#}")),
    };
    let Some(net) = net else {
        return fail("no network".into());
    };
    let server = crate::http::display_url(&target.server);
    match apiserver::review(
        net,
        &target,
        &token.value,
        ctx.net_settings.ca_file.as_deref(),
    ) {
        Err(err) => fail(format!(
            "SelfSubjectReview at {server} ({}): {err:#}",
            target.origin
        )),
        Ok(Answer::User(user)) => {
            let differences = predicted.map(|p| p.differences(&user)).unwrap_or_default();
            let check = if differences.is_empty() {
                Check::new(
                    "server",
                    Status::Pass,
                    format!(
                        "{server} ({}) authenticates the token as {}",
                        target.origin,
                        user.describe()
                    ),
                )
            } else {
                Check::new(
                    "server",
                    Status::Warn,
                    format!(
                        "{server} ({}) answered {}; hint: the cluster's configuration differs from the one given",
                        target.origin,
                        differences.join(", ")
                    ),
                )
            };
            (check, Some(user))
        }
        Ok(Answer::Status(401, message)) => fail(format!(
            "{server} ({}) answered 401 Unauthorized{}; hint: the cluster does not accept this token — run doctor with the cluster's --authentication-config to see why",
            target.origin,
            suffix(&message)
        )),
        Ok(Answer::Status(403, message)) => (
            Check::new(
                "server",
                Status::Warn,
                format!(
                    "{server} ({}) answered 403: the token is authenticated but may not review itself{}",
                    target.origin,
                    suffix(&message)
                ),
            ),
            None,
        ),
        Ok(Answer::Status(404, _)) => (
            Check::new(
                "server",
                Status::Skip,
                format!(
                    "{server} ({}) has no SelfSubjectReview API (Kubernetes < 1.28)",
                    target.origin
                ),
            ),
            None,
        ),
        Ok(Answer::Status(status, message)) => fail(format!(
            "{server} ({}) answered HTTP {status}{}",
            target.origin,
            suffix(&message)
        )),
    }
}

fn suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

fn render_text(report: &Report) -> String {
    let mut out = String::new();
    for check in &report.checks {
        out.push_str(&format!(
            "{:<13} {}  {}\n",
            check.name,
            check.status.label(),
            check.detail
        ));
    }
    out.push('\n');
    match (&report.user, report.failed()) {
        (Some(user), false) => out.push_str(&format!("Result: the cluster accepts the token as {}\n", user.describe())),
        (_, true) => {
            let failed: Vec<&str> = report.checks.iter().filter(|c| c.status == Status::Fail).map(|c| c.name).collect();
            out.push_str(&format!("Result: the cluster will NOT accept the token (failed: {})\n", failed.join(", ")));
        }
        (None, false) => match &report.server_user {
            Some(user) => out.push_str(&format!("Result: the cluster authenticates the token as {}\n", user.describe())),
            None => out.push_str("Result: no identity predicted (give --authentication-config, or name a cluster with --server/--context)\n"),
        },
    }
    out
}
