//! Scaffolding shared by the test peers: each server runs on its own std thread with its own
//! current-thread tokio runtime (the tests are plain sync functions that spawn the binary), and
//! stops when its handle is dropped.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// When each request reached a peer, seen from the server's side: attempts are counted and
/// the time between them measured there, untouched by how slowly a loaded machine starts the
/// client process. Clones share one record.
#[derive(Clone, Default)]
pub struct Arrivals(Arc<Mutex<Vec<Instant>>>);

impl Arrivals {
    pub fn record(&self) {
        self.0.lock().unwrap().push(Instant::now());
    }

    pub fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// From the first arrival to the last (zero with fewer than two).
    pub fn span(&self) -> Duration {
        let times = self.0.lock().unwrap();
        match (times.first(), times.last()) {
            (Some(first), Some(last)) => last.duration_since(*first),
            _ => Duration::ZERO,
        }
    }

    /// The time between each arrival and the next.
    pub fn gaps(&self) -> Vec<Duration> {
        let times = self.0.lock().unwrap();
        times
            .windows(2)
            .map(|w| w[1].duration_since(w[0]))
            .collect()
    }
}

/// A background runtime; dropping it stops the server and joins the thread.
pub struct Background {
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Background {
    /// Runs `serve` until it finishes or the handle is dropped. `serve` is only polled inside
    /// the new runtime, so it may create tokio resources (e.g. `TcpListener::from_std`).
    pub fn spawn<F>(name: &str, serve: F) -> Self
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("peer-{name}"))
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                rt.block_on(async move {
                    tokio::select! {
                        _ = serve => {}
                        _ = rx => {}
                    }
                });
                // Dropping the runtime cancels connection tasks still open (a client that never
                // reads, a dribbling response), which graceful shutdown would wait for.
                rt.shutdown_timeout(Duration::from_millis(100));
            })
            .expect("spawn peer thread");
        Self {
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A listener on 127.0.0.1 with an OS-chosen port, bound synchronously so the address is known
/// before the server thread runs.
pub fn bind_loopback() -> std::net::TcpListener {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("nonblocking");
    listener
}

/// A port on 127.0.0.1 for a peer process that binds it itself (SPIRE and Dex take a port in
/// their configuration, not a listener). Taken from below the kernel's ephemeral range, which
/// bind(0) and outgoing connections draw from: a port bound and released in that range can go
/// to any of the suite's many sockets before the peer binds it; below it, only to a process
/// asking for that very port. Never the same port twice in one test process.
pub fn port_for_a_peer() -> u16 {
    static HANDED_OUT: Mutex<std::collections::BTreeSet<u16>> =
        Mutex::new(std::collections::BTreeSet::new());
    let ephemeral_start = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse::<u16>().ok())
        .unwrap_or(32768);
    let below = 10_000.min(ephemeral_start / 2)..ephemeral_start;
    for _ in 0..1000 {
        let port = fastrand::u16(below.clone());
        if HANDED_OUT.lock().unwrap().insert(port)
            && std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
        {
            return port;
        }
    }
    panic!("no free port in {below:?}");
}

/// Serves `router` over plain HTTP on 127.0.0.1.
pub fn serve_http(name: &str, router: axum::Router) -> (SocketAddr, Background) {
    let std_listener = bind_loopback();
    let addr = std_listener.local_addr().expect("local addr");
    let bg = Background::spawn(name, async move {
        let listener = tokio::net::TcpListener::from_std(std_listener).expect("tokio listener");
        let _ = axum::serve(listener, router).await;
    });
    (addr, bg)
}

/// Serves `router` over HTTPS on 127.0.0.1 with `tls` (see [`super::tls::TestCa`]).
pub fn serve_https(
    name: &str,
    router: axum::Router,
    tls: Arc<rustls::ServerConfig>,
) -> (SocketAddr, Background) {
    let std_listener = bind_loopback();
    let addr = std_listener.local_addr().expect("local addr");
    let bg = Background::spawn(name, async move {
        let listener = tokio::net::TcpListener::from_std(std_listener).expect("tokio listener");
        let _ = axum::serve(TlsListener::new(listener, tls), router).await;
    });
    (addr, bg)
}

/// An axum listener yielding TLS streams. Handshakes run in their own tasks, so one client
/// that stalls or fails its handshake (an unknown CA) does not hold up the others.
pub struct TlsListener {
    handshaken: mpsc::Receiver<(TlsStream<tokio::net::TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Must be called inside a runtime (it spawns the accept loop).
    pub fn new(listener: tokio::net::TcpListener, tls: Arc<rustls::ServerConfig>) -> Self {
        let local = listener.local_addr().expect("local addr");
        let acceptor = TlsAcceptor::from(tls);
        let (tx, rx) = mpsc::channel(16);
        tokio::spawn(async move {
            while let Ok((tcp, peer)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    let handshake = acceptor.accept(tcp);
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(Duration::from_secs(10), handshake).await
                    {
                        let _ = tx.send((stream, peer)).await;
                    }
                });
            }
        });
        Self {
            handshaken: rx,
            local,
        }
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.handshaken.recv().await {
            Some(conn) => conn,
            // The accept loop only ends with the runtime; park until then.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
