//! The queries: by port, by name, by protocol, a port's status, and a connection's
//! service. Each reads the indexes and hands out iterators over the static records.

use crate::category::Category;
use crate::class::{classify, PortClass};
use crate::index::{leader, name_group, port_parts, ranked_bounds, reserved_spans, wide_ids};
use crate::iter::{CommonPorts, PortlessNames, Services};
use crate::os::{in_avoidable_range, Os};
use crate::record::{Service, Source};
use crate::tables::{CATEGORY_IDS, CATEGORY_START, PORTLESS, PROTOCOL_IDS, PROTOCOL_START};
use crate::tables::{RANKED, RECORDS};
use crate::Protocol;

/// Every service on `port`, on every protocol, ranges that contain it included.
///
/// The services are sorted by protocol, then source (IANA first), then first port,
/// then name. Then come the wide ranges that hold the port, ranges of hundreds or
/// thousands of ports that software allocates from (Kubernetes' NodePorts, RTP media,
/// Windows' dynamic RPC ports), sorted the same way. A port that no service uses gives
/// an empty iterator.
///
/// ```
/// let names: Vec<_> = ports_kb::lookup(22).map(|s| (s.name(), s.protocol().as_str())).collect();
/// assert_eq!(names, [("ssh", "tcp"), ("ssh", "udp"), ("ssh", "sctp")]);
/// assert!(ports_kb::lookup(6010).any(|s| s.name() == "x11"));
/// // Windows hands out its dynamic RPC ports here: a wide range, after any own service.
/// let high: Vec<_> = ports_kb::lookup(61000).map(|s| s.name()).collect();
/// assert_eq!(high, ["win-rpc-dynamic"]);
/// assert_eq!(ports_kb::lookup(1023).len(), 0);
/// ```
#[inline]
#[must_use]
pub fn lookup(port: u16) -> Services {
    let (covers, records) = port_parts(port);
    Services::with_wide(covers, records, wide_ids(port))
}

/// Every service with this name or spoken alias, ASCII case-insensitively; a space
/// matches a hyphen, so people can type names as they say them.
///
/// A name's own services come first, sorted by port; when the text is also a spoken
/// name for other services (people say "irc" for 6665-6669 as well as IANA's 194),
/// those follow, sorted by port. A product's name finds all of its default ports. An
/// empty or unknown name gives an empty iterator. Names without a port are not
/// services; [`portless_names`] finds them. (Hyphens and underscores stay different:
/// IANA has both `acmaint-dbd` and `acmaint_dbd`.)
///
/// ```
/// let ssh: Vec<_> = ports_kb::by_name("SSH").map(|s| s.ports()).collect();
/// assert_eq!(ssh, [22..=22, 22..=22, 22..=22]);
/// let exporter = ports_kb::by_name("node exporter").next().unwrap();
/// assert_eq!((exporter.name(), exporter.ports()), ("node-exporter", 9100..=9100));
/// let consul: Vec<u16> = ports_kb::by_name("Consul").map(|s| *s.ports().start()).collect();
/// assert!([8300, 8301, 8302, 8500, 8501, 8502, 8503, 8600].iter().all(|p| consul.contains(p)));
/// assert_eq!(ports_kb::by_name("").len(), 0);
/// ```
#[inline]
#[must_use]
pub fn by_name(name: &str) -> Services {
    let group = name_group(name);
    Services::new(group.ids, group.run)
}

/// The registered names without a port that match `name`, ASCII case-insensitively.
///
/// ```
/// assert_eq!(ports_kb::portless_names("airplay").next().unwrap().name(), "airplay");
/// assert_eq!(ports_kb::lookup(0).filter(|s| s.name() == "airplay").count(), 0);
/// ```
#[must_use]
pub fn portless_names(name: &str) -> PortlessNames {
    PortlessNames::new(name_group(name).portless, &[])
}

/// The ports of `protocol`, most commonly met first, each once: a permissively
/// licensed top-ports list for scanners.
///
/// The order is the curated [`Prevalence`](crate::Prevalence) tiers, and within a tier
/// how commonly each service is met (a judgement, not a measured frequency); then
/// every other port with a known service on the protocol, ascending. A range of up to
/// 16 ports counts all its ports; a longer one counts its first; a
/// [wide](crate::Service::is_wide) one counts none.
///
/// For a scanner's `-p` list, take what you need and join with commas:
///
/// ```
/// use ports_kb::{common_ports, Protocol};
/// let top: Vec<String> = common_ports(Protocol::Tcp).take(100).map(|p| p.to_string()).collect();
/// let list = top.join(","); // e.g. `nmap -p "$list"` or `rustscan -p "$list"`
/// assert!(list.starts_with("80,443,22,21,"));
/// assert!(common_ports(Protocol::Udp).take(10).any(|p| p == 53));
/// ```
#[must_use]
pub fn common_ports(protocol: Protocol) -> CommonPorts {
    let p = protocol as usize;
    let ranked = RANKED.get(ranked_bounds(p)).unwrap_or(&[]);
    CommonPorts::new(ranked, protocol.services(), protocol)
}

impl Category {
    /// Every service of this category, sorted by port. Never allocates.
    ///
    /// ```
    /// use ports_kb::Category;
    /// let mail: Vec<_> = Category::Mail.services().map(|s| s.name()).collect();
    /// assert!(mail.contains(&"smtp") && mail.contains(&"imaps"));
    /// assert!(Category::Malware.services().all(|s| s.category() == Some(Category::Malware)));
    /// ```
    #[must_use]
    pub fn services(self) -> Services {
        let c = self as usize - 1;
        let (Some(&start), Some(&end)) = (CATEGORY_START.get(c), CATEGORY_START.get(c + 1)) else {
            return Services::new(&[], &[]);
        };
        let ids = CATEGORY_IDS.get(usize::from(start)..usize::from(end));
        Services::new(ids.unwrap_or(&[]), &[])
    }
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
        let (covers, records) = self.parts(port);
        let wide = protocol_part(wide_ids(port), self, id_protocol);
        Services::with_wide(covers, records, wide)
    }

    /// [`Protocol::lookup`] without the wide ranges: the services of the port itself.
    pub(crate) fn own(self, port: u16) -> Services {
        let (covers, records) = self.parts(port);
        Services::new(covers, records)
    }

    /// The port's own records of this protocol: (by id, contiguous).
    #[inline]
    fn parts(self, port: u16) -> (&'static [u16], &'static [Service]) {
        let (covers, records) = port_parts(port);
        let covers = protocol_part(covers, self, id_protocol);
        (covers, protocol_part(records, self, Service::protocol))
    }
}

/// The protocol of the record with this id.
fn id_protocol(&id: &u16) -> Protocol {
    RECORDS
        .get(usize::from(id))
        .map_or(Protocol::Dccp, Service::protocol)
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
    if protocol.own(port).any(|s| s.source() == Source::Iana) {
        return PortStatus::Assigned;
    }
    let spans = reserved_spans(protocol as usize);
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
/// 2. A port outside the ephemeral ranges of the common client systems
///    ([`Os::AVOIDABLE`], together 32768-65535) beats one inside them: clients are
///    handed such ports. [`Os::guess`] uses one system's range instead.
/// 3. A port's own service beats a [wide range](crate::Service::is_wide) that only
///    holds the port (Kubernetes' NodePorts, an RTP media range): a wide range never
///    outranks a service, and of two the narrower wins. Inside the ephemeral ranges a
///    wide range names nothing: Windows' dynamic RPC range, for one, is every port a
///    client may be handed.
/// 4. The more prevalent service wins ([`Prevalence`](crate::Prevalence)): a known
///    service beats a rare registration that a client port happens to hit.
/// 5. The lower [`PortClass`] wins (System over User over Dynamic), then the lower port.
///
/// The answer is the most prevalent of the port's own services for `protocol`, or else
/// a wide range that holds it. Among services of one tier, it is the one the curated
/// tier lists rank first, as more commonly met (on 8000/tcp, development web servers
/// before Splunk Web and vMotion), and otherwise IANA's.
///
/// ```
/// use ports_kb::{guess, Protocol::{Tcp, Udp}};
/// assert_eq!(guess(51544, 443, Tcp).map(|s| s.name()), Some("https"));
/// assert_eq!(guess(5432, 40000, Tcp).map(|s| s.name()), Some("postgresql"));
/// assert_eq!(guess(38000, 51820, Udp).map(|s| s.name()), Some("wireguard"));
/// assert_eq!(guess(61001, 61002, Tcp), None);
/// ```
#[must_use]
pub fn guess(local_port: u16, remote_port: u16, protocol: Protocol) -> Option<&'static Service> {
    guess_with(local_port, remote_port, protocol, in_avoidable_range)
}

impl Os {
    /// [`guess`], for a connection seen on this system: its own ephemeral range decides
    /// rule 2.
    ///
    /// ```
    /// use ports_kb::{Os, Protocol::Tcp};
    /// // 5000 is in DragonFly's range (1024-5000), so its peer on 5001 is the server.
    /// let server = Os::DragonFly.guess(5000, 5001, Tcp).unwrap();
    /// assert_eq!(*server.ports().start(), 5001);
    /// ```
    #[must_use]
    pub fn guess(
        self,
        local_port: u16,
        remote_port: u16,
        protocol: Protocol,
    ) -> Option<&'static Service> {
        guess_with(local_port, remote_port, protocol, |p| self.is_ephemeral(p))
    }
}

/// The most prevalent of the port's own services for `protocol`: among equals, the one
/// the curated lists rank first, else IANA's; a wide range only when the port has no
/// service of its own, the narrowest.
fn best_on(port: u16, protocol: Protocol) -> Option<&'static Service> {
    if let Some(leader) = leader(port, protocol as u8) {
        return Some(leader);
    }
    let width = |s: &Service| s.is_wide().then(|| s.ports().len());
    protocol
        .lookup(port)
        .min_by_key(|s| (s.is_wide(), s.prevalence(), width(s)))
}

fn guess_with(
    local_port: u16,
    remote_port: u16,
    protocol: Protocol,
    ephemeral: impl Fn(u16) -> bool,
) -> Option<&'static Service> {
    let side = |port: u16| {
        let best = best_on(port, protocol).filter(|s| !(s.is_wide() && ephemeral(port)));
        best.map(|s| (s, port))
    };
    match (side(local_port), side(remote_port)) {
        (Some(local), Some(remote)) => {
            let rank = |(s, port): (&Service, u16)| {
                (
                    ephemeral(port),
                    s.is_wide(),
                    s.prevalence(),
                    classify(port),
                    port,
                )
            };
            Some(if rank(remote) < rank(local) {
                remote.0
            } else {
                local.0
            })
        }
        (known, None) | (None, known) => known.map(|(s, _)| s),
    }
}
