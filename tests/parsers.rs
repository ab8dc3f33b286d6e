//! Property tests for every parser: Display then parse round-trips, arbitrary input
//! never panics, and an accepted spec denotes exactly the services the API returns.

use ports_kb::{by_name, lookup, services, PortClass, Protocol, Service, ServiceSpec};
use proptest::prelude::*;

fn protocol() -> impl Strategy<Value = Protocol> {
    prop::sample::select(Protocol::ALL.to_vec())
}

fn known_name() -> impl Strategy<Value = &'static str> {
    let mut names: Vec<&'static str> = services().map(Service::name).collect();
    names.sort_unstable();
    names.dedup();
    prop::sample::select(names)
}

/// Specs as people write them: ports, ranges, names and aliases, any case, any protocol.
fn spec_text() -> impl Strategy<Value = String> {
    let target = prop_oneof![
        any::<u16>().prop_map(|p| p.to_string()),
        (any::<u16>(), any::<u16>()).prop_map(|(a, b)| format!("{}-{}", a.min(b), a.max(b))),
        known_name().prop_map(str::to_owned),
        known_name().prop_map(str::to_ascii_uppercase),
        prop::sample::select(vec!["dns", "SMB", "postgres", "rdp", "doq"]).prop_map(str::to_owned),
    ];
    (target, prop::option::of(protocol()), any::<bool>()).prop_map(|(target, protocol, upper)| {
        match protocol {
            Some(p) if upper => format!("{target}/{}", p.as_str().to_ascii_uppercase()),
            Some(p) => format!("{target}/{p}"),
            None => target,
        }
    })
}

/// What a spec denotes, computed from the public API alone.
fn reference(spec: &ServiceSpec) -> Vec<&'static Service> {
    let on_protocol = |s: &&Service| spec.protocol().is_none_or(|p| s.protocol() == p);
    match (spec.ports(), spec.name()) {
        (Some(ports), _) if ports.start() == ports.end() => {
            lookup(*ports.start()).filter(on_protocol).collect()
        }
        (Some(ports), _) => services()
            .filter(|s| s.ports() == ports)
            .filter(on_protocol)
            .collect(),
        (None, Some(name)) => by_name(name).filter(on_protocol).collect(),
        (None, None) => unreachable!("a spec is ports or a name"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn protocol_round_trips(p in protocol(), upper in any::<bool>()) {
        let text = if upper { p.as_str().to_ascii_uppercase() } else { p.to_string() };
        prop_assert_eq!(text.parse::<Protocol>(), Ok(p));
    }

    #[test]
    fn port_class_round_trips(class in prop::sample::select(PortClass::ALL.to_vec())) {
        prop_assert_eq!(class.to_string().parse::<PortClass>(), Ok(class));
        prop_assert_eq!(class.common_name().parse::<PortClass>(), Ok(class));
        prop_assert_eq!(class.rfc_name().to_ascii_uppercase().parse::<PortClass>(), Ok(class));
    }

    #[test]
    fn spec_display_parses_back_equal(text in spec_text()) {
        let spec: ServiceSpec = text.parse().unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let again: ServiceSpec = spec.to_string().parse().unwrap();
        prop_assert_eq!(&again, &spec);
        prop_assert_eq!(again.to_string(), spec.to_string());
    }

    #[test]
    fn accepted_specs_denote_what_the_api_returns(text in spec_text()) {
        let spec: ServiceSpec = text.parse().unwrap();
        let found: Vec<&Service> = spec.services().collect();
        let expected = reference(&spec);
        prop_assert_eq!(found.len(), expected.len(), "{}", text);
        prop_assert!(found.iter().zip(&expected).all(|(a, b)| std::ptr::eq(*a, *b)), "{}", text);
        let mut backwards: Vec<&Service> = spec.services().rev().collect();
        backwards.reverse();
        prop_assert!(backwards.iter().zip(&found).all(|(a, b)| std::ptr::eq(*a, *b)));
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = text.parse::<Protocol>();
        let _ = text.parse::<PortClass>();
        if let Ok(spec) = text.parse::<ServiceSpec>() {
            // Whatever parses denotes what the API returns, and round-trips.
            prop_assert_eq!(spec.services().count(), reference(&spec).len());
            prop_assert_eq!(spec.to_string().parse::<ServiceSpec>().ok(), Some(spec));
        }
        let _ = by_name(&text).count();
        let _ = ports_kb::portless_names(&text).count();
    }

    #[test]
    fn spec_like_text_never_panics(text in "[0-9a-zA-Z/ \\-+._*]{0,40}") {
        if let Ok(spec) = text.parse::<ServiceSpec>() {
            prop_assert_eq!(spec.services().count(), reference(&spec).len());
        } else {
            // Every error explains itself.
            prop_assert!(!text.parse::<ServiceSpec>().unwrap_err().to_string().is_empty());
        }
    }
}

#[test]
fn spec_errors_say_what_was_wrong_and_what_is_accepted() {
    let error = |s: &str| s.parse::<ServiceSpec>().unwrap_err().to_string();
    assert_eq!(
        error(""),
        "empty spec: expected a port (22), a range (6000-6063), or a name (ssh), optionally with /tcp, /udp, /sctp or /dccp"
    );
    assert_eq!(
        error("70000"),
        "\"70000\" is not a port: ports are whole numbers from 0 to 65535"
    );
    assert_eq!(
        error("6063-6000/tcp"),
        "6063-6000 is reversed: the first port must not be above the last"
    );
    assert_eq!(
        error("abc/xyz"),
        "unknown protocol \"xyz\": expected tcp, udp, sctp or dccp"
    );
    assert_eq!(
        error("no-such-service"),
        "unknown service name \"no-such-service\": not in the IANA registry or the crate's common names"
    );
    let long = "x".repeat(100);
    assert_eq!(
        error(&long),
        format!(
            "unknown service name \"{}…\": not in the IANA registry or the crate's common names",
            "x".repeat(32)
        )
    );
    assert_eq!(error("/tcp"), error(""));
}

#[test]
fn names_with_a_slash_or_a_leading_digit_parse_as_names() {
    for name in ["914c/g", "3com-tsmux", "whois++", "z39.50"] {
        let spec: ServiceSpec = name.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(spec.name(), Some(name));
        assert!(spec.services().count() > 0, "{name}");
        let on_tcp: ServiceSpec = format!("{name}/tcp").parse().unwrap();
        assert_eq!(on_tcp.protocol(), Some(Protocol::Tcp));
    }
}
