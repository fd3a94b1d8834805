//! `jwtcred completions SHELL`: a completion script generated from the clap definition
//! (clap_complete), for the binary name `jwtcred`. The committed copies in `completions/` are
//! kept equal to this output by a test.

use anyhow::{Context as _, Result};
use clap::CommandFactory;
use clap_complete::Shell as Target;

use crate::cli::{Cli, Shell};

/// The name completions and the man page are generated for.
pub const BIN_NAME: &str = "jwtcred";

/// The clap definition as documentation sees it: named `jwtcred` whatever the invoked name,
/// and without the env values clap captured from this process (they must not leak into
/// generated files, and must not make them differ between machines).
pub fn documented_command() -> clap::Command {
    crate::cli::without_env_values(Cli::command().name(BIN_NAME).bin_name(BIN_NAME))
}

pub fn run(shell: Shell) -> Result<String> {
    let mut out = Vec::new();
    clap_complete::generate(target(shell), &mut documented_command(), BIN_NAME, &mut out);
    String::from_utf8(out).context("the generated completion script is not UTF-8")
}

/// The committed file name of each shell's script, relative to `completions/`.
pub fn file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "jwtcred.bash",
        Shell::Zsh => "_jwtcred",
        Shell::Fish => "jwtcred.fish",
        Shell::Powershell => "_jwtcred.ps1",
        Shell::Elvish => "jwtcred.elv",
    }
}

fn target(shell: Shell) -> Target {
    match shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Powershell => Target::PowerShell,
        Shell::Elvish => Target::Elvish,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_generates_for_jwtcred() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Powershell,
            Shell::Elvish,
        ] {
            let script = run(shell).unwrap();
            assert!(script.contains("jwtcred"), "{shell:?}");
            assert!(script.contains("kubeconfig"), "{shell:?}");
        }
    }
}
