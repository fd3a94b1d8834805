//! The CI a run is in, recognised by the variables its runners set, and the one thing to add in
//! that CI's own configuration to get an OIDC token — for the "nothing found" error and
//! `detect`. Facts: ../shared/PROTOCOLS-CLUSTER.md §6 (each CI's documentation and runner
//! source).

use super::SourceKind;
use crate::env::Env;

/// A recognised CI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ci {
    pub name: &'static str,
    /// Set by the CI's runner in every job; the first one that is set names the CI.
    markers: &'static [&'static str],
    /// The source its token reaches jwtcred through once the line is added.
    pub source: SourceKind,
    /// What to add, in the CI's own terms.
    add: &'static str,
}

/// First match wins. Forgejo and Gitea runners also set `GITHUB_ACTIONS` (every `FORGEJO_*`
/// variable is mirrored as `GITHUB_*`), so they are checked before GitHub.
const KNOWN: [Ci; 6] = [
    Ci {
        name: "Forgejo/Gitea Actions",
        markers: &["FORGEJO_ACTIONS", "GITEA_ACTIONS"],
        source: SourceKind::Actions,
        add: "add `enable-openid-connect: true` to the job (or the workflow); fork pull requests never get a token",
    },
    Ci {
        name: "GitHub Actions",
        markers: &["GITHUB_ACTIONS"],
        source: SourceKind::Actions,
        add: "add `permissions: id-token: write` to the job (or the workflow); fork pull requests never get a token",
    },
    Ci {
        name: "GitLab CI",
        markers: &["GITLAB_CI"],
        source: SourceKind::Env,
        add: "add an `id_tokens:` entry to the job (`id_tokens: {JWTCRED_TOKEN: {aud: AUD}}`) and run jwtcred with `--token-env JWTCRED_TOKEN`",
    },
    Ci {
        name: "Bitbucket Pipelines",
        markers: &["BITBUCKET_BUILD_NUMBER"],
        source: SourceKind::Env,
        add: "add `oidc: true` to the step; jwtcred then reads BITBUCKET_STEP_OIDC_TOKEN",
    },
    Ci {
        name: "Buildkite",
        markers: &["BUILDKITE"],
        source: SourceKind::Command,
        add: "run jwtcred with `--token-command 'buildkite-agent oidc request-token --audience {audience}'` and `--audience AUD`",
    },
    // Not in the contract's list, which is silent on it: CircleCI injects its token into every
    // job, so when it is missing the job is a fork build without secrets.
    Ci {
        name: "CircleCI",
        markers: &["CIRCLECI"],
        source: SourceKind::Env,
        add: "CircleCI sets CIRCLE_OIDC_TOKEN_V2 in every job except fork builds: enable `Pass secrets to builds from forked pull requests` in the project settings",
    },
];

/// The CI this environment belongs to, if any.
pub fn recognise(env: &Env) -> Option<Ci> {
    KNOWN.into_iter().find(|ci| ci.marker(env).is_some())
}

impl Ci {
    fn marker(&self, env: &Env) -> Option<&'static str> {
        self.markers
            .iter()
            .copied()
            .find(|name| env.get(name).is_some())
    }

    /// The one line to add: "GitHub Actions (GITHUB_ACTIONS is set): add `permissions: …`".
    pub fn what_to_add(&self, env: &Env) -> String {
        let marker = self.marker(env).unwrap_or(self.markers[0]);
        format!("{} ({marker} is set): {}", self.name, self.add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ci(pairs: &[(&str, &str)]) -> Option<&'static str> {
        recognise(&Env::from_pairs(pairs.iter().copied())).map(|c| c.name)
    }

    #[test]
    fn forgejo_and_gitea_win_over_the_github_variables_their_runners_also_set() {
        let forgejo = [
            ("FORGEJO_ACTIONS", "true"),
            ("GITEA_ACTIONS", "true"),
            ("GITHUB_ACTIONS", "true"),
        ];
        assert_eq!(ci(&forgejo), Some("Forgejo/Gitea Actions"));
        assert_eq!(
            ci(&[("GITEA_ACTIONS", "true"), ("GITHUB_ACTIONS", "true")]),
            Some("Forgejo/Gitea Actions")
        );
        assert_eq!(ci(&[("GITHUB_ACTIONS", "true")]), Some("GitHub Actions"));
    }

    #[test]
    fn each_ci_by_its_marker() {
        assert_eq!(ci(&[("GITLAB_CI", "true")]), Some("GitLab CI"));
        assert_eq!(
            ci(&[("BITBUCKET_BUILD_NUMBER", "7")]),
            Some("Bitbucket Pipelines")
        );
        assert_eq!(ci(&[("BUILDKITE", "true")]), Some("Buildkite"));
        assert_eq!(ci(&[("CIRCLECI", "true")]), Some("CircleCI"));
        assert_eq!(ci(&[("CI", "true")]), None, "CI alone names no CI");
        assert_eq!(ci(&[("GITHUB_ACTIONS", "")]), None, "empty is unset");
    }

    #[test]
    fn the_line_names_the_marker_found() {
        let env = Env::from_pairs([("GITEA_ACTIONS", "true")]);
        let line = recognise(&env).unwrap().what_to_add(&env);
        assert!(
            line.starts_with(
                "Forgejo/Gitea Actions (GITEA_ACTIONS is set): add `enable-openid-connect: true`"
            ),
            "{line}"
        );
    }
}
