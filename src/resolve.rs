//! Host names resolved the way a pod's libc resolves them, without libc: `localhost` is
//! loopback, then `/etc/hosts`, then the nameservers, search list and `ndots` of
//! `/etc/resolv.conf` (hickory-resolver). The static release binary therefore never calls
//! `getaddrinfo`, so it never loads glibc's NSS modules, and it resolves the same in a
//! `FROM scratch` image as in a full distribution.
//!
//! Built into the HTTP clients only, so it exists only on a path that fetches: a cache hit
//! never reads these files.

use std::fs;
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use hickory_resolver::config::{ResolveHosts, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::op::Query;
use hickory_resolver::proto::rr::{Name as DnsName, RecordType};
use hickory_resolver::{Hosts, TokioResolver};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

const HOSTS_FILE: &str = "/etc/hosts";
const RESOLV_CONF: &str = "/etc/resolv.conf";

/// The resolver reqwest's clients use. The files are read on the first lookup (inside the
/// runtime), once per process.
#[derive(Clone, Default)]
pub struct SystemResolver {
    state: Arc<OnceLock<State>>,
}

struct State {
    hosts: Hosts,
    /// An error (kept for the message) when `/etc/resolv.conf` gives no nameserver.
    dns: Result<TokioResolver, String>,
}

impl Resolve for SystemResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let state = Arc::clone(&self.state);
        Box::pin(async move {
            let state = state.get_or_init(State::load);
            let addrs = state.lookup(name.as_str()).await?;
            let addrs: Addrs = Box::new(addrs.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

impl State {
    fn load() -> Self {
        Self {
            hosts: read_hosts(),
            dns: dns_resolver(),
        }
    }

    async fn lookup(&self, host: &str) -> Result<Vec<IpAddr>, String> {
        if is_localhost(host) {
            return Ok(vec![
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ]);
        }
        let from_hosts = hosts_lookup(&self.hosts, host);
        if !from_hosts.is_empty() {
            return Ok(from_hosts);
        }
        let resolver = self
            .dns
            .as_ref()
            .map_err(|why| format!("{host} is not in {HOSTS_FILE}, and {why}"))?;
        let found = resolver
            .lookup_ip(host)
            .await
            .map_err(|err| format!("resolving {host}: {err}"))?;
        Ok(found.iter().collect())
    }
}

/// `localhost` and `*.localhost` are loopback whatever the files say (RFC 6761): plain http
/// is allowed to them because they are loopback, so they must never resolve elsewhere.
fn is_localhost(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost")
}

/// `/etc/hosts`; a missing or unreadable file is an empty one, as for libc.
fn read_hosts() -> Hosts {
    let mut hosts = Hosts::default();
    if let Ok(file) = fs::File::open(HOSTS_FILE) {
        // A line that does not parse is skipped by the parser; an I/O error mid-way keeps
        // what was read.
        let _ = hosts.read_hosts_conf(file);
    }
    hosts
}

fn hosts_lookup(hosts: &Hosts, host: &str) -> Vec<IpAddr> {
    let Ok(name) = DnsName::from_str(host) else {
        return Vec::new();
    };
    [RecordType::A, RecordType::AAAA]
        .into_iter()
        .filter_map(|kind| hosts.lookup_static_host(&Query::query(name.clone(), kind)))
        .flat_map(|lookup| {
            lookup
                .answers()
                .iter()
                .filter_map(|record| record.data.ip_addr())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A DNS resolver configured from `/etc/resolv.conf` (nameservers, `search`/`domain`,
/// `options ndots/timeout/attempts`), or why there is none.
fn dns_resolver() -> Result<TokioResolver, String> {
    let (config, mut options) = resolv_conf()?;
    // /etc/hosts was consulted already, for the name as given (as libc's "files" does).
    options.use_hosts_file = ResolveHosts::Never;
    TokioResolver::builder_with_config(config, TokioRuntimeProvider::default())
        .with_options(options)
        .build()
        .map_err(|err| format!("the DNS resolver could not start: {err}"))
}

fn resolv_conf() -> Result<(ResolverConfig, ResolverOpts), String> {
    let data = fs::read(RESOLV_CONF).map_err(|err| match err.kind() {
        ErrorKind::NotFound => format!("there is no {RESOLV_CONF} to ask a nameserver"),
        _ => format!("{RESOLV_CONF} could not be read: {err}"),
    })?;
    hickory_resolver::system_conf::parse_resolv_conf(data)
        .map_err(|err| format!("{RESOLV_CONF} gives no usable nameserver: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_names_are_loopback() {
        for name in ["localhost", "LOCALHOST.", "api.localhost"] {
            assert!(is_localhost(name), "{name}");
        }
        for name in ["localhost.example.com", "mylocalhost", "example.com"] {
            assert!(!is_localhost(name), "{name}");
        }
    }

    #[test]
    fn hosts_entries_resolve_both_families_and_only_their_names() {
        let mut hosts = Hosts::default();
        hosts
            .read_hosts_conf(
                "# comment\n10.1.2.3 api.internal api\nfd00::7 api.internal\nbad line\n".as_bytes(),
            )
            .unwrap();
        let mut found = hosts_lookup(&hosts, "api.internal");
        found.sort();
        assert_eq!(
            found,
            vec![
                "10.1.2.3".parse::<IpAddr>().unwrap(),
                "fd00::7".parse().unwrap()
            ]
        );
        assert_eq!(
            hosts_lookup(&hosts, "api"),
            vec![IpAddr::from([10, 1, 2, 3])]
        );
        assert!(hosts_lookup(&hosts, "other.internal").is_empty());
        assert!(hosts_lookup(&Hosts::default(), "api.internal").is_empty());
    }

    #[test]
    fn resolv_conf_search_list_and_ndots_are_read() {
        let (config, options) = hickory_resolver::system_conf::parse_resolv_conf(
            "nameserver 10.96.0.10\nsearch ns.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n",
        )
        .unwrap();
        assert_eq!(options.ndots, 5);
        let search: Vec<String> = config.search().iter().map(|n| n.to_string()).collect();
        assert_eq!(search.len(), 3, "{search:?}");
        assert!(search[0].starts_with("ns.svc.cluster.local"), "{search:?}");
        assert_eq!(config.name_servers().len(), 1);
    }
}
