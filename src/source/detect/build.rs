//! The chosen candidate, built into a source from its own settings.

use anyhow::Result;

use super::candidates::{Candidate, Input};
use crate::env::Env;
use crate::notes::Notes;
use crate::source::{
    Source, SourceSettings, actions, client_credentials, command, env, file, spiffe,
};

pub(super) fn build(
    candidate: &Candidate,
    settings: &SourceSettings,
    env: &Env,
    notes: &mut Notes,
) -> Result<Source> {
    let audiences = &settings.audiences;
    let origin = || candidate.origin.clone();
    Ok(match &candidate.input {
        Input::TokenFile(path) => Source::File(file::FileSource::new(path.clone(), origin())),
        Input::TokenEnv(name) => Source::Env(env::EnvSource::new(name.clone(), env)),
        Input::TokenCommand(line) => Source::Command(command::CommandSource::new(
            line,
            origin(),
            audiences,
            settings.env.name.as_deref(),
        )?),
        Input::ClientCredentials => {
            Source::ClientCredentials(client_credentials::ClientCredentialsSource::new(
                &settings.client_credentials,
                audiences,
                notes,
            )?)
        }
        Input::SpiffeSocket(socket) => Source::Spiffe(spiffe::SpiffeSource::new(
            socket.clone(),
            origin(),
            &settings.spiffe,
            audiences,
        )?),
        Input::Actions => Source::Actions(actions::ActionsSource::from_env(audiences, env)?),
    })
}
