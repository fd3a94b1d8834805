//! Locates the Go test peers that `tests/peers/build.sh` builds into `target/peers` (or
//! `$JWTCRED_PEERS_DIR`): kube-authn, spire-server, spire-agent.

use std::path::PathBuf;

/// Where build.sh puts the peers.
pub fn peers_dir() -> PathBuf {
    match std::env::var_os("JWTCRED_PEERS_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/peers"),
    }
}

/// The built peer `name`. Missing: None outside CI (printing why, the caller returns early),
/// a panic under CI.
pub fn peer_binary(name: &str) -> Option<PathBuf> {
    let path = peers_dir().join(name);
    if path.is_file() {
        return Some(path);
    }
    let msg = format!(
        "the Go test peer {name} is not built at {}: run tests/peers/build.sh",
        path.display()
    );
    if super::in_ci() {
        panic!("{msg}");
    }
    eprintln!("skipping: {msg} (set CI=1 to make this a failure)");
    None
}

/// Collects a spawned peer's stdout and stderr, line by line, into one log (for failure
/// messages), on two threads that end with the pipes.
pub fn collect_output(child: &mut std::process::Child) -> std::sync::Arc<std::sync::Mutex<String>> {
    use std::io::BufRead as _;
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let pipes = [
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    ];
    for pipe in pipes.into_iter().flatten() {
        let sink = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
    }
    log
}
