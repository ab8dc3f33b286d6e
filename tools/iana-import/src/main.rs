//! `cargo run -p iana-import -- <service-names-port-numbers.xml> [--out ports.toml] [--check]`
//!
//! Rewrites the `[iana]` section of `ports.toml` from IANA's registry, keeping the
//! hand-written part. `--check` writes nothing and fails if the file would change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("iana-import: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str =
    "usage: iana-import <service-names-port-numbers.xml> [--out ports.toml] [--check]";

fn run() -> Result<String, String> {
    let mut xml = None;
    let mut out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../ports.toml"));
    let mut check = false;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--check") => check = true,
            Some("--out") => out = args.next().ok_or(USAGE)?.into(),
            Some("-h" | "--help") => return Ok(USAGE.into()),
            Some(flag) if flag.starts_with('-') => {
                return Err(format!("unknown option {flag}\n{USAGE}"))
            }
            _ if xml.is_none() => xml = Some(PathBuf::from(arg)),
            _ => return Err(USAGE.into()),
        }
    }
    let xml = xml.ok_or(USAGE)?;
    let text = std::fs::read_to_string(&xml).map_err(|e| format!("{}: {e}", xml.display()))?;
    let registry =
        iana_import::parse_registry(&text).map_err(|e| format!("{}: {e}", xml.display()))?;
    let current = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let file_name = xml.file_name().map_or_else(
        || xml.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let note = format!("IANA {file_name}, updated {}.", registry.updated);
    let merged = iana_import::merge(&current, &registry, &note).map_err(|e| e.to_string())?;
    let services = registry.rows.iter().filter(|r| r.name.is_some()).count();
    let summary = format!(
        "{} records ({services} named, {} Reserved or Unassigned), registry of {}",
        registry.rows.len(),
        registry.rows.len() - services,
        registry.updated
    );
    if check {
        return if merged == current {
            Ok(format!("{} is up to date: {summary}", out.display()))
        } else {
            Err(format!(
                "{} differs from the registry import; run `cargo run -p iana-import -- {}`",
                out.display(),
                xml.display()
            ))
        };
    }
    write_atomically(&out, &merged)?;
    Ok(format!("wrote {}: {summary}", out.display()))
}

/// Writes a temp file beside `path` and renames it over, so a failure leaves `path` as it was.
fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {e}", path.display())
    })
}
