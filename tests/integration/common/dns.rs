//! A tiny authoritative DNS responder on a loopback address, port 53 (resolv.conf cannot name
//! another port): answers A queries for the names it is given, NOERROR/no data for their other
//! types, NXDOMAIN for everything else, and records every question in arrival order. The
//! answers are built by hand (RFC 1035 §4.1), so the responder depends on nothing the resolver
//! under test uses.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr, UdpSocket};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct DnsResponder {
    pub addr: SocketAddr,
    questions: Arc<Mutex<Vec<(String, u16)>>>,
}

pub const TYPE_A: u16 = 1;

impl DnsResponder {
    /// Binds 127.0.53.N:53 for the first free N. Port 53 needs root (or CAP_NET_BIND_SERVICE);
    /// Err says why it could not bind.
    pub fn start(zone: &[(&str, Ipv4Addr)]) -> Result<Self, String> {
        let zone: HashMap<String, Ipv4Addr> =
            zone.iter().map(|(name, ip)| (fqdn(name), *ip)).collect();
        let mut last_error = String::new();
        for n in 1..=250u8 {
            match UdpSocket::bind((Ipv4Addr::new(127, 0, 53, n), 53)) {
                Ok(socket) => return Ok(Self::serve(socket, zone)),
                Err(err) => last_error = err.to_string(),
            }
        }
        Err(format!(
            "no loopback address could bind port 53: {last_error}"
        ))
    }

    fn serve(socket: UdpSocket, zone: HashMap<String, Ipv4Addr>) -> Self {
        let addr = socket.local_addr().expect("local addr");
        let questions = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&questions);
        socket
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("read timeout");
        std::thread::spawn(move || {
            let mut buf = [0u8; 1500];
            // The thread ends with the test process; a dropped responder just stops mattering.
            loop {
                let Ok((len, peer)) = socket.recv_from(&mut buf) else {
                    continue;
                };
                let Some((name, qtype, question_end)) = parse_question(&buf[..len]) else {
                    continue;
                };
                seen.lock().unwrap().push((name.clone(), qtype));
                let reply = answer(&buf[..question_end], &name, qtype, &zone);
                let _ = socket.send_to(&reply, peer);
            }
        });
        Self { addr, questions }
    }

    /// The IP a resolv.conf `nameserver` line names.
    pub fn ip(&self) -> std::net::IpAddr {
        self.addr.ip()
    }

    /// Every (name, type) asked so far, names lowercase with the trailing dot.
    pub fn questions(&self) -> Vec<(String, u16)> {
        self.questions.lock().unwrap().clone()
    }
}

fn fqdn(name: &str) -> String {
    let name = name.to_ascii_lowercase();
    if name.ends_with('.') {
        name
    } else {
        format!("{name}.")
    }
}

/// The first question of a query: (name, type, offset just past the question).
fn parse_question(msg: &[u8]) -> Option<(String, u16, usize)> {
    if msg.len() < 12 || msg[2] & 0x80 != 0 || u16::from_be_bytes([msg[4], msg[5]]) == 0 {
        return None;
    }
    let mut pos = 12;
    let mut name = String::new();
    loop {
        let len = *msg.get(pos)? as usize;
        pos += 1;
        if len == 0 {
            break;
        }
        if len > 63 {
            return None; // compression pointers never appear in a question we are sent
        }
        name.push_str(&String::from_utf8_lossy(msg.get(pos..pos + len)?).to_ascii_lowercase());
        name.push('.');
        pos += len;
    }
    let qtype = u16::from_be_bytes([*msg.get(pos)?, *msg.get(pos + 1)?]);
    Some((name, qtype, pos + 4))
}

/// The response: the query's header and question, then one A record, or none.
fn answer(query: &[u8], name: &str, qtype: u16, zone: &HashMap<String, Ipv4Addr>) -> Vec<u8> {
    let known = zone.get(name);
    let record = known.filter(|_| qtype == TYPE_A);
    let rcode = if known.is_some() { 0 } else { 3 }; // NOERROR, else NXDOMAIN
    let mut reply = query.to_vec();
    // QR, opcode 0, AA, RD copied, RA; then the rcode.
    reply[2] = 0x84 | (query[2] & 0x01);
    reply[3] = 0x80 | rcode;
    reply[4..6].copy_from_slice(&1u16.to_be_bytes()); // QDCOUNT
    reply[6..8].copy_from_slice(&u16::from(record.is_some()).to_be_bytes()); // ANCOUNT
    reply[8..12].fill(0); // NSCOUNT, ARCOUNT (the query's EDNS record is not echoed)
    if let Some(ip) = record {
        reply.extend_from_slice(&[0xC0, 12]); // the question's name
        reply.extend_from_slice(&TYPE_A.to_be_bytes());
        reply.extend_from_slice(&1u16.to_be_bytes()); // class IN
        reply.extend_from_slice(&60u32.to_be_bytes()); // TTL
        reply.extend_from_slice(&4u16.to_be_bytes());
        reply.extend_from_slice(&ip.octets());
    }
    reply
}
