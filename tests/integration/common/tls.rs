//! Throwaway PKI for HTTPS peers: a fresh CA per server (rcgen) and a server certificate for
//! `127.0.0.1`, `::1` and `localhost`, with the CA PEM written to a temp file so a client can
//! trust it (`--ca-file`, a kubeconfig `certificate-authority`, `SSL_CERT_FILE`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

pub struct TestCa {
    pub ca_pem: String,
    pub server_cert_pem: String,
    /// The server certificate's private key (PKCS#8 PEM), for peers that serve TLS themselves.
    pub server_key_pem: String,
    dir: tempfile::TempDir,
    tls: Arc<rustls::ServerConfig>,
}

impl TestCa {
    pub fn new() -> Self {
        Self::for_names(&["127.0.0.1", "::1", "localhost"])
    }

    /// A CA and a server certificate valid for `names` (DNS names or IP addresses).
    pub fn for_names(names: &[&str]) -> Self {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "jwtcred test CA");
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("CA key"))
            .expect("self-signed CA");

        let names = names
            .iter()
            .map(|name| name.to_string())
            .collect::<Vec<_>>();
        let mut server_params = CertificateParams::new(names).expect("server params");
        server_params
            .distinguished_name
            .push(DnType::CommonName, "jwtcred test server");
        let server_key = KeyPair::generate().expect("server key");
        let server_cert = server_params
            .signed_by(&server_key, &ca)
            .expect("server cert");

        // The chain includes the CA so clients see a complete path.
        let chain = vec![server_cert.der().clone(), ca.der().clone()];
        let server_key_pem = server_key.serialize_pem();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
        let tls = server_config(chain, key);

        let dir = tempfile::tempdir().expect("temp dir");
        let ca_pem = ca.pem();
        std::fs::write(dir.path().join("ca.pem"), &ca_pem).expect("write CA PEM");
        Self {
            ca_pem,
            server_cert_pem: server_cert.pem(),
            server_key_pem,
            dir,
            tls,
        }
    }

    /// The CA certificate as a PEM file.
    pub fn ca_path(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        Arc::clone(&self.tls)
    }
}

impl Default for TestCa {
    fn default() -> Self {
        Self::new()
    }
}

fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Arc<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server cert and key");
    // kubectl (Go) offers h2 first; serving HTTP/1.1 only keeps the fake apiserver simple.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}
