//! Wide ranges (`Service::is_wide`): Kubernetes' NodePorts, Windows' dynamic RPC ports,
//! RTP media ranges. Checked over every port they hold: `lookup` lists them last, `guess`
//! and `common_ports` never put them above a port's own services, and `free_ports` does
//! not count them, as each documents.

use ports_kb::{common_ports, free_ports, guess, lookup, services, Os, Protocol, Service};
use std::collections::BTreeSet;

fn wide() -> Vec<&'static Service> {
    services().filter(|s| s.is_wide()).collect()
}

#[test]
fn the_wide_ranges_people_meet_are_there() {
    let find = |name: &str| wide().into_iter().find(|s| s.name() == name);
    let nodeports = find("kube-nodeport").unwrap();
    assert_eq!(nodeports.ports(), 30000..=32767);
    assert_eq!(find("win-rpc-dynamic").unwrap().ports(), 49152..=65535);
    assert!(find("asterisk-rtp").is_some() && find("steam-game").is_some());
    for s in wide() {
        assert!(s.ports().len() > 64, "{s:?}");
        assert_eq!(s.source(), ports_kb::Source::Common, "{s:?}");
    }
    assert!(wide().len() >= 15, "{}", wide().len());
}

#[test]
fn lookup_lists_them_after_the_ports_own_services() {
    let mut checked = 0;
    for s in wide() {
        for port in s.ports() {
            let found: Vec<&Service> = lookup(port).collect();
            let first_wide = found.iter().position(|s| s.is_wide()).unwrap();
            assert!(
                found[first_wide..].iter().all(|s| s.is_wide()),
                "{port}: {found:?}"
            );
            assert!(found.contains(&s), "{port}");
            checked += 1;
        }
    }
    assert!(checked > 50_000, "{checked}");
}

#[test]
fn guess_never_puts_them_above_a_service_or_on_a_client_port() {
    for s in wide() {
        let protocol = s.protocol();
        for port in s.ports() {
            let own = protocol.lookup(port).find(|s| !s.is_wide());
            // Against a port with no service, either way round.
            for (a, b) in [(port, 61001), (61001, port)] {
                let found = guess(a, b, protocol);
                match own {
                    Some(own) => assert!(!found.unwrap().is_wide(), "{port}: {own:?}"),
                    None if Os::AVOIDABLE.iter().any(|os| os.is_ephemeral(port)) => {
                        assert_eq!(found, None, "{port}/{protocol}: a client port")
                    }
                    None => assert!(found.is_some_and(Service::is_wide), "{port}"),
                }
            }
        }
    }
    // A NodePort service, seen from a client on an ephemeral port.
    let nodeport = guess(51000, 30080, Protocol::Tcp).unwrap();
    assert_eq!(nodeport.name(), "kube-nodeport");
    // Against a known service, the service wins.
    assert_eq!(guess(30080, 443, Protocol::Tcp).unwrap().name(), "https");
}

#[test]
fn common_ports_and_free_ports_do_not_count_them() {
    for protocol in [Protocol::Tcp, Protocol::Udp] {
        let listed: BTreeSet<u16> = common_ports(protocol).collect();
        let free: BTreeSet<u16> = free_ports(1024..=u16::MAX, protocol).collect();
        let mut offered = 0;
        for s in wide().into_iter().filter(|s| s.protocol() == protocol) {
            for port in s.ports() {
                let own = protocol.lookup(port).any(|s| !s.is_wide());
                if !own {
                    assert!(
                        !listed.contains(&port),
                        "{port}/{protocol} listed for {s:?}"
                    );
                }
                offered += usize::from(free.contains(&port));
            }
        }
        // Ports inside wide ranges stay free when nothing else holds them.
        assert!(offered > 1000, "{protocol}: {offered}");
    }
}
