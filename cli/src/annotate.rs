//! `ports annotate`: names the service of each connection in `ss`, `netstat` or `lsof`
//! output.
//!
//! A line with two endpoints (local and peer) names the connection's service once, on
//! the side `ports_kb::guess` picks. A line with one endpoint (a listening socket)
//! names its port's service. Other text passes through unchanged.

use crate::output::Out;
use ports_kb::{guess, Protocol, Service};
use std::io::{self, BufRead};

/// Annotates every line of `input`; returns how many lines named a service.
pub fn run(input: impl BufRead, default: Protocol, out: &mut Out) -> io::Result<usize> {
    let mut named = 0;
    for line in input.split(b'\n') {
        // Output from other tools may not be UTF-8; annotate what can be read.
        let line = String::from_utf8_lossy(&line?).into_owned();
        let line = line.trim_end_matches('\r');
        let (annotated, found) = annotate(line, default);
        named += usize::from(found.is_some());
        out.annotated(line, &annotated, found)?;
    }
    Ok(named)
}

/// The protocol of a line: `udp`/`udp6` (netstat, ss -a), `UDP` (lsof), `UNCONN` (ss
/// -uan's state), else the default.
fn protocol_of(line: &str, default: Protocol) -> Protocol {
    let udp =
        |t: &str| t.eq_ignore_ascii_case("udp") || t.eq_ignore_ascii_case("udp6") || t == "UNCONN";
    if line.split_whitespace().any(udp) {
        Protocol::Udp
    } else if line
        .split_whitespace()
        .any(|t| t.eq_ignore_ascii_case("tcp") || t == "tcp6")
    {
        Protocol::Tcp
    } else {
        default
    }
}

/// The port of an `address:port` endpoint: `10.0.0.1:22`, `[::1]:443`, `*:80`, `:::22`,
/// or BSD netstat's `10.0.0.1.22`. A bare number is not an endpoint.
fn port_of(token: &str) -> Option<u16> {
    let (address, port) = token
        .rsplit_once([':', '.'])
        .filter(|(a, _)| !a.is_empty())?;
    if !(token.contains(':') || address.contains('.') || address == "*") {
        return None;
    }
    port.parse().ok()
}

/// The endpoints of a token: one, or two for lsof's `local->peer`.
fn endpoints(token: &str) -> Vec<u16> {
    token.split("->").filter_map(port_of).collect()
}

/// The line with `(service)` after the endpoint whose port names it, and what was found.
fn annotate(line: &str, default: Protocol) -> (String, Option<(u16, &'static Service)>) {
    let protocol = protocol_of(line, default);
    // ((token index, endpoint index in the token), port) of every endpoint, in order.
    let found: Vec<((usize, usize), u16)> = line
        .split_whitespace()
        .enumerate()
        .flat_map(|(i, token)| {
            let ports = endpoints(token).into_iter().enumerate();
            ports.map(move |(j, port)| ((i, j), port))
        })
        .collect();
    let named = match found.as_slice() {
        [(local_at, local), (peer_at, peer)] => guess(*local, *peer, protocol).map(|s| {
            // guess named the service of one side: mark the side whose port it holds.
            if s.ports().contains(local) {
                (*local_at, *local, s)
            } else {
                (*peer_at, *peer, s)
            }
        }),
        [(at, port)] => protocol
            .lookup(*port)
            .min_by_key(|s| s.prevalence())
            .map(|s| (*at, *port, s)),
        _ => None,
    };
    let Some((at, port, service)) = named else {
        return (line.to_owned(), None);
    };
    let label = service.label().unwrap_or(service.name());
    (mark(line, at, label), Some((port, service)))
}

/// `line` with `(label)` after endpoint `at` (token, and endpoint within lsof's
/// `local->peer`), keeping the original spacing.
fn mark(line: &str, at: (usize, usize), label: &str) -> String {
    let mut out = String::with_capacity(line.len() + label.len() + 2);
    let mut rest = line;
    for (i, token) in line.split_whitespace().enumerate() {
        let start = rest.find(token).unwrap_or(0);
        out.push_str(&rest[..start]);
        rest = &rest[start + token.len()..];
        if i != at.0 {
            out.push_str(token);
            continue;
        }
        for (j, endpoint) in token.split("->").enumerate() {
            if j > 0 {
                out.push_str("->");
            }
            out.push_str(endpoint);
            if j == at.1 {
                out.push('(');
                out.push_str(label);
                out.push(')');
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &str) -> String {
        annotate(line, Protocol::Tcp).0
    }

    #[test]
    fn names_the_server_side_of_each_format() {
        assert_eq!(
            text("ESTAB   0   0   192.168.1.5:51544   93.184.216.34:443"),
            "ESTAB   0   0   192.168.1.5:51544   93.184.216.34:443(HTTPS)"
        );
        assert_eq!(
            text("tcp 0 0 10.0.0.1.22 10.0.0.2.50000 ESTABLISHED"),
            "tcp 0 0 10.0.0.1.22(SSH) 10.0.0.2.50000 ESTABLISHED"
        );
        assert_eq!(
            text("curl 1 u 5u IPv4 9 0t0 TCP 10.0.0.5:51544->1.2.3.4:443 (ESTABLISHED)"),
            "curl 1 u 5u IPv4 9 0t0 TCP 10.0.0.5:51544->1.2.3.4:443(HTTPS) (ESTABLISHED)"
        );
        assert_eq!(
            text("sshd 1 root 4u IPv4 9 0t0 TCP 10.0.0.5:22->10.0.0.9:50111 (ESTABLISHED)"),
            "sshd 1 root 4u IPv4 9 0t0 TCP 10.0.0.5:22(SSH)->10.0.0.9:50111 (ESTABLISHED)"
        );
        assert_eq!(
            text("udp UNCONN 0 0 [::]:53 [::]:*"),
            "udp UNCONN 0 0 [::]:53(DNS) [::]:*"
        );
        assert_eq!(
            text("State Recv-Q Send-Q Local Address:Port"),
            "State Recv-Q Send-Q Local Address:Port"
        );
        assert_eq!(text(""), "");
    }
}
