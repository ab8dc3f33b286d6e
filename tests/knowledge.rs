//! Knowledge beyond IANA: spoken names, common-use ports, Debian's netbase names,
//! secure twins and connection guessing.

use ports_kb::{by_name, guess, lookup, services, Protocol, Service, Source};
use std::collections::BTreeSet;

/// Finds `name` (a name or alias) on `port`/`protocol`.
fn find(name: &str, port: u16, protocol: Protocol) -> Option<&'static Service> {
    by_name(name).find(|s| s.protocol() == protocol && s.ports().contains(&port))
}

/// The vendored facts of Debian netbase 6.4's `/etc/services` (see data/netbase/README.md).
const NETBASE: &str = include_str!("../data/netbase/services.tsv");

#[test]
fn every_netbase_entry_is_found_by_name_or_alias() {
    let (mut entries, mut names) = (0, 0);
    let mut misses = Vec::new();
    let rows = NETBASE.lines().filter(|l| !l.starts_with('#')).skip(1);
    for line in rows {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, port, protocol, aliases] = fields[..] else {
            panic!("data/netbase/services.tsv: {line:?} has not 4 fields");
        };
        // netbase also lists AppleTalk's ddp, which is not an IP transport.
        let Ok(protocol) = protocol.parse::<Protocol>() else {
            assert_eq!(protocol, "ddp", "{line:?}");
            continue;
        };
        let port: u16 = port.parse().expect("a port");
        entries += 1;
        let aliases = aliases.split(',').filter(|a| !a.is_empty());
        for alias in std::iter::once(name).chain(aliases) {
            names += 1;
            if find(alias, port, protocol).is_none() {
                misses.push(format!("{alias} {port}/{protocol} (entry {name})"));
            }
        }
    }
    println!("netbase: {entries} tcp/udp/sctp entries, {names} names and aliases, all found");
    assert_eq!(entries, 314, "netbase 6.4 has 314 tcp/udp/sctp entries");
    assert!(misses.is_empty(), "{} misses: {misses:#?}", misses.len());
}

#[test]
fn spoken_names_find_iana_services() {
    use Protocol::{Tcp, Udp};
    for (spoken, port, protocol, iana) in [
        ("DNS", 53, Udp, "domain"),
        ("SMB", 445, Tcp, "microsoft-ds"),
        ("RDP", 3389, Tcp, "ms-wbt-server"),
        ("VNC", 5900, Tcp, "rfb"),
        ("PostgreSQL", 5432, Tcp, "postgresql"),
        ("postgres", 5432, Tcp, "postgresql"),
        ("HTTP-alt", 8080, Tcp, "http-alt"),
        ("NTP", 123, Udp, "ntp"),
        ("LDAP", 389, Tcp, "ldap"),
        ("LDAPS", 636, Tcp, "ldaps"),
        ("SMTPS", 465, Tcp, "submissions"),
        ("submissions", 465, Tcp, "submissions"),
        ("DoQ", 853, Udp, "domain-s"),
        ("memcached", 11211, Tcp, "memcache"),
        ("rpcbind", 111, Tcp, "sunrpc"),
    ] {
        let found =
            find(spoken, port, protocol).unwrap_or_else(|| panic!("{spoken} {port}/{protocol}"));
        assert_eq!(
            (found.name(), found.source()),
            (iana, Source::Iana),
            "{spoken}"
        );
        assert!(found.label().is_some(), "{iana} has a label");
    }
    assert_eq!(lookup(445).next().unwrap().label(), Some("SMB"));
    assert_eq!(lookup(22).next().unwrap().title(), Some("Secure Shell"));
}

#[test]
fn at_least_a_hundred_and_twenty_services_have_labels() {
    let labelled: BTreeSet<&str> = services()
        .filter(|s| s.label().is_some())
        .map(Service::name)
        .collect();
    println!("{} names have a label", labelled.len());
    assert!(labelled.len() >= 121, "{} labelled names", labelled.len());
}

#[test]
fn common_use_ports_are_there_after_iana() {
    use Protocol::{Tcp, Udp};
    for (name, port, protocol) in [
        ("wireguard", 51820, Udp),
        ("tailscale", 41641, Udp),
        ("kube-apiserver", 6443, Tcp),
        ("kubelet", 10250, Tcp),
        ("prometheus", 9090, Tcp),
        ("node-exporter", 9100, Tcp),
        ("grafana", 3000, Tcp),
        ("elasticsearch", 9200, Tcp),
        ("es-transport", 9300, Tcp),
        ("kibana", 5601, Tcp),
        ("minecraft", 25565, Tcp),
        ("vite", 5173, Tcp),
        ("vnc-display", 5903, Tcp),
    ] {
        let found =
            find(name, port, protocol).unwrap_or_else(|| panic!("{name} {port}/{protocol}"));
        assert_eq!(found.source(), Source::Common, "{name}");
        // Never hides IANA: IANA's records on that port come first.
        let on_port: Vec<_> = protocol.lookup(port).map(|s| s.source()).collect();
        assert!(on_port.is_sorted(), "{port}/{protocol}: {on_port:?}");
    }
    // IANA already records these; the crate answers with IANA's names.
    for (spoken, port, protocol, iana) in [
        ("openvpn", 1194, Udp, "openvpn"),
        ("etcd", 2379, Tcp, "etcd-client"),
        ("redis", 6379, Tcp, "redis"),
        ("mongodb", 27017, Tcp, "mongodb"),
    ] {
        assert_eq!(
            find(spoken, port, protocol).map(|s| (s.name(), s.source())),
            Some((iana, Source::Iana))
        );
    }
    // The port's own services; the wide ranges that hold 9100 come after them.
    let on_9100: Vec<_> = Protocol::Tcp
        .lookup(9100)
        .take_while(|s| !s.is_wide())
        .map(|s| (s.name(), s.source()))
        .collect();
    assert!(
        on_9100.contains(&("node-exporter", Source::Common)),
        "{on_9100:?}"
    );
    assert_eq!(on_9100[0].1, Source::Iana);
    assert!(
        on_9100.is_sorted_by_key(|&(_, source)| source),
        "IANA first: {on_9100:?}"
    );
}

#[test]
fn secure_and_plain_twins() {
    for (plain, secure) in [
        ("ftp", "ftps"),
        ("telnet", "telnets"),
        ("imap", "imaps"),
        ("pop3", "pop3s"),
        ("http", "https"),
        ("submission", "submissions"),
        ("ldap", "ldaps"),
        ("nntp", "nntps"),
        ("ircu", "ircs-u"),
        ("sip", "sips"),
        ("xmpp-client", "xmpps-client"),
        ("domain", "domain-s"),
    ] {
        let p = by_name(plain)
            .find(|s| s.protocol() == Protocol::Tcp)
            .unwrap();
        let s = p
            .tls_variant()
            .unwrap_or_else(|| panic!("{plain} has no TLS variant"));
        assert_eq!(s.name(), secure);
        assert!(s.implicit_tls() && !p.implicit_tls(), "{plain}/{secure}");
        assert_eq!(s.plain_variant().map(Service::name), Some(plain));
        assert!(p.plain_variant().is_none() && s.tls_variant().is_none());
        assert_eq!(s.protocol(), p.protocol());
    }
    // RFC 8314: 465 is submission's implicit-TLS form; SMTP relay on 25 has none.
    assert!(by_name("smtp").all(|s| s.twin().is_none()));
    // Most SNMP is UDP: its twin is the DTLS registration on 10161/udp.
    let snmp = Protocol::Udp.lookup(161).next().unwrap();
    let dtls = snmp.tls_variant().unwrap();
    assert_eq!((dtls.name(), dtls.ports()), ("snmpdtls", 10161..=10161));
    assert!(lookup(8443).any(|s| s.name() == "https-alt" && s.implicit_tls()));
    for historic in ["pop2", "imap3"] {
        assert!(by_name(historic).all(|s| s.historic()), "{historic}");
    }
    assert_eq!(
        services()
            .filter(|s| s.historic())
            .map(Service::name)
            .collect::<BTreeSet<_>>()
            .len(),
        2
    );
}

#[test]
fn guessing_the_service_of_a_connection() {
    use Protocol::{Tcp, Udp};
    let name = |local, remote, protocol| guess(local, remote, protocol).map(Service::name);
    assert_eq!(name(51544, 443, Tcp), Some("https"));
    assert_eq!(name(443, 51544, Tcp), Some("https"), "either side");
    assert_eq!(name(5432, 40000, Tcp), Some("postgresql"));
    assert_eq!(name(40000, 5432, Tcp), Some("postgresql"));
    assert_eq!(
        name(2049, 1023, Tcp),
        Some("nfs"),
        "1023 is reserved: no service"
    );
    assert_eq!(name(1023, 2049, Tcp), Some("nfs"));
    assert_eq!(name(50000, 53, Udp), Some("domain"));
    assert_eq!(
        name(51820, 60000, Udp),
        Some("wireguard"),
        "a known dynamic port beats an unknown one"
    );
    assert_eq!(name(22, 8080, Tcp), Some("ssh"), "System beats User");
    assert_eq!(name(61001, 61002, Tcp), None);
    // Proxmox VE migrates guests over 60000-60050: a service, even among client ports.
    assert_eq!(name(60001, 60002, Tcp), Some("pve-migration"));
}

/// Every registration whose description says it runs over TLS, SSL or DTLS, or is an
/// HTTPS service, speaks TLS from the first byte: the whole family, not only the ports
/// an audit named (portainer 9443, proxmox 8006, wsus-ssl 8531). The exceptions say why.
/// (It reads descriptions, which the `descriptions` feature compiles in.)
#[test]
#[cfg(feature = "descriptions")]
fn tls_services_say_they_are_implicit_tls() {
    // A description that mentions TLS without being a TLS service.
    let exceptions = [
        ("atg", "Veeder-Root's TLS-350 tank gauges: a product name"),
        ("electrum", "a range: 50001 plain, 50002 TLS"),
        ("gamestream", "a range of HTTPS and HTTP ports"),
        (
            "csvr-sslproxy",
            "a proxy for SSL connections, not itself TLS",
        ),
        ("snif", "the control connection of a TLS relay"),
        ("horizon-jms", "a range: 4001 plain, 4002 TLS"),
        ("arcserve-udp", "HTTP or HTTPS, as configured"),
        ("arcserve-con", "HTTP or HTTPS, as configured"),
        ("horizon-jmsir", "a range: 4100 plain, 4101 TLS"),
    ];
    let mut missing = Vec::new();
    for s in services() {
        if exceptions.iter().any(|(name, _)| *name == s.name()) {
            continue;
        }
        if mentions_tls(s.description()) && !s.implicit_tls() {
            missing.push(format!("{s}"));
        }
    }
    assert!(
        missing.is_empty(),
        "{} not implicit_tls:\n{}",
        missing.len(),
        missing.join("\n")
    );
    for name in [
        "portainer",
        "proxmox",
        "wsus-ssl",
        "https",
        "imaps",
        "kube-apiserver",
    ] {
        let s = by_name(name).next().unwrap();
        assert!(s.implicit_tls(), "{name}");
    }
}

/// True when a description names TLS, SSL, DTLS or HTTPS as a word.
#[cfg(feature = "descriptions")]
fn mentions_tls(description: &str) -> bool {
    let mut words = description.split(|c: char| !c.is_ascii_alphanumeric());
    let named = words.any(|w| matches!(w, "TLS" | "SSL" | "DTLS" | "HTTPS"));
    named || description.contains("Secure Sockets")
}
