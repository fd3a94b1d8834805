//! jwtcred as a library: the binary's modules, exposed for the fuzz targets and benchmarks.

pub mod app;
pub mod cache;
pub mod cli;
pub mod cluster;
pub mod commands;
pub mod config;
pub mod context;
pub mod duration;
pub mod env;
pub mod error;
pub mod exchange;
pub mod exec_credential;
pub mod exec_info;
pub mod fsutil;
pub mod get;
pub mod http;
pub mod jwt;
pub mod log;
pub mod oauth;
pub mod output;
pub mod resolve;
pub mod secret;
pub mod source;
pub mod time;
pub mod token;
pub mod userdirs;
