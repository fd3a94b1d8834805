//! Per-invocation context handed to sources and the exchange: the config, the environment,
//! `-v` logging, and the network stack, which is built on first use only.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::config::Config;
use crate::env::Env;
use crate::http::Network;
use crate::log::Log;

pub struct Context<'a> {
    pub config: &'a Config,
    pub env: &'a Env,
    pub log: Log,
    /// When this call began: `--timeout` bounds everything from here, lock waits included.
    started: Instant,
    net: OnceLock<Network>,
}

impl<'a> Context<'a> {
    pub fn new(config: &'a Config, env: &'a Env) -> Self {
        Self {
            config,
            env,
            log: Log::new(config.verbose),
            started: Instant::now(),
            net: OnceLock::new(),
        }
    }

    /// The runtime and HTTP clients, created on first use, with what is left of the budget.
    pub fn net(&self) -> Result<&Network> {
        if let Some(net) = self.net.get() {
            return Ok(net);
        }
        let net = Network::new(
            self.config.timeout,
            self.remaining(),
            self.config.ca_file.clone(),
            self.log,
        )?;
        Ok(self.net.get_or_init(|| net))
    }

    /// When the `--timeout` budget runs out.
    pub fn deadline(&self) -> Instant {
        self.started
            .checked_add(self.config.timeout)
            .or_else(|| {
                self.started
                    .checked_add(Duration::from_secs(365 * 24 * 3600))
            })
            .unwrap_or(self.started)
    }

    /// What is left of the `--timeout` budget.
    pub fn remaining(&self) -> Duration {
        self.config.timeout.saturating_sub(self.started.elapsed())
    }

    pub fn now(&self) -> i64 {
        crate::time::now()
    }
}
