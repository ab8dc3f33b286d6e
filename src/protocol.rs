//! Transport protocols.

use crate::layout;
use core::fmt;
use core::str::FromStr;

/// A transport protocol of the IANA registry.
///
/// ```
/// use ports_kb::Protocol;
/// assert_eq!("TCP".parse::<Protocol>(), Ok(Protocol::Tcp));
/// assert_eq!(Protocol::Udp.to_string(), "udp");
/// assert!(Protocol::Tcp < Protocol::Udp);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// Transmission Control Protocol.
    Tcp,
    /// User Datagram Protocol.
    Udp,
    /// Stream Control Transmission Protocol.
    Sctp,
    /// Datagram Congestion Control Protocol.
    Dccp,
}

impl Protocol {
    /// Every protocol, in order.
    ///
    /// ```
    /// use ports_kb::Protocol;
    /// assert_eq!(Protocol::ALL.len(), 4);
    /// assert!(Protocol::ALL.is_sorted());
    /// ```
    pub const ALL: [Protocol; 4] = [Protocol::Tcp, Protocol::Udp, Protocol::Sctp, Protocol::Dccp];

    /// The lowercase name, as IANA writes it.
    ///
    /// ```
    /// use ports_kb::Protocol;
    /// assert_eq!(Protocol::Sctp.as_str(), "sctp");
    /// ```
    #[inline]
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        layout::PROTOCOLS[self as usize]
    }

    /// The protocol of a `layout::PROTOCOLS` code.
    pub(crate) const fn from_code(code: u8) -> Protocol {
        match code {
            layout::TCP => Protocol::Tcp,
            layout::UDP => Protocol::Udp,
            2 => Protocol::Sctp,
            _ => Protocol::Dccp,
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error of parsing a [`Protocol`]: the text was not one of tcp, udp, sctp or dccp.
///
/// ```
/// use ports_kb::Protocol;
/// let err = "tpc".parse::<Protocol>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown protocol: expected tcp, udp, sctp or dccp (any case)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseProtocolError;

impl fmt::Display for ParseProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown protocol: expected tcp, udp, sctp or dccp (any case)")
    }
}

impl core::error::Error for ParseProtocolError {}

impl FromStr for Protocol {
    type Err = ParseProtocolError;

    /// Parses `tcp`, `udp`, `sctp` or `dccp`, ASCII case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Protocol::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
            .ok_or(ParseProtocolError)
    }
}
