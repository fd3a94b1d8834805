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

pub mod kubectl {
    //! `jwtcred __complete WORD…`: tab completion for `kubectl jwtcred …`. kubectl (≥ 1.26) looks
    //! up an executable `kubectl_complete-jwtcred` on PATH and runs it with the words typed after
    //! `kubectl jwtcred`, the last one being the word under the cursor (empty for a new word); it
    //! reads one candidate per line (`value<TAB>description`) and, as the last line, `:<n>`, a
    //! Cobra ShellCompDirective. `completions/kubectl_complete-jwtcred` runs this.
    //!
    //! The candidates come from the clap definition (subcommands, long options, fixed value sets),
    //! walked with clap's stable introspection only; files are left to the shell.

    use clap::{Arg, ArgAction, ValueHint};

    use super::documented_command;

    /// The hidden first argument that selects this mode.
    pub const TRIGGER: &str = "__complete";

    /// Cobra's ShellCompDirective bits.
    const DIRECTIVE_DEFAULT: u32 = 0;
    const DIRECTIVE_NO_SPACE: u32 = 2;
    const DIRECTIVE_NO_FILE_COMP: u32 = 4;

    /// Renders the completion answer for `words` (the last one is being completed).
    pub fn run(words: &[String]) -> String {
        let (candidates, directive) = complete(words);
        let mut out = String::new();
        for (value, help) in candidates {
            match help {
                Some(help) if !help.is_empty() => out.push_str(&format!("{value}\t{help}\n")),
                _ => out.push_str(&format!("{value}\n")),
            }
        }
        out.push_str(&format!(":{directive}\n"));
        out
    }

    type Candidates = Vec<(String, Option<String>)>;

    fn complete(words: &[String]) -> (Candidates, u32) {
        let mut root = documented_command();
        root.build();
        let (current, rest) = match words.split_last() {
            Some((current, rest)) => (current.as_str(), rest),
            None => ("", &[][..]),
        };
        let mut command = &root;
        let mut positionals = 0usize;
        let mut pending: Option<&Arg> = None;
        let mut after_double_dash = false;
        for word in rest {
            if pending.take().is_some() {
                continue;
            }
            if after_double_dash {
                positionals += 1;
                continue;
            }
            if word == "--" {
                after_double_dash = true;
            } else if let Some(long) = word.strip_prefix("--") {
                if !long.contains('=') {
                    pending = find_long(command, long).filter(|a| takes_value(a));
                }
            } else if word.starts_with('-') && word.len() > 1 {
                pending = find_short(command, word).filter(|a| takes_value(a));
            } else if positionals == 0
                && let Some(sub) = command.find_subcommand(word)
            {
                command = sub;
            } else {
                positionals += 1;
            }
        }

        if let Some(arg) = pending {
            return values_of(arg, current, "");
        }
        if !after_double_dash && let Some(long) = current.strip_prefix("--") {
            if let Some((name, value)) = long.split_once('=') {
                return match find_long(command, name) {
                    Some(arg) => values_of(arg, value, &format!("--{name}=")),
                    None => (Vec::new(), DIRECTIVE_NO_FILE_COMP),
                };
            }
            return (long_options(command, long), DIRECTIVE_NO_FILE_COMP);
        }
        if !after_double_dash && current.starts_with('-') {
            return (long_options(command, ""), DIRECTIVE_NO_FILE_COMP);
        }
        let mut candidates: Candidates = Vec::new();
        if positionals == 0 {
            candidates.extend(
                command
                    .get_subcommands()
                    .filter(|s| !s.is_hide_set() && s.get_name().starts_with(current))
                    .map(|s| {
                        (
                            s.get_name().to_owned(),
                            s.get_about().map(|a| a.to_string()),
                        )
                    }),
            );
        }
        let positional = command
            .get_positionals()
            .filter(|a| !a.is_hide_set())
            .nth(positionals);
        match positional {
            Some(arg) if candidates.is_empty() => values_of(arg, current, ""),
            Some(arg) => {
                candidates.extend(values_of(arg, current, "").0);
                (candidates, DIRECTIVE_NO_FILE_COMP)
            }
            None => (candidates, DIRECTIVE_NO_FILE_COMP),
        }
    }

    fn takes_value(arg: &Arg) -> bool {
        arg.get_action().takes_values()
    }

    fn find_long<'a>(command: &'a clap::Command, long: &str) -> Option<&'a Arg> {
        command.get_arguments().find(|a| {
            a.get_long() == Some(long)
                || a.get_all_aliases().into_iter().flatten().any(|x| x == long)
        })
    }

    /// `-o` or `-oVALUE`: the option whose short name is the first letter.
    fn find_short<'a>(command: &'a clap::Command, word: &str) -> Option<&'a Arg> {
        let mut letters = word[1..].chars();
        let first = letters.next()?;
        let arg = command
            .get_arguments()
            .find(|a| a.get_short() == Some(first))?;
        // `-oVALUE` carries its value already.
        if letters.next().is_some() && takes_value(arg) {
            return None;
        }
        Some(arg)
    }

    /// The long options of `command` (its own and the global ones) starting with `prefix`.
    fn long_options(command: &clap::Command, prefix: &str) -> Candidates {
        let mut options: Candidates = command
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| Some((a, a.get_long()?)))
            .filter(|(_, long)| long.starts_with(prefix))
            .map(|(a, long)| {
                (
                    format!("--{long}"),
                    a.get_help().map(|h| first_sentence(&h.to_string())),
                )
            })
            .collect();
        for (flag, help) in [("--help", "Print help"), ("--version", "Print version")] {
            if flag[2..].starts_with(prefix) && !options.iter().any(|(f, _)| f == flag) {
                options.push((flag.to_owned(), Some(help.to_owned())));
            }
        }
        options.sort();
        options
    }

    /// The values `arg` accepts that start with `current`; files when it names a path.
    fn values_of(arg: &Arg, current: &str, prefix: &str) -> (Candidates, u32) {
        if matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse) {
            return (Vec::new(), DIRECTIVE_NO_FILE_COMP);
        }
        let possible = arg.get_possible_values();
        if !possible.is_empty() {
            let candidates = possible
                .iter()
                .filter(|v| !v.is_hide_set() && v.get_name().starts_with(current))
                .map(|v| {
                    (
                        format!("{prefix}{}", v.get_name()),
                        v.get_help().map(|h| h.to_string()),
                    )
                })
                .collect();
            return (candidates, DIRECTIVE_NO_FILE_COMP);
        }
        match arg.get_value_hint() {
            // The shell completes file names best; a `--flag=` prefix would defeat it.
            ValueHint::AnyPath | ValueHint::FilePath | ValueHint::DirPath if prefix.is_empty() => {
                (Vec::new(), DIRECTIVE_DEFAULT)
            }
            _ => (Vec::new(), DIRECTIVE_NO_FILE_COMP | DIRECTIVE_NO_SPACE),
        }
    }

    fn first_sentence(help: &str) -> String {
        let line = help.lines().next().unwrap_or_default();
        line.trim_end_matches('.').to_owned()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn values(words: &[&str]) -> (Vec<String>, u32) {
            let words: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            let (candidates, directive) = complete(&words);
            (candidates.into_iter().map(|(v, _)| v).collect(), directive)
        }

        #[test]
        fn subcommands_and_options_at_the_top() {
            let (top, directive) = values(&[""]);
            assert!(top.contains(&"detect".to_owned()) && top.contains(&"kubeconfig".to_owned()));
            assert!(
                !top.iter().any(|v| v.starts_with('-')),
                "options only after a dash"
            );
            assert_eq!(directive, DIRECTIVE_NO_FILE_COMP);
            assert_eq!(values(&["de"]).0, ["detect"]);
            assert_eq!(values(&["--token-c"]).0, ["--token-command"]);
            assert!(values(&["-"]).0.contains(&"--audience".to_owned()));
        }

        #[test]
        fn fixed_values_after_their_option_in_both_forms() {
            assert_eq!(
                values(&["--source", "c"]).0,
                ["client-credentials", "command"]
            );
            assert_eq!(values(&["--output="]).0.len(), 3);
            assert_eq!(values(&["-o", "t"]).0, ["token"]);
            assert_eq!(values(&["--source=sp"]).0, ["--source=spiffe"]);
            assert_eq!(values(&["completions", "f"]).0, ["fish"]);
        }

        #[test]
        fn subcommand_options_and_globals() {
            let detect = values(&["--source", "env", "detect", "--"]).0;
            assert!(detect.contains(&"--check".to_owned()), "{detect:?}");
            assert!(
                detect.contains(&"--audience".to_owned()),
                "globals too: {detect:?}"
            );
            let argocd = values(&["argocd-cluster", "--cluster-"]).0;
            assert!(
                argocd.contains(&"--cluster-audience".to_owned()),
                "{argocd:?}"
            );
        }

        #[test]
        fn paths_are_left_to_the_shell_and_free_values_to_the_user() {
            assert_eq!(values(&["--token-file", ""]), (vec![], DIRECTIVE_DEFAULT));
            assert_eq!(values(&["install", ""]).1, DIRECTIVE_DEFAULT);
            let (none, directive) = values(&["--audience", ""]);
            assert!(none.is_empty());
            assert_eq!(directive & DIRECTIVE_NO_FILE_COMP, DIRECTIVE_NO_FILE_COMP);
            assert!(!values(&["__complete"]).0.contains(&"__complete".to_owned()));
        }

        #[test]
        fn the_answer_ends_with_the_directive() {
            let text = run(&["--source".into(), "f".into()]);
            assert!(text.starts_with("file"), "{text}");
            assert!(text.ends_with(":4\n"), "{text}");
            let text = run(&["det".into()]);
            assert!(
                text.starts_with("detect\t"),
                "descriptions after a tab: {text}"
            );
        }
    }
}
