//! A snapshot of the process environment, passed explicitly so that configuration and
//! detection can be tested without touching the real environment.

use std::collections::HashMap;
use std::ffi::OsString;

#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, OsString>,
}

impl Env {
    pub fn from_process() -> Self {
        Self {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v)))
                .collect(),
        }
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), OsString::from(v)))
                .collect(),
        }
    }

    /// The variable's value when set, non-empty and valid UTF-8.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .and_then(|v| v.to_str())
            .filter(|v| !v.is_empty())
    }

    /// Whether the variable is set at all (even empty or not UTF-8).
    pub fn is_set(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    pub fn raw(&self, name: &str) -> Option<&OsString> {
        self.vars.get(name)
    }
}
