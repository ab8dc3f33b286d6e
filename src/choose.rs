//! Choosing a port for a new service: the ports browsers refuse, and the ports that
//! are free of registrations, known software, browser blocks and ephemeral ranges.

use crate::class::{classify, PortClass};
use crate::index::{has_services, reserved_spans};
use crate::os::{in_avoidable_range, Os};
use crate::protocol::Protocol;
use crate::query::{status, PortStatus};
use crate::record::Service;
use core::iter::FusedIterator;
use core::ops::RangeInclusive;

/// True when web browsers refuse to fetch from `port`: the Fetch standard's "bad port"
/// list (<https://fetch.spec.whatwg.org/#port-blocking>), which Chrome, Firefox and
/// Safari follow. A web UI on such a port fails in the browser.
///
/// The list is as of 2025-08-11, when port 0 was added; 4190 (sieve) and 6679 were
/// added in 2024, 10080 and the NAT-slipstreaming ports (69, 137, 161, 554, 1719, 1720,
/// 1723, 5060, 5061, 6566) in 2020 and 2021. It holds 83 ports.
///
/// ```
/// use ports_kb::blocked_by_browsers;
/// assert!(blocked_by_browsers(6000) && blocked_by_browsers(6667) && blocked_by_browsers(4190));
/// assert!(!blocked_by_browsers(8080) && !blocked_by_browsers(3000));
/// const SIP: bool = blocked_by_browsers(5060);
/// assert!(SIP);
/// ```
#[must_use]
pub const fn blocked_by_browsers(port: u16) -> bool {
    matches!(
        port,
        0 | 1
            | 7
            | 9
            | 11
            | 13
            | 15
            | 17
            | 19
            | 20
            | 21
            | 22
            | 23
            | 25
            | 37
            | 42
            | 43
            | 53
            | 69
            | 77
            | 79
            | 87
            | 95
            | 101
            | 102
            | 103
            | 104
            | 109
            | 110
            | 111
            | 113
            | 115
            | 117
            | 119
            | 123
            | 135
            | 137
            | 139
            | 143
            | 161
            | 179
            | 389
            | 427
            | 465
            | 512
            | 513
            | 514
            | 515
            | 526
            | 530
            | 531
            | 532
            | 540
            | 548
            | 554
            | 556
            | 563
            | 587
            | 601
            | 636
            | 989
            | 990
            | 993
            | 995
            | 1719
            | 1720
            | 1723
            | 2049
            | 3659
            | 4045
            | 4190
            | 5060
            | 5061
            | 6000
            | 6566
            | 6665
            | 6666
            | 6667
            | 6668
            | 6669
            | 6679
            | 6697
            | 10080
    )
}

/// Why a port is not free for a new service: the first rule of
/// [`free_ports`] that it breaks.
///
/// ```
/// use ports_kb::{why_not_free, NotFree, PortStatus, Protocol};
/// assert_eq!(why_not_free(22, Protocol::Tcp), Some(NotFree::SystemPort));
/// assert!(matches!(why_not_free(8080, Protocol::Tcp), Some(NotFree::Registered(PortStatus::Assigned))));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotFree {
    /// 0-1023: assigned only by IETF review, and binding needs privileges on most systems.
    SystemPort,
    /// IANA has assigned or reserved it, or it is in the Dynamic range.
    Registered(PortStatus),
    /// Software that the crate knows uses it, although IANA has not assigned it.
    KnownUse(&'static Service),
    /// Browsers refuse it ([`blocked_by_browsers`]).
    BlockedByBrowsers,
    /// It is inside this system's default ephemeral range (one of [`Os::AVOIDABLE`]).
    Ephemeral(Os),
}

/// Is `port` free for a new service on `protocol`? `None` when it is, or the first
/// rule of [`free_ports`] that it breaks.
///
/// ```
/// use ports_kb::{why_not_free, NotFree, Protocol};
/// assert_eq!(why_not_free(6000, Protocol::Tcp).is_some(), true);
/// assert_eq!(why_not_free(40000, Protocol::Tcp), Some(NotFree::Ephemeral(ports_kb::Os::Linux)));
/// ```
#[must_use]
pub fn why_not_free(port: u16, protocol: Protocol) -> Option<NotFree> {
    if classify(port) == PortClass::System {
        return Some(NotFree::SystemPort);
    }
    if in_avoidable_range(port) {
        let os = Os::AVOIDABLE.into_iter().find(|os| os.is_ephemeral(port));
        return os.map(NotFree::Ephemeral);
    }
    if blocked_by_browsers(port) {
        return Some(NotFree::BlockedByBrowsers);
    }
    if let Some(service) = protocol.own(port).next() {
        return Some(match status(port, protocol) {
            PortStatus::Unassigned => NotFree::KnownUse(service),
            registered => NotFree::Registered(registered),
        });
    }
    match status(port, protocol) {
        PortStatus::Unassigned => None,
        registered => Some(NotFree::Registered(registered)),
    }
}

/// The ports in `range` that are safe to choose for a new service on `protocol`,
/// ascending. A port is offered when:
/// 1. it is not a System port (0-1023);
/// 2. IANA leaves it unassigned: [`status`] is `Unassigned`, which also rules out the
///    Dynamic range 49152-65535;
/// 3. no known software uses it: no record from any source on that protocol. A
///    [wide range](crate::Service::is_wide) that software allocates from does not count:
///    Kubernetes' NodePorts, an RTP media range, a backup product's data-mover ports.
///    Such software takes a few ports of hundreds where it runs, unlike a fixed
///    default port, and counting the ranges would leave no TCP port free in
///    7937-9936 (Dell NetWorker's range) and no UDP port in 9000-32767 (PBX media);
/// 4. no browser blocks it ([`blocked_by_browsers`]);
/// 5. no system of [`Os::AVOIDABLE`] hands it out as an ephemeral port by default
///    (together 32768-65535), so an outgoing connection cannot take it first.
///
/// FreeBSD, OpenBSD and DragonFly hand out ports from most of the registered range; on
/// those, reserve the port you choose.
///
/// ```
/// use ports_kb::{free_ports, Protocol};
/// let free: Vec<u16> = free_ports(8000..=8100, Protocol::Tcp).collect();
/// assert!(!free.is_empty());
/// for taken in [8000, 8008, 8080, 8081, 8088] {
///     assert!(!free.contains(&taken));
/// }
/// ```
#[must_use]
pub fn free_ports(range: RangeInclusive<u16>, protocol: Protocol) -> FreePorts {
    let (start, end) = range.into_inner();
    FreePorts {
        next: u32::from(start),
        end: u32::from(end),
        protocol,
        reserved: reserved_spans(protocol as usize),
    }
}

/// The free ports of a range, ascending: what [`free_ports`] returns. Never allocates.
///
/// ```
/// let mut free = ports_kb::free_ports(1024..=65535, ports_kb::Protocol::Udp);
/// assert!(free.next().is_some_and(|p| p > 1024));
/// ```
#[derive(Clone, Debug)]
pub struct FreePorts {
    next: u32,
    end: u32,
    protocol: Protocol,
    /// The protocol's Reserved spans not yet passed: the ports ascend, so a cursor
    /// replaces a search per port.
    reserved: &'static [(u16, u16)],
}

impl FreePorts {
    /// The rules of [`free_ports`], for ports in ascending order: the same answer as
    /// [`why_not_free`], reading the indexes directly.
    fn is_free(&mut self, port: u16) -> bool {
        if classify(port) == PortClass::System || blocked_by_browsers(port) {
            return false;
        }
        // With no service on this protocol, IANA's status is Reserved or Unassigned.
        if has_services(port) && self.protocol.own(port).next().is_some() {
            return false;
        }
        while let Some((&(_, last), rest)) = self.reserved.split_first() {
            if last >= port {
                break;
            }
            self.reserved = rest;
        }
        self.reserved.first().is_none_or(|&(first, _)| first > port)
    }
}

impl Iterator for FreePorts {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        while self.next <= self.end {
            let port = u16::try_from(self.next).ok()?;
            self.next += 1;
            if in_avoidable_range(port) {
                // Os::AVOIDABLE's ranges together are 32768-65535: nothing above is free.
                self.next = self.end + 1;
                return None;
            }
            if self.is_free(port) {
                return Some(port);
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.end + 1).saturating_sub(self.next);
        (0, usize::try_from(left).ok())
    }
}

impl FusedIterator for FreePorts {}
