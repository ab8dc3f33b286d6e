//! The serde forms: every enum is its lowercase name, and reads back where it can.
#![cfg(feature = "serde")]

use ports_kb::{Category, Os, PortClass, PortStatus, Prevalence, Protocol, Source};
use serde_json::{from_str, to_string};

#[test]
fn every_enum_value_is_its_name_and_reads_back() {
    for p in Protocol::ALL {
        assert_eq!(to_string(&p).unwrap(), format!("\"{}\"", p.as_str()));
        assert_eq!(from_str::<Protocol>(&to_string(&p).unwrap()).unwrap(), p);
    }
    for c in PortClass::ALL {
        assert_eq!(from_str::<PortClass>(&to_string(&c).unwrap()).unwrap(), c);
    }
    for c in Category::ALL {
        assert_eq!(to_string(&c).unwrap(), format!("\"{c}\""));
        assert_eq!(from_str::<Category>(&to_string(&c).unwrap()).unwrap(), c);
    }
    for p in Prevalence::ALL {
        assert_eq!(from_str::<Prevalence>(&to_string(&p).unwrap()).unwrap(), p);
    }
    for os in Os::ALL {
        assert_eq!(from_str::<Os>(&to_string(&os).unwrap()).unwrap(), os);
    }
    for s in Source::ALL {
        assert_eq!(to_string(&s).unwrap(), format!("\"{s}\""));
    }
    assert_eq!(
        to_string(&PortStatus::Unassigned).unwrap(),
        "\"unassigned\""
    );
    let err = from_str::<Category>("\"cloud\"").unwrap_err().to_string();
    assert!(err.contains("cloud") && err.contains("category"), "{err}");
}

#[test]
fn a_service_serializes_with_its_category_and_prevalence() {
    let ssh = ports_kb::lookup(22).next().unwrap();
    let value: serde_json::Value = serde_json::to_value(ssh).unwrap();
    assert_eq!(value["category"], "remote-access");
    assert_eq!(value["prevalence"], "ubiquitous");
    let unknown = ports_kb::services()
        .find(|s| s.category().is_none())
        .unwrap();
    assert!(serde_json::to_value(unknown).unwrap()["category"].is_null());
}
