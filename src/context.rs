//! Per-invocation context handed to sources and the exchange: the config, the environment,
//! `-v` logging, and the network stack, which is built on first use only.

use std::sync::OnceLock;

use anyhow::Result;

use crate::config::Config;
use crate::env::Env;
use crate::http::Network;
use crate::log::Log;

pub struct Context<'a> {
    pub config: &'a Config,
    pub env: &'a Env,
    pub log: Log,
    net: OnceLock<Network>,
}

impl<'a> Context<'a> {
    pub fn new(config: &'a Config, env: &'a Env) -> Self {
        Self {
            config,
            env,
            log: Log::new(config.verbose),
            net: OnceLock::new(),
        }
    }

    /// The runtime and HTTP clients, created on first use; the `--timeout` budget starts then.
    pub fn net(&self) -> Result<&Network> {
        if let Some(net) = self.net.get() {
            return Ok(net);
        }
        let net = Network::new(self.config.timeout, self.config.ca_file.clone(), self.log)?;
        Ok(self.net.get_or_init(|| net))
    }

    pub fn now(&self) -> i64 {
        crate::time::now()
    }
}
