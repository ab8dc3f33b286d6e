//! ServiceSpec::from_str never panics; what parses round-trips and denotes services
//! that hold its ports or carry its name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ports_kb::ServiceSpec;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(spec) = text.parse::<ServiceSpec>() else { return };
    let again: ServiceSpec = spec.to_string().parse().expect("Display output parses");
    assert_eq!(again, spec);
    for service in spec.services() {
        if let Some(ports) = spec.ports() {
            assert!(service.ports().contains(ports.start()));
        }
        if let Some(p) = spec.protocol() {
            assert_eq!(service.protocol(), p);
        }
    }
});
