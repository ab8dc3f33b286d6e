//! Reading what the user typed: specs (`22`, `ssh`, `22/tcp`, `6000-6063/tcp`) and
//! port ranges (`8000-9000`), with messages that name the input and say what is accepted.

use ports_kb::{by_name, lookup, search, Service, ServiceSpec};
use std::collections::BTreeSet;
use std::ops::RangeInclusive;

/// The services a spec denotes. A range means every service on any of its ports.
pub fn services(spec: &str) -> Result<Vec<&'static Service>, String> {
    let parsed: ServiceSpec = match spec.parse() {
        Ok(parsed) => parsed,
        // An unknown name is not an input error: it finds nothing, with a hint.
        Err(ports_kb::ParseSpecError::UnknownName(_)) => return Ok(Vec::new()),
        Err(e) => return Err(format!("{e}; a spec is a port (22), a name (ssh), port/protocol (22/tcp) or a range (6000-6063/tcp)")),
    };
    let Some(ports) = parsed.ports().filter(|r| r.start() != r.end()) else {
        return Ok(parsed.services().collect());
    };
    let protocol = parsed.protocol();
    let mut found = BTreeSet::new();
    for port in ports {
        let on_port = lookup(port).filter(|s| protocol.is_none_or(|p| s.protocol() == p));
        found.extend(on_port);
    }
    Ok(found.into_iter().collect())
}

/// A hint for a spec that found nothing: what `search` would find.
pub fn hint(spec: &str) -> String {
    let name = spec.split('/').next().unwrap_or(spec);
    if name.bytes().all(|b| b.is_ascii_digit() || b == b'-') || !by_name(name).is_empty() {
        return String::new();
    }
    let similar: Vec<&str> = search(name).take(5).map(Service::name).collect();
    if similar.is_empty() {
        return String::new();
    }
    format!(
        "; did you mean {}? (ports search {name})",
        similar.join(", ")
    )
}

/// A port range `8000-9000`, or one port `8000`.
pub fn port_range(text: &str) -> Result<RangeInclusive<u16>, String> {
    let expected = "expected a port range such as 8000-9000, or one port, within 0-65535";
    let port = |s: &str| {
        s.trim()
            .parse::<u16>()
            .map_err(|_| format!("{text:?}: {s:?} is not a port; {expected}"))
    };
    let (first, last) = match text.split_once('-') {
        Some((a, b)) => (port(a)?, port(b)?),
        None => {
            let p = port(text)?;
            (p, p)
        }
    };
    if first > last {
        return Err(format!("{text:?} is reversed; {expected}"));
    }
    Ok(first..=last)
}
