//! The cluster named by `--server`, `--context` or `--kubeconfig` (a kubeconfig's cluster
//! entry: server, CA, `insecure-skip-tls-verify`, `tls-server-name`, `proxy-url`), and the
//! `SelfSubjectReview` that asks it who the token is.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rustls::client::danger::ServerCertVerified;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls_pki_types::pem::PemObject;
use serde_json::Value;
use url::Url;

use super::report::UserInfo;
use crate::cert_check::{self, ChainCheck, Presented};
use crate::fsutil::{self, NonRegular};
use crate::http::{self, MAX_RESPONSE_BYTES, Network};
use crate::secret::Secret;

/// Which cluster to ask, as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    pub server: Option<String>,
}

impl Selection {
    /// A cluster is named only explicitly: never from an ambient KUBECONFIG alone.
    pub fn names_a_cluster(&self) -> bool {
        self.kubeconfig.is_some() || self.context.is_some() || self.server.is_some()
    }
}

/// The cluster to send the review to, and how to trust it.
#[derive(Debug, Clone)]
pub struct Target {
    pub server: Url,
    /// Where the server came from, for messages.
    pub origin: String,
    /// The kubeconfig's CA (replaces the system roots, as with kubectl).
    pub ca_pem: Option<Vec<u8>>,
    pub insecure: bool,
    pub tls_server_name: Option<String>,
    pub proxy_url: Option<String>,
}

/// Resolves the selection to a target; `kubeconfig_env` is `KUBECONFIG`, `home` the home dir.
pub fn resolve(
    selection: &Selection,
    kubeconfig_env: Option<&str>,
    home: Option<&Path>,
    timeout: Duration,
) -> Result<Target> {
    let from_kubeconfig = selection.kubeconfig.is_some() || selection.context.is_some();
    let mut target = if from_kubeconfig {
        let files = kubeconfig_files(selection.kubeconfig.as_deref(), kubeconfig_env, home);
        from_files(&files, selection.context.as_deref(), timeout)?
    } else {
        Target {
            server: Url::parse("https://invalid").expect("static URL"),
            origin: "--server".into(),
            ca_pem: None,
            insecure: false,
            tls_server_name: None,
            proxy_url: None,
        }
    };
    if let Some(server) = &selection.server {
        target.server = http::checked_url(server, "--server")?;
        target.origin = "--server".into();
    }
    Ok(target)
}

fn kubeconfig_files(
    explicit: Option<&Path>,
    env: Option<&str>,
    home: Option<&Path>,
) -> Vec<PathBuf> {
    if let Some(path) = explicit {
        return vec![path.to_owned()];
    }
    if let Some(list) = env.filter(|v| !v.is_empty()) {
        let separator = if cfg!(windows) { ';' } else { ':' };
        return list
            .split(separator)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .collect();
    }
    home.map(|h| vec![h.join(".kube").join("config")])
        .unwrap_or_default()
}

struct Kubeconfig {
    path: PathBuf,
    doc: Value,
}

fn from_files(files: &[PathBuf], context: Option<&str>, timeout: Duration) -> Result<Target> {
    let mut configs = Vec::new();
    for path in files {
        if !path.exists() && files.len() > 1 {
            continue;
        }
        let text = super::files::read_text(path, "kubeconfig", timeout)?;
        let doc: Value = serde_saphyr::from_str(&text).map_err(|err| {
            anyhow!(
                "kubeconfig {} is not valid YAML: {}",
                path.display(),
                first_line(&err.to_string())
            )
        })?;
        configs.push(Kubeconfig {
            path: path.clone(),
            doc,
        });
    }
    let context_name = match context {
        Some(name) => name.to_owned(),
        None => configs
            .iter()
            .find_map(|c| {
                c.doc
                    .get("current-context")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
            })
            .map(str::to_owned)
            .ok_or_else(|| {
                anyhow!("the kubeconfig has no current-context; name one with --context")
            })?,
    };
    let cluster_name = configs
        .iter()
        .find_map(|c| {
            named(&c.doc, "contexts", &context_name).map(|entry| {
                entry
                    .get("context")
                    .and_then(|x| x.get("cluster"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            })
        })
        .ok_or_else(|| anyhow!("context {context_name:?} is not in the kubeconfig"))?;
    let (config, cluster) = configs
        .iter()
        .find_map(|c| {
            named(&c.doc, "clusters", &cluster_name)
                .map(|entry| (c, entry.get("cluster").cloned().unwrap_or(Value::Null)))
        })
        .ok_or_else(|| {
            anyhow!(
                "cluster {cluster_name:?} (of context {context_name:?}) is not in the kubeconfig"
            )
        })?;
    let field = |name: &str| {
        cluster
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let server =
        field("server").ok_or_else(|| anyhow!("cluster {cluster_name:?} has no server"))?;
    let ca_pem = match (
        field("certificate-authority-data"),
        field("certificate-authority"),
    ) {
        (Some(data), _) => Some(STANDARD.decode(data.trim()).with_context(|| {
            format!("certificate-authority-data of cluster {cluster_name:?} is not base64")
        })?),
        (None, Some(file)) => {
            let path = config.path.parent().unwrap_or(Path::new(".")).join(file);
            let within = NonRegular::ReadUntil(fsutil::deadline_after(timeout));
            Some(
                fsutil::read_bounded(&path, fsutil::MAX_CA_FILE_BYTES, within).with_context(
                    || {
                        format!(
                            "reading certificate-authority {} of cluster {cluster_name:?}",
                            path.display()
                        )
                    },
                )?,
            )
        }
        (None, None) => None,
    };
    Ok(Target {
        server: http::checked_url(server, &format!("server of cluster {cluster_name:?}"))?,
        origin: format!("context {context_name:?} of {}", config.path.display()),
        ca_pem,
        insecure: cluster
            .get("insecure-skip-tls-verify")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        tls_server_name: field("tls-server-name").map(str::to_owned),
        proxy_url: field("proxy-url").map(str::to_owned),
    })
}

fn named<'a>(doc: &'a Value, list: &str, name: &str) -> Option<&'a Value> {
    doc.get(list)?
        .as_array()?
        .iter()
        .find(|e| e.get("name").and_then(Value::as_str) == Some(name))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// How the cluster answered the review.
#[derive(Debug)]
pub enum Answer {
    /// 201 (or 200) with `status.userInfo`.
    User(UserInfo),
    /// Any other status, with the server's message (scrubbed).
    Status(u16, String),
}

/// POSTs a SelfSubjectReview with the token as bearer.
pub fn review(
    net: &Network,
    target: &Target,
    token: &Secret,
    ca_file: Option<&Path>,
) -> Result<Answer> {
    let client = client(target, ca_file, net.deadline().into_std())?;
    let url = target
        .server
        .join(&format!(
            "{}/apis/authentication.k8s.io/v1/selfsubjectreviews",
            target.server.path().trim_end_matches('/')
        ))
        .context("building the SelfSubjectReview URL")?;
    let left = net.remaining("the cluster's SelfSubjectReview")?;
    let body =
        r#"{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview","metadata":{}}"#;
    let send = async {
        let mut response = client
            .post(url.clone())
            .bearer_auth(token.expose())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .body(body)
            .timeout(left)
            .send()
            .await
            .map_err(|err| match http::tls_error(&err) {
                Some(rustls::Error::InvalidCertificate(why)) => anyhow!(
                    "TLS to the cluster at {} failed: its certificate is not trusted ({why:?}); trust its CA with the kubeconfig's certificate-authority or --ca-file PATH",
                    http::display_url(&url)
                ),
                Some(tls) => anyhow!(
                    "TLS to the cluster at {} failed: {tls}",
                    http::display_url(&url)
                ),
                None => anyhow!(
                    "could not reach the cluster at {}: {}",
                    http::display_url(&url),
                    err.without_url()
                ),
            })?;
        let status = response.status().as_u16();
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| anyhow!("reading the cluster's answer: {}", err.without_url()))?
        {
            if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
                bail!(
                    "the cluster's answer is larger than {} KiB",
                    MAX_RESPONSE_BYTES / 1024
                );
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok((status, bytes))
    };
    let (status, bytes) = net
        .block_on(async { tokio::time::timeout(left + Duration::from_millis(100), send).await })
        .map_err(|_| net.timed_out("the cluster's SelfSubjectReview"))??;
    if status == 200 || status == 201 {
        let doc: Value = serde_json::from_slice(&bytes)
            .context("the cluster's SelfSubjectReview answer is not JSON")?;
        let info = doc
            .get("status")
            .and_then(|s| s.get("userInfo"))
            .cloned()
            .ok_or_else(|| {
                anyhow!("the cluster's SelfSubjectReview answer has no status.userInfo")
            })?;
        let user: UserInfo = serde_json::from_value(info)
            .context("the cluster's status.userInfo has an unexpected shape")?;
        return Ok(Answer::User(user));
    }
    let message = http::server_message(&bytes, &[token]).unwrap_or_default();
    Ok(Answer::Status(status, message))
}

fn client(
    target: &Target,
    ca_file: Option<&Path>,
    deadline: std::time::Instant,
) -> Result<reqwest::Client> {
    let tls = tls_for(target, ca_file, deadline)?;
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .user_agent(concat!("jwtcred/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .http1_only();
    match &target.proxy_url {
        Some(proxy) => {
            let proxy = reqwest::Proxy::all(proxy.as_str())
                .with_context(|| format!("proxy-url {proxy:?} is not usable"))?;
            builder = builder.proxy(proxy);
        }
        None if http::is_loopback_host(&target.server) => builder = builder.no_proxy(),
        None => {}
    }
    builder
        .build()
        .context("building the HTTP client for the cluster")
}

fn tls_for(
    target: &Target,
    ca_file: Option<&Path>,
    deadline: std::time::Instant,
) -> Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    if target.insecure {
        return cert_check::client_config(provider, AcceptAnyCertificate);
    }
    let Some(pem) = &target.ca_pem else {
        // No CA in the kubeconfig: the system roots plus --ca-file, as for every HTTPS call.
        return match &target.tls_server_name {
            None => http::tls_config(ca_file, deadline),
            Some(name) => {
                let roots = http::root_store(ca_file, deadline)?;
                with_name_override(roots, name, provider)
            }
        };
    };
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(pem) {
        roots
            .add(cert.context("the cluster's certificate-authority is not PEM")?)
            .context("adding the cluster's CA")?;
    }
    if roots.is_empty() {
        bail!("the cluster's certificate-authority holds no certificate");
    }
    match &target.tls_server_name {
        None => Ok(rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .context("configuring TLS")?
            .with_root_certificates(roots)
            .with_no_client_auth()),
        Some(name) => with_name_override(roots, name, provider),
    }
}

fn with_name_override(
    roots: rustls::RootCertStore,
    name: &str,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> Result<rustls::ClientConfig> {
    let inner = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        Arc::clone(&provider),
    )
    .build()
    .context("building the certificate verifier")?;
    let name = ServerName::try_from(name.to_owned())
        .with_context(|| format!("tls-server-name {name:?} is not a valid name"))?;
    cert_check::client_config(provider, NameOverride { inner, name })
}

/// Verifies the certificate for `tls-server-name` instead of the URL's host.
#[derive(Debug)]
struct NameOverride {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
    name: ServerName<'static>,
}

impl ChainCheck for NameOverride {
    fn check(&self, chain: &Presented<'_>) -> Result<ServerCertVerified, rustls::Error> {
        chain.verify_with(&self.inner, Some(&self.name))
    }
}

/// `insecure-skip-tls-verify: true`, which the kubeconfig asked for: any certificate.
#[derive(Debug)]
struct AcceptAnyCertificate;

impl ChainCheck for AcceptAnyCertificate {
    fn check(&self, _: &Presented<'_>) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
}
