//! Token sources behind one interface. Detection (`detect.rs`) decides which source serves a
//! call; `Source::obtain` fetches a raw token from it. Output, cache and CLI never branch on the
//! concrete source.

pub mod actions;
pub mod ci;
pub mod client_credentials;
pub mod command;
pub mod detect;
pub mod env;
pub mod file;
pub mod kind;
pub mod spiffe;

use anyhow::Result;

use crate::cache::KeyMaterial;
use crate::context::Context;
use crate::secret::Secret;

use client_credentials::ClientCredentialsSettings;
use command::CommandSettings;
use env::EnvSettings;
use file::FileSettings;
pub use kind::SourceKind;
use spiffe::SpiffeSettings;

/// Which source serves `get` and what each source needs to be built.
#[derive(Debug, Clone)]
pub struct SourceSettings {
    /// `auto` (None) or the source the user named.
    pub kind: Option<SourceKind>,
    /// Audiences from flag, `JWTCRED_AUDIENCE` or the cluster config; empty when none given.
    pub audiences: Vec<String>,
    pub file: FileSettings,
    pub env: EnvSettings,
    pub command: CommandSettings,
    pub spiffe: SpiffeSettings,
    pub client_credentials: ClientCredentialsSettings,
}

/// What a source hands back before validation.
#[derive(Debug)]
pub struct RawToken {
    pub value: Secret,
    /// `expires_in` of an OAuth response, used only when the token has no `exp`.
    pub expires_in: Option<u64>,
}

/// A configured source, ready to obtain a token.
#[derive(Debug)]
pub enum Source {
    File(file::FileSource),
    Env(env::EnvSource),
    Actions(actions::ActionsSource),
    Spiffe(spiffe::SpiffeSource),
    ClientCredentials(client_credentials::ClientCredentialsSource),
    Command(command::CommandSource),
}

impl Source {
    pub fn kind(&self) -> SourceKind {
        match self {
            Self::File(_) => SourceKind::File,
            Self::Env(_) => SourceKind::Env,
            Self::Actions(_) => SourceKind::Actions,
            Self::Spiffe(_) => SourceKind::Spiffe,
            Self::ClientCredentials(_) => SourceKind::ClientCredentials,
            Self::Command(_) => SourceKind::Command,
        }
    }

    /// Where the token comes from, for messages (never a secret): "file /var/run/token".
    pub fn describe(&self) -> String {
        match self {
            Self::File(s) => s.describe(),
            Self::Env(s) => s.describe(),
            Self::Actions(s) => s.describe(),
            Self::Spiffe(s) => s.describe(),
            Self::ClientCredentials(s) => s.describe(),
            Self::Command(s) => s.describe(),
        }
    }

    /// Local sources (file, env) are read fresh every call and never cached by themselves.
    pub fn is_local(&self) -> bool {
        matches!(self, Self::File(_) | Self::Env(_))
    }

    /// Adds everything about this source that decides which token comes back to the cache
    /// key (the source kind is already in it). Secrets only as digests.
    pub fn key_material(&self, key: &mut KeyMaterial) -> Result<()> {
        match self {
            Self::File(s) => s.key_material(key),
            Self::Env(s) => s.key_material(key),
            Self::Actions(s) => s.key_material(key),
            Self::Spiffe(s) => s.key_material(key),
            Self::ClientCredentials(s) => s.key_material(key)?,
            Self::Command(s) => s.key_material(key),
        }
        Ok(())
    }

    /// Obtains a raw token. Local sources and commands never start the network stack.
    pub fn obtain(&self, ctx: &Context) -> Result<RawToken> {
        match self {
            Self::File(s) => s.read(ctx.deadline()),
            Self::Env(s) => s.read(),
            Self::Actions(s) => s.fetch(ctx),
            Self::Spiffe(s) => s.fetch(ctx),
            Self::ClientCredentials(s) => s.fetch(ctx),
            Self::Command(s) => s.run(ctx),
        }
    }
}
