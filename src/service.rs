//! Service records and the iterator over them.

use crate::tables::{about, text, LowerKey, COVER_IDS, NAME_IDS, PORTLESS, RANGE_LAST, RECORDS};
use crate::Protocol;
use core::cmp::Ordering;
use core::fmt;
use core::iter::FusedIterator;
use core::ops::RangeInclusive;
use core::slice;

/// One service on one port (or range of ports) and one protocol: a `'static` record.
///
/// The fields are packed integers pointing into one string table; read them through the
/// methods. Records are only ever handed out as `&'static Service`.
///
/// ```
/// let ssh = ports_kb::Protocol::Tcp.lookup(22).next().unwrap();
/// assert_eq!(ssh.name(), "ssh");
/// assert_eq!(ssh.ports(), 22..=22);
/// #[cfg(feature = "descriptions")]
/// assert_eq!(ssh.to_string(), "ssh 22/tcp: The Secure Shell (SSH) Protocol");
/// ```
#[derive(PartialEq, Eq, Hash)]
pub struct Service(
    pub(crate) u16,
    // The name word, high and low halves: offset:20 | len:5 | protocol:2 | source:2 | flags:3.
    // u16 halves keep the record at 10 bytes (alignment 2).
    pub(crate) [u16; 2],
    // The description word: offset:20 | len:8.
    #[cfg(feature = "descriptions")] pub(crate) [u16; 2],
);

/// Flag bit: IANA gave no protocol.
const PROTOCOL_UNSPECIFIED: u32 = 1;
/// Flag bit: the record holds a range; its last port is in `RANGE_LAST`.
const RANGE: u32 = 2;

#[inline]
fn word(halves: [u16; 2]) -> u32 {
    (u32::from(halves[0]) << 16) | u32::from(halves[1])
}

/// Where a record's knowledge comes from.
///
/// ```
/// use ports_kb::Source;
/// let ssh = ports_kb::by_name("ssh").next().unwrap();
/// assert_eq!(ssh.source(), Source::Iana);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
#[non_exhaustive]
pub enum Source {
    /// IANA's Service Name and Transport Protocol Port Number Registry.
    Iana,
    /// Debian's netbase `/etc/services`, for a name IANA does not have on that port
    /// (for example `kerberos4` on 750/tcp).
    Netbase,
    /// Common use that IANA does not record (for example WireGuard on 51820/udp).
    Common,
    /// Added at build time from the file named by `PORTS_KB_EXTRA`.
    Local,
}

impl Service {
    /// The service name, as its source spells it (IANA's case is kept: `CAIlic`).
    ///
    /// ```
    /// assert_eq!(ports_kb::lookup(443).next().unwrap().name(), "https");
    /// ```
    #[inline]
    #[must_use]
    pub fn name(&self) -> &'static str {
        text(word(self.1) >> 7, 5)
    }

    /// The ports it holds: `22..=22` for one port, `6000..=6063` for X11.
    ///
    /// ```
    /// let x11 = ports_kb::by_name("x11").next().unwrap();
    /// assert_eq!(x11.ports(), 6000..=6063);
    /// ```
    #[must_use]
    pub fn ports(&self) -> RangeInclusive<u16> {
        self.0..=self.last_port()
    }

    fn last_port(&self) -> u16 {
        if word(self.1) & RANGE == 0 {
            return self.0;
        }
        let index = self.index();
        match RANGE_LAST.binary_search_by_key(&index, |&(id, _)| usize::from(id)) {
            Ok(i) => RANGE_LAST[i].1,
            Err(_) => self.0,
        }
    }

    /// The transport protocol.
    ///
    /// ```
    /// use ports_kb::Protocol;
    /// let snmp = ports_kb::by_name("snmp").find(|s| s.protocol() == Protocol::Udp);
    /// assert_eq!(snmp.unwrap().ports(), 161..=161);
    /// ```
    #[inline]
    #[must_use]
    pub fn protocol(&self) -> Protocol {
        Protocol::from_bits(word(self.1) >> 5)
    }

    /// The description: IANA's text with white space folded, or this crate's own words
    /// for common-use records. Can be empty.
    ///
    /// ```
    /// let ntp = ports_kb::by_name("ntp").next().unwrap();
    /// assert_eq!(ntp.description(), "Network Time Protocol");
    /// ```
    #[cfg(feature = "descriptions")]
    #[cfg_attr(docsrs, doc(cfg(feature = "descriptions")))]
    #[must_use]
    pub fn description(&self) -> &'static str {
        text(word(self.2), 8)
    }

    /// Where the record comes from.
    ///
    /// ```
    /// use ports_kb::Source;
    /// assert_eq!(ports_kb::lookup(22).next().unwrap().source(), Source::Iana);
    /// ```
    #[inline]
    #[must_use]
    pub fn source(&self) -> Source {
        match (word(self.1) >> 3) & 3 {
            0 => Source::Iana,
            1 => Source::Netbase,
            2 => Source::Common,
            _ => Source::Local,
        }
    }

    /// A short display label, where people say something other than the service name:
    /// "DNS" for `domain`, "SMB" for `microsoft-ds`.
    ///
    /// ```
    /// let smb = ports_kb::lookup(445).next().unwrap();
    /// assert_eq!(smb.name(), "microsoft-ds");
    /// assert_eq!(smb.label(), Some("SMB"));
    /// ```
    #[must_use]
    pub fn label(&self) -> Option<&'static str> {
        about(self.name()).and_then(|a| a.label)
    }

    /// The long form of the name, where one is commonly said: "Secure Shell" for `ssh`,
    /// "File Transfer Protocol, data" for `ftp-data`.
    ///
    /// ```
    /// let ssh = ports_kb::lookup(22).next().unwrap();
    /// assert_eq!(ssh.title(), Some("Secure Shell"));
    /// ```
    #[must_use]
    pub fn title(&self) -> Option<&'static str> {
        about(self.name()).and_then(|a| a.title)
    }

    /// The other of a plain / implicit-TLS pair on the same protocol: `ftps` for `ftp`,
    /// `ftp` for `ftps`, `submissions` (465) for `smtp`.
    ///
    /// ```
    /// use ports_kb::Protocol;
    /// let imap = Protocol::Tcp.lookup(143).next().unwrap();
    /// assert_eq!(imap.twin().map(|s| s.name()), Some("imaps"));
    /// assert_eq!(imap.twin().unwrap().twin().map(|s| s.name()), Some("imap"));
    /// ```
    #[must_use]
    pub fn twin(&self) -> Option<&'static Service> {
        let twin = about(self.name())?.twin?;
        crate::by_name(twin).find(|s| s.protocol() == self.protocol())
    }

    /// The implicit-TLS variant of a plain service: `https` for `http`. `None` for a
    /// service that is already TLS, or has no such twin.
    ///
    /// ```
    /// let http = ports_kb::Protocol::Tcp.lookup(80).next().unwrap();
    /// assert_eq!(http.tls_variant().map(|s| s.ports()), Some(443..=443));
    /// assert!(http.tls_variant().unwrap().tls_variant().is_none());
    /// ```
    #[must_use]
    pub fn tls_variant(&self) -> Option<&'static Service> {
        self.twin().filter(|_| !self.implicit_tls())
    }

    /// The plain variant of an implicit-TLS service: `pop3` for `pop3s`.
    ///
    /// ```
    /// let pop3s = ports_kb::Protocol::Tcp.lookup(995).next().unwrap();
    /// assert_eq!(pop3s.plain_variant().map(|s| s.name()), Some("pop3"));
    /// ```
    #[must_use]
    pub fn plain_variant(&self) -> Option<&'static Service> {
        self.twin().filter(|_| self.implicit_tls())
    }

    /// True when the service speaks TLS from the first byte (`https`, `imaps`), rather
    /// than in the clear or after STARTTLS.
    ///
    /// ```
    /// assert!(ports_kb::by_name("https").next().unwrap().implicit_tls());
    /// assert!(!ports_kb::by_name("smtp").next().unwrap().implicit_tls());
    /// ```
    #[must_use]
    pub fn implicit_tls(&self) -> bool {
        about(self.name()).is_some_and(|a| a.implicit_tls)
    }

    /// True when the protocol is historic: its RFC has been moved to Historic status
    /// (POP2, RFC 937; IMAP3, RFC 1203). A UI can mark such services.
    ///
    /// ```
    /// assert!(ports_kb::by_name("pop2").next().unwrap().historic());
    /// assert!(!ports_kb::by_name("pop3").next().unwrap().historic());
    /// ```
    #[must_use]
    pub fn historic(&self) -> bool {
        about(self.name()).is_some_and(|a| a.historic)
    }

    /// True when IANA lists the port with no protocol (for example `flex-lm` 27000-27009).
    /// Such a registration is for the port on TCP and UDP alike, so the crate holds one
    /// record for each.
    ///
    /// ```
    /// let flex = ports_kb::by_name("flex-lm").next().unwrap();
    /// assert!(flex.protocol_unspecified());
    /// assert!(!ports_kb::by_name("ssh").next().unwrap().protocol_unspecified());
    /// ```
    #[must_use]
    pub fn protocol_unspecified(&self) -> bool {
        word(self.1) & PROTOCOL_UNSPECIFIED != 0
    }

    /// The position in [`services()`](crate::services): unique, in sort order.
    pub(crate) fn index(&self) -> usize {
        // Records exist only inside RECORDS (no constructor, no Clone), so the address tells.
        (self as *const Service as usize - RECORDS.as_ptr() as usize)
            / core::mem::size_of::<Service>()
    }

    fn sort_key(&self) -> (u16, Protocol, Source, &'static str) {
        (self.0, self.protocol(), self.source(), self.name())
    }
}

impl PartialOrd for Service {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Service {
    /// The crate's order: first port, protocol, source (IANA first), then name.
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl fmt::Display for Service {
    /// `ssh 22/tcp: The Secure Shell (SSH) Protocol`, or `x11 6000-6063/tcp: X Window System`.
    /// Without the `descriptions` feature, or with an empty description, it stops after the protocol.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.name(), self.0)?;
        let last = self.last_port();
        if last != self.0 {
            write!(f, "-{last}")?;
        }
        write!(f, "/{}", self.protocol())?;
        #[cfg(feature = "descriptions")]
        if !self.description().is_empty() {
            write!(f, ": {}", self.description())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Service")
            .field("name", &self.name())
            .field("ports", &self.ports())
            .field("protocol", &self.protocol())
            .field("source", &self.source())
            .finish()
    }
}

#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl serde::Serialize for Service {
    /// A map: `name`, `ports` (`[first, last]`), `protocol`, `source`, `label`,
    /// `description` (with the `descriptions` feature) and `implicit_tls`.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// let ssh = ports_kb::lookup(22).next().unwrap();
    /// let json = serde_json::to_string(ssh).unwrap();
    /// assert!(json.starts_with(r#"{"name":"ssh","ports":[22,22],"protocol":"tcp","source":"iana""#));
    /// # }
    /// ```
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Service", 7)?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("ports", &(*self.ports().start(), *self.ports().end()))?;
        s.serialize_field("protocol", &self.protocol())?;
        s.serialize_field("source", &self.source())?;
        s.serialize_field("label", &self.label())?;
        #[cfg(feature = "descriptions")]
        s.serialize_field("description", self.description())?;
        s.serialize_field("implicit_tls", &self.implicit_tls())?;
        s.end()
    }
}

impl From<core::net::SocketAddr> for Services {
    /// Every service on the address's port, as [`lookup`](crate::lookup) gives.
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// let addr: SocketAddr = "192.0.2.1:443".parse().unwrap();
    /// let services = ports_kb::Services::from(addr);
    /// assert_eq!(services.map(|s| s.name()).next(), Some("https"));
    /// ```
    fn from(addr: core::net::SocketAddr) -> Services {
        crate::lookup(addr.port())
    }
}

impl From<&'static Service> for &'static str {
    /// The service name.
    ///
    /// ```
    /// let name: &str = ports_kb::lookup(22).next().unwrap().into();
    /// assert_eq!(name, "ssh");
    /// ```
    fn from(service: &'static Service) -> &'static str {
        service.name()
    }
}

/// An iterator over `&'static Service`: what [`lookup`](crate::lookup),
/// [`by_name`](crate::by_name), [`services`](crate::services) and
/// [`Protocol::services`] return.
///
/// It knows its exact length, runs both ways, and never allocates.
///
/// ```
/// let on_53 = ports_kb::lookup(53);
/// assert_eq!(on_53.len(), 2); // domain, tcp and udp
/// assert_eq!(on_53.clone().rev().next().unwrap().protocol(), ports_kb::Protocol::Udp);
/// ```
#[derive(Clone)]
pub struct Services {
    /// Records named by index, yielded first.
    ids: slice::Iter<'static, u16>,
    /// Records that are contiguous in the sorted array, yielded after.
    records: slice::Iter<'static, Service>,
}

impl Services {
    #[inline]
    pub(crate) fn new(ids: &'static [u16], records: &'static [Service]) -> Services {
        Services {
            ids: ids.iter(),
            records: records.iter(),
        }
    }

    /// True when there is nothing left to yield.
    ///
    /// ```
    /// assert!(ports_kb::by_name("no-such-service").is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Iterator for Services {
    type Item = &'static Service;

    #[inline]
    fn next(&mut self) -> Option<&'static Service> {
        match self.ids.next() {
            Some(&id) => RECORDS.get(usize::from(id)),
            None => self.records.next(),
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.ids.len() + self.records.len();
        (len, Some(len))
    }

    /// Folds each part in a tight loop of its own; `sum`, `count`, `for_each` and
    /// `collect` go through here.
    #[inline]
    fn fold<B, F: FnMut(B, &'static Service) -> B>(self, init: B, mut f: F) -> B {
        let init = self
            .ids
            .fold(init, |acc, &id| match RECORDS.get(usize::from(id)) {
                Some(record) => f(acc, record),
                None => acc,
            });
        self.records.fold(init, f)
    }
}

impl DoubleEndedIterator for Services {
    #[inline]
    fn next_back(&mut self) -> Option<&'static Service> {
        match self.records.next_back() {
            Some(record) => Some(record),
            None => self
                .ids
                .next_back()
                .and_then(|&id| RECORDS.get(usize::from(id))),
        }
    }
}

impl ExactSizeIterator for Services {}
impl FusedIterator for Services {}

impl fmt::Debug for Services {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// A registered service name that has no port: most are DNS-SD names
/// (`_name._tcp`), reserved so that two services do not collide on one name.
///
/// [`lookup`](crate::lookup) never returns these; [`portless_names`](crate::portless_names) finds them.
///
/// ```
/// let rdp = ports_kb::portless_names("rdp");
/// assert_eq!(rdp.len(), 2); // IANA lists two "rdp" names without a port
/// ```
#[derive(PartialEq, Eq, Hash)]
pub struct PortlessName(
    // offset:20 | len:4, then 8 bits: protocol 0-3, or 4 for none
    pub(crate) u32,
    #[cfg(feature = "descriptions")] pub(crate) u32,
);

impl PortlessName {
    /// The name as IANA spells it.
    ///
    /// ```
    /// assert_eq!(ports_kb::portless_names("AIRPLAY").next().unwrap().name(), "airplay");
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        text(self.0 >> 8, 4)
    }

    /// The protocol IANA lists with the name, if any.
    ///
    /// ```
    /// use ports_kb::Protocol;
    /// assert_eq!(ports_kb::portless_names("airplay").next().unwrap().protocol(), Some(Protocol::Tcp));
    /// ```
    #[must_use]
    pub fn protocol(&self) -> Option<Protocol> {
        let bits = self.0 & 0xff;
        (bits < 4).then(|| Protocol::from_bits(bits))
    }

    /// IANA's description, white space folded.
    ///
    /// ```
    /// assert!(!ports_kb::portless_names("airplay").next().unwrap().description().is_empty());
    /// ```
    #[cfg(feature = "descriptions")]
    #[cfg_attr(docsrs, doc(cfg(feature = "descriptions")))]
    #[must_use]
    pub fn description(&self) -> &'static str {
        text(self.1, 8)
    }
}

impl PartialOrd for PortlessName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PortlessName {
    /// By name (ASCII case-insensitively), then protocol: the order of
    /// [`all_portless_names`](crate::all_portless_names).
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |p: &PortlessName| {
            (
                p.name().bytes().map(|b| b.to_ascii_lowercase()),
                p.protocol(),
            )
        };
        let (a, b) = (key(self), key(other));
        a.0.cmp(b.0).then(a.1.cmp(&b.1)).then_with(|| {
            // Two names can agree on both (IANA lists "rdp" twice): fall back to the stored words.
            #[cfg(feature = "descriptions")]
            return (self.0, self.1).cmp(&(other.0, other.1));
            #[cfg(not(feature = "descriptions"))]
            self.0.cmp(&other.0)
        })
    }
}

impl fmt::Debug for PortlessName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PortlessName")
            .field("name", &self.name())
            .field("protocol", &self.protocol())
            .finish()
    }
}

/// An iterator over `&'static PortlessName`, from [`portless_names`](crate::portless_names).
///
/// ```
/// assert_eq!(ports_kb::portless_names("no-such-name").len(), 0);
/// ```
#[derive(Clone, Debug)]
pub struct PortlessNames {
    ids: slice::Iter<'static, u16>,
}

impl PortlessNames {
    pub(crate) fn new(ids: &'static [u16]) -> PortlessNames {
        PortlessNames { ids: ids.iter() }
    }
}

impl Iterator for PortlessNames {
    type Item = &'static PortlessName;

    fn next(&mut self) -> Option<&'static PortlessName> {
        self.ids
            .next()
            .and_then(|&id| PORTLESS.get(usize::from(id)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

impl DoubleEndedIterator for PortlessNames {
    fn next_back(&mut self) -> Option<&'static PortlessName> {
        self.ids
            .next_back()
            .and_then(|&id| PORTLESS.get(usize::from(id)))
    }
}

impl ExactSizeIterator for PortlessNames {}
impl FusedIterator for PortlessNames {}

/// The records of one port: ids in `COVER_IDS` for a port inside a range that began
/// lower, otherwise a contiguous part of `RECORDS`. See `write_port_index` in build/codegen.rs.
#[inline]
pub(crate) fn port_parts(port: u16) -> (&'static [u16], &'static [Service]) {
    use crate::tables::{COVERED_PORTS, COVER_START, PORT_BITS, PORT_RANK, PORT_START};
    const COVERED: u16 = 1 << 15;
    let block = usize::from(port >> 6);
    let word = PORT_BITS[block];
    let bit = 1u64 << (port & 63);
    if word & bit == 0 {
        return (&[], &[]);
    }
    let rank = usize::from(PORT_RANK[block]) + (word & (bit - 1)).count_ones() as usize;
    let (Some(&start), Some(&end)) = (PORT_START.get(rank), PORT_START.get(rank + 1)) else {
        return (&[], &[]);
    };
    if start & COVERED == 0 {
        let records = RECORDS.get(usize::from(start)..usize::from(end & !COVERED));
        return (&[], records.unwrap_or(&[]));
    }
    let Ok(i) = COVERED_PORTS.binary_search(&port) else {
        return (&[], &[]);
    };
    let ids = match (COVER_START.get(i), COVER_START.get(i + 1)) {
        (Some(&a), Some(&b)) => COVER_IDS.get(usize::from(a)..usize::from(b)),
        _ => None,
    };
    (ids.unwrap_or(&[]), &[])
}

/// Runs `f` on the lowercase form of `name` (lowercased on the stack only when it has
/// uppercase). `None` for an empty name or one longer than any key.
#[inline]
fn with_lowercase<T>(name: &str, f: impl FnOnce(LowerKey<'_>) -> Option<T>) -> Option<T> {
    use crate::tables::LONGEST_NAME;
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > LONGEST_NAME {
        return None;
    }
    if !bytes.iter().any(u8::is_ascii_uppercase) {
        return f(LowerKey(bytes));
    }
    let mut buffer = [0u8; LONGEST_NAME];
    let key = buffer.get_mut(..bytes.len())?;
    key.copy_from_slice(bytes);
    key.make_ascii_lowercase();
    f(LowerKey(key))
}

/// The `NAME_IDS` group of a name: (record ids, portless ids). ASCII case-insensitive.
#[inline]
pub(crate) fn name_group(name: &str) -> (&'static [u16], &'static [u16]) {
    with_lowercase(name, |key| crate::tables::NAMES.get(&key).copied()).map_or((&[], &[]), group)
}

/// The crate's own spelling (lowercase) of a known name or alias.
pub(crate) fn canonical_name(name: &str) -> Option<&'static str> {
    with_lowercase(name, |key| {
        crate::tables::NAMES.get_key(&key).map(|k| text(k.0, 8))
    })
}

/// The group a name map value points to: `start << 16 | records << 8 | portless`.
fn group(value: u32) -> (&'static [u16], &'static [u16]) {
    let start = (value >> 16) as usize;
    let records = ((value >> 8) & 0xff) as usize;
    let portless = (value & 0xff) as usize;
    let group = NAME_IDS
        .get(start..start + records + portless)
        .unwrap_or(&[]);
    group.split_at_checked(records).unwrap_or((&[], &[]))
}
