//! The importer as a user runs it: re-importing keeps hand-written knowledge, and a bad
//! registry fails with a message naming the record and leaves ports.toml as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

const REGISTRY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/iana/service-names-port-numbers.xml"
);
const PORTS_TOML: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ports.toml");

/// A scratch folder of its own for each test, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("iana-import-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the importer; returns (success, stdout + stderr).
fn import(registry: &Path, out: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_iana-import"))
        .arg(registry)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn hand_written(text: &str) -> &str {
    &text[..text.find(iana_import::MARKER).expect("the marker line")]
}

#[test]
fn re_importing_keeps_an_edited_hand_written_entry() {
    let scratch = Scratch::new("keep");
    let ports = scratch.path("ports.toml");
    std::fs::write(&ports, read(Path::new(PORTS_TOML))).unwrap();

    let (ok, message) = import(Path::new(REGISTRY), &ports);
    assert!(ok, "{message}");
    assert_eq!(
        read(&ports),
        read(Path::new(PORTS_TOML)),
        "the committed ports.toml is a fresh import"
    );

    // Edit a hand-written entry, and damage the generated part.
    let edited = read(&ports)
        .replace(
            "name = \"ssh\"\nlabel = \"SSH\"",
            "name = \"ssh\"\nlabel = \"Secure Shell\" # edited by hand",
        )
        .replace(
            "desc = \"The Secure Shell (SSH) Protocol\"",
            "desc = \"stale\"",
        );
    assert!(edited.contains("# edited by hand") && edited.contains("\"stale\""));
    std::fs::write(&ports, &edited).unwrap();

    let (ok, message) = import(Path::new(REGISTRY), &ports);
    assert!(ok, "{message}");
    let after = read(&ports);
    assert_eq!(
        hand_written(&after),
        hand_written(&edited),
        "the hand-written part is carried over byte for byte"
    );
    assert!(after.contains("label = \"Secure Shell\" # edited by hand"));
    assert!(
        !after.contains("\"stale\""),
        "the generated part is rewritten from the registry"
    );
    assert_eq!(
        &after[after.find(iana_import::MARKER).unwrap()..],
        &read(Path::new(PORTS_TOML))[read(Path::new(PORTS_TOML))
            .find(iana_import::MARKER)
            .unwrap()..]
    );
}

/// Runs the importer on a bad registry and checks that it fails cleanly.
fn refused(test: &str, registry_text: &str) -> String {
    let scratch = Scratch::new(test);
    let (registry, ports) = (scratch.path("registry.xml"), scratch.path("ports.toml"));
    std::fs::write(&registry, registry_text).unwrap();
    let before = read(Path::new(PORTS_TOML));
    std::fs::write(&ports, &before).unwrap();
    let (ok, message) = import(&registry, &ports);
    assert!(!ok, "accepted a bad registry: {message}");
    assert_eq!(read(&ports), before, "ports.toml must be left as it was");
    assert!(
        !scratch.path("ports.toml.tmp").exists(),
        "no temp file is left behind"
    );
    message
}

#[test]
fn a_truncated_registry_fails_naming_the_record() {
    let full = read(Path::new(REGISTRY));
    // Cut inside the record of ssh (port 22).
    let cut = full.find("<name>ssh</name>").unwrap() + 30;
    let message = refused("truncated", &full[..cut]);
    assert!(
        message.contains("record #") && message.contains("\"ssh\""),
        "{message}"
    );
    assert!(message.contains("not well-formed XML"), "{message}");
}

fn tiny_registry(records: &str) -> String {
    format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<registry xmlns=\"http://www.iana.org/assignments\" \
         id=\"service-names-port-numbers\">\n<updated>2026-08-17</updated>\n{records}\n</registry>\n"
    )
}

#[test]
fn a_bad_port_fails_naming_the_record_and_line() {
    let message = refused(
        "port",
        &tiny_registry(
            "<record><name>ok</name><protocol>tcp</protocol><description>fine</description><number>1</number></record>\n\
             <record><name>big</name><protocol>tcp</protocol><description>too big</description><number>70000</number></record>",
        ),
    );
    assert!(
        message
            .contains("record #1 \"big\" (line 5, column 1): port number \"70000\" is not 0-65535"),
        "{message}"
    );
}

#[test]
fn an_unknown_protocol_or_missing_description_fails() {
    let message = refused(
        "protocol",
        &tiny_registry("<record><name>pop2</name><protocol>tpc</protocol><description>x</description><number>109</number></record>"),
    );
    assert!(
        message.contains("record #0 \"pop2\"") && message.contains("unknown protocol \"tpc\""),
        "{message}"
    );
    let message = refused(
        "description",
        &tiny_registry("<record><name>x</name><number>1</number></record>"),
    );
    assert!(
        message.contains("record #0 \"x\"") && message.contains("no <description>"),
        "{message}"
    );
}

#[test]
fn a_ports_toml_without_the_marker_is_refused() {
    let scratch = Scratch::new("marker");
    let ports = scratch.path("ports.toml");
    std::fs::write(&ports, "[[about]]\nname = \"ssh\"\n").unwrap();
    let (ok, message) = import(Path::new(REGISTRY), &ports);
    assert!(!ok && message.contains("no marker line"), "{message}");
    assert_eq!(read(&ports), "[[about]]\nname = \"ssh\"\n");
}
