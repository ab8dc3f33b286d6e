//! Protocol and PortClass parsing never panics, and what parses prints back to an
//! equal value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ports_kb::{PortClass, Protocol};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = text.parse::<Protocol>() {
        assert_eq!(p.to_string().parse::<Protocol>(), Ok(p));
        assert!(text.eq_ignore_ascii_case(p.as_str()));
    }
    if let Ok(class) = text.parse::<PortClass>() {
        assert_eq!(class.to_string().parse::<PortClass>(), Ok(class));
    }
});
