//! The cluster side of a token: kube-apiserver's AuthenticationConfiguration (wire types and
//! validation), its JWT authenticator's checks (discovery, signature, audience, claim rules,
//! claim mappings, CEL), and the cluster's own answer (SelfSubjectReview). `doctor` uses it;
//! nothing on the `get` path does.

pub mod apiserver;
pub mod authenticate;
pub mod authn_config;
pub mod cel;
pub mod files;
pub mod issuer;
pub mod keys;
pub mod near_miss;
pub mod report;
pub mod validate;
