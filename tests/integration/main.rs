//! Integration tests: drive the built `jwtcred` binary against real local peers.

mod cache;
mod channels;
mod client_credentials;
mod common;
mod ecosystem;
mod exchange_dex;
mod exchange_oidc;
mod foundation;
mod hardening;
mod hygiene;
mod oidc_peer;
mod peers;
mod properties;
mod retry;
mod spiffe;
mod static_artifact;
