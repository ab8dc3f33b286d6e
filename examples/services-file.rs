//! Writes an `/etc/services`-format file from the crate's data, for slim and distroless
//! containers that have none:
//!
//! ```text
//! cargo run --example services-file > services
//! cargo run --example services-file -- /etc/services
//! ```
//!
//! One line per port and protocol (ranges are written port by port, as the format has no
//! ranges), sorted by port, with the label or description as a comment.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [] => write_all(io::stdout().lock()),
        [path] if !path.starts_with('-') => std::fs::File::create(path).and_then(write_all),
        _ => {
            eprintln!("usage: services-file [PATH]   (writes to standard output without PATH)");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `services-file | head` is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("services-file: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_all(out: impl Write) -> io::Result<()> {
    let mut out = BufWriter::new(out);
    writeln!(
        out,
        "# Network services, written by ports_kb's services-file example."
    )?;
    writeln!(
        out,
        "# IANA registry of {}, with common use and Debian netbase names.",
        ports_kb::REGISTRY_UPDATED
    )?;
    let mut lines: Vec<(u16, ports_kb::Protocol, &str, String)> = Vec::new();
    for service in ports_kb::services() {
        let comment = service
            .label()
            .map_or_else(|| service.description().to_owned(), str::to_owned);
        for port in service.ports() {
            lines.push((port, service.protocol(), service.name(), comment.clone()));
        }
    }
    // Ranges add ports out of order; the file is read top to bottom, lowest port first.
    lines.sort_by_key(|&(port, protocol, ..)| (port, protocol));
    for (port, protocol, name, comment) in lines {
        let entry = format!("{name:<15} {port}/{protocol}");
        if comment.is_empty() {
            writeln!(out, "{entry}")?;
        } else {
            writeln!(out, "{entry:<30} # {comment}")?;
        }
    }
    out.flush()
}
