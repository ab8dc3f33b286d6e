//! Compiles `ports.toml` (and the optional `PORTS_KB_EXTRA` file) into tables in `OUT_DIR`.
//!
//! Bad data fails the build with one line naming the file, the entry and the field.

// `parse` and a few helpers serve the tests and the importer, which include this file too.
#[allow(dead_code, unused_imports)]
#[path = "build/catalog.rs"]
mod catalog;
#[path = "build/codegen.rs"]
mod codegen;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // One clear line, no panic backtrace: cargo prints `cargo::error` at the top.
            println!("cargo::error={}", message.replace('\n', " "));
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    println!("cargo:rerun-if-changed=ports.toml");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=src/layout.rs");
    println!("cargo:rerun-if-env-changed=PORTS_KB_EXTRA");

    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set")?,
    );
    let mut builder = catalog::Builder::default();
    let main = manifest_dir.join("ports.toml");
    let text = std::fs::read_to_string(&main).map_err(|e| format!("{}: {e}", main.display()))?;
    builder
        .add("ports.toml", &text, catalog::FileKind::Main)
        .map_err(|e| e.to_string())?;
    let mut origin = String::from("ports.toml");

    if let Some(extra) = std::env::var_os("PORTS_KB_EXTRA").filter(|v| !v.is_empty()) {
        let extra = PathBuf::from(extra);
        println!("cargo:rerun-if-changed={}", extra.display());
        let name = extra.display().to_string();
        let text =
            std::fs::read_to_string(&extra).map_err(|e| format!("{name} (PORTS_KB_EXTRA): {e}"))?;
        builder
            .add(&name, &text, catalog::FileKind::Extra)
            .map_err(|e| e.to_string())?;
        origin.push_str(" and PORTS_KB_EXTRA");
    }
    let catalog = builder.finish().map_err(|e| e.to_string())?;

    let features = codegen::Features {
        descriptions: std::env::var_os("CARGO_FEATURE_DESCRIPTIONS").is_some(),
        metadata: std::env::var_os("CARGO_FEATURE_METADATA").is_some(),
    };
    let code = codegen::generate(&catalog, features, &origin)?;
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("tables.rs");
    std::fs::write(&out, code).map_err(|e| format!("{}: {e}", out.display()))
}
