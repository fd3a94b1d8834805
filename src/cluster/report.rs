//! The vocabulary of a doctor report: a check's status and one-line detail, and the identity
//! (UserInfo) a cluster gives a token.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Skip,
    Warn,
    Fail,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Warn => "warn",
            Self::Fail => "fail",
            Self::Skip => "skip",
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    pub detail: String,
}

impl Check {
    pub fn new(name: &'static str, status: Status, detail: impl Into<String>) -> Self {
        Self {
            name,
            status,
            detail: detail.into(),
        }
    }
}

/// `authentication.k8s.io/v1` UserInfo: what a cluster reports for an authenticated token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub uid: String,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub extra: BTreeMap<String, Vec<String>>,
}

/// The group kube-apiserver's outer authenticator adds to every authenticated user.
pub const AUTHENTICATED_GROUP: &str = "system:authenticated";
const UNAUTHENTICATED_GROUP: &str = "system:unauthenticated";
const ANONYMOUS_USER: &str = "system:anonymous";

/// The extra key the JWT authenticator sets from `jti`.
pub const CREDENTIAL_ID_KEY: &str = "authentication.kubernetes.io/credential-id";

impl UserInfo {
    /// `group.AuthenticatedGroupAdder`: adds `system:authenticated` unless the user is
    /// anonymous or already carries it (or `system:unauthenticated`).
    pub fn with_authenticated_group(mut self) -> Self {
        let has_marker = self
            .groups
            .iter()
            .any(|g| g == AUTHENTICATED_GROUP || g == UNAUTHENTICATED_GROUP);
        if self.username != ANONYMOUS_USER && !has_marker {
            self.groups.push(AUTHENTICATED_GROUP.to_owned());
        }
        self
    }

    /// A one-line rendering for the text report.
    pub fn describe(&self) -> String {
        let mut out = format!("username {:?}", self.username);
        if !self.uid.is_empty() {
            out.push_str(&format!(", uid {:?}", self.uid));
        }
        out.push_str(&format!(", groups {:?}", self.groups));
        if !self.extra.is_empty() {
            let extra: Vec<String> = self
                .extra
                .iter()
                .map(|(k, v)| format!("{k}={v:?}"))
                .collect();
            out.push_str(&format!(", extra {{{}}}", extra.join(", ")));
        }
        out
    }

    /// The differences between what was predicted (self) and what a cluster answered.
    pub fn differences(&self, answered: &UserInfo) -> Vec<String> {
        let mut out = Vec::new();
        if self.username != answered.username {
            out.push(format!(
                "username {:?} (predicted {:?})",
                answered.username, self.username
            ));
        }
        if self.uid != answered.uid {
            out.push(format!("uid {:?} (predicted {:?})", answered.uid, self.uid));
        }
        if self.groups != answered.groups {
            out.push(format!(
                "groups {:?} (predicted {:?})",
                answered.groups, self.groups
            ));
        }
        if self.extra != answered.extra {
            out.push(format!(
                "extra {:?} (predicted {:?})",
                answered.extra, self.extra
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authenticated_group_is_added_once() {
        let user = UserInfo {
            username: "u".into(),
            groups: vec!["a".into()],
            ..UserInfo::default()
        };
        let user = user.with_authenticated_group();
        assert_eq!(user.groups, ["a", AUTHENTICATED_GROUP]);
        assert_eq!(user.clone().with_authenticated_group(), user);
        let anonymous = UserInfo {
            username: ANONYMOUS_USER.into(),
            ..UserInfo::default()
        };
        assert!(anonymous.with_authenticated_group().groups.is_empty());
    }
}
