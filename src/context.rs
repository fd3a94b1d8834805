//! What a running call lends the stages that fetch: the environment, the clock and its
//! `--timeout` budget, `-v` logging, and the network stack, which is built on first use only.
//! No settings: each stage gets its own from `get.rs`.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::clock::Clock;
use crate::env::Env;
use crate::http::Network;
use crate::log::Log;
use std::path::PathBuf;

/// The network budget and trust of one call.
#[derive(Debug, Clone)]
pub struct NetSettings {
    pub timeout: Duration,
    pub ca_file: Option<PathBuf>,
}

pub struct Context<'a> {
    pub env: &'a Env,
    pub clock: &'a Clock,
    pub log: Log,
    pub net_settings: &'a NetSettings,
    net: OnceLock<Network>,
}

impl<'a> Context<'a> {
    pub fn new(net_settings: &'a NetSettings, log: Log, env: &'a Env, clock: &'a Clock) -> Self {
        Self {
            env,
            clock,
            log,
            net_settings,
            net: OnceLock::new(),
        }
    }

    /// The runtime and HTTP clients, created on first use, with what is left of the budget.
    pub fn net(&self) -> Result<&Network> {
        if let Some(net) = self.net.get() {
            return Ok(net);
        }
        let net = Network::new(
            self.timeout(),
            self.remaining(),
            self.net_settings.ca_file.clone(),
            self.log,
        )?;
        Ok(self.net.get_or_init(|| net))
    }

    /// The whole `--timeout` budget.
    pub fn timeout(&self) -> Duration {
        self.net_settings.timeout
    }

    /// When the `--timeout` budget runs out.
    pub fn deadline(&self) -> Instant {
        self.clock.deadline(self.timeout())
    }

    /// What is left of the `--timeout` budget.
    pub fn remaining(&self) -> Duration {
        self.clock.remaining(self.timeout())
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}
