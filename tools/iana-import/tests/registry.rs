//! Every record of IANA's registry, checked against the compiled crate. One miss fails.
//!
//! The registry is the repository's own copy, `data/iana/service-names-port-numbers.xml`.
//! It is required: a missing file fails.

use iana_import::{is_unassigned, parse_registry, Registry, Row};
use ports_kb::{by_name, portless_names, status, PortStatus, Protocol, Service, Source};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The registry, parsed once for all tests.
fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(read_registry)
}

fn read_registry() -> Registry {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/iana/service-names-port-numbers.xml"
    );
    let xml = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_registry(&xml).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn protocols(row: &Row) -> Vec<Protocol> {
    match &row.proto {
        Some(p) => vec![p
            .parse()
            .expect("the importer accepts only the four protocols")],
        None => vec![Protocol::Tcp, Protocol::Udp],
    }
}

/// Misses are collected, so one run reports them all; the test fails on the first.
struct Misses(Vec<String>);

impl Misses {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }

    fn assert_none(self, what: &str) {
        let shown: Vec<_> = self.0.iter().take(20).collect();
        assert!(
            self.0.is_empty(),
            "{} {what} misses, the first: {shown:#?}",
            self.0.len()
        );
    }
}

#[test]
fn every_named_record_with_a_port_is_found_by_port_and_by_name() {
    let registry = registry();
    let mut misses = Misses(Vec::new());
    let (mut rows, mut checked_records, mut checked_ports) = (0, 0, 0);
    let mut expected_records = BTreeSet::new();
    for row in registry
        .rows
        .iter()
        .filter(|r| r.name.is_some() && r.ports.is_some())
    {
        let (name, (first, last)) = (row.name.as_deref().unwrap(), row.ports.unwrap());
        rows += 1;
        for protocol in protocols(row) {
            expected_records.insert((name.to_ascii_lowercase(), first, protocol));
            let is_it = |s: &&Service| {
                s.name() == name && s.protocol() == protocol && s.source() == Source::Iana
            };
            for port in first..=last {
                let found = protocol.lookup(port).find(is_it);
                misses.check(found.is_some_and(|s| s.ports() == (first..=last)), || {
                    format!("{name} {first}-{last}/{protocol}: lookup({port}) gave {found:?}")
                });
                checked_ports += 1;
            }
            let Some(record) = by_name(name).find(|s| is_it(s) && *s.ports().start() == first)
            else {
                misses.check(false, || {
                    format!("{name} {first}/{protocol}: not found by name")
                });
                continue;
            };
            checked_records += 1;
            misses.check(record.protocol_unspecified() == row.proto.is_none(), || {
                format!("{name}: protocol_unspecified")
            });
            misses.check(record.description() == row.description, || {
                format!(
                    "{name} {first}/{protocol}: description {:?} != {:?}",
                    record.description(),
                    row.description
                )
            });
            misses.check(record.reference() == row.reference.as_deref(), || {
                format!("{name} {first}/{protocol}: reference")
            });
            misses.check(
                record.unauthorized_use() == row.unauthorized.as_deref(),
                || format!("{name}: unauthorized use"),
            );
            let shown = |d: Option<ports_kb::Date>| d.map(|d| d.to_string());
            misses.check(shown(record.registered()) == row.registered, || {
                format!("{name} {first}: registered")
            });
            misses.check(shown(record.modified()) == row.modified, || {
                format!("{name} {first}: modified")
            });
        }
    }
    // Nothing extra: the crate's IANA records are exactly the registry's.
    let crate_records: BTreeSet<_> = ports_kb::services()
        .filter(|s| s.source() == Source::Iana)
        .map(|s| {
            (
                s.name().to_ascii_lowercase(),
                *s.ports().start(),
                s.protocol(),
            )
        })
        .collect();
    misses.check(crate_records == expected_records, || {
        let extra: Vec<_> = crate_records
            .difference(&expected_records)
            .take(5)
            .collect();
        let missing: Vec<_> = expected_records
            .difference(&crate_records)
            .take(5)
            .collect();
        format!("IANA records differ: extra {extra:?}, missing {missing:?}")
    });
    println!(
        "registry {}: {rows} named rows with a port -> {checked_records} records checked by name, \
         {checked_ports} (port, protocol) lookups",
        registry.updated
    );
    assert!(rows > 11_000, "the registry looks too small: {rows} rows");
    misses.assert_none("port or name");
}

#[test]
fn every_name_without_a_port_is_found_by_portless_names_only() {
    let registry = registry();
    let mut misses = Misses(Vec::new());
    let mut count = 0;
    let with_ports: BTreeSet<String> = registry
        .rows
        .iter()
        .filter(|r| r.ports.is_some())
        .filter_map(|r| r.name.as_deref().map(str::to_ascii_lowercase))
        .collect();
    for row in registry
        .rows
        .iter()
        .filter(|r| r.name.is_some() && r.ports.is_none())
    {
        let name = row.name.as_deref().unwrap();
        count += 1;
        let protocol: Option<Protocol> = row.proto.as_deref().map(|p| p.parse().unwrap());
        let found = portless_names(name).any(|p| {
            p.name() == name && p.protocol() == protocol && p.description() == row.description
        });
        misses.check(found, || {
            format!("{name} ({protocol:?}): not found by portless_names")
        });
        // A portless name never comes back as an IANA service, unless IANA gives the name
        // ports too. (An alias may share the key: by_name("smb") is microsoft-ds on 445;
        // and common use may have the name: "bittorrent" on 6881-6889.)
        let has_ports = with_ports.contains(&name.to_ascii_lowercase());
        misses.check(
            has_ports
                || by_name(name)
                    .all(|s| s.source() != Source::Iana || !s.name().eq_ignore_ascii_case(name)),
            || format!("{name}: by_name returned an IANA service of that name"),
        );
    }
    println!("{count} names without a port checked");
    assert_eq!(count, ports_kb::all_portless_names().len());
    misses.assert_none("portless");
}

#[test]
fn reserved_and_unassigned_rows_are_reported_by_status() {
    let registry = registry();
    let nameless: Vec<&Row> = registry.rows.iter().filter(|r| r.name.is_none()).collect();
    // A row with a protocol overrides a row without one on that protocol.
    let specific: BTreeSet<(u16, Protocol)> = nameless
        .iter()
        .filter(|r| r.proto.is_some())
        .flat_map(|r| {
            let (first, last) = r.ports.expect("nameless rows have ports");
            let protocol: Protocol = r.proto.as_deref().unwrap().parse().unwrap();
            (first..=last).map(move |p| (p, protocol))
        })
        .collect();
    let mut misses = Misses(Vec::new());
    let (mut reserved, mut unassigned, mut assigned_by_name, mut overridden) = (0, 0, 0, 0);
    for row in nameless {
        let (first, last) = row.ports.expect("nameless rows have ports");
        let want = if is_unassigned(&row.description) {
            PortStatus::Unassigned
        } else {
            PortStatus::Reserved
        };
        for protocol in protocols(row) {
            for port in first..=last {
                if row.proto.is_none() && specific.contains(&(port, protocol)) {
                    overridden += 1;
                    continue;
                }
                let got = status(port, protocol);
                if got == PortStatus::Assigned {
                    // A row without a protocol can sit beside a named record on one protocol.
                    assigned_by_name += 1;
                    misses.check(row.proto.is_none(), || {
                        format!("{port}/{protocol}: {want:?} row, but Assigned")
                    });
                    continue;
                }
                misses.check(got == want, || {
                    format!(
                        "{port}/{protocol} {:?}: {got:?}, want {want:?}",
                        row.description
                    )
                });
                match want {
                    PortStatus::Reserved => reserved += 1,
                    _ => unassigned += 1,
                }
            }
        }
    }
    println!(
        "status: {reserved} Reserved and {unassigned} Unassigned (port, protocol) pairs checked; \
         of the protocol-less rows, {assigned_by_name} pairs are assigned by name and \
         {overridden} overridden by a row with a protocol"
    );
    assert!(
        reserved > 500 && unassigned > 40_000,
        "{reserved} {unassigned}"
    );
    assert!(
        assigned_by_name < 10 && overridden < 10,
        "{assigned_by_name} {overridden}"
    );
    misses.assert_none("status");
}

#[test]
fn status_is_assigned_exactly_where_iana_has_a_record() {
    let registry = registry();
    let mut assigned = BTreeSet::new();
    for row in registry.rows.iter().filter(|r| r.name.is_some()) {
        let Some((first, last)) = row.ports else {
            continue;
        };
        for protocol in protocols(row) {
            assigned.extend((first..=last).map(|p| (p, protocol)));
        }
    }
    let mut misses = Misses(Vec::new());
    for port in 0..=u16::MAX {
        for protocol in Protocol::ALL {
            let got = status(port, protocol);
            let want_assigned = assigned.contains(&(port, protocol));
            let ok = match got {
                PortStatus::Dynamic => port >= 49152,
                PortStatus::Assigned => want_assigned,
                _ => !want_assigned && port < 49152,
            };
            misses.check(ok, || format!("{port}/{protocol}: {got:?}"));
        }
    }
    println!("{} assigned (port, protocol) pairs", assigned.len());
    misses.assert_none("assigned");
}

#[test]
fn the_registry_date_is_the_crate_constant() {
    assert_eq!(registry().updated, ports_kb::REGISTRY_UPDATED);
}
