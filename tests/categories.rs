//! What network tools see: categories, prevalence, spoken names, the common ports, and
//! the families of ports that scanners and monitors meet. Checked over every record.

use ports_kb::{by_name, common_ports, lookup, services, Category, Prevalence, Protocol};
use ports_kb::{Service, Source};
use std::collections::{BTreeMap, BTreeSet};

/// The README, whose data section states the figures these tests measure.
const README: &str = include_str!("../README.md");

#[test]
fn every_category_has_services_and_agrees_with_service_category() {
    let mut counted: BTreeMap<Category, usize> = BTreeMap::new();
    for s in services() {
        if let Some(c) = s.category() {
            *counted.entry(c).or_default() += 1;
        }
    }
    for c in Category::ALL {
        let listed: Vec<&Service> = c.services().collect();
        assert!(!listed.is_empty(), "{c} has no services");
        assert!(listed.iter().all(|s| s.category() == Some(c)), "{c}");
        assert!(listed.is_sorted(), "{c} is sorted by port");
        assert_eq!(
            listed.len(),
            counted[&c],
            "{c}: services() agrees with category()"
        );
        assert_eq!(c.as_str().parse(), Ok(c));
        assert_eq!(c.to_string().to_ascii_uppercase().parse(), Ok(c));
        println!("{c}: {} records", listed.len());
    }
    assert_eq!("malware".parse(), Ok(Category::Malware));
    assert!("".parse::<Category>().is_err() && "web ".parse::<Category>().is_err());
}

/// Every record the project researched or labelled has a category. (Debian's netbase
/// names are not researched: a few, such as `predict` and `canna`, fit no category.)
#[test]
fn every_curated_record_has_a_category() {
    let curated = services().filter(|s| s.label().is_some() || s.source() == Source::Common);
    let missing: Vec<String> = curated
        .filter(|s| s.category().is_none())
        .map(|s| format!("{s:?}"))
        .collect();
    assert!(missing.is_empty(), "{missing:#?}");
}

/// The share of well-known ports (0-1023) with a service where a service on the port
/// has a category. IANA's registry has many names there whose purpose nobody has
/// published (`skronk`, `vettcp`); the crate leaves those without a category rather
/// than guess, so this is the figure, not 100%.
#[test]
fn most_well_known_ports_have_a_category() {
    let (mut with_service, mut covered) = (0, 0);
    for port in 0..=1023 {
        let mut on_port = lookup(port).peekable();
        if on_port.peek().is_none() {
            continue;
        }
        with_service += 1;
        if on_port.any(|s| s.category().is_some()) {
            covered += 1;
        }
    }
    let share = 100.0 * f64::from(covered) / f64::from(with_service);
    println!("well-known ports with a category: {covered} of {with_service} ({share:.1}%)");
    assert!(share > 50.0, "{share:.1}%");
    let figure = format!("so do {covered} of the {with_service} well-known");
    assert!(README.contains(&figure), "the README says {figure:?}");
}

#[test]
fn prevalence_tiers_are_ordered_and_populated() {
    let mut per_tier: BTreeMap<Prevalence, usize> = BTreeMap::new();
    for s in services() {
        *per_tier.entry(s.prevalence()).or_default() += 1;
    }
    assert_eq!(
        per_tier.keys().copied().collect::<Vec<_>>(),
        Prevalence::ALL
    );
    println!("{per_tier:?}");
    for (name, protocol, tier) in [
        ("https", Protocol::Tcp, Prevalence::Ubiquitous),
        ("domain", Protocol::Udp, Prevalence::Ubiquitous),
        ("ssh", Protocol::Tcp, Prevalence::Ubiquitous),
        ("mysql", Protocol::Tcp, Prevalence::Common),
        ("wireguard", Protocol::Udp, Prevalence::Common),
        ("mbap", Protocol::Tcp, Prevalence::Uncommon),
        ("netbus", Protocol::Tcp, Prevalence::Rare),
    ] {
        let s = by_name(name).find(|s| s.protocol() == protocol).unwrap();
        assert_eq!(s.prevalence(), tier, "{name}/{protocol}");
    }
    // A tier can be limited to the protocol the service really uses.
    let http_udp = Protocol::Udp.lookup(80).next().unwrap();
    assert_eq!(
        (http_udp.name(), http_udp.prevalence()),
        ("http", Prevalence::Rare)
    );
}

#[test]
fn every_alias_finds_its_service_and_there_are_many() {
    let mut spoken = BTreeSet::new();
    for s in services() {
        for alias in s.aliases() {
            assert!(by_name(alias).any(|found| found == s), "{alias} -> {s:?}");
            spoken.insert(alias);
        }
        assert!(s.aliases().is_sorted(), "{s:?}");
    }
    println!("{} spoken names", spoken.len());
    assert!(spoken.len() >= 150, "{} spoken names", spoken.len());
    let figure = format!("{} spoken names", grouped(spoken.len()));
    assert!(README.contains(&figure), "the README says {figure}");
    for name in [
        "modbus", "zabbix", "tor", "quic", "netbios", "ipsec", "xmpp", "bitcoin", "steam",
    ] {
        assert!(!by_name(name).is_empty(), "{name}");
    }
}

/// The ports of a name, in by_name's order.
fn ports_of(name: &str) -> Vec<(u16, u16)> {
    let found = by_name(name).map(|s| (*s.ports().start(), *s.ports().end()));
    let mut ports: Vec<(u16, u16)> = found.collect();
    ports.dedup();
    ports
}

#[test]
fn a_spoken_name_that_is_also_a_name_adds_the_port_people_mean() {
    assert_eq!(ports_of("irc"), [(194, 194), (6665, 6669)]);
    assert_eq!(ports_of("iscsi"), [(860, 860), (3260, 3260)]);
    assert_eq!(ports_of("otlp"), [(6951, 6951), (4317, 4317), (4318, 4318)]);
    assert_eq!(
        ports_of("winrm"),
        [(47001, 47001), (5985, 5985), (5986, 5986)]
    );
    assert_eq!(
        by_name("irc").next().unwrap().name(),
        "irc",
        "the name's own first"
    );
}

/// The tier at which `port` ranks on `protocol`: the most common service that puts it
/// in the ranked list (see `common_ports`).
fn rank_tier(port: u16, protocol: Protocol) -> Prevalence {
    let ranking = protocol.lookup(port).filter(|s| {
        let (first, last) = (*s.ports().start(), *s.ports().end());
        port == first || last - first < 16
    });
    ranking
        .map(Service::prevalence)
        .min()
        .unwrap_or(Prevalence::Rare)
}

#[test]
fn common_ports_are_every_port_once_in_the_documented_order() {
    for (protocol, at_least) in [(Protocol::Tcp, 1000), (Protocol::Udp, 500)] {
        let list: Vec<u16> = common_ports(protocol).collect();
        let unique: BTreeSet<u16> = list.iter().copied().collect();
        assert_eq!(unique.len(), list.len(), "{protocol}: no repeats");
        assert!(list.len() >= at_least, "{protocol}: {}", list.len());
        let expected: BTreeSet<u16> = (0..=u16::MAX)
            .filter(|&p| {
                let held = protocol.lookup(p);
                held.clone()
                    .any(|s| *s.ports().start() == p && !s.is_wide())
                    || rank_tier(p, protocol) != Prevalence::Rare
            })
            .collect();
        assert_eq!(unique, expected, "{protocol}: every port with a service");
        let tiers: Vec<Prevalence> = list.iter().map(|&p| rank_tier(p, protocol)).collect();
        assert!(tiers.is_sorted(), "{protocol}: by tier");
        let rare = tiers.partition_point(|&t| t != Prevalence::Rare);
        assert!(list[rare..].is_sorted(), "{protocol}: the rest ascending");
        println!("{protocol}: {} ports, {rare} ranked", list.len());
    }
    let top: Vec<u16> = common_ports(Protocol::Tcp).take(5).collect();
    assert_eq!(top, [80, 443, 22, 21, 25]);
    let top: Vec<u16> = common_ports(Protocol::Udp).take(3).collect();
    assert_eq!(top, [53, 123, 1900]);
}

/// One service of each family that the knowledge issue named, on its port and protocol,
/// with its category.
#[test]
fn the_families_tools_meet_are_known() {
    use Category::*;
    use Protocol::{Tcp, Udp};
    for (name, port, protocol, category) in [
        ("http-alt", 8080, Tcp, Web),
        ("http-alt-8081", 8081, Tcp, Web),
        ("vnc-http", 5800, Tcp, RemoteAccess),
        ("teamviewer", 5938, Tcp, RemoteAccess),
        ("anydesk", 7070, Tcp, RemoteAccess),
        ("epmap", 135, Tcp, Rpc),
        ("nlockmgr", 4045, Udp, FileTransfer),
        ("daap", 3689, Tcp, VoiceVideo),
        ("iphone-sync", 62078, Tcp, FileTransfer),
        ("srcds", 27015, Udp, Games),
        ("quake3", 27960, Udp, Games),
        ("mc-bedrock", 19132, Udp, Games),
        ("terraria", 7777, Tcp, Games),
        ("valheim", 2456, Udp, Games),
        ("bittorrent", 6881, Tcp, PeerToPeer),
        ("bitcoin", 8333, Tcp, PeerToPeer),
        ("ethereum", 30303, Tcp, PeerToPeer),
        ("tor-orport", 9001, Tcp, Vpn),
        ("tor-socks", 9050, Tcp, Proxy),
        ("socks", 1080, Tcp, Proxy),
        ("squid", 3128, Tcp, Proxy),
        ("irc", 6667, Tcp, Chat),
        ("xmpp", 5222, Tcp, Chat),
        ("mqtt", 1883, Tcp, Messaging),
        ("vxlan", 4789, Udp, Tunnel),
        ("geneve", 6081, Udp, Tunnel),
        ("snmp", 161, Udp, Monitoring),
        ("netflow", 4739, Udp, Monitoring),
        ("node-exporter", 9100, Tcp, Monitoring),
        ("webmin", 10000, Tcp, Management),
        ("ldap", 389, Tcp, Identity),
        ("kerberos", 88, Udp, Identity),
        ("nessus", 1241, Tcp, Security),
        ("cp-fw1", 256, Tcp, Security),
        ("flex-lm", 27000, Tcp, Licensing),
        ("kms", 1688, Tcp, Licensing),
        ("modbus", 502, Tcp, Industrial),
        ("dnp3", 20000, Tcp, Industrial),
        ("s7", 102, Tcp, Industrial),
        ("bacnet", 47808, Udp, Industrial),
        ("enip", 44818, Tcp, Industrial),
        ("opcua", 4840, Tcp, Industrial),
        ("clickhouse", 9000, Tcp, Database),
        ("neo4j", 7474, Tcp, Database),
        ("jupyter", 8888, Tcp, Development),
        ("otlp", 4317, Tcp, Monitoring),
        ("back-orifice", 31337, Udp, Malware),
        ("netbus", 12345, Tcp, Malware),
        ("subseven", 27374, Tcp, Malware),
        ("trinoo", 27665, Tcp, Malware),
        ("cloudflare-warp", 2408, Udp, Vpn),
        ("doq", 853, Udp, NameResolution),
        ("tailscale", 41641, Udp, Vpn),
    ] {
        let found = by_name(name)
            .find(|s| s.protocol() == protocol && s.ports().contains(&port))
            .unwrap_or_else(|| panic!("{name} {port}/{protocol}"));
        assert_eq!(found.category(), Some(category), "{name}: {found:?}");
    }
}

/// `12345` as `12,345`, as the README writes counts.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The README's data section states what the data holds: these are its tables and
/// figures, derived from the data. A failure prints the text the README should have.
#[test]
fn the_readme_data_tables_are_derived_from_the_data() {
    let mut missing = Vec::new();
    let mut expect = |text: String| {
        if !README.contains(&text) {
            missing.push(text);
        }
    };
    // Records by source, and IANA's by protocol.
    expect(format!("{} service records", grouped(services().len())));
    let by_source = |source: Source| services().filter(move |s| s.source() == source);
    for (source, label) in [
        (Source::Iana, "IANA"),
        (Source::Common, "common use"),
        (Source::Netbase, "netbase"),
    ] {
        expect(format!(
            "| {label} | {} |",
            grouped(by_source(source).count())
        ));
    }
    let iana: Vec<String> = Protocol::ALL
        .iter()
        .map(|&p| {
            let n = by_source(Source::Iana)
                .filter(|s| s.protocol() == p)
                .count();
            format!("{p} {}", grouped(n))
        })
        .collect();
    expect(iana.join(", "));
    // Categories: registrations (a name on a port) and records of each.
    let mut rows = String::from("| category | registrations | records |\n|---|---|---|\n");
    let mut none = (BTreeSet::new(), 0);
    for c in Category::ALL.iter().map(Some).chain([None]) {
        let of: Vec<&Service> = services().filter(|s| s.category() == c.copied()).collect();
        let registrations: BTreeSet<(&str, u16)> =
            of.iter().map(|s| (s.name(), *s.ports().start())).collect();
        match c {
            Some(c) => {
                let (r, n) = (registrations.len(), of.len());
                rows.push_str(&format!("| {c} | {} | {} |\n", grouped(r), grouped(n)));
            }
            None => none = (registrations, of.len()),
        }
    }
    rows.push_str(&format!(
        "| *none* | {} | {} |\n",
        grouped(none.0.len()),
        grouped(none.1)
    ));
    expect(rows);
    // Tiers: records of each, per protocol.
    for tier in Prevalence::ALL {
        let of = services().filter(|s| s.prevalence() == tier);
        let per: Vec<String> = Protocol::ALL
            .iter()
            .map(|&p| grouped(of.clone().filter(|s| s.protocol() == p).count()))
            .collect();
        expect(format!(
            "| {tier} | {} | {} |",
            grouped(of.count()),
            per.join(" | ")
        ));
    }
    // The length of each protocol's common_ports.
    let tcp = common_ports(Protocol::Tcp).count();
    let udp = common_ports(Protocol::Udp).count();
    expect(format!(
        "{} TCP and {} UDP ports",
        grouped(tcp),
        grouped(udp)
    ));
    assert!(
        missing.is_empty(),
        "the README lacks:\n{}",
        missing.join("\n")
    );
}
