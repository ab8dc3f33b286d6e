//! The iterators that the queries return: [`Services`] and [`PortlessNames`]. They
//! walk slices of the generated tables and never allocate.

use crate::index::{alias_text, port_parts, wide_ids};
use crate::layout;
use crate::protocol::Protocol;
use crate::record::{PortlessName, Service};
use crate::tables::{PORTLESS, RECORDS, RECORD_COUNT};
use core::fmt;
use core::iter::FusedIterator;
use core::slice;

/// An iterator over `&'static Service`: what [`lookup`](crate::lookup),
/// [`by_name`](crate::by_name), [`services`](crate::services) and
/// [`Protocol::services`](crate::Protocol::services) return.
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
    /// The wide ranges that hold the port, by index, yielded last.
    wide: slice::Iter<'static, u16>,
}

impl Services {
    #[inline]
    pub(crate) fn new(ids: &'static [u16], records: &'static [Service]) -> Services {
        Services::with_wide(ids, records, &[])
    }

    #[inline]
    pub(crate) fn with_wide(
        ids: &'static [u16],
        records: &'static [Service],
        wide: &'static [u16],
    ) -> Services {
        Services {
            ids: ids.iter(),
            records: records.iter(),
            wide: wide.iter(),
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

/// The record of an index, for the id parts.
#[inline]
fn record(&id: &u16) -> Option<&'static Service> {
    RECORDS.get(usize::from(id))
}

impl Iterator for Services {
    type Item = &'static Service;

    #[inline]
    fn next(&mut self) -> Option<&'static Service> {
        if let Some(id) = self.ids.next() {
            return record(id);
        }
        match self.records.next() {
            Some(record) => Some(record),
            None => self.wide.next().and_then(record),
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.ids.len() + self.records.len() + self.wide.len();
        (len, Some(len))
    }

    /// Visits every service; `sum`, `count`, `for_each` and `collect` go through here,
    /// faster than calling `next` in a loop.
    ///
    /// ```
    /// assert_eq!(ports_kb::lookup(53).fold(0, |n, _| n + 1), 2);
    /// ```
    #[inline]
    fn fold<B, F: FnMut(B, &'static Service) -> B>(self, init: B, mut f: F) -> B {
        let init = self.ids.fold(init, |acc, id| match record(id) {
            Some(record) => f(acc, record),
            None => acc,
        });
        let init = self.records.fold(init, &mut f);
        self.wide.fold(init, |acc, id| match record(id) {
            Some(record) => f(acc, record),
            None => acc,
        })
    }
}

impl DoubleEndedIterator for Services {
    #[inline]
    fn next_back(&mut self) -> Option<&'static Service> {
        if let Some(id) = self.wide.next_back() {
            return record(id);
        }
        match self.records.next_back() {
            Some(record) => Some(record),
            None => self.ids.next_back().and_then(record),
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
        let port = addr.port();
        let (covers, records) = port_parts(port);
        Services::with_wide(covers, records, wide_ids(port))
    }
}

/// An iterator over `&'static PortlessName`, from [`portless_names`](crate::portless_names)
/// and [`all_portless_names`](crate::all_portless_names).
///
/// ```
/// assert_eq!(ports_kb::portless_names("no-such-name").len(), 0);
/// assert!(ports_kb::all_portless_names().len() > 1000);
/// ```
#[derive(Clone, Debug)]
pub struct PortlessNames {
    /// Names by index into `PORTLESS` plus the record count (`NAME_IDS` numbering),
    /// yielded first.
    ids: slice::Iter<'static, u16>,
    /// Names that are contiguous in `PORTLESS`, yielded after.
    names: slice::Iter<'static, PortlessName>,
}

impl PortlessNames {
    pub(crate) fn new(ids: &'static [u16], names: &'static [PortlessName]) -> PortlessNames {
        PortlessNames {
            ids: ids.iter(),
            names: names.iter(),
        }
    }
}

impl Iterator for PortlessNames {
    type Item = &'static PortlessName;

    fn next(&mut self) -> Option<&'static PortlessName> {
        match self.ids.next() {
            Some(&id) => portless(id),
            None => self.names.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.ids.len() + self.names.len();
        (len, Some(len))
    }
}

impl DoubleEndedIterator for PortlessNames {
    fn next_back(&mut self) -> Option<&'static PortlessName> {
        match self.names.next_back() {
            Some(name) => Some(name),
            None => self.ids.next_back().and_then(|&id| portless(id)),
        }
    }
}

/// The portless name of a `NAME_IDS` id, which counts on from the records.
fn portless(id: u16) -> Option<&'static PortlessName> {
    PORTLESS.get(usize::from(id).checked_sub(RECORD_COUNT)?)
}

impl ExactSizeIterator for PortlessNames {}
impl FusedIterator for PortlessNames {}

/// An iterator over a service's spoken names, from [`Service::aliases`]: `&'static str`,
/// alphabetical.
///
/// ```
/// let dns = ports_kb::by_name("domain").next().unwrap();
/// let spoken: Vec<&str> = dns.aliases().collect();
/// assert!(spoken.contains(&"dns") && spoken.is_sorted());
/// ```
#[derive(Clone, Debug)]
pub struct Aliases {
    pairs: slice::Iter<'static, (u16, u16)>,
}

impl Aliases {
    pub(crate) fn new(pairs: &'static [(u16, u16)]) -> Aliases {
        Aliases {
            pairs: pairs.iter(),
        }
    }
}

impl Iterator for Aliases {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        let &(_, alias) = self.pairs.next()?;
        Some(alias_text(alias))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.pairs.size_hint()
    }
}

impl DoubleEndedIterator for Aliases {
    fn next_back(&mut self) -> Option<&'static str> {
        let &(_, alias) = self.pairs.next_back()?;
        Some(alias_text(alias))
    }
}

impl ExactSizeIterator for Aliases {}
impl FusedIterator for Aliases {}

/// The ports of a protocol, most commonly met first, each once: what
/// [`common_ports`](crate::common_ports) returns.
///
/// First the ports of every service above [`Rare`](crate::Prevalence::Rare), by tier
/// and then by how commonly each is met; then every other port with a service on the
/// protocol, ascending. Yields `u16`s and never allocates.
///
/// ```
/// use ports_kb::{common_ports, Protocol};
/// let top: Vec<u16> = common_ports(Protocol::Tcp).take(3).collect();
/// assert_eq!(top, [80, 443, 22]);
/// ```
#[derive(Clone, Debug)]
pub struct CommonPorts {
    /// The ranked ports, yielded first.
    ranked: slice::Iter<'static, u16>,
    /// The protocol's records by first port; their ports that are not ranked come after.
    rest: Services,
    protocol: Protocol,
    /// The last port yielded from `rest`, to skip the records that share it.
    last: Option<u16>,
}

impl CommonPorts {
    pub(crate) fn new(ranked: &'static [u16], rest: Services, protocol: Protocol) -> CommonPorts {
        CommonPorts {
            ranked: ranked.iter(),
            rest,
            protocol,
            last: None,
        }
    }
}

impl Iterator for CommonPorts {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        if let Some(&port) = self.ranked.next() {
            return Some(port);
        }
        let (protocol, last) = (self.protocol, &mut self.last);
        let rest = self.rest.by_ref().filter(|s| !s.is_wide());
        let port = rest.map(|s| s.0).find(|&port| {
            let new = *last != Some(port);
            *last = Some(port);
            new && !is_ranked(port, protocol)
        })?;
        Some(port)
    }
}

impl FusedIterator for CommonPorts {}

/// True when `port` is among the ranked ports of `protocol`: one of its services there
/// puts it in the list (see `layout::ranks_port`).
fn is_ranked(port: u16, protocol: Protocol) -> bool {
    let (covers, records) = port_parts(port);
    let covering = covers.iter().filter_map(|&id| RECORDS.get(usize::from(id)));
    covering.chain(records).any(|s| {
        let last = *s.ports().end();
        s.protocol() == protocol && layout::ranks_port(s.3 as u8, s.0, last, port)
    })
}
