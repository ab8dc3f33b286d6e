//! The record types: what the generated tables are made of. No data lives here, and
//! nothing here reads the tables; the methods are in `service.rs`.

use crate::category::{Category, Prevalence};
use crate::layout;
use core::fmt;

/// One service on one port (or range of ports) and one protocol: a `'static` record.
///
/// The fields are packed integers pointing into one string table; read them through the
/// methods. Records are only ever handed out as `&'static Service`.
///
/// ```
/// let ssh = ports_kb::Protocol::Tcp.lookup(22).next().unwrap();
/// assert_eq!(ssh.name(), "ssh");
/// assert_eq!(ssh.ports(), 22..=22);
/// # #[cfg(feature = "descriptions")]
/// assert_eq!(ssh.to_string(), "ssh 22/tcp: The Secure Shell (SSH) Protocol");
/// ```
#[derive(PartialEq, Eq, Hash)]
pub struct Service(
    /// The first port.
    pub(crate) u16,
    /// The head: protocol, source, flags and the name's string reference
    /// (`layout::pack_head`), as `[high, low]` halves.
    pub(crate) [u16; 2],
    /// The category: a typed byte, so that reading it is one load.
    pub(crate) Option<Category>,
    /// The prevalence tier, typed likewise.
    pub(crate) Prevalence,
    /// The description, a string reference (`layout::TEXT_LEN_BITS`) as halves.
    #[cfg(feature = "descriptions")]
    pub(crate) [u16; 2],
);

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
    /// The name and protocol (`layout::pack_portless`).
    pub(crate) u32,
    /// The description, a string reference (`layout::TEXT_LEN_BITS`).
    #[cfg(feature = "descriptions")]
    pub(crate) u32,
);

/// Where a record's knowledge comes from.
///
/// ```
/// use ports_kb::Source;
/// let ssh = ports_kb::by_name("ssh").next().unwrap();
/// assert_eq!(ssh.source(), Source::Iana);
/// assert_eq!(Source::Netbase.as_str(), "netbase");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

impl Source {
    /// Every source, in the order records sort by.
    ///
    /// ```
    /// assert_eq!(ports_kb::Source::ALL[0], ports_kb::Source::Iana);
    /// ```
    pub const ALL: [Source; 4] = [Source::Iana, Source::Netbase, Source::Common, Source::Local];

    /// The lowercase name, as `ports.toml` and the serde form write it.
    ///
    /// ```
    /// assert_eq!(ports_kb::Source::Common.as_str(), "common");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        layout::SOURCES[self as usize]
    }

    /// The source of a `layout::SOURCES` code.
    pub(crate) const fn from_code(code: u8) -> Source {
        match code {
            layout::IANA => Source::Iana,
            layout::NETBASE => Source::Netbase,
            layout::COMMON => Source::Common,
            _ => Source::Local,
        }
    }
}

impl fmt::Display for Source {
    /// The lowercase name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// IANA's metadata of one record, parallel to the records (the `metadata` feature):
/// reference, registered, modified, unauthorized. Texts are string references with
/// `layout::META_LEN_BITS` (0 for none), dates packed by `layout::pack_date`.
#[cfg(feature = "metadata")]
#[derive(Debug)]
pub(crate) struct Meta(
    pub(crate) u32,
    pub(crate) u16,
    pub(crate) u16,
    pub(crate) u32,
);
