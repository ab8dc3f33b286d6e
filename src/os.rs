//! Operating systems and the ports they hand out for outgoing connections.

use core::fmt;
use core::ops::RangeInclusive;
use core::str::FromStr;

/// An operating system, for its default ephemeral port range: the ports it hands out
/// to outgoing connections (and to `bind` with port 0).
///
/// A server on a port inside a client OS's range can find it taken by an outgoing
/// connection, and a connection's port inside the range is most likely the client's.
///
/// | system | default range | set by | source |
/// |---|---|---|---|
/// | [`Linux`](Os::Linux), [`Android`](Os::Android) | 32768-60999 | `net.ipv4.ip_local_port_range` | the kernel's `Documentation/networking/ip-sysctl.rst` ("The default values are 32768 and 60999") and `net/ipv4/af_inet.c` |
/// | [`Windows`](Os::Windows) since Vista and Server 2008 | 49152-65535 | `netsh int ipv4 set dynamicport` | Microsoft KB 929851, "The default dynamic port range for TCP/IP has changed" |
/// | [`MacOs`](Os::MacOs), [`Ios`](Os::Ios) | 49152-65535 | `net.inet.ip.portrange.first`, `.last` | XNU's `bsd/netinet/in_pcb.c` (`IPPORT_HIFIRSTAUTO`, `IPPORT_HILASTAUTO`) |
/// | [`FreeBsd`](Os::FreeBsd) | 10000-65535 | `net.inet.ip.portrange.first`, `.last` | FreeBSD's `sys/netinet/in.h` (`IPPORT_EPHEMERALFIRST`, `IPPORT_EPHEMERALLAST`) |
/// | [`OpenBsd`](Os::OpenBsd) | 1024-49151, from a random start | `net.inet.ip.portfirst`, `portlast` | OpenBSD's `sys/netinet/in.h` and `in_pcb.c` (`IPPORT_RESERVED` to `IPPORT_USERRESERVED`) |
/// | [`NetBsd`](Os::NetBsd) | 49152-65535 | `net.inet.ip.anonportmin`, `anonportmax` | NetBSD's `sys/netinet/in.h` (`IPPORT_ANONMIN`, `IPPORT_ANONMAX`) |
/// | [`DragonFly`](Os::DragonFly) | 1024-5000 | `net.inet.ip.portrange.first`, `.last` | DragonFly's `sys/netinet/in_pcb.c` (`IPPORT_RESERVED` to `IPPORT_USERRESERVED`) |
/// | [`Illumos`](Os::Illumos) and Solaris | 32768-65535 | `ipadm set-prop -p smallest_anon_port` | illumos' `tcp_tunables.c`; Oracle's Solaris Tunable Parameters Reference Manual |
/// | [`Iana`](Os::Iana) | 49152-65535 | | RFC 6335 section 6: the Dynamic Ports, never assigned |
///
/// Older defaults that still matter: Windows XP and Server 2003 used 1025-5000
/// (KB 929851; the `MaxUserPort` registry value), FreeBSD before 7 used 49152-65535 and
/// before that 1024-5000, and Linux before 2016 used 32768-61000.
///
/// ```
/// use ports_kb::Os;
/// assert_eq!(Os::Linux.ephemeral_ports(), 32768..=60999);
/// assert_eq!("windows".parse(), Ok(Os::Windows));
/// assert_eq!(Os::MacOs.to_string(), "macos");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Os {
    /// Linux, every distribution, with the kernel's default.
    Linux,
    /// Android: the Linux kernel's default.
    Android,
    /// Windows Vista, Server 2008 and later.
    Windows,
    /// macOS.
    MacOs,
    /// iOS and iPadOS: the same network stack as macOS.
    Ios,
    /// FreeBSD.
    FreeBsd,
    /// OpenBSD.
    OpenBsd,
    /// NetBSD.
    NetBsd,
    /// DragonFly BSD.
    DragonFly,
    /// illumos and Solaris.
    Illumos,
    /// IANA's Dynamic Ports (RFC 6335), the range a system following IANA uses.
    Iana,
}

impl Os {
    /// Every system, in order.
    ///
    /// ```
    /// use ports_kb::Os;
    /// assert!(Os::ALL.iter().all(|os| os.as_str().parse() == Ok(*os)));
    /// ```
    pub const ALL: [Os; 11] = [
        Os::Linux,
        Os::Android,
        Os::Windows,
        Os::MacOs,
        Os::Ios,
        Os::FreeBsd,
        Os::OpenBsd,
        Os::NetBsd,
        Os::DragonFly,
        Os::Illumos,
        Os::Iana,
    ];

    /// The systems whose ephemeral ranges sit above the ports servers are registered on,
    /// so that a server can avoid them: every system but FreeBSD, OpenBSD and DragonFly,
    /// whose defaults cover most of the registered ports 1024-49151. Together they span
    /// 32768-65535. [`free_ports`](crate::free_ports) and [`guess`](crate::guess) use these.
    ///
    /// ```
    /// use ports_kb::Os;
    /// assert!(Os::AVOIDABLE.iter().all(|os| *os.ephemeral_ports().start() >= 32768));
    /// ```
    pub const AVOIDABLE: [Os; 8] = [
        Os::Linux,
        Os::Android,
        Os::Windows,
        Os::MacOs,
        Os::Ios,
        Os::NetBsd,
        Os::Illumos,
        Os::Iana,
    ];

    /// The default range of ports the system hands out for outgoing connections (see the
    /// table above for each source).
    ///
    /// ```
    /// use ports_kb::Os;
    /// assert_eq!(Os::Windows.ephemeral_ports(), 49152..=65535);
    /// assert_eq!(Os::FreeBsd.ephemeral_ports(), 10000..=65535);
    /// ```
    #[must_use]
    pub const fn ephemeral_ports(self) -> RangeInclusive<u16> {
        match self {
            Os::Linux | Os::Android => 32768..=60999,
            Os::Windows | Os::MacOs | Os::Ios | Os::NetBsd | Os::Iana => 49152..=65535,
            Os::FreeBsd => 10000..=65535,
            Os::OpenBsd => 1024..=49151,
            Os::DragonFly => 1024..=5000,
            Os::Illumos => 32768..=65535,
        }
    }

    /// True when `port` is inside the system's default ephemeral range.
    ///
    /// ```
    /// assert!(ports_kb::Os::Linux.is_ephemeral(40000));
    /// assert!(!ports_kb::Os::Linux.is_ephemeral(61000));
    /// ```
    #[must_use]
    pub const fn is_ephemeral(self, port: u16) -> bool {
        let range = self.ephemeral_ports();
        *range.start() <= port && port <= *range.end()
    }

    /// The lowercase name: `"freebsd"`.
    ///
    /// ```
    /// assert_eq!(ports_kb::Os::DragonFly.as_str(), "dragonfly");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Os::Linux => "linux",
            Os::Android => "android",
            Os::Windows => "windows",
            Os::MacOs => "macos",
            Os::Ios => "ios",
            Os::FreeBsd => "freebsd",
            Os::OpenBsd => "openbsd",
            Os::NetBsd => "netbsd",
            Os::DragonFly => "dragonfly",
            Os::Illumos => "illumos",
            Os::Iana => "iana",
        }
    }
}

/// True when `port` is inside the ephemeral range of one of [`Os::AVOIDABLE`].
pub(crate) const fn in_avoidable_range(port: u16) -> bool {
    let mut i = 0;
    while i < Os::AVOIDABLE.len() {
        if Os::AVOIDABLE[i].is_ephemeral(port) {
            return true;
        }
        i += 1;
    }
    false
}

impl fmt::Display for Os {
    /// The lowercase name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error of parsing an [`Os`].
///
/// ```
/// let err = "beos".parse::<ports_kb::Os>().unwrap_err();
/// assert!(err.to_string().contains("linux"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseOsError;

impl fmt::Display for ParseOsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "unknown operating system: expected linux, android, windows, macos, ios, freebsd, \
             openbsd, netbsd, dragonfly, illumos or iana (any case)",
        )
    }
}

impl core::error::Error for ParseOsError {}

impl FromStr for Os {
    type Err = ParseOsError;

    /// Parses the lowercase name, ASCII case-insensitively; `solaris` is illumos and
    /// `darwin` is macOS.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("solaris") {
            return Ok(Os::Illumos);
        }
        if s.eq_ignore_ascii_case("darwin") {
            return Ok(Os::MacOs);
        }
        Os::ALL
            .into_iter()
            .find(|os| os.as_str().eq_ignore_ascii_case(s))
            .ok_or(ParseOsError)
    }
}
