//! Integration tests: drive the built `jwtcred` binary against real local peers.

mod argocd_exec;
mod authn_closed_loop;
mod authn_config;
mod authn_real;
mod bounded_reads;
mod cache;
mod ci_detection;
mod client_credentials;
mod command_source;
mod common;
mod doctor;
mod doctor_corpus;
mod ecosystem;
mod exchange_dex;
mod exchange_dex_real;
mod exchange_oidc;
mod foundation;
mod hardening;
mod hygiene;
mod kubectl_completion;
mod oidc_peer;
mod peers;
mod properties;
mod retry;
mod spiffe;
mod spire_real;
