//! Choosing and finding ports: search, free ports, ephemeral ranges, browser-blocked
//! ports, and guessing a connection's service.

use ports_kb::{blocked_by_browsers, by_name, free_ports, guess, search, services, status};
use ports_kb::{Os, PortStatus, Prevalence, Protocol, Service};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

#[allow(dead_code, unused_imports)]
#[path = "../build/catalog.rs"]
mod catalog;

/// A service's texts, lowercase: its name and spoken names, its label and title, and its
/// description. Made once, for every service in `services()` order.
struct Texts {
    names: Vec<String>,
    labels: Vec<String>,
    #[cfg(feature = "descriptions")]
    description: String,
}

fn texts() -> &'static [Texts] {
    static TEXTS: OnceLock<Vec<Texts>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        services()
            .map(|s| Texts {
                names: std::iter::once(s.name())
                    .chain(s.aliases())
                    .map(str::to_ascii_lowercase)
                    .collect(),
                labels: [s.label(), s.title()]
                    .into_iter()
                    .flatten()
                    .map(str::to_ascii_lowercase)
                    .collect(),
                #[cfg(feature = "descriptions")]
                description: s.description().to_ascii_lowercase(),
            })
            .collect()
    })
}

/// The rank of a service for a query, as `search` documents it, computed the obvious
/// way with lowercase copies: 1 found by `by_name`, 2 prefix of the name or an alias,
/// 3 inside, 4 label or title, 5 description.
fn reference_rank(t: &Texts, query: &str, exact: bool) -> Option<u8> {
    if exact {
        return Some(1);
    }
    let q = query.to_ascii_lowercase();
    let name_rank = t
        .names
        .iter()
        .filter_map(|n| {
            if *n == q {
                Some(1)
            } else if n.starts_with(&q) {
                Some(2)
            } else {
                n.contains(&q).then_some(3)
            }
        })
        .min();
    if name_rank.is_some() {
        return name_rank;
    }
    if t.labels.iter().any(|l| l.contains(&q)) {
        return Some(4);
    }
    #[cfg(feature = "descriptions")]
    if t.description.contains(&q) {
        return Some(5);
    }
    None
}

/// What `search` must return: every matching service once, by rank, then prevalence,
/// then by_name's order for exact matches and the crate's order for the rest.
fn reference_search(query: &str) -> Vec<&'static Service> {
    if query.is_empty() {
        return Vec::new();
    }
    let exact: Vec<&Service> = by_name(query).collect();
    let position = |s: &Service| exact.iter().position(|&e| e == s).unwrap_or(0);
    let mut found: Vec<(u8, Prevalence, usize, &'static Service)> = services()
        .zip(texts())
        .filter_map(|(s, t)| {
            let rank = reference_rank(t, query, exact.contains(&s))?;
            // By by_name's order among exact matches, and the crate's for the rest.
            let position = if rank == 1 { position(s) } else { 0 };
            Some((rank, s.prevalence(), position, s))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(.., s)| s).collect()
}

#[test]
fn search_matches_the_documented_ranking_exactly() {
    let list = include_str!("fragments.txt");
    let queries: Vec<&str> = list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert!(queries.len() >= 100);
    for query in queries {
        let got: Vec<&Service> = search(query).collect();
        assert_eq!(got, reference_search(query), "search({query:?})");
    }
}

/// Every spoken name, label and title, as written and in capitals, is a query whose
/// results are exactly the reference's: these are the texts that `search` ranks once per
/// query rather than once per service.
#[test]
fn search_ranks_every_spoken_name_label_and_title_as_documented() {
    let queries: BTreeSet<String> = texts()
        .iter()
        .flat_map(|t| t.names.iter().skip(1).chain(&t.labels))
        .flat_map(|q| [q.clone(), q.to_ascii_uppercase()])
        .collect();
    assert!(queries.len() > 1000, "{}", queries.len());
    for query in &queries {
        let got: Vec<&Service> = search(query).collect();
        assert_eq!(got, reference_search(query), "search({query:?})");
    }
}

#[test]
fn search_finds_fragments_of_names_labels_and_titles() {
    let first = |q: &str| search(q).next().map(Service::name);
    assert_eq!(first("kube-sched"), Some("kube-scheduler"), "a name prefix");
    assert_eq!(first("apiserver"), Some("kube-apiserver"), "inside a name");
    assert_eq!(first("Secure Shell"), Some("ssh"), "a title");
    assert_eq!(first("smtps"), Some("submissions"), "a spoken name");
    assert!(
        search("Relay Chat").any(|s| s.name() == "irc"),
        "a title fragment"
    );
    #[cfg(feature = "descriptions")]
    assert!(
        search("Network Time").any(|s| s.name() == "ntp"),
        "a description"
    );
    // The misses: each now finds what people mean.
    for (query, port) in [("kube", 6443), ("zabbix", 10050), ("quic", 443)] {
        assert!(search(query).any(|s| s.ports().contains(&port)), "{query}");
    }
}

#[test]
fn search_gives_each_service_once_and_refuses_hostile_input() {
    for query in ["a", "e", "s", "1", "-"] {
        let found: Vec<*const Service> = search(query).map(|s| s as *const _).collect();
        let unique: BTreeSet<*const Service> = found.iter().copied().collect();
        assert_eq!(found.len(), unique.len(), "{query}: no repeats");
        assert!(found.len() > 100, "{query}");
    }
    let huge = "a".repeat(1 << 20);
    let over = "a".repeat(256);
    for hostile in ["", "\0", "ssh\0", "ß", "日本語", "\u{1F600}", &huge, &over] {
        assert_eq!(search(hostile).count(), 0, "{hostile:.20?}");
    }
}

/// The Fetch standard's bad ports, as of its 2025-08-11 change (port 0); the 2024
/// change added 4190 and 6679.
const FETCH_BAD_PORTS: [u16; 83] = [
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

#[test]
fn blocked_by_browsers_is_the_fetch_list_whole() {
    let blocked: Vec<u16> = (0..=u16::MAX).filter(|&p| blocked_by_browsers(p)).collect();
    assert_eq!(blocked, FETCH_BAD_PORTS);
}

#[test]
fn ephemeral_ranges_are_each_systems_default() {
    let expected = [
        (Os::Linux, 32768, 60999),
        (Os::Android, 32768, 60999),
        (Os::Windows, 49152, 65535),
        (Os::MacOs, 49152, 65535),
        (Os::Ios, 49152, 65535),
        (Os::FreeBsd, 10000, 65535),
        (Os::OpenBsd, 1024, 49151),
        (Os::NetBsd, 49152, 65535),
        (Os::DragonFly, 1024, 5000),
        (Os::Illumos, 32768, 65535),
        (Os::Iana, 49152, 65535),
    ];
    let listed: Vec<Os> = expected.iter().map(|&(os, ..)| os).collect();
    assert_eq!(listed, Os::ALL);
    for (os, first, last) in expected {
        assert_eq!(os.ephemeral_ports(), first..=last, "{os}");
        assert_eq!(os.to_string().parse(), Ok(os));
        assert_eq!(os.as_str().to_ascii_uppercase().parse(), Ok(os));
    }
    assert_eq!("solaris".parse(), Ok(Os::Illumos));
    assert!("beos".parse::<Os>().is_err());
    // Together, the avoidable ranges are exactly 32768-65535.
    let avoided: Vec<u16> = (0..=u16::MAX)
        .filter(|&p| Os::AVOIDABLE.iter().any(|os| os.is_ephemeral(p)))
        .collect();
    assert_eq!(avoided, (32768..=65535).collect::<Vec<u16>>());
}

/// Checked over every port and protocol: a port is offered exactly when it keeps every
/// documented rule.
#[test]
fn free_ports_keep_every_rule_over_all_ports() {
    for protocol in Protocol::ALL {
        let offered: BTreeSet<u16> = free_ports(0..=u16::MAX, protocol).collect();
        for port in 0..=u16::MAX {
            let rules = [
                ("not a System port", port >= 1024),
                (
                    "unassigned",
                    status(port, protocol) == PortStatus::Unassigned,
                ),
                ("no known use", protocol.lookup(port).all(|s| s.is_wide())),
                ("no browser block", !blocked_by_browsers(port)),
                (
                    "outside the avoidable ephemeral ranges",
                    Os::AVOIDABLE.iter().all(|os| !os.is_ephemeral(port)),
                ),
            ];
            let keeps = rules.iter().all(|&(_, kept)| kept);
            assert_eq!(
                offered.contains(&port),
                keeps,
                "{port}/{protocol}: {rules:?}"
            );
            assert_eq!(
                ports_kb::why_not_free(port, protocol).is_none(),
                keeps,
                "{port}"
            );
        }
        println!("{protocol}: {} free ports", offered.len());
    }
    let near_8000: Vec<u16> = free_ports(8000..=8100, Protocol::Tcp).collect();
    for taken in [8000, 8008, 8080, 8081, 8088] {
        assert!(!near_8000.contains(&taken), "{taken}");
    }
    assert!(near_8000.is_sorted() && !near_8000.is_empty());
    assert_eq!(
        free_ports(std::ops::RangeInclusive::new(9000, 8000), Protocol::Tcp).count(),
        0,
        "an empty range"
    );
    // Collisions that projects shipped: netdata's 19999 is registered, tusd's 1080 is SOCKS.
    assert_eq!(free_ports(19999..=19999, Protocol::Tcp).count(), 0);
    assert_eq!(free_ports(1080..=1080, Protocol::Tcp).count(), 0);
}

/// Realistic connections, (local, remote, protocol, the server's service).
#[test]
fn guess_names_the_server_of_realistic_connections() {
    use Protocol::{Tcp, Udp};
    let cases: [(u16, u16, Protocol, &str); 32] = [
        // Linux clients (32768-60999) to servers on low and high ports.
        (41234, 443, Tcp, "https"),
        (35000, 22, Tcp, "ssh"),
        (52000, 5432, Tcp, "postgresql"),
        (45678, 3306, Tcp, "mysql"),
        (33000, 6443, Tcp, "kube-apiserver"),
        (40001, 8080, Tcp, "http-alt"),
        (58000, 6379, Tcp, "redis"),
        (37000, 27017, Tcp, "mongodb"),
        (44444, 53, Udp, "domain"),
        (39000, 9200, Tcp, "elasticsearch"),
        // Windows clients (49152-65535).
        (49700, 445, Tcp, "microsoft-ds"),
        (50123, 3389, Tcp, "ms-wbt-server"),
        (51000, 88, Tcp, "kerberos"),
        (62000, 389, Tcp, "ldap"),
        (49200, 1433, Tcp, "ms-sql-s"),
        (55000, 5985, Tcp, "wsman"),
        (60000, 25565, Tcp, "minecraft"),
        (49152, 135, Tcp, "epmap"),
        // The same, seen from the server's side.
        (443, 41234, Tcp, "https"),
        (3389, 50123, Tcp, "ms-wbt-server"),
        // WireGuard and Tailscale servers on high ports.
        (38000, 51820, Udp, "wireguard"),
        (51820, 61000, Udp, "wireguard"),
        (41641, 45000, Udp, "tailscale"),
        (50505, 41641, Udp, "tailscale"),
        // Peer-to-peer flows on the same port.
        (123, 123, Udp, "ntp"),
        (5353, 5353, Udp, "mdns"),
        (500, 500, Udp, "isakmp"),
        (1900, 1900, Udp, "ssdp"),
        // A client whose port hits a rare registration, to a known server.
        (40000, 5432, Tcp, "postgresql"),
        (33434, 443, Tcp, "https"),
        (50000, 7001, Tcp, "weblogic"),
        (36865, 25, Tcp, "smtp"),
    ];
    for (local, remote, protocol, server) in cases {
        let found = guess(local, remote, protocol).map(Service::name);
        assert_eq!(found, Some(server), "{local} <-> {remote}/{protocol}");
    }
    assert_eq!(guess(61001, 61002, Tcp), None);
    // On one system, its own range decides: 5000 is DragonFly's client range.
    let dragonfly = Os::DragonFly.guess(5000, 5001, Tcp).unwrap();
    assert_eq!(*dragonfly.ports().start(), 5001);
}

/// Where several of a port's own services share the best tier, `guess` names the one the
/// `[prevalence]` lists of `ports.toml` name first: checked on every such port.
#[test]
fn guess_breaks_ties_by_the_curated_order() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ports.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let catalog = catalog::parse("ports.toml", &text, catalog::FileKind::Main).unwrap();
    // (name, first port, protocol code) -> position in the lists.
    let mut position = BTreeMap::new();
    for (i, &id) in catalog.ranked.iter().flatten().enumerate() {
        let r = &catalog.records[id];
        position
            .entry((r.name.clone(), r.first, r.proto))
            .or_insert(i);
    }
    let code = |p: Protocol| Protocol::ALL.iter().position(|&q| q == p).unwrap() as u8;
    let mut contested = 0;
    for protocol in Protocol::ALL {
        for port in 0..=u16::MAX {
            let own: Vec<&Service> = protocol.lookup(port).filter(|s| !s.is_wide()).collect();
            let Some(best) = own.iter().map(|s| s.prevalence()).min() else {
                continue;
            };
            let tied: Vec<&Service> = own.into_iter().filter(|s| s.prevalence() == best).collect();
            if best == Prevalence::Rare || tied.len() < 2 {
                continue;
            }
            let rank = |s: &&Service| {
                position[&(s.name().to_owned(), *s.ports().start(), code(s.protocol()))]
            };
            let expected = *tied.iter().min_by_key(|s| rank(s)).unwrap();
            let found = guess(61001, port, protocol).unwrap();
            assert_eq!(found, expected, "{port}/{protocol}: {tied:?}");
            contested += 1;
        }
    }
    assert!(contested > 100, "{contested}");
    assert_eq!(
        guess(51544, 8000, Protocol::Tcp).unwrap().name(),
        "http-dev"
    );
}
