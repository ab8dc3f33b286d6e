//! Adds service names to the address:port pairs of `ss -tan`, `ss -uan` or `netstat -an`
//! output, read on standard input:
//!
//! ```text
//! ss -tan | cargo run --example annotate
//! netstat -an | cargo run --example annotate
//! ```
//!
//! A line with two endpoints (local and peer) names the connection's service once, on
//! the side `ports_kb::guess` picks. A line with one endpoint (a listening socket)
//! names every known port. Other text passes through unchanged.

use ports_kb::{guess, Protocol};
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut protocol = Protocol::Tcp;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--udp" => protocol = Protocol::Udp,
            _ => {
                eprintln!("usage: annotate [--udp] < ss-or-netstat-output   (lines starting with udp are read as UDP anyway)");
                return ExitCode::FAILURE;
            }
        }
    }
    match run(protocol) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("annotate: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(default: Protocol) -> io::Result<()> {
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.split(b'\n') {
        // Output from other tools may not be UTF-8; annotate what can be read.
        let line = String::from_utf8_lossy(&line?).into_owned();
        writeln!(out, "{}", annotate(&line, default))?;
    }
    out.flush()
}

/// The port of an `address:port` token: `10.0.0.1:22`, `[::1]:443`, `*:80`, `:::22`.
fn port_of(token: &str) -> Option<u16> {
    let (address, port) = token
        .rsplit_once([':', '.'])
        .filter(|(a, _)| !a.is_empty())?;
    // netstat on BSD writes 10.0.0.1.22; a bare number is not an endpoint.
    if !(token.contains(':') || address.contains('.') || address == "*") {
        return None;
    }
    port.parse().ok()
}

fn annotate(line: &str, default: Protocol) -> String {
    let protocol = if line.trim_start().to_ascii_lowercase().starts_with("udp") {
        Protocol::Udp
    } else {
        default
    };
    let endpoints: Vec<(usize, u16)> = line
        .split_whitespace()
        .enumerate()
        .filter_map(|(i, token)| port_of(token).map(|port| (i, port)))
        .collect();
    let named: Vec<(usize, &str)> = match endpoints.as_slice() {
        [(li, local), (pi, peer)] => guess(*local, *peer, protocol)
            .map(|s| {
                // guess named the service of one side: mark the side whose port it holds.
                let side = if s.ports().contains(local) { *li } else { *pi };
                vec![(side, s.label().unwrap_or(s.name()))]
            })
            .unwrap_or_default(),
        _ => endpoints
            .iter()
            .filter_map(|&(i, port)| {
                protocol
                    .lookup(port)
                    .next()
                    .map(|s| (i, s.label().unwrap_or(s.name())))
            })
            .collect(),
    };
    if named.is_empty() {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 16);
    let mut rest = line;
    for (i, token) in line.split_whitespace().enumerate() {
        // Keep the original spacing: copy up to and including each token.
        let at = rest.find(token).unwrap_or(0);
        out.push_str(&rest[..at + token.len()]);
        rest = &rest[at + token.len()..];
        if let Some((_, name)) = named.iter().find(|(j, _)| *j == i) {
            out.push('(');
            out.push_str(name);
            out.push(')');
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_server_side_of_a_connection() {
        let line = "ESTAB   0   0   192.168.1.5:51544   93.184.216.34:443";
        assert_eq!(
            annotate(line, Protocol::Tcp),
            "ESTAB   0   0   192.168.1.5:51544   93.184.216.34:443(HTTPS)"
        );
    }

    #[test]
    fn names_listening_ports_and_passes_other_text() {
        assert_eq!(
            annotate("LISTEN 0 128 0.0.0.0:22 0.0.0.0:*", Protocol::Tcp),
            "LISTEN 0 128 0.0.0.0:22(SSH) 0.0.0.0:*"
        );
        assert_eq!(
            annotate("udp UNCONN 0 0 [::]:53 [::]:*", Protocol::Tcp),
            "udp UNCONN 0 0 [::]:53(DNS) [::]:*"
        );
        assert_eq!(
            annotate("State Recv-Q Send-Q Local Address:Port", Protocol::Tcp),
            "State Recv-Q Send-Q Local Address:Port"
        );
        assert_eq!(annotate("", Protocol::Tcp), "");
        assert_eq!(
            annotate(
                "tcp 0 0 10.0.0.1.22 10.0.0.2.50000 ESTABLISHED",
                Protocol::Tcp
            ),
            "tcp 0 0 10.0.0.1.22(SSH) 10.0.0.2.50000 ESTABLISHED"
        );
    }
}
