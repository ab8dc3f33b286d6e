//! The queries: by port, by name, by protocol, a port's status, and a connection's
//! service. Each reads the indexes and hands out iterators over the static records.

use crate::class::{classify, PortClass};
use crate::index::{name_group, port_parts};
use crate::iter::{PortlessNames, Services};
use crate::record::{Service, Source};
use crate::tables::{PORTLESS, PROTOCOL_IDS, PROTOCOL_START, RECORDS, RESERVED, RESERVED_START};
use crate::Protocol;

/// Every service on `port`, on every protocol, ranges that contain it included.
///
/// The services are sorted by protocol, then source (IANA first), then first port,
/// then name. A port that no service uses gives an empty iterator.
///
/// ```
/// let names: Vec<_> = ports_kb::lookup(22).map(|s| (s.name(), s.protocol().as_str())).collect();
/// assert_eq!(names, [("ssh", "tcp"), ("ssh", "udp"), ("ssh", "sctp")]);
/// assert!(ports_kb::lookup(6010).any(|s| s.name() == "x11"));
/// assert_eq!(ports_kb::lookup(61000).len(), 0);
/// ```
#[inline]
#[must_use]
pub fn lookup(port: u16) -> Services {
    let (covers, records) = port_parts(port);
    Services::new(covers, records)
}

/// Every service with this name or alias, ASCII case-insensitively, sorted by port.
///
/// An empty or unknown name gives an empty iterator. Names without a port are not
/// services; [`portless_names`] finds them.
///
/// ```
/// let ssh: Vec<_> = ports_kb::by_name("SSH").map(|s| s.ports()).collect();
/// assert_eq!(ssh, [22..=22, 22..=22, 22..=22]);
/// assert_eq!(ports_kb::by_name("").len(), 0);
/// ```
#[inline]
#[must_use]
pub fn by_name(name: &str) -> Services {
    Services::new(name_group(name).0, &[])
}

/// The registered names without a port that match `name`, ASCII case-insensitively.
///
/// ```
/// assert_eq!(ports_kb::portless_names("airplay").next().unwrap().name(), "airplay");
/// assert_eq!(ports_kb::lookup(0).filter(|s| s.name() == "airplay").count(), 0);
/// ```
#[must_use]
pub fn portless_names(name: &str) -> PortlessNames {
    PortlessNames::new(name_group(name).1, &[])
}

/// Every service, sorted by first port, then protocol, source and name.
///
/// ```
/// let all = ports_kb::services();
/// assert!(all.len() > 10_000);
/// assert!(all.clone().is_sorted());
/// ```
#[inline]
#[must_use]
pub fn services() -> Services {
    Services::new(&[], &RECORDS)
}

/// Every registered name without a port, sorted by name.
///
/// ```
/// assert!(ports_kb::all_portless_names().len() > 1000);
/// ```
#[must_use]
pub fn all_portless_names() -> PortlessNames {
    PortlessNames::new(&[], &PORTLESS)
}

impl Protocol {
    /// This protocol's services, sorted by port.
    ///
    /// ```
    /// use ports_kb::Protocol;
    /// assert!(Protocol::Dccp.services().all(|s| s.protocol() == Protocol::Dccp));
    /// assert_eq!(Protocol::Tcp.services().next().unwrap().name(), "tcpmux");
    /// ```
    #[inline]
    #[must_use]
    pub fn services(self) -> Services {
        let p = self as usize;
        let start = usize::from(PROTOCOL_START[p]);
        let end = usize::from(PROTOCOL_START[p + 1]);
        Services::new(PROTOCOL_IDS.get(start..end).unwrap_or(&[]), &[])
    }

    /// The services on `port` with this protocol, in the order of [`lookup`].
    ///
    /// ```
    /// use ports_kb::Protocol;
    /// let dns: Vec<_> = Protocol::Udp.lookup(53).map(|s| s.name()).collect();
    /// assert_eq!(dns, ["domain"]);
    /// ```
    #[inline]
    #[must_use]
    pub fn lookup(self, port: u16) -> Services {
        let (covers, records) = port_parts(port);
        let covers = protocol_part(covers, self, |&id| RECORDS[usize::from(id)].protocol());
        let records = protocol_part(records, self, Service::protocol);
        Services::new(covers, records)
    }
}

/// The part of `items` (sorted by protocol) that has protocol `p`.
fn protocol_part<T>(items: &[T], p: Protocol, protocol: impl Fn(&T) -> Protocol) -> &[T] {
    let start = items.partition_point(|item| protocol(item) < p);
    let end = items.partition_point(|item| protocol(item) <= p);
    &items[start..end]
}

/// What IANA says of a (port, protocol), per RFC 6335 section 6.
///
/// ```
/// use ports_kb::{status, PortStatus, Protocol};
/// assert_eq!(status(22, Protocol::Tcp), PortStatus::Assigned);
/// assert_eq!(status(60000, Protocol::Tcp), PortStatus::Dynamic);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum PortStatus {
    /// IANA has assigned the port to at least one service on this protocol.
    Assigned,
    /// IANA reserves the port; do not use it for a new service. Rows IANA marks
    /// "Reserved", and de-registered or removed ports, count here.
    Reserved,
    /// Free for IANA to assign: nothing is registered on this protocol.
    Unassigned,
    /// 49152-65535: never assigned, for dynamic, private or ephemeral use.
    Dynamic,
}

/// Is this (port, protocol) assigned, reserved, unassigned, or dynamic?
///
/// The question a user asks when choosing a port for a new service. Only IANA's
/// records count as assignments: a port that common software uses but IANA has not
/// assigned is `Unassigned` here, even though [`lookup`] knows the software.
///
/// ```
/// use ports_kb::{status, PortStatus, Protocol};
/// assert_eq!(status(443, Protocol::Tcp), PortStatus::Assigned);
/// assert_eq!(status(0, Protocol::Tcp), PortStatus::Reserved);
/// assert_eq!(status(49152, Protocol::Udp), PortStatus::Dynamic);
/// ```
#[must_use]
pub fn status(port: u16, protocol: Protocol) -> PortStatus {
    if classify(port) == PortClass::Dynamic {
        return PortStatus::Dynamic;
    }
    if protocol.lookup(port).any(|s| s.source() == Source::Iana) {
        return PortStatus::Assigned;
    }
    let p = protocol as usize;
    let spans = RESERVED
        .get(usize::from(RESERVED_START[p])..usize::from(RESERVED_START[p + 1]))
        .unwrap_or(&[]);
    let after = spans.partition_point(|&(first, _)| first <= port);
    match after.checked_sub(1).map(|i| spans[i]) {
        Some((_, last)) if port <= last => PortStatus::Reserved,
        _ => PortStatus::Unassigned,
    }
}

/// Names the service of a connection between `local_port` and `remote_port`, as a
/// netstat-style tool must: which side is the server?
///
/// The rule, in order:
/// 1. A side with a known service beats a side without one.
/// 2. Between two known sides, the lower [`PortClass`] wins (System over User over
///    Dynamic), so an ephemeral port is never picked while the other side is known.
/// 3. In the same class, the lower port wins (servers sit low; clients are handed
///    high ports).
///
/// The answer is the first service on the chosen port for `protocol`: IANA's first.
///
/// ```
/// use ports_kb::{guess, Protocol::Tcp};
/// assert_eq!(guess(51544, 443, Tcp).map(|s| s.name()), Some("https"));
/// assert_eq!(guess(5432, 40000, Tcp).map(|s| s.name()), Some("postgresql"));
/// assert_eq!(guess(2049, 1023, Tcp).map(|s| s.name()), Some("nfs"));
/// assert_eq!(guess(50001, 50002, Tcp), None);
/// ```
#[must_use]
pub fn guess(local_port: u16, remote_port: u16, protocol: Protocol) -> Option<&'static Service> {
    let local = protocol.lookup(local_port).next();
    let remote = protocol.lookup(remote_port).next();
    match (local, remote) {
        (Some(l), Some(r)) => {
            let rank = |port: u16| (classify(port), port);
            Some(if rank(remote_port) < rank(local_port) {
                r
            } else {
                l
            })
        }
        (known, None) | (None, known) => known,
    }
}
