//! Look up a port, a service name, or `port/protocol`:
//!
//! ```text
//! cargo run --example lookup -- 22
//! cargo run --example lookup -- SSH
//! cargo run --example lookup -- 22/tcp
//! ```

use ports_kb::{classify, Protocol, Service};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: lookup <port | name | port/protocol>...");
        return ExitCode::FAILURE;
    }
    let mut status = ExitCode::SUCCESS;
    for arg in &args {
        match query(arg) {
            Ok(found) if found.is_empty() => println!("{arg}: no service known"),
            Ok(found) => print_table(arg, &found),
            Err(message) => {
                eprintln!("lookup: {arg:?}: {message}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}

fn query(arg: &str) -> Result<Vec<&'static Service>, String> {
    let arg = arg.trim();
    if arg.is_empty() {
        return Err("empty; give a port (22), a name (ssh) or port/protocol (22/tcp)".into());
    }
    let (head, protocol) = match arg.split_once('/') {
        Some((head, p)) => (
            head,
            Some(p.parse::<Protocol>().map_err(|e| format!("{p:?}: {e}"))?),
        ),
        None => (arg, None),
    };
    let found: Vec<_> = if head.bytes().all(|b| b.is_ascii_digit()) {
        let port: u16 = head
            .parse()
            .map_err(|_| format!("{head} is not a port: ports are 0 to 65535"))?;
        match protocol {
            Some(p) => p.lookup(port).collect(),
            None => ports_kb::lookup(port).collect(),
        }
    } else {
        ports_kb::by_name(head)
            .filter(|s| protocol.is_none_or(|p| s.protocol() == p))
            .collect()
    };
    Ok(found)
}

fn print_table(arg: &str, found: &[&'static Service]) {
    println!("{arg}:");
    let width = found.iter().map(|s| s.name().len()).max().unwrap_or(0);
    for s in found {
        let ports = if s.ports().start() == s.ports().end() {
            s.ports().start().to_string()
        } else {
            format!("{}-{}", s.ports().start(), s.ports().end())
        };
        let label = s.label().map(|l| format!(" [{l}]")).unwrap_or_default();
        println!(
            "  {:<width$}  {:>11}/{:<4}  {:<8}  {}{label}",
            s.name(),
            ports,
            s.protocol(),
            classify(*s.ports().start()).common_name(),
            s.description(),
        );
    }
}
