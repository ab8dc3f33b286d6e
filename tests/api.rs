//! The public API, checked exhaustively against simple references built from `services()`.

use ports_kb::{
    by_name, classify, lookup, services, PortClass, Protocol, Service, Services, Source,
};
use std::collections::{BTreeMap, BTreeSet};

#[allow(dead_code, unused_imports)]
#[path = "../build/catalog.rs"]
mod catalog;

/// The names of the products in `ports.toml`, lowercase: `by_name` finds them too.
fn product_names() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ports.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let catalog = catalog::parse("ports.toml", &text, catalog::FileKind::Main).unwrap();
    let names = catalog
        .products
        .into_iter()
        .flat_map(|p| p.names.into_iter().chain([p.name]));
    names.map(|name| name.to_ascii_lowercase()).collect()
}

/// The documented order of `lookup(port)`: the port's own services by protocol, source
/// (IANA first), first port and name; then the wide ranges that hold it, in that order.
fn lookup_key(s: &Service) -> (bool, Protocol, Source, u16, &'static str) {
    (
        s.is_wide(),
        s.protocol(),
        s.source(),
        *s.ports().start(),
        s.name(),
    )
}

/// For every port, the records whose range holds it: the reference for `lookup`.
fn reference_by_port() -> Vec<Vec<&'static Service>> {
    let mut by_port = vec![Vec::new(); 65536];
    for s in services() {
        for p in s.ports() {
            by_port[usize::from(p)].push(s);
        }
    }
    for list in &mut by_port {
        list.sort_by_key(|s| lookup_key(s));
    }
    by_port
}

fn same(a: impl Iterator<Item = &'static Service>, b: &[&'static Service]) -> bool {
    let a: Vec<_> = a.collect();
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| std::ptr::eq(*x, *y))
}

#[test]
fn every_port_matches_the_reference_on_every_protocol() {
    let reference = reference_by_port();
    let mut ports_with_services = 0;
    for port in 0..=u16::MAX {
        let expected = &reference[usize::from(port)];
        let found = lookup(port);
        assert_eq!(found.len(), expected.len(), "lookup({port}) length");
        assert!(
            same(found.clone(), expected),
            "lookup({port}) gave {found:?}, expected {expected:?}"
        );
        assert!(found.clone().all(|s| s.ports().contains(&port)));
        for protocol in Protocol::ALL {
            let expected: Vec<_> = expected
                .iter()
                .copied()
                .filter(|s| s.protocol() == protocol)
                .collect();
            assert!(
                same(protocol.lookup(port), &expected),
                "{protocol}.lookup({port})"
            );
        }
        ports_with_services += usize::from(!expected.is_empty());
    }
    // The registry names services on about 6,100 ports; the count only guards against an empty index.
    assert!(
        ports_with_services > 6000,
        "{ports_with_services} ports have services"
    );
}

/// The 21 ports of the origin table, with IANA's names and the protocols the note meant.
const ORIGIN: [(u16, &str, &[Protocol]); 21] = {
    use Protocol::{Tcp, Udp};
    [
        (20, "ftp-data", &[Tcp]),
        (21, "ftp", &[Tcp]),
        (22, "ssh", &[Tcp]),
        (23, "telnet", &[Tcp]),
        (25, "smtp", &[Tcp]),
        (53, "domain", &[Tcp, Udp]),
        (80, "http", &[Tcp]),
        (109, "pop2", &[Tcp]),
        (110, "pop3", &[Tcp]),
        (111, "sunrpc", &[Tcp, Udp]),
        (123, "ntp", &[Udp]),
        (143, "imap", &[Tcp]),
        (161, "snmp", &[Udp]),
        (162, "snmptrap", &[Udp]),
        (220, "imap3", &[Tcp]),
        (443, "https", &[Tcp]),
        (445, "microsoft-ds", &[Tcp]),
        (990, "ftps", &[Tcp]),
        (992, "telnets", &[Tcp]),
        (993, "imaps", &[Tcp]),
        (995, "pop3s", &[Tcp]),
    ]
};

#[test]
fn the_origin_table_is_there_with_its_corrections() {
    for (port, name, protocols) in ORIGIN {
        let found: Vec<_> = lookup(port).filter(|s| s.name() == name).collect();
        for &p in protocols {
            assert!(
                found.iter().any(|s| s.protocol() == p),
                "{name} {port}/{p} is missing: {found:?}"
            );
        }
        assert!(
            found
                .iter()
                .all(|s| s.source() == Source::Iana && s.label().is_some()),
            "{found:?}"
        );
        assert_eq!(classify(port), PortClass::System);
    }
    #[cfg(feature = "descriptions")]
    assert_eq!(
        by_name("ntp").next().unwrap().description(),
        "Network Time Protocol"
    );
    assert_eq!(lookup(445).next().unwrap().label(), Some("SMB"));
}

#[test]
fn classify_at_every_boundary_and_every_port() {
    for (port, class) in [
        (0, PortClass::System),
        (1023, PortClass::System),
        (1024, PortClass::User),
        (49151, PortClass::User),
        (49152, PortClass::Dynamic),
        (65535, PortClass::Dynamic),
    ] {
        assert_eq!(classify(port), class, "{port}");
    }
    for port in 0..=u16::MAX {
        let class = classify(port);
        assert!(class.range().contains(&port));
        assert_eq!(
            PortClass::ALL
                .iter()
                .filter(|c| c.range().contains(&port))
                .count(),
            1
        );
    }
}

#[test]
fn names_are_case_insensitive_and_find_every_record() {
    let mut by_lowercase: BTreeMap<String, BTreeSet<*const Service>> = BTreeMap::new();
    for s in services() {
        by_lowercase
            .entry(s.name().to_ascii_lowercase())
            .or_default()
            .insert(s);
    }
    for (lower, expected) in &by_lowercase {
        for spelling in [lower.clone(), lower.to_ascii_uppercase(), mixed_case(lower)] {
            // The name's own records come first; a name that is also a spoken name for
            // other services (irc, iscsi) gives theirs after.
            let found: Vec<&Service> = by_name(&spelling).collect();
            let (own, more) = found.split_at(expected.len().min(found.len()));
            let own: BTreeSet<*const Service> = own.iter().map(|&s| s as *const _).collect();
            assert_eq!(&own, expected, "by_name({spelling:?})");
            assert!(
                found[..own.len()].is_sorted(),
                "by_name({spelling:?}) by port"
            );
            assert!(
                more.iter().all(|s| !s.name().eq_ignore_ascii_case(lower)),
                "by_name({spelling:?}) repeats its own records"
            );
        }
    }
    for unknown in [
        "",
        "no-such-service",
        "ssh ",
        " ssh",
        "ssh\0",
        "ß",
        &"x".repeat(1 << 20),
    ] {
        assert_eq!(by_name(unknown).len(), 0, "{unknown:.20?}");
    }
}

/// Every name, alias and product name, against the queries nearest to it: one byte
/// shorter or longer, its last or first byte changed, a NUL inside or after it, padded
/// with NULs to the longest key. `by_name` finds a query exactly when it is, ASCII case
/// aside and with spaces for hyphens, one of those: a near miss never borrows the records
/// of the key it resembles.
#[test]
fn by_name_finds_exactly_the_names_and_aliases() {
    let mut known: BTreeSet<String> = services()
        .flat_map(|s| std::iter::once(s.name()).chain(s.aliases()))
        .map(str::to_ascii_lowercase)
        .collect();
    known.extend(product_names());
    let mut checked = 0;
    for key in &known {
        let bytes = key.as_bytes();
        let mut near: Vec<Vec<u8>> = vec![
            bytes[..bytes.len() - 1].to_vec(),
            [bytes, b"\0"].concat(),
            [bytes, &[0; 40][..32usize.saturating_sub(bytes.len())]].concat(),
            [b"\0", bytes].concat(),
        ];
        for b in (b'0'..=b'9').chain(b'a'..=b'z').chain(*b"-_.+/@`[{ ") {
            near.push([bytes, &[b]].concat());
            let mut last = bytes.to_vec();
            *last.last_mut().unwrap() = b;
            near.push(last);
            let mut first = bytes.to_vec();
            first[0] = b;
            near.push(first);
        }
        for query in near {
            let query = String::from_utf8(query).unwrap();
            let expected = known.contains(&query.to_ascii_lowercase().replace(' ', "-"));
            assert_eq!(
                !by_name(&query).is_empty(),
                expected,
                "{query:?} near {key:?}"
            );
            let upper = query.to_ascii_uppercase();
            assert_eq!(
                !by_name(&upper).is_empty(),
                expected,
                "{upper:?} near {key:?}"
            );
            checked += 2;
        }
    }
    assert!(checked > 100 * known.len(), "{checked}");
}

fn mixed_case(s: &str) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn aliases_find_their_service() {
    let dns: Vec<_> = by_name("DNS").map(|s| (s.name(), s.protocol())).collect();
    assert_eq!(dns, [("domain", Protocol::Tcp), ("domain", Protocol::Udp)]);
    // "smb" is the Windows file-sharing family: SMB on 445, and NetBIOS on 137-139.
    let smb: BTreeSet<_> = by_name("smb").map(|s| s.name()).collect();
    let family = ["microsoft-ds", "netbios-dgm", "netbios-ns", "netbios-ssn"];
    assert_eq!(smb, family.into());
    // "smb" is also IANA's DNS-SD name without a port: that stays a separate lookup.
    assert_eq!(
        ports_kb::portless_names("smb").next().unwrap().name(),
        "smb"
    );
}

#[test]
fn everything_is_sorted_and_unique() {
    let all: Vec<_> = services().collect();
    assert!(
        all.windows(2).all(|w| w[0] < w[1]),
        "services() is strictly increasing"
    );
    for p in Protocol::ALL {
        let mine: Vec<_> = p.services().collect();
        let expected: Vec<_> = all.iter().copied().filter(|s| s.protocol() == p).collect();
        assert!(same(mine.iter().copied(), &expected), "{p}.services()");
    }
    for name in ["ssh", "msp", "x11"] {
        let found: Vec<_> = by_name(name).collect();
        assert!(
            !found.is_empty() && found.windows(2).all(|w| w[0] < w[1]),
            "by_name({name})"
        );
    }
}

fn check_sizes(what: &str, mut it: Services) {
    let mut expected = it.clone().count();
    let mut back = false;
    loop {
        assert_eq!(it.size_hint(), (expected, Some(expected)), "{what}");
        assert_eq!(it.len(), expected, "{what}");
        // Alternate ends, so both ends are counted.
        let next = if back { it.next_back() } else { it.next() };
        back = !back;
        if next.is_none() {
            assert_eq!(expected, 0, "{what}");
            assert!(
                it.next().is_none() && it.next_back().is_none(),
                "{what} is fused"
            );
            break;
        }
        expected -= 1;
    }
}

#[test]
fn size_hints_are_exact() {
    check_sizes("services()", services());
    for p in Protocol::ALL {
        check_sizes("protocol services", p.services());
    }
    for port in [0, 22, 53, 80, 6010, 27005, 65535] {
        check_sizes("lookup", lookup(port));
        check_sizes("protocol lookup", Protocol::Udp.lookup(port));
    }
    for name in ["ssh", "SMB", "dns", "", "x11"] {
        check_sizes("by_name", by_name(name));
    }
}

#[test]
fn reverse_iteration_is_the_same_list_backwards() {
    for port in [22, 6010, 4250] {
        let forward: Vec<_> = lookup(port).collect();
        let mut backward: Vec<_> = lookup(port).rev().collect();
        backward.reverse();
        assert!(same(forward.into_iter(), &backward));
    }
}

#[test]
fn display_and_debug() {
    let ssh = Protocol::Tcp.lookup(22).next().unwrap();
    let x11 = Protocol::Tcp
        .lookup(6000)
        .find(|s| s.name() == "x11")
        .unwrap();
    if cfg!(feature = "descriptions") {
        assert_eq!(
            ssh.to_string(),
            "ssh 22/tcp: The Secure Shell (SSH) Protocol"
        );
        assert_eq!(x11.to_string(), "x11 6000-6063/tcp: X Window System");
    } else {
        assert_eq!(ssh.to_string(), "ssh 22/tcp");
        assert_eq!(x11.to_string(), "x11 6000-6063/tcp");
    }
    assert!(format!("{ssh:?}").contains("\"ssh\""));
    assert!(format!("{:?}", lookup(22)).starts_with('['));
    assert_eq!(format!("{:>5}|", Protocol::Tcp), "  tcp|");
}

#[test]
fn protocol_parses_case_insensitively_and_round_trips() {
    for p in Protocol::ALL {
        assert_eq!(p.to_string().parse::<Protocol>(), Ok(p));
        assert_eq!(p.as_str().to_ascii_uppercase().parse::<Protocol>(), Ok(p));
    }
    for bad in ["", "tpc", "tcp ", "ip", "TCP/IP"] {
        assert!(bad.parse::<Protocol>().is_err(), "{bad:?}");
    }
}

#[test]
fn public_types_are_send_sync_static() {
    fn check<T: Send + Sync + 'static>() {}
    check::<Protocol>();
    check::<PortClass>();
    check::<Service>();
    check::<Services>();
    check::<ports_kb::PortlessName>();
    check::<ports_kb::PortlessNames>();
    check::<ports_kb::PortStatus>();
    check::<ports_kb::ParseProtocolError>();
    check::<ports_kb::ParsePortClassError>();
    check::<ports_kb::ServiceSpec>();
    check::<ports_kb::SpecServices>();
    check::<ports_kb::ParseSpecError>();
    check::<ports_kb::SpecText>();
    check::<ports_kb::Source>();
}

#[test]
fn every_port_on_every_protocol_through_every_function() {
    use ports_kb::{guess, status, PortStatus, ServiceSpec};
    use std::net::{Ipv6Addr, SocketAddr};
    let mut statuses = [0usize; 4];
    for port in 0..=u16::MAX {
        assert!(lookup(port).eq(Services::from(SocketAddr::from((
            Ipv6Addr::LOCALHOST,
            port
        )))));
        let spec: ServiceSpec = port.to_string().parse().unwrap();
        assert!(spec.services().eq(lookup(port)), "{port}");
        for protocol in Protocol::ALL {
            let status = status(port, protocol);
            statuses[match status {
                PortStatus::Assigned => 0,
                PortStatus::Reserved => 1,
                PortStatus::Unassigned => 2,
                _ => 3,
            }] += 1;
            assert_eq!(status == PortStatus::Dynamic, port >= 49152);
            for other in [0, 443, 50000, port.wrapping_add(1)] {
                if let Some(s) = guess(port, other, protocol) {
                    assert!(s.ports().contains(&port) || s.ports().contains(&other));
                    assert_eq!(s.protocol(), protocol);
                }
            }
            let spec: ServiceSpec = format!("{port}/{protocol}").parse().unwrap();
            assert!(
                spec.services().eq(protocol.lookup(port)),
                "{port}/{protocol}"
            );
        }
    }
    assert!(statuses.iter().all(|&n| n > 0), "{statuses:?}");
}
