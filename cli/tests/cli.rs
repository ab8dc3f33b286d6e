//! The `ports` binary as a user runs it: every command, `--json` parsed as JSON, each
//! error with its exit code, `annotate` on real `ss`, `netstat` and `lsof` output, and a
//! closed pipe.

use serde_json::Value;
use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

const PORTS: &str = env!("CARGO_BIN_EXE_ports");

fn ports(args: &[&str]) -> Output {
    Command::new(PORTS)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// Runs `ports` with `input` on standard input.
fn ports_with(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(PORTS)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

#[test]
fn lookup_by_port_name_spec_and_range() {
    let out = ports(&["22", "ssh", "53/udp", "6000-6063/tcp"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "22:",
        "ssh:",
        "53/udp:",
        "6000-6063/tcp:",
        "remote-access",
        "ubiquitous",
        "x11-1",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    assert!(!text.contains("\x1b["), "no colour when not a terminal");
    let header = text.lines().nth(1).unwrap();
    for column in [
        "name",
        "ports",
        "proto",
        "category",
        "prevalence",
        "class",
        "status",
        "source",
        "label",
        "description",
    ] {
        assert!(header.contains(column), "{column}");
    }
    let lookup = ports(&["lookup", "443/tcp"]);
    assert!(stdout(&lookup).contains("https"));
}

#[test]
fn lookup_as_json() {
    let value = json(&ports(&["--json", "22/tcp", "dns"]));
    let specs = value.as_array().unwrap();
    assert_eq!(specs.len(), 2);
    assert_eq!(specs[0]["spec"], "22/tcp");
    let ssh = &specs[0]["services"][0];
    assert_eq!(ssh["name"], "ssh");
    assert_eq!(ssh["ports"], serde_json::json!([22, 22]));
    assert_eq!(ssh["category"], "remote-access");
    assert_eq!(ssh["prevalence"], "ubiquitous");
    assert_eq!(ssh["class"], "system");
    assert_eq!(ssh["status"], "assigned");
    assert!(specs[1]["services"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "domain"));
}

#[test]
fn nothing_found_is_exit_1_and_bad_input_is_exit_2() {
    let unknown = ports(&["no-such-service-anywhere"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("no service known"));
    let hinted = ports(&["kube-api"]);
    assert_eq!(hinted.status.code(), Some(1));
    assert!(
        stderr(&hinted).contains("did you mean kube-apiserver"),
        "{}",
        stderr(&hinted)
    );
    for (args, says) in [
        (&["70000"][..], "not a port"),
        (&["22/tpc"], "unknown protocol"),
        (&["free", "9000-8000"], "reversed"),
        (&["free", "eighty"], "not a port"),
        (&["category", "cloud"], "unknown category"),
        (&["top", "many"], "invalid value"),
        (&["--no-such-flag"], "unexpected argument"),
        (&[], "give a port"),
    ] {
        let out = ports(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn search_ranks_and_limits() {
    let out = ports(&["search", "kube-", "--limit", "3"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].starts_with("kube-apiserver"));
    let value = json(&ports(&["search", "zabbix", "--json"]));
    assert!(value
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["ports"][0] == 10050));
    assert_eq!(ports(&["search", "zzzzqqqq"]).status.code(), Some(1));
}

#[test]
fn free_ports_and_why_not() {
    let out = ports(&["free", "8000-8100", "--limit", "5"]);
    assert_eq!(out.status.code(), Some(0));
    let free: Vec<u16> = stdout(&out)
        .trim()
        .split(',')
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(free.len(), 5);
    assert!(free
        .iter()
        .all(|p| ports_kb::why_not_free(*p, ports_kb::Protocol::Tcp).is_none()));
    let explained = stdout(&ports(&["free", "8078-8081", "--explain"]));
    assert!(
        explained.contains("8080") && explained.contains("IANA: assigned"),
        "{explained}"
    );
    assert!(explained.contains("free"));
    let value = json(&ports(&["free", "6665-6670", "--explain", "--json"]));
    let rows = value.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().any(|r| r["reason"] == "blocked by browsers"));
    let udp = json(&ports(&[
        "free",
        "20000-21000",
        "--udp",
        "--json",
        "--limit",
        "2",
    ]));
    assert_eq!(udp.as_array().unwrap().len(), 2);
    assert_eq!(
        ports(&["free", "40000-40010"]).status.code(),
        Some(1),
        "all ephemeral"
    );
}

#[test]
fn categories_and_top_ports() {
    let all = stdout(&ports(&["category"]));
    assert!(all.contains("malware") && all.contains("database"));
    let db = json(&ports(&["category", "database", "--json"]));
    assert!(db
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["category"] == "database"));
    let list = json(&ports(&["category", "--json"]));
    assert_eq!(
        list.as_array().unwrap().len(),
        ports_kb::Category::ALL.len()
    );
    let top = stdout(&ports(&["top", "5"]));
    assert_eq!(top.trim(), "80,443,22,21,25");
    let udp = json(&ports(&["top", "--udp", "3", "--json"]));
    assert_eq!(udp, serde_json::json!([53, 123, 1900]));
}

/// Output captured from `ss -tan`, `ss -uan`, `netstat -an` and `lsof -i -n -P` on a
/// Linux machine with an HTTP server on 8000, a PostgreSQL-port listener on [::1]:5432,
/// a UDP socket on 5353, and connections to each.
#[test]
fn annotate_names_the_services_in_real_output() {
    for (file, args, expected) in [
        (
            "ss-tan.txt",
            &[][..],
            &[
                "127.0.0.1:8000(HTTP (dev))",
                "[::1]:5432(PostgreSQL)",
                "203.0.113.80:80(HTTP)",
            ][..],
        ),
        ("ss-uan.txt", &["--udp"], &["127.0.0.1:5353(mDNS)"]),
        (
            "netstat-an.txt",
            &[],
            &[
                "127.0.0.1:8000(HTTP (dev))",
                "::1:5432(PostgreSQL)",
                "127.0.0.1:5353(mDNS)",
            ],
        ),
        (
            "lsof-i.txt",
            &[],
            &[
                "127.0.0.1:8000(HTTP (dev))->127.0.0.1:48664",
                "->[::1]:5432(PostgreSQL)",
                "UDP 127.0.0.1:5353(mDNS)",
            ],
        ),
    ] {
        let input =
            std::fs::read_to_string(format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR")))
                .unwrap();
        let mut all_args = vec!["annotate"];
        all_args.extend(args);
        let out = ports_with(&all_args, &input);
        assert_eq!(out.status.code(), Some(0), "{file}");
        let text = stdout(&out);
        assert_eq!(
            text.lines().count(),
            input.lines().count(),
            "{file}: a line for each line"
        );
        for mark in expected {
            assert!(text.contains(mark), "{file}: {mark} in\n{text}");
        }
        // The connection's client side is not named.
        assert!(!text.contains(":48664("), "{file}");
        let json_out = ports_with(&["annotate", "--json"], &input);
        for line in stdout(&json_out).lines() {
            let value: Value = serde_json::from_str(line).unwrap();
            assert!(value["line"].is_string());
        }
    }
    assert_eq!(
        ports_with(&["annotate"], "no endpoints here\n")
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn services_file_completions_and_man_page() {
    let file = stdout(&ports(&["services-file"]));
    assert!(file
        .lines()
        .any(|l| l.starts_with("ssh") && l.contains("22/tcp")));
    assert!(file.lines().count() > 10_000);
    let value = json(&ports(&["services-file", "--json"]));
    assert!(value.as_array().unwrap().len() > 10_000);
    let bash = stdout(&ports(&["completions", "bash"]));
    assert!(bash.contains("_ports()") && bash.contains("services-file"));
    let man = stdout(&ports(&["man"]));
    assert!(
        man.starts_with(".ie") || man.contains(".TH ports"),
        "{}",
        &man[..100]
    );
    let help = stdout(&ports(&["free", "--help"]));
    assert!(help.contains("Examples:") && help.contains("ports free 8000-9000"));
    let top_help = stdout(&ports(&["--help"]));
    assert!(top_help.contains("ss -tan | ports annotate"));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = Command::new(PORTS)
        .arg("services-file")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

/// Colour on a terminal only, and never with NO_COLOR: run under `script`, which gives
/// the command a pseudo-terminal (util-linux; the test says so if it is missing).
#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let on_tty = |no_color: bool| {
        let mut command = Command::new("script");
        command.args(["-qc", &format!("{PORTS} 22/tcp"), "/dev/null"]);
        if no_color {
            command.env("NO_COLOR", "1");
        } else {
            command.env_remove("NO_COLOR");
        }
        let out = command
            .output()
            .expect("script(1) from util-linux runs this test");
        stdout(&out)
    };
    assert!(on_tty(false).contains("\x1b["), "colour on a terminal");
    assert!(!on_tty(true).contains("\x1b["), "none with NO_COLOR");
}

/// The README's transcript of the tool is what the tool prints today: each `$ command`
/// is run by `sh`, with this build's `ports` first on the PATH.
#[test]
fn the_readme_transcript_is_true() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let section = readme.split("## The `ports` command").nth(1).unwrap();
    let transcript = section
        .split("```text\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let bin_dir = std::path::Path::new(PORTS).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut commands = 0;
    for block in transcript.split("$ ").filter(|b| !b.is_empty()) {
        let (command, expected) = block.split_once('\n').unwrap();
        let out = Command::new("sh")
            .args(["-c", command])
            .env("PATH", &path)
            .output()
            .unwrap();
        assert_eq!(stdout(&out), expected, "README: $ {command}");
        commands += 1;
    }
    assert_eq!(commands, 5);
}

/// Binds a socket of each protocol on 127.0.0.1, on the port of a known service where it
/// is free (else any port), and finds both in `ports listening --json` with this
/// process's pid and, on a known port, the service.
#[test]
fn listening_finds_this_tests_own_sockets() {
    use std::net::{TcpListener, UdpSocket};
    // Known services whose ports are usually free on a test machine.
    let candidates = [8080u16, 5432, 6379, 9200, 27017, 11211, 5672, 1883];
    let tcp = candidates
        .iter()
        .find_map(|&p| TcpListener::bind(("127.0.0.1", p)).ok())
        .unwrap_or_else(|| TcpListener::bind("127.0.0.1:0").unwrap());
    let udp = [1812u16, 1900, 27015, 4500, 5353]
        .iter()
        .find_map(|&p| UdpSocket::bind(("127.0.0.1", p)).ok())
        .unwrap_or_else(|| UdpSocket::bind("127.0.0.1:0").unwrap());
    let out = ports(&["listening", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json(&out);
    let pid = std::process::id();
    for (protocol, address) in [
        ("tcp", tcp.local_addr().unwrap()),
        ("udp", udp.local_addr().unwrap()),
    ] {
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["protocol"] == protocol
                    && r["port"] == address.port()
                    && r["address"] == "127.0.0.1"
            })
            .unwrap_or_else(|| panic!("{protocol} {address} not in {rows:#}"));
        let pids: Vec<u64> = row["processes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["pid"].as_u64().unwrap())
            .collect();
        assert!(pids.contains(&u64::from(pid)), "{row:#}");
        // Our own process is visible, so it is named.
        let ours = row["processes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["pid"] == pid);
        assert!(ours.is_some_and(|p| p["name"].is_string()), "{row:#}");
        assert!(
            row["flags"]
                .as_array()
                .unwrap()
                .contains(&Value::from("loopback")),
            "{row:#}"
        );
        let known = ports_kb::Protocol::ALL
            .iter()
            .find(|p| p.as_str() == protocol)
            .map(|&p| ports_kb::guess(address.port(), address.port(), p));
        match known.flatten() {
            Some(service) => assert_eq!(row["service"]["name"], service.name(), "{row:#}"),
            None => assert!(row["service"].is_null(), "{row:#}"),
        }
    }
    // --exposed leaves loopback out; --udp leaves TCP out.
    let exposed = json(&ports(&["listening", "--exposed", "--json"]));
    assert!(exposed.as_array().unwrap().iter().all(|r| {
        !r["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("loopback"))
    }));
    let udp_only = json(&ports(&["listening", "--udp", "--json"]));
    assert!(udp_only
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["protocol"] == "udp"));
    drop((tcp, udp));
}

/// A connection this test makes to itself is listed, with the service `guess` names.
#[test]
fn connections_lists_this_tests_own_connection() {
    use std::net::{TcpListener, TcpStream};
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = server.local_addr().unwrap();
    let client = TcpStream::connect(address).unwrap();
    let (_accepted, _) = server.accept().unwrap();
    let out = ports(&["connections", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json(&out);
    let local = client.local_addr().unwrap().to_string();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["local"] == local.as_str() && r["remote"] == address.to_string().as_str())
        .unwrap_or_else(|| panic!("{local} -> {address} not in {rows:#}"));
    let pid = u64::from(std::process::id());
    assert!(
        row["processes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["pid"] == pid),
        "{row:#}"
    );
    let service = ports_kb::Os::Linux.guess(
        client.local_addr().unwrap().port(),
        address.port(),
        ports_kb::Protocol::Tcp,
    );
    assert_eq!(
        row["service"]["name"].as_str(),
        service.map(|s| s.name()),
        "{row:#}"
    );
}

/// `--json` and `--wide` work before or after the command, and a service named like a
/// command is reached through `lookup`.
#[test]
fn global_flags_go_anywhere_on_the_line() {
    for args in [
        &["--json", "search", "kube-"][..],
        &["search", "--json", "kube-"],
        &["search", "kube-", "--json"],
    ] {
        let out = ports(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let value = json(&out);
        assert_eq!(value[0]["name"], "kube-apiserver", "{args:?}");
    }
    for args in [
        &["--json", "category", "proxy"][..],
        &["category", "proxy", "--json"],
    ] {
        let value = json(&ports(args));
        assert!(
            value
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["category"] == "proxy"),
            "{args:?}"
        );
    }
    let before = stdout(&ports(&["--wide", "443"]));
    let after = stdout(&ports(&["443", "--wide"]));
    assert_eq!(before, after);
    // `search` is an IANA name as well as a command.
    let value = json(&ports(&["lookup", "search", "--json"]));
    assert_eq!(value[0]["services"][0]["name"], "search");
}

/// Tables fit the width they are given: low-value columns go first, then descriptions
/// shorten; piped output without `--width` is complete.
#[test]
fn tables_fit_80_and_200_columns_and_pipes_stay_whole() {
    let whole = stdout(&ports(&["443", "8080"]));
    assert!(whole.lines().nth(1).unwrap().contains("source"), "{whole}");
    assert!(
        whole.lines().any(|l| l.chars().count() > 120),
        "piped output is not cut"
    );
    let narrow = stdout(&ports(&["--width", "80", "443", "8080"]));
    for line in narrow.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    let header = narrow.lines().nth(1).unwrap();
    for kept in ["name", "ports", "proto"] {
        assert!(header.contains(kept), "{header}");
    }
    for dropped in ["source", "class", "status"] {
        assert!(!header.split_whitespace().any(|h| h == dropped), "{header}");
    }
    assert!(narrow.contains('…'), "a description is shortened: {narrow}");
    let roomy = stdout(&ports(&["--width", "200", "443", "8080"]));
    for line in roomy.lines() {
        assert!(line.chars().count() <= 200, "{line:?}");
    }
    let header = roomy.lines().nth(1).unwrap();
    assert!(
        header.contains("status") && header.contains("description"),
        "{header}"
    );
    // --wide wins over a terminal's width, and is the piped default.
    assert_eq!(stdout(&ports(&["--wide", "443", "8080"])), whole);
}
