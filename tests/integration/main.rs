//! Integration tests: drive the built `jwtcred` binary against real local peers.

mod common;
