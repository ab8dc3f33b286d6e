//! Bad `ports.toml` input: each case gives one message naming the file, the entry and the field.
//! These run the build script's own module, `build/catalog.rs`.

#[allow(dead_code, unused_imports)]
#[path = "../build/catalog.rs"]
mod catalog;

use catalog::{parse, FileKind};

const HEAD: &str = "[iana]\nupdated = \"2026-08-17\"\n";

/// The message for a file the validator must refuse.
fn refused(file: &str, kind: FileKind, text: &str) -> String {
    match parse(file, text, kind) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn error(text: &str) -> String {
    refused("ports.toml", FileKind::Main, text)
}

fn iana(services: &str) -> String {
    format!("{HEAD}services = [\n{services}\n]\n")
}

#[test]
fn a_port_above_65535() {
    assert_eq!(
        error(&iana(r#"{ name = "big", port = 70000, proto = "tcp" },"#)),
        "ports.toml: iana.services[0] \"big\": field `port`: 70000 is outside 0-65535"
    );
    assert_eq!(
        error(&iana(
            r#"{ name = "big", port = "1-65536", proto = "tcp" },"#
        )),
        "ports.toml: iana.services[0] \"big\": field `port`: 65536 is outside 0-65535"
    );
}

#[test]
fn a_reversed_range() {
    assert_eq!(
        error(&iana(r#"{ name = "ok", port = 1, proto = "tcp" }, { name = "x11", port = "6063-6000", proto = "tcp" },"#)),
        "ports.toml: iana.services[1] \"x11\": field `port`: \"6063-6000\" is reversed or empty: the first port must be below the last"
    );
}

#[test]
fn an_unknown_protocol() {
    // The origin note's "TPC".
    assert_eq!(
        error(&iana(r#"{ name = "pop2", port = 109, proto = "tpc" },"#)),
        "ports.toml: iana.services[0] \"pop2\": field `proto`: unknown protocol \"tpc\"; expected tcp, udp, sctp or dccp"
    );
}

#[test]
fn an_empty_name() {
    assert_eq!(
        error(&iana(r#"{ name = "", port = 1, proto = "tcp" },"#)),
        "ports.toml: iana.services[0] \"\": field `name`: empty; a service name has 1 to 15 characters (RFC 6335)"
    );
}

#[test]
fn a_name_over_15_characters() {
    assert_eq!(
        error(&iana(r#"{ name = "sixteen-letters!", port = 1, proto = "tcp" },"#)),
        "ports.toml: iana.services[0] \"sixteen-letters!\": field `name`: \"sixteen-letters!\" is 16 characters; at most 15 (RFC 6335)"
    );
}

#[test]
fn a_duplicate_name_port_protocol() {
    assert_eq!(
        error(&iana(r#"{ name = "ssh", port = 22, proto = "tcp" }, { name = "SSH", port = 22, proto = "tcp" },"#)),
        "ports.toml: iana.services[1] \"SSH\": duplicate of ports.toml: iana.services[0] \"ssh\": SSH 22/tcp is already listed"
    );
    // A hand-written record may not repeat an IANA one either.
    let text = format!(
        "{}[[service]]\nname = \"ssh\"\nport = 22\nproto = [\"udp\", \"tcp\"]\n",
        iana(r#"{ name = "ssh", port = 22, proto = "tcp" },"#)
    );
    assert_eq!(
        error(&text),
        "ports.toml: service[0] \"ssh\": duplicate of ports.toml: iana.services[0] \"ssh\": ssh 22/tcp is already listed"
    );
}

#[test]
fn a_missing_required_field() {
    assert_eq!(
        error(&iana(r#"{ port = 22, proto = "tcp" },"#)),
        "ports.toml: iana.services[0]: field `name`: missing, and it is required"
    );
    assert_eq!(
        error("[[service]]\nname = \"wireguard\"\nport = 51820\n"),
        "ports.toml: service[0] \"wireguard\": field `proto`: missing: tcp, udp, sctp, dccp, or a list of them"
    );
    assert_eq!(
        error("[[service]]\nname = \"wireguard\"\nproto = \"udp\"\n"),
        "ports.toml: service[0] \"wireguard\": field `port`: missing: a port such as 22, or a range \"6000-6063\""
    );
    assert_eq!(
        error("[iana]\nservices = []\n"),
        "ports.toml: field `iana.updated`: missing: the registry's date, YYYY-MM-DD"
    );
}

#[test]
fn toml_syntax_errors_carry_line_and_column() {
    let message = error("[iana]\nupdated = \"2026-08-17\"\nservices = [\n  { name = \"ssh\", port = 22 proto = \"tcp\" },\n]\n");
    assert!(
        message.starts_with("ports.toml: TOML parse error at line 4, column 35"),
        "{message}"
    );
}

#[test]
fn unknown_fields_and_wrong_types_name_the_entry() {
    assert_eq!(
        error(&iana(r#"{ name = "ssh", port = 22, prot = "tcp" },"#)),
        "ports.toml: iana.services[0] \"ssh\": unknown field `prot`; expected one of name, port, proto, desc, \
         ref, registered, modified, unauthorized, label, title, aliases, tls, implicit_tls, wide, source"
    );
    assert_eq!(
        error(&iana(r#"{ name = "ssh", port = 22.5, proto = "tcp" },"#)),
        "ports.toml: iana.services[0] \"ssh\": field `port`: a float is neither a port nor a range \"N-M\""
    );
    assert_eq!(
        error(&iana(r#"{ name = 22, port = 22, proto = "tcp" },"#)),
        "ports.toml: iana.services[0]: field `name`: 22 is not a string"
    );
    assert_eq!(
        error("[services]\nx = 1\n"),
        "ports.toml: unknown section `services`; expected [[about]], [[service]], [categories], \
         [prevalence], [aliases], [flags], [products] or [iana]"
    );
}

#[test]
fn about_entries_must_name_known_services_and_aliases_must_stand_for_services() {
    let base = iana(
        r#"{ name = "domain", port = 53, proto = "tcp" }, { name = "ssh", port = 22, proto = "tcp" },"#,
    );
    assert_eq!(
        error(&format!(
            "[[about]]\nname = \"dns\"\nlabel = \"DNS\"\n{base}"
        )),
        "ports.toml: about[0] \"dns\": field `name`: \"dns\" names no service with ports"
    );
    // An alias may be a name too: it then adds its targets to that name.
    let catalog = parse(
        "ports.toml",
        &format!("[[about]]\nname = \"domain\"\naliases = [\"ssh\"]\n{base}"),
        FileKind::Main,
    )
    .unwrap();
    let names: Vec<&str> = catalog.aliases["ssh"]
        .iter()
        .map(|&id| catalog.records[id].name.as_str())
        .collect();
    assert_eq!(names, ["domain"]);
    assert_eq!(
        error(&format!("[[about]]\nname = \"domain\"\naliases = [\"domain\"]\n{base}")),
        "ports.toml: about[0] \"domain\": field `aliases`: \"domain\" is already the name of that service"
    );
    assert_eq!(
        error(&format!("[aliases]\nnet = [\"domain\", \"nope\"]\n{base}")),
        "ports.toml: aliases.net: field `aliases`: alias \"net\": \"nope\" names no service with ports"
    );
    assert_eq!(
        error(&format!(
            "[[about]]\nname = \"domain\"\naliases = [\"dns\"]\n[aliases]\ndns = \"ssh\"\n{base}"
        )),
        "ports.toml: aliases.dns: field `aliases`: \"dns\" is already a spoken name, at ports.toml: about[0] \"domain\""
    );
    assert_eq!(
        error(&format!(
            "[[about]]\nname = \"domain\"\naliases = [\"DNS\"]\n{base}"
        )),
        "ports.toml: about[0] \"domain\": field `aliases`: \"DNS\": a spoken name has 1 to 32 \
         lowercase letters, digits or -_./+ (a hyphen stands for a space too)"
    );
    assert_eq!(
        error(&format!(
            "[aliases]
\"sql server\" = \"ssh\"\n{base}"
        )),
        "ports.toml: aliases.sql server: \"sql server\": a spoken name has 1 to 32 lowercase \
         letters, digits or -_./+ (a hyphen stands for a space too)"
    );
}

#[test]
fn good_input_is_sorted_into_the_crate_order() {
    let text = iana(
        r#"{ name = "b", port = 22, proto = "udp" }, { name = "a", port = 22, proto = "udp" },
           { name = "c", port = 22, proto = "tcp" }, { name = "flex", port = "7-9" }, { name = "dnssd" },"#,
    );
    let catalog = parse("ports.toml", &text, FileKind::Main).unwrap();
    let order: Vec<_> = catalog
        .records
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.first,
                catalog::layout::PROTOCOLS[usize::from(r.proto)],
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("flex", 7, "tcp"),
            ("flex", 7, "udp"),
            ("c", 22, "tcp"),
            ("a", 22, "udp"),
            ("b", 22, "udp")
        ]
    );
    assert!(catalog.records[0].proto_unspecified);
    assert_eq!(catalog.portless[0].name, "dnssd");
}

#[test]
fn the_real_ports_toml_is_valid() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ports.toml")).unwrap();
    let catalog = parse("ports.toml", &text, FileKind::Main).unwrap();
    assert_eq!(catalog.records.len(), ports_kb::services().len());
}

#[test]
fn a_bad_date_or_long_description() {
    assert_eq!(
        error(&iana(r#"{ name = "ssh", port = 22, proto = "tcp", registered = "2026-13-01" },"#)),
        "ports.toml: iana.services[0] \"ssh\": field `registered`: \"2026-13-01\" is not a date YYYY-MM-DD or YYYY-MM"
    );
    let long = "x".repeat(256);
    assert_eq!(
        error(&iana(&format!(
            r#"{{ name = "ssh", port = 22, proto = "tcp", desc = "{long}" }},"#
        ))),
        "ports.toml: iana.services[0] \"ssh\": field `desc`: 256 bytes long; at most 255"
    );
}

fn extra_error(text: &str) -> String {
    refused("/etc/acme/ports.toml", FileKind::Extra, text)
}

#[test]
fn an_extra_file_names_itself_and_keeps_to_its_part() {
    assert_eq!(
        extra_error("[[service]]\nname = \"api\"\nport = 70000\nproto = \"tcp\"\n"),
        "/etc/acme/ports.toml: service[0] \"api\": field `port`: 70000 is outside 0-65535"
    );
    assert_eq!(
        extra_error("[iana]\nupdated = \"2026-08-17\"\n"),
        "/etc/acme/ports.toml: an extra file may not have an [iana] section"
    );
    assert_eq!(
        extra_error(
            "[[service]]\nname = \"api\"\nport = 7\nproto = \"tcp\"\nsource = \"netbase\"\n"
        ),
        "/etc/acme/ports.toml: service[0] \"api\": field `source`: \"netbase\"; expected \"local\""
    );
    let catalog = parse(
        "x.toml",
        "[[service]]\nname = \"api\"\nport = 7\nproto = \"tcp\"\n",
        FileKind::Extra,
    )
    .unwrap();
    assert_eq!(catalog.records[0].source, catalog::layout::LOCAL);
}

#[test]
fn twins_must_name_services_and_come_in_pairs() {
    let base = iana(
        r#"{ name = "ftp", port = 21, proto = "tcp" }, { name = "ftps", port = 990, proto = "tcp" },"#,
    );
    assert_eq!(
        error(&format!(
            "[[about]]\nname = \"ftp\"\ntls = \"ftpz\"\n{base}"
        )),
        "ports.toml: about[0] \"ftp\": field `tls`: \"ftpz\" names no service with ports"
    );
    assert_eq!(
        error(&format!("[[about]]\nname = \"ftp\"\ntls = \"FTP\"\n{base}")),
        "ports.toml: about[0] \"ftp\": field `tls`: \"FTP\" is this service itself, not its twin"
    );
    assert_eq!(
        error(&format!("[[about]]\nname = \"ftp\"\ntls = \"ftps\"\n[[about]]\nname = \"ftps\"\ntls = \"ftp\"\n{base}")),
        "ports.toml: about[0] \"ftp\": field `tls`: \"ftps\" has a `tls` twin itself; a pair is plain -> TLS"
    );
    let catalog = parse(
        "ports.toml",
        &format!("[[about]]\nname = \"ftp\"\ntls = \"ftps\"\n{base}"),
        FileKind::Main,
    )
    .unwrap();
    let id = |name: &str| catalog.records.iter().position(|r| r.name == name);
    let ftps = catalog.about.iter().find(|a| a.name == "ftps").unwrap();
    assert!(ftps.implicit_tls && ftps.twin_id == id("ftp"));
    let ftp = catalog.about.iter().find(|a| a.name == "ftp").unwrap();
    assert!(!ftp.implicit_tls && ftp.twin_id == id("ftps"));
}

#[test]
fn netbase_names_may_be_longer_than_rfc_6335_allows() {
    let entry = "[[service]]\nname = \"clc-build-daemon\"\nport = 8990\nproto = \"tcp\"\n";
    assert!(parse(
        "ports.toml",
        &format!("{entry}source = \"netbase\"\n"),
        FileKind::Main
    )
    .is_ok());
    assert_eq!(
        error(entry),
        "ports.toml: service[0] \"clc-build-daemon\": field `name`: \"clc-build-daemon\" is 16 characters; at most 15 (RFC 6335)"
    );
}

#[test]
fn categories_and_tiers_name_services_once_with_known_keys() {
    let base = iana(
        r#"{ name = "domain", port = 53, proto = "udp" }, { name = "ssh", port = 22, proto = "tcp" },"#,
    );
    let expected = catalog::layout::CATEGORIES.join(", ");
    assert_eq!(
        error(&format!("[categories]\ncloud = [\"ssh\"]\n{base}")),
        format!(
            "ports.toml: categories.cloud: unknown category `cloud`; expected one of {expected}"
        )
    );
    assert!(expected.starts_with("web, proxy, mail, chat, messaging, "));
    assert_eq!(
        error(&format!(
            "[categories]\nweb = [\"ssh\"]\nvpn = [\"SSH\"]\n{base}"
        )),
        "ports.toml: categories.web[0] \"ssh\": \"ssh\" already has a category, at \
         categories.vpn[0] \"SSH\"; a service has one category"
    );
    assert_eq!(
        error(&format!("[categories]\nweb = [\"http\"]\n{base}")),
        "ports.toml: categories.web[0] \"http\": \"http\" names no service with ports"
    );
    assert_eq!(
        error(&format!("[categories]\nweb = [\"ssh\", 7]\n{base}")),
        "ports.toml: categories.web: item 1: 7 is not a name"
    );
    assert_eq!(
        error(&format!("[prevalence]\nrare = [\"ssh\"]\n{base}")),
        "ports.toml: prevalence.rare: unknown tier `rare`; expected ubiquitous, common or \
         uncommon (rare is the default)"
    );
    assert_eq!(
        error(&format!(
            "[prevalence]\ncommon = [\"ssh\"]\nuncommon = [\"ssh/tcp\"]\n{base}"
        )),
        "ports.toml: prevalence.uncommon[0] \"ssh/tcp\": \"ssh/tcp\" already has a tier, at \
         prevalence.common[0] \"ssh\"; a service has one tier on a protocol"
    );
    let text = format!(
        "[categories]\nremote-access = [\"ssh\"]\n[prevalence]\nubiquitous = [\"ssh\", \"domain\"]\n{base}"
    );
    let catalog = parse("ports.toml", &text, FileKind::Main).unwrap();
    let named = |ids: &Vec<usize>| catalog.records[ids[0]].name.as_str();
    let ranked: Vec<&str> = catalog.ranked.iter().map(named).collect();
    assert_eq!(ranked, ["ssh", "domain"], "in list order");
    let ssh = catalog.records.iter().find(|r| r.name == "ssh").unwrap();
    let code = |c: &str| catalog::layout::code(&catalog::layout::CATEGORIES, c).unwrap() + 1;
    assert_eq!((ssh.category, ssh.prevalence), (code("remote-access"), 0));
    let domain = catalog.records.iter().find(|r| r.name == "domain").unwrap();
    assert_eq!((domain.category, domain.prevalence), (0, 0));
    let tiers = format!("[prevalence]\ncommon = [\"ssh\"]\nubiquitous = [\"domain/udp\"]\n{base}");
    let catalog = parse("ports.toml", &tiers, FileKind::Main).unwrap();
    let ranked: Vec<&str> = catalog
        .ranked
        .iter()
        .map(|ids| catalog.records[ids[0]].name.as_str())
        .collect();
    assert_eq!(
        ranked,
        ["domain", "ssh"],
        "by tier, whatever the file order"
    );
    assert_eq!(
        error(&format!("[prevalence]\ncommon = [\"ssh/tpc\"]\n{base}")),
        "ports.toml: prevalence.common[0] \"ssh/tpc\": \"ssh/tpc\": unknown protocol \"tpc\"; \
         expected tcp, udp, sctp or dccp"
    );
}

/// IANA's http-alt on three ports, and https and sip on several protocols: the data that
/// every ambiguous key below would reach too far into.
fn spread() -> String {
    iana(
        r#"{ name = "http-alt", port = 591, proto = "tcp" }, { name = "http-alt", port = 591, proto = "udp" },
           { name = "http-alt", port = 8080, proto = "tcp" }, { name = "http-alt", port = 8080, proto = "udp" },
           { name = "https", port = 443, proto = "tcp" }, { name = "https", port = 443, proto = "udp" },
           { name = "https", port = 443, proto = "sctp" }, { name = "tls-alt", port = 8443, proto = "tcp" },
           { name = "x11", port = "6000-6063", proto = "tcp" },"#,
    )
}

/// Every kind of key that would reach records its author did not name is refused, with
/// one line naming the file, the entry and, where there is one, the field.
#[test]
fn keys_that_reach_unnamed_records_are_refused() {
    let base = spread();
    let refused = |facts: &str| error(&format!("{facts}{base}"));
    // A tier's bare name whose records span several protocols.
    assert_eq!(
        refused("[prevalence]\nubiquitous = [\"https\"]\n"),
        "ports.toml: prevalence.ubiquitous[0] \"https\": \"https\" reaches https on tcp, udp and \
         sctp: a tier is for one protocol; name it, as \"https/tcp\""
    );
    // A name registered on several ports, given without a port: in each kind of fact.
    let several = "reaches the registrations of http-alt on ports 591 and 8080: name one, as \
                   \"http-alt@8080\"";
    assert_eq!(
        refused("[prevalence]\ncommon = [\"http-alt/tcp\"]\n"),
        format!("ports.toml: prevalence.common[0] \"http-alt/tcp\": \"http-alt/tcp\" {several}")
    );
    assert_eq!(
        refused("[categories]\nweb = [\"http-alt\"]\n"),
        format!("ports.toml: categories.web[0] \"http-alt\": \"http-alt\" {several}")
    );
    assert_eq!(
        refused("[[about]]\nname = \"http-alt\"\nlabel = \"HTTP-alt\"\n"),
        format!("ports.toml: about[0] \"http-alt\": field `name`: \"http-alt\" {several}")
    );
    assert_eq!(
        refused("[aliases]\ntomcat = [\"http-alt\"]\n"),
        format!(
            "ports.toml: aliases.tomcat: field `aliases`: alias \"tomcat\": \"http-alt\" {several}"
        )
    );
    assert_eq!(
        refused("[[about]]\nname = \"tls-alt\"\n[[about]]\nname = \"https\"\ntls = \"http-alt\"\n"),
        format!("ports.toml: about[1] \"https\": field `tls`: \"http-alt\" {several}")
    );
    // A port or protocol the name does not have.
    assert_eq!(
        refused("[categories]\nweb = [\"http-alt@8008\"]\n"),
        "ports.toml: categories.web[0] \"http-alt@8008\": \"http-alt@8008\": http-alt has no \
         registration on port 8008; it has 591 and 8080"
    );
    assert_eq!(
        refused("[prevalence]\ncommon = [\"http-alt@8080/sctp\"]\n"),
        "ports.toml: prevalence.common[0] \"http-alt@8080/sctp\": \"http-alt@8080/sctp\": \
         http-alt@8080 has no sctp record"
    );
    assert_eq!(
        refused("[categories]\nweb = [\"http-alt@80800\"]\n"),
        "ports.toml: categories.web[0] \"http-alt@80800\": \"http-alt@80800\": \"80800\" is not a \
         port 0-65535, as in \"name@8080\""
    );
    // A range is named by its first port.
    assert_eq!(
        refused("[categories]\nremote-access = [\"x11@6010\"]\n"),
        "ports.toml: categories.remote-access[0] \"x11@6010\": \"x11@6010\": x11 has no \
         registration on port 6010; it has 6000"
    );
    // Facts about a registration never name a protocol.
    let whole = "this describes a service on all its protocols; write \"name\" or \
                 \"name@port\", without a protocol";
    assert_eq!(
        refused("[categories]\nweb = [\"https/tcp\"]\n"),
        format!("ports.toml: categories.web[0] \"https/tcp\": \"https/tcp\": {whole}")
    );
    assert_eq!(
        refused("[[about]]\nname = \"https/udp\"\nlabel = \"QUIC\"\n"),
        format!("ports.toml: about[0] \"https/udp\": field `name`: \"https/udp\": {whole}")
    );
    // One registration, two keys: still one category and one [[about]].
    assert_eq!(
        refused("[categories]\nweb = [\"http-alt@8080\"]\nproxy = [\"HTTP-ALT@8080\"]\n"),
        "ports.toml: categories.web[0] \"http-alt@8080\": \"http-alt@8080\" already has a \
         category, at categories.proxy[0] \"HTTP-ALT@8080\"; a service has one category"
    );
    assert_eq!(
        refused("[[about]]\nname = \"https\"\n[[about]]\nname = \"HTTPS@443\"\n"),
        "ports.toml: about[1] \"HTTPS@443\": field `name`: \"HTTPS@443\" already has an [[about]] \
         entry at ports.toml: about[0] \"https\""
    );
}

/// Keys that name exactly their records reach those records and no others.
#[test]
fn keys_reach_exactly_the_records_they_name() {
    let facts = "[categories]\nweb = [\"http-alt@8080\", \"https\"]\n\
                 [prevalence]\nubiquitous = [\"https/tcp\", \"https/udp\"]\ncommon = [\"http-alt@8080/tcp\"]\n\
                 [[about]]\nname = \"http-alt@8080\"\nlabel = \"HTTP-alt\"\naliases = [\"webcache\"]\n\
                 [aliases]\nproxy = [\"http-alt@8080\"]\n";
    let catalog = parse(
        "ports.toml",
        &format!("{facts}{}", spread()),
        FileKind::Main,
    )
    .unwrap();
    let web = catalog::layout::code(&catalog::layout::CATEGORIES, "web").unwrap() + 1;
    let records = &catalog.records;
    for (id, r) in records.iter().enumerate() {
        let proto = catalog::layout::PROTOCOLS[usize::from(r.proto)];
        let what = format!("{} {}/{proto}", r.name, r.first);
        let web_expected = (r.name == "http-alt" && r.first == 8080) || r.name == "https";
        assert_eq!(r.category == web, web_expected, "{what}");
        let tier = match (r.name.as_str(), r.first, proto) {
            ("https", _, "tcp" | "udp") => 0,
            ("http-alt", 8080, "tcp") => 1,
            _ => catalog::layout::RARE,
        };
        assert_eq!(r.prevalence, tier, "{what}");
        let on_8080 = r.name == "http-alt" && r.first == 8080;
        let about = catalog.about.iter().any(|a| a.ids.contains(&id));
        assert_eq!(about, on_8080, "{what}: the label");
        for alias in ["webcache", "proxy"] {
            assert_eq!(
                catalog.aliases[alias].contains(&id),
                on_8080,
                "{what}: {alias}"
            );
        }
    }
    // A [[service]] entry's own label and aliases are for its registration only.
    let text = format!(
        "[[service]]\nname = \"http-alt\"\nport = 8008\nproto = \"tcp\"\nlabel = \"Cast\"\naliases = [\"cast\"]\n{}",
        spread()
    );
    let catalog = parse("ports.toml", &text, FileKind::Main).unwrap();
    let ports: Vec<u16> = catalog.aliases["cast"]
        .iter()
        .map(|&id| catalog.records[id].first)
        .collect();
    assert_eq!(ports, [8008]);
}

#[test]
fn a_hand_written_record_cites_its_source_as_a_url_or_rfc() {
    let entry = "[[service]]\nname = \"acme\"\nport = 7000\nproto = \"tcp\"\n";
    for good in ["https://example.org/acme#ports", "RFC8314"] {
        let text = format!("{entry}ref = {good:?}\n{HEAD}");
        assert!(parse("ports.toml", &text, FileKind::Main).is_ok(), "{good}");
    }
    assert_eq!(
        error(&format!("{entry}ref = \"the vendor said so\"\n{HEAD}")),
        "ports.toml: service[0] \"acme\": field `ref`: \"the vendor said so\": a source is an \
         http(s) URL or RFCnnnn, at most 255 bytes"
    );
    assert_eq!(
        error(&format!("{entry}registered = \"2020-01-01\"\n{HEAD}")),
        "ports.toml: service[0] \"acme\": `registered`, `modified` and `unauthorized` are IANA's fields"
    );
}

/// `[flags]` lists registrations, as `[[about]]` does, and sets each flag once.
#[test]
fn flags_name_registrations_once() {
    let base = spread();
    let refused = |facts: &str| error(&format!("{facts}{base}"));
    assert_eq!(
        refused("[flags]\nfast = [\"https\"]\n"),
        "ports.toml: flags.fast: unknown flag `fast`; expected implicit_tls or historic"
    );
    assert_eq!(
        refused("[flags]\nimplicit_tls = [\"http-alt\"]\n"),
        "ports.toml: flags.implicit_tls[0] \"http-alt\": \"http-alt\" reaches the registrations \
         of http-alt on ports 591 and 8080: name one, as \"http-alt@8080\""
    );
    assert_eq!(
        refused("[[about]]\nname = \"https\"\nimplicit_tls = true\n[flags]\nimplicit_tls = [\"https\"]\n"),
        "ports.toml: flags.implicit_tls[0] \"https\": \"https\" has `implicit_tls` already; set a \
         flag once"
    );
    let text =
        format!("[flags]\nimplicit_tls = [\"tls-alt\"]\nhistoric = [\"http-alt@591\"]\n{base}");
    let catalog = parse("ports.toml", &text, FileKind::Main).unwrap();
    let flagged = |name: &str, port: u16| {
        let about = catalog.about.iter().find(|a| {
            let r = &catalog.records[a.ids[0]];
            r.name == name && r.first == port
        });
        about.map(|a| (a.implicit_tls, a.historic))
    };
    assert_eq!(flagged("tls-alt", 8443), Some((true, false)));
    assert_eq!(flagged("http-alt", 591), Some((false, true)));
    assert_eq!(flagged("http-alt", 8080), None);
}

/// A product names its registrations by key, and each of its names is a spoken name of
/// its own: the messages name the product and the field.
#[test]
fn products_name_registrations_and_names_of_their_own() {
    let base = spread();
    let refused = |products: &str| error(&format!("{products}{base}"));
    assert_eq!(
        refused("[products.acme]\nservices = [\"https\"]\nnames = [\"acme server\"]\n"),
        "ports.toml: products.acme: field `names`: \"acme server\": a spoken name has 1 to 32 \
         lowercase letters, digits or -_./+ (a hyphen stands for a space too)"
    );
    assert_eq!(
        refused("[products.Acme]\nservices = [\"https\"]\n"),
        "ports.toml: products.Acme: \"Acme\": a spoken name has 1 to 32 lowercase letters, \
         digits or -_./+ (a hyphen stands for a space too)"
    );
    assert_eq!(
        refused("[products.acme]\nservices = [\"nope\"]\n"),
        "ports.toml: products.acme: field `services`: product \"acme\": \"nope\" names no service with ports"
    );
    assert_eq!(
        refused("[products.acme]\nservices = [\"http-alt\"]\n"),
        "ports.toml: products.acme: field `services`: product \"acme\": \"http-alt\" reaches the \
         registrations of http-alt on ports 591 and 8080: name one, as \"http-alt@8080\""
    );
    assert_eq!(
        refused("[products.acme]\nservices = [\"https\", \"https\"]\n"),
        "ports.toml: products.acme: field `services`: \"https\" is listed twice"
    );
    for empty in ["services = []\n", "names = [\"acme-server\"]\n"] {
        assert_eq!(
            refused(&format!("[products.acme]\n{empty}")),
            "ports.toml: products.acme: field `services`: missing: the keys of the product's \
             registrations"
        );
    }
    assert_eq!(
        refused("[products.acme]\nservices = [\"https\"]\ncolour = 1\n"),
        "ports.toml: products.acme: unknown field `colour`; expected one of names, services"
    );
    assert_eq!(
        refused(
            "[products.acme]\nservices = [\"https\"]\n[products.bolt]\nservices = [\"x11\"]\n\
             names = [\"acme\"]\n"
        ),
        "ports.toml: products.bolt: field `names`: \"acme\" is already a spoken name, at \
         ports.toml: products.acme"
    );
    // A product's name may be the name of its own service, or of another: it then finds
    // that name's records as well as the product's.
    let text =
        format!("[products.https]\nservices = [\"https\", \"tls-alt\"]\nnames = [\"x11\"]\n{base}");
    let catalog = parse("ports.toml", &text, FileKind::Main).unwrap();
    let product = &catalog.products[0];
    assert_eq!(
        (product.name.as_str(), &product.names[..]),
        ("https", &["x11".to_owned()][..])
    );
    let named: Vec<(&str, u16)> = product
        .ids
        .iter()
        .map(|&id| (catalog.records[id].name.as_str(), catalog.records[id].first))
        .collect();
    assert_eq!(
        named,
        [
            ("https", 443),
            ("https", 443),
            ("https", 443),
            ("tls-alt", 8443)
        ]
    );
    // A key may name the protocols the product uses, unlike a spoken name's.
    let text = format!("[products.acme]\nservices = [\"https/tcp\", \"https/udp\"]\n{base}");
    let catalog = parse("ports.toml", &text, FileKind::Main).unwrap();
    let ids = &catalog.products[0].ids;
    let protocols: Vec<u8> = ids.iter().map(|&id| catalog.records[id].proto).collect();
    assert_eq!(protocols, [0, 1]);
    assert_eq!(
        refused("[aliases]\nweb = [\"https/tcp\"]\n"),
        "ports.toml: aliases.web: field `aliases`: alias \"web\": \"https/tcp\": this describes \
         a service on all its protocols; write \"name\" or \"name@port\", without a protocol"
    );
}

/// `wide` marks a hand-written range of more than 64 ports that software allocates from:
/// stored once, not per port, and never ranked.
#[test]
fn wide_ranges_are_long_hand_written_and_never_ranked() {
    let base = spread();
    let pool = |ports: &str, extra: &str| {
        format!(
            "[[service]]\nname = \"acme-pool\"\nport = \"{ports}\"\nproto = \"udp\"\n\
             ref = \"https://example.org/ports\"\n{extra}{base}"
        )
    };
    let catalog = parse(
        "ports.toml",
        &pool("20000-20064", "wide = true\n"),
        FileKind::Main,
    )
    .unwrap();
    let wide: Vec<&str> = catalog
        .records
        .iter()
        .filter(|r| r.wide)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(wide, ["acme-pool"]);
    assert_eq!(
        error(&pool("20000-20063", "wide = true\n")),
        "ports.toml: service[0] \"acme-pool\": field `wide`: 20000-20063 holds 64 ports; a wide \
         range holds more than 64 (narrower ranges are stored per port without it)"
    );
    assert_eq!(
        error(&pool("20000-20100", "wide = 1\n")),
        "ports.toml: service[0] \"acme-pool\": field `wide`: 1 is not true or false"
    );
    assert_eq!(
        error(&pool(
            "20000-20100",
            "wide = true\n[prevalence]\ncommon = [\"acme-pool\"]\n"
        )),
        "ports.toml: prevalence.common[0] \"acme-pool\": \"acme-pool\" is the wide range of \
         acme-pool: a wide range is never ranked, so that it never outranks a port's own services"
    );
    assert_eq!(
        error(&format!(
            "{HEAD}services = [{{ name = \"big\", port = \"1000-2000\", proto = \"tcp\", wide = true }}]\n"
        )),
        "ports.toml: iana.services[0] \"big\": field `wide`: IANA's ranges are stored port by \
         port; `wide` is for a [[service]] range that software allocates from"
    );
}
