//! `spiffe` source: a JWT-SVID from the SPIFFE Workload API (a SPIRE agent socket), through the
//! `spiffe` crate, which sends the mandatory `workload.spiffe.io: true` metadata.

use std::path::Path;
use std::time::Duration;

use anyhow::{Result, anyhow};
use spiffe::transport::{Endpoint, GrpcStatusCode, TransportError};
use spiffe::{SpiffeId, WorkloadApiClient, WorkloadApiError};
use tokio::time::Instant;

use super::RawToken;
use crate::cache::KeyMaterial;
use crate::context::Context;
use crate::error::{Hinted, MAX_OUTSIDE_CHARS, outside_text};
use crate::retry::{self, GaveUp};
use crate::secret::Secret;
use crate::vlog;

#[derive(Debug, Clone, Default)]
pub struct SpiffeSettings {
    /// `--spiffe-socket` / `JWTCRED_SPIFFE_SOCKET` (`SPIFFE_ENDPOINT_SOCKET` is found by detection).
    pub socket: Option<String>,
    pub id: Option<String>,
    /// `SPIFFE_JWT_AUDIENCE` (comma separated), the compatibility fallback for the audiences.
    pub jwt_audience: Vec<String>,
}

/// k8s-spiffe-workload-jwt-exec-auth's audience when none is configured.
pub const DEFAULT_AUDIENCE: &str = "k8s";
/// PermissionDenied is retried this long: a new registration entry may still be propagating.
const PERMISSION_DENIED_PATIENCE: Duration = Duration::from_secs(5);
const RETRY_DELAY: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub struct SpiffeSource {
    address: String,
    endpoint: Endpoint,
    origin: String,
    audiences: Vec<String>,
    spiffe_id: Option<String>,
}

impl SpiffeSource {
    pub fn new(
        address: String,
        origin: String,
        settings: &SpiffeSettings,
        audiences: &[String],
    ) -> Result<Self> {
        let endpoint = Endpoint::parse(&address).map_err(|err| {
            Hinted::new(
                format!(
                    "SPIFFE Workload API address {address:?} (from {origin}) is invalid: {err}"
                ),
                "use unix:///absolute/path/to/api.sock or tcp://<ip>:<port>",
            )
        })?;
        refuse_plaintext_off_loopback(&endpoint, &address, &origin)?;
        if let Some(id) = &settings.id {
            validate_spiffe_id(id)?;
        }
        let mut audiences = [audiences, settings.jwt_audience.as_slice()]
            .into_iter()
            .find(|list| !list.is_empty())
            .map(<[String]>::to_vec)
            .unwrap_or_else(|| vec![DEFAULT_AUDIENCE.to_owned()]);
        audiences.sort();
        audiences.dedup();
        Ok(Self {
            address,
            endpoint,
            origin,
            audiences,
            spiffe_id: settings.id.clone(),
        })
    }

    pub fn describe(&self) -> String {
        format!("spiffe {} (from {})", self.address, self.origin)
    }

    /// The audiences as requested: already sorted and deduplicated.
    pub fn key_material(&self, key: &mut KeyMaterial) {
        key.field("socket", &self.address)
            .list("audiences", &self.audiences)
            .optional("spiffe_id", self.spiffe_id.as_deref());
    }

    pub fn fetch(&self, ctx: &Context) -> Result<RawToken> {
        self.check_socket_file()?;
        let net = ctx.net()?;
        vlog!(
            ctx.log,
            "FetchJWTSVID at {} for audience {:?}",
            self.address,
            self.audiences
        );
        let token = net.block_on(self.fetch_with_retries(ctx, net.deadline()))?;
        Ok(RawToken {
            value: token,
            expires_in: None,
        })
    }

    /// A missing path or a regular file gets a clear word before gRPC turns it into noise.
    fn check_socket_file(&self) -> Result<()> {
        let Endpoint::Unix(path) = &self.endpoint else {
            return Ok(());
        };
        let socket = Path::new(path);
        match std::fs::metadata(socket) {
            Err(_) => Err(Hinted::new(
                format!("the SPIFFE Workload API socket {} does not exist (from {})", socket.display(), self.origin),
                "check that the SPIRE agent runs and its socket is mounted into this container (SPIFFE_ENDPOINT_SOCKET)",
            )
            .into()),
            Ok(meta) if !is_socket(&meta) => Err(Hinted::new(
                format!("{} is not a Unix socket (from {})", socket.display(), self.origin),
                "point SPIFFE_ENDPOINT_SOCKET / --spiffe-socket at the SPIRE agent's api.sock",
            )
            .into()),
            Ok(_) => Ok(()),
        }
    }

    async fn fetch_with_retries(&self, ctx: &Context<'_>, deadline: Instant) -> Result<Secret> {
        let started = Instant::now();
        let attempt = |n| async move {
            let error = match self.fetch_once().await {
                Ok(token) => return retry::Attempt::Done(Ok(token)),
                Err(error) => error,
            };
            vlog!(
                ctx.log,
                "Workload API attempt {n} failed: {}",
                outside_text(&error.to_string(), MAX_OUTSIDE_CHARS)
            );
            let retry = match classify(&error) {
                Failure::NoIdentity => started.elapsed() + RETRY_DELAY < PERMISSION_DENIED_PATIENCE,
                Failure::Unavailable => true,
                Failure::Permanent => false,
            };
            if retry {
                let wait = RETRY_DELAY.mul_f64(1.0 + fastrand::f64());
                retry::Attempt::Retry { error, wait }
            } else {
                retry::Attempt::Done(Err(self.explain(error)))
            }
        };
        match retry::until(deadline, attempt, |_, _, _| {}).await {
            Ok(outcome) => outcome,
            Err(GaveUp::NoTimeToWait { error, .. }) => Err(self.explain(error)),
            // The budget ran out: say what the agent last answered, if it answered at all.
            Err(GaveUp::OutOfTime { last, .. }) => Err(match last {
                Some(error) => self.explain(error),
                None => self.unreachable("it did not answer within --timeout"),
            }),
        }
    }

    async fn fetch_once(&self) -> Result<Secret, WorkloadApiError> {
        let client = WorkloadApiClient::connect(self.endpoint.clone()).await?;
        let svids = client.fetch_all_jwt_svids(&self.audiences, None).await?;
        let chosen = match &self.spiffe_id {
            None => svids.first(),
            Some(wanted) => svids.iter().find(|s| s.spiffe_id().to_string() == *wanted),
        };
        match chosen {
            Some(svid) => Ok(Secret::new(svid.token())),
            None if svids.is_empty() => Err(WorkloadApiError::EmptyResponse),
            None => {
                let available: Vec<String> =
                    svids.iter().map(|s| s.spiffe_id().to_string()).collect();
                Err(WorkloadApiError::HintNotFound(format!(
                    "--spiffe-id {} is not among the SVIDs issued to this workload: {}",
                    self.spiffe_id.as_deref().unwrap_or_default(),
                    available.join(", ")
                )))
            }
        }
    }

    fn unreachable(&self, why: &str) -> anyhow::Error {
        Hinted::new(
            format!(
                "the SPIFFE Workload API at {} is not reachable: {why}",
                self.address
            ),
            "check that the SPIRE agent is running and healthy",
        )
        .into()
    }

    /// Translates Workload API failures into words naming the socket.
    fn explain(&self, error: WorkloadApiError) -> anyhow::Error {
        let at = &self.address;
        match &error {
            WorkloadApiError::NoIdentityIssued | WorkloadApiError::PermissionDenied(_) => Hinted::new(
                format!("no identity issued for this workload by the SPIFFE Workload API at {at} (PermissionDenied for {})", crate::duration::format_duration(PERMISSION_DENIED_PATIENCE)),
                "register this workload with SPIRE (a registration entry whose selectors match this pod/process)",
            )
            .into(),
            WorkloadApiError::HintNotFound(message) => Hinted::new(
                outside_text(message, MAX_OUTSIDE_CHARS),
                "drop --spiffe-id to use the first SVID, or pick one of the listed IDs",
            )
            .into(),
            WorkloadApiError::EmptyResponse => Hinted::new(
                format!("the SPIFFE Workload API at {at} returned no JWT-SVID"),
                "register this workload with SPIRE",
            )
            .into(),
            _ if classify(&error) == Failure::Unavailable => {
                self.unreachable(&outside_text(&error.to_string(), MAX_OUTSIDE_CHARS))
            }
            // The agent's words (a gRPC status message) are outside text.
            _ => anyhow!(outside_text(&error.to_string(), MAX_OUTSIDE_CHARS))
                .context(format!("FetchJWTSVID at the SPIFFE Workload API {at} failed")),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Failure {
    NoIdentity,
    Unavailable,
    Permanent,
}

fn classify(error: &WorkloadApiError) -> Failure {
    match error {
        WorkloadApiError::NoIdentityIssued | WorkloadApiError::PermissionDenied(_) => {
            Failure::NoIdentity
        }
        WorkloadApiError::Transport(TransportError::Connect(_)) => Failure::Unavailable,
        WorkloadApiError::Transport(TransportError::Status(status))
            if status.code() == GrpcStatusCode::Unavailable =>
        {
            Failure::Unavailable
        }
        _ => Failure::Permanent,
    }
}

#[cfg(unix)]
fn is_socket(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_socket()
}

#[cfg(not(unix))]
fn is_socket(_meta: &std::fs::Metadata) -> bool {
    true
}

/// A `tcp://` Workload API is plain-text gRPC: like `http://`, it is allowed only to loopback,
/// or the SVID would cross the network unencrypted.
fn refuse_plaintext_off_loopback(endpoint: &Endpoint, address: &str, origin: &str) -> Result<()> {
    match endpoint {
        Endpoint::Tcp { host, .. } if !host.is_loopback() => Err(Hinted::new(
            format!(
                "SPIFFE Workload API address {address:?} (from {origin}) is plain-text tcp:// to a non-loopback host; the JWT-SVID would cross the network unencrypted"
            ),
            "use the agent's Unix socket (unix:///path/to/api.sock); tcp:// is allowed only to 127.0.0.0/8 and ::1",
        )
        .into()),
        _ => Ok(()),
    }
}

/// SpiffeId parsing is used only to validate `--spiffe-id` early.
pub fn validate_spiffe_id(id: &str) -> Result<()> {
    id.parse::<SpiffeId>()
        .map(|_| ())
        .map_err(|err| anyhow!("--spiffe-id {id:?} is not a SPIFFE ID: {err}"))
}
