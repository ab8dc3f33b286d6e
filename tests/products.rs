//! Products by the names people say: every name of every product in `ports.toml` finds
//! every port the product lists, so that no product is ever half entered; a space typed
//! for a hyphen finds the same; and `free_ports` offers none of a product's ports.

#[allow(dead_code, unused_imports)]
#[path = "../build/catalog.rs"]
mod catalog;

use ports_kb::{by_name, free_ports, why_not_free, Protocol, Service};
use std::collections::BTreeSet;

fn catalog() -> catalog::Catalog {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ports.toml")).unwrap();
    catalog::parse("ports.toml", &text, catalog::FileKind::Main).unwrap()
}

/// A record as the build holds it and as the crate answers it: (name, first port,
/// protocol).
type Key = (String, u16, String);

fn key_of(s: &Service) -> Key {
    (
        s.name().to_owned(),
        *s.ports().start(),
        s.protocol().to_string(),
    )
}

#[test]
fn every_name_of_every_product_finds_every_port_it_lists() {
    let catalog = catalog();
    assert!(
        catalog.products.len() >= 100,
        "{} products",
        catalog.products.len()
    );
    let (mut names, mut ports) = (0, Vec::new());
    for product in &catalog.products {
        let listed: BTreeSet<Key> = product
            .ids
            .iter()
            .map(|&id| {
                let r = &catalog.records[id];
                let protocol = catalog::layout::PROTOCOLS[usize::from(r.proto)];
                (r.name.clone(), r.first, protocol.to_owned())
            })
            .collect();
        ports.push(listed.len());
        for name in std::iter::once(&product.name).chain(&product.names) {
            names += 1;
            // As written, in capitals, and with spaces where it has hyphens.
            let spoken = name.replace('-', " ");
            for query in [name.clone(), name.to_uppercase(), spoken] {
                let found: BTreeSet<Key> = by_name(&query).map(key_of).collect();
                let missing: Vec<&Key> = listed.difference(&found).collect();
                assert!(
                    missing.is_empty(),
                    "{query:?} ({}) misses {missing:?}",
                    product.name
                );
            }
        }
    }
    ports.sort_unstable();
    let total: usize = ports.iter().sum();
    let (median, most) = (ports[ports.len() / 2], ports[ports.len() - 1]);
    let products = catalog.products.len();
    println!("{products} products, {names} names, {total} records: median {median}, most {most}");
}

/// The examples of the products issue, and the rest of their family: each product's
/// documented default ports.
#[test]
fn products_find_their_default_ports() {
    use Protocol::{Tcp, Udp};
    let expect: &[(&str, &[(u16, Protocol)])] = &[
        (
            "consul",
            &[
                (8300, Tcp),
                (8301, Tcp),
                (8301, Udp),
                (8302, Tcp),
                (8302, Udp),
                (8500, Tcp),
                (8501, Tcp),
                (8502, Tcp),
                (8503, Tcp),
                (8600, Tcp),
                (8600, Udp),
            ],
        ),
        ("neo4j", &[(7474, Tcp), (7473, Tcp), (7687, Tcp)]),
        ("elasticsearch", &[(9200, Tcp), (9300, Tcp)]),
        ("kafka", &[(9092, Tcp), (9093, Tcp)]),
        (
            "rabbitmq",
            &[
                (5672, Tcp),
                (5671, Tcp),
                (15672, Tcp),
                (25672, Tcp),
                (4369, Tcp),
            ],
        ),
        ("mongodb", &[(27017, Tcp), (27018, Tcp), (27019, Tcp)]),
        ("docker", &[(2375, Tcp), (2376, Tcp)]),
        ("mqtt", &[(1883, Tcp), (8883, Tcp)]),
        (
            "netflow",
            &[(2055, Udp), (9995, Udp), (9996, Udp), (4739, Udp)],
        ),
        ("sql server", &[(1433, Tcp), (1434, Udp)]),
        (
            "active directory",
            &[(88, Tcp), (389, Tcp), (445, Tcp), (3268, Tcp)],
        ),
        ("node exporter", &[(9100, Tcp)]),
    ];
    for (name, ports) in expect {
        let found: BTreeSet<(u16, Protocol)> = by_name(name)
            .flat_map(|s| s.ports().map(move |p| (p, s.protocol())))
            .collect();
        for port in *ports {
            assert!(
                found.contains(port),
                "{name}: {port:?} missing from {found:?}"
            );
        }
    }
}

/// `free_ports` never offers a port a product listens on by default. (The wide ranges
/// that software allocates from do not count: see `free_ports`.)
#[test]
fn free_ports_offers_no_products_port() {
    let catalog = catalog();
    let mut checked = 0;
    for product in &catalog.products {
        for &id in &product.ids {
            let r = &catalog.records[id];
            if r.wide {
                continue;
            }
            let protocol: Protocol = catalog::layout::PROTOCOLS[usize::from(r.proto)]
                .parse()
                .unwrap();
            for port in r.first..=r.last {
                checked += 1;
                assert!(
                    why_not_free(port, protocol).is_some(),
                    "{} {port}/{protocol} ({}) is offered as free",
                    r.name,
                    product.name
                );
            }
            let offered: Vec<u16> = free_ports(r.first..=r.last, protocol).collect();
            assert!(offered.is_empty(), "{}: {offered:?}", r.name);
        }
    }
    println!("{checked} product ports, none free");
}
