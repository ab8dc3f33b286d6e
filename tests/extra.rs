//! `PORTS_KB_EXTRA`: a downstream crate builds ports-kb with its own registry file.
//!
//! Builds a small binary crate against this one, in `CARGO_TARGET_TMPDIR` (kept between
//! runs, so later runs are incremental), once with a good extra file and once with a bad one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const APP: &str = r#"
fn main() {
    for s in ports_kb::lookup(7777).chain(ports_kb::by_name("iapi")).chain(ports_kb::by_name("websm")) {
        println!("{} {:?} {}/{} label={:?}", s.name(), s.source(), s.ports().start(), s.protocol(), s.label());
    }
    println!("ssh still {:?}", ports_kb::by_name("ssh").next().map(|s| s.source()));
}
"#;

const GOOD: &str = r#"
# Our own registry.
[[service]]
name = "intranet-api"
port = 7777
proto = ["tcp", "udp"]
label = "Intranet API"
aliases = ["iapi"]
desc = "The intranet's internal API"

[[about]]
name = "websm"
label = "WebSM"
"#;

const BAD: &str = r#"
[[service]]
name = "intranet-api"
port = 70000
proto = "tcp"
"#;

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("extra-app");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"extra-app\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nports-kb = {{ path = {:?} }}\n\n[workspace]\n",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/main.rs"), APP).unwrap();
    // The same versions as this workspace, so the build needs no network. (A packaged
    // copy of the crate may have no lock file; then cargo resolves from its cache.)
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(lock, dir.join("Cargo.lock")).unwrap();
    }
    dir
}

fn cargo_run(dir: &Path, extra: &Path) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(dir)
        .env("PORTS_KB_EXTRA", extra)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap()
}

#[test]
fn an_extra_file_is_merged_at_build_time_and_a_bad_one_fails_the_build() {
    let dir = scratch();
    let extra = dir.join("extra.toml");

    std::fs::write(&extra, GOOD).unwrap();
    let output = cargo_run(&dir, &extra);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines.contains(&r#"intranet-api Local 7777/tcp label=Some("Intranet API")"#),
        "{stdout}"
    );
    assert!(
        lines.contains(&r#"intranet-api Local 7777/udp label=Some("Intranet API")"#),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("intranet-api Local 7777/tcp").count(),
        2,
        "by port and by alias: {stdout}"
    );
    assert!(
        lines.contains(&r#"websm Iana 9090/tcp label=Some("WebSM")"#),
        "{stdout}"
    );
    assert!(lines.contains(&"ssh still Some(Iana)"), "{stdout}");

    std::fs::write(&extra, BAD).unwrap();
    let output = cargo_run(&dir, &extra);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "a bad extra file must fail the build"
    );
    let expected = format!(
        "{}: service[0] \"intranet-api\": field `port`: 70000 is outside 0-65535",
        extra.display()
    );
    assert!(
        stderr.contains(&expected),
        "expected {expected:?} in:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
