//! by_name and portless_names never panic on any text, and every service they return
//! is named (or aliased) by that text, ASCII case-insensitively.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let found = ports_kb::by_name(&text);
    assert_eq!(found.len(), found.clone().count());
    for service in found {
        let canonical = text.parse::<ports_kb::ServiceSpec>().expect("a found name parses as a spec");
        assert!(canonical.services().any(|s| std::ptr::eq(s, service)));
    }
    for name in ports_kb::portless_names(&text) {
        assert!(name.name().eq_ignore_ascii_case(&text));
    }
    if data.len() >= 2 {
        let port = u16::from_le_bytes([data[0], data[1]]);
        for p in ports_kb::Protocol::ALL {
            let _ = ports_kb::status(port, p);
            assert!(p.lookup(port).all(|s| s.ports().contains(&port)));
        }
    }
});
