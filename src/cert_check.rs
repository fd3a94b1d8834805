//! The one rustls certificate verifier behind every way jwtcred judges a server: the system
//! roots loaded at the first handshake (`http`), a kubeconfig's `tls-server-name` and its
//! `insecure-skip-tls-verify` (`cluster::apiserver`). Only the chain check differs; the
//! handshake signatures are always checked with the provider's algorithms, as rustls' own
//! webpki verifier does.

use std::sync::Arc;

use anyhow::{Context as _, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// How a server's certificate chain is judged: rustls' `verify_server_cert`, alone.
pub trait ChainCheck: std::fmt::Debug + Send + Sync + 'static {
    fn check(&self, chain: &Presented<'_>) -> Result<ServerCertVerified, rustls::Error>;
}

/// What the server presented, and for which name and time it is judged.
pub struct Presented<'a> {
    pub end_entity: &'a CertificateDer<'a>,
    pub intermediates: &'a [CertificateDer<'a>],
    pub server_name: &'a ServerName<'a>,
    pub ocsp_response: &'a [u8],
    pub now: UnixTime,
}

impl Presented<'_> {
    /// Judged by rustls' webpki verifier, for `server_name` (the presented one when None).
    pub fn verify_with(
        &self,
        verifier: &rustls::client::WebPkiServerVerifier,
        server_name: Option<&ServerName<'_>>,
    ) -> Result<ServerCertVerified, rustls::Error> {
        verifier.verify_server_cert(
            self.end_entity,
            self.intermediates,
            server_name.unwrap_or(self.server_name),
            self.ocsp_response,
            self.now,
        )
    }
}

/// A TLS client configuration (safe default protocol versions, no client certificate) that
/// judges the chain with `chain`.
pub fn client_config(
    provider: Arc<CryptoProvider>,
    chain: impl ChainCheck,
) -> Result<rustls::ClientConfig> {
    let verifier = Arc::new(Verifier {
        chain,
        provider: Arc::clone(&provider),
    });
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("configuring TLS")?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

#[derive(Debug)]
struct Verifier<C> {
    chain: C,
    provider: Arc<CryptoProvider>,
}

impl<C> Verifier<C> {
    fn algorithms(&self) -> &WebPkiSupportedAlgorithms {
        &self.provider.signature_verification_algorithms
    }
}

impl<C: ChainCheck> ServerCertVerifier for Verifier<C> {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.chain.check(&Presented {
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        })
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, self.algorithms())
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, self.algorithms())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms().supported_schemes()
    }
}
