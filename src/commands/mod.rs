//! One module per subcommand other than `get`.

pub mod argocd_cluster;
pub mod authn_config;
pub mod cache;
pub mod completions;
pub mod detect;
pub mod doctor;
pub mod exec_entry;
pub mod inspect;
pub mod install;
pub mod kubeconfig;
pub mod man;
mod yaml;
mod yaml_edit;
