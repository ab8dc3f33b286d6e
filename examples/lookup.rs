//! Look up a port, a service name, or `port/protocol`:
//!
//! ```text
//! cargo run --example lookup -- 22
//! cargo run --example lookup -- SSH
//! cargo run --example lookup -- 22/tcp
//! cargo run --example lookup -- kube       # not a name: falls back to search
//! cargo run --example lookup --features serde -- --json 22
//! ```

use ports_kb::{classify, status, Protocol, Service};
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.first().is_some_and(|a| a == "--json");
    if json {
        args.remove(0);
    }
    if args.is_empty() {
        eprintln!("usage: lookup [--json] <port | name | port/protocol>...");
        return ExitCode::FAILURE;
    }
    if json && !cfg!(feature = "serde") {
        eprintln!("lookup: --json needs the serde feature: cargo run --example lookup --features serde -- --json ...");
        return ExitCode::FAILURE;
    }
    let mut status = ExitCode::SUCCESS;
    let mut out = io::stdout().lock();
    for arg in &args {
        let text = match query(arg) {
            Ok(found) if json => render_json(&found),
            Ok(found) if found.is_empty() => match similar(arg) {
                similar if similar.is_empty() => format!("{arg}: no service known"),
                similar => render_table(&format!("{arg}: no such name; search found"), &similar),
            },
            Ok(found) => render_table(arg, &found),
            Err(message) => {
                eprintln!("lookup: {arg:?}: {message}");
                status = ExitCode::FAILURE;
                continue;
            }
        };
        match writeln!(out, "{text}") {
            Ok(()) => {}
            // `lookup 22 | head` closing the pipe early is not an error.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return status,
            Err(e) => {
                eprintln!("lookup: {e}");
                return ExitCode::FAILURE;
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

/// For a name that is not known: the best ten matches of `search`.
fn similar(arg: &str) -> Vec<&'static Service> {
    let name = arg.split('/').next().unwrap_or(arg);
    if name.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    ports_kb::search(name).take(10).collect()
}

#[cfg(feature = "serde")]
fn render_json(found: &[&'static Service]) -> String {
    // Serializing a slice of references to 'static data cannot fail.
    serde_json::to_string_pretty(found).unwrap_or_default()
}

#[cfg(not(feature = "serde"))]
fn render_json(_: &[&'static Service]) -> String {
    String::new()
}

fn render_table(arg: &str, found: &[&'static Service]) -> String {
    let mut text = format!("{arg}:");
    let rows: Vec<[String; 9]> = found.iter().map(|s| row(s)).collect();
    let header = [
        "name",
        "port",
        "proto",
        "category",
        "prevalence",
        "class",
        "status",
        "source",
        "about",
    ]
    .map(String::from);
    let mut widths = [0; 9];
    for r in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for r in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = r
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        text.push_str("\n  ");
        text.push_str(cells.join("  ").trim_end());
    }
    text
}

/// One table row: what the crate knows about a service.
fn row(s: &Service) -> [String; 9] {
    let (first, last) = (*s.ports().start(), *s.ports().end());
    let ports = if first == last {
        first.to_string()
    } else {
        format!("{first}-{last}")
    };
    let mut about = Vec::new();
    if let Some(label) = s.label() {
        about.push(match s.title() {
            Some(title) => format!("{label} ({title})"),
            None => label.to_owned(),
        });
    }
    if let Some(tls) = s.tls_variant() {
        about.push(format!("TLS: {} {}", tls.name(), tls.ports().start()));
    }
    if let Some(plain) = s.plain_variant() {
        about.push(format!(
            "implicit TLS; plain: {} {}",
            plain.name(),
            plain.ports().start()
        ));
    }
    if s.historic() {
        about.push("historic".to_owned());
    }
    if !s.description().is_empty() {
        about.push(s.description().to_owned());
    }
    [
        s.name().to_owned(),
        ports,
        s.protocol().to_string(),
        s.category().map_or("-".to_owned(), |c| c.to_string()),
        s.prevalence().to_string(),
        classify(first).common_name().to_owned(),
        format!("{:?}", status(first, s.protocol())),
        format!("{:?}", s.source()),
        about.join("; "),
    ]
}
