//! Service specs as people write them: `22/tcp`, `ssh`, `ssh/tcp`, `6000-6063/tcp`.

use crate::index::canonical_name;
use crate::iter::Services;
use crate::protocol::Protocol;
use crate::query::{by_name, lookup};
use crate::record::Service;
use core::fmt;
use core::iter::FusedIterator;
use core::ops::RangeInclusive;
use core::str::FromStr;

/// A parsed service spec: a port, a range of ports or a service name, with an optional
/// protocol. It denotes the services that [`ServiceSpec::services`] returns.
///
/// | spec | denotes |
/// |---|---|
/// | `22` | every service on port 22 |
/// | `22/tcp` | the services on 22/tcp |
/// | `6000-6063/tcp` | the services registered on exactly that range (x11) |
/// | `ssh`, `SSH` | every service named or aliased `ssh` |
/// | `ssh/tcp` | the same, on TCP |
///
/// A name must be known to the crate, so a spec that parses always means something.
///
/// ```
/// use ports_kb::{Protocol, ServiceSpec};
/// let spec: ServiceSpec = "ssh/TCP".parse().unwrap();
/// assert_eq!(spec.protocol(), Some(Protocol::Tcp));
/// assert_eq!(spec.services().map(|s| s.ports()).collect::<Vec<_>>(), [22..=22]);
/// assert_eq!(spec.to_string(), "ssh/tcp");
/// assert_eq!("x11".parse::<ServiceSpec>().unwrap().services().count(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceSpec {
    target: Target,
    protocol: Option<Protocol>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Target {
    Ports(u16, u16),
    /// The canonical (lowercase) key of a known name or alias.
    Name(&'static str),
}

/// Why a service spec did not parse. The message says what was wrong and what is accepted.
///
/// ```
/// let err = "ssh/tpc".parse::<ports_kb::ServiceSpec>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown protocol \"tpc\": expected tcp, udp, sctp or dccp");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseSpecError {
    /// Nothing, or only white space, was given.
    Empty,
    /// A port or range bound is not a number from 0 to 65535.
    BadPort(SpecText),
    /// A range whose first port is above its last.
    ReversedRange {
        /// The first port as written.
        first: u16,
        /// The last port as written.
        last: u16,
    },
    /// The part after `/` is not a protocol.
    UnknownProtocol(SpecText),
    /// The name is not a service name or alias the crate knows.
    UnknownName(SpecText),
}

impl fmt::Display for ParseSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseSpecError::Empty => f.write_str(
                "empty spec: expected a port (22), a range (6000-6063), or a name (ssh), \
                 optionally with /tcp, /udp, /sctp or /dccp",
            ),
            ParseSpecError::BadPort(text) => {
                write!(f, "{text:?} is not a port: ports are whole numbers from 0 to 65535")
            }
            ParseSpecError::ReversedRange { first, last } => write!(
                f,
                "{first}-{last} is reversed: the first port must not be above the last"
            ),
            ParseSpecError::UnknownProtocol(text) => {
                write!(f, "unknown protocol {text:?}: expected tcp, udp, sctp or dccp")
            }
            ParseSpecError::UnknownName(text) => write!(
                f,
                "unknown service name {text:?}: not in the IANA registry or the crate's common names"
            ),
        }
    }
}

impl core::error::Error for ParseSpecError {}

/// The offending input inside a [`ParseSpecError`]: up to 32 bytes of it, kept without
/// allocating. Longer text is cut at a character boundary and marked with `…`.
///
/// ```
/// use ports_kb::ParseSpecError;
/// let ParseSpecError::BadPort(text) = "70000".parse::<ports_kb::ServiceSpec>().unwrap_err() else { panic!() };
/// assert_eq!(text.as_str(), "70000");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpecText {
    bytes: [u8; SpecText::CAPACITY],
    len: u8,
    cut: bool,
}

impl SpecText {
    const CAPACITY: usize = 32;

    fn new(text: &str) -> SpecText {
        let mut end = text.len().min(Self::CAPACITY);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; Self::CAPACITY];
        bytes[..end].copy_from_slice(&text.as_bytes()[..end]);
        SpecText {
            bytes,
            // `end` is at most CAPACITY (32).
            len: u8::try_from(end).unwrap_or(0),
            cut: end < text.len(),
        }
    }

    /// The kept text (without the `…` mark).
    ///
    /// ```
    /// use ports_kb::{ParseSpecError, ServiceSpec};
    /// let long = "y".repeat(40);
    /// let Err(ParseSpecError::UnknownName(text)) = long.parse::<ServiceSpec>() else { panic!() };
    /// assert_eq!(text.as_str().len(), 32);
    /// assert!(text.to_string().ends_with('…'));
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Built from a &str cut at a char boundary, so always valid.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Debug for SpecText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.cut {
            write!(f, "\"{}…\"", self.as_str().escape_debug())
        } else {
            fmt::Debug::fmt(self.as_str(), f)
        }
    }
}

impl fmt::Display for SpecText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

fn port(text: &str) -> Result<u16, ParseSpecError> {
    // `parse::<u16>` alone would accept "+22"; a spec's ports are plain digits.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseSpecError::BadPort(SpecText::new(text)));
    }
    text.parse()
        .map_err(|_| ParseSpecError::BadPort(SpecText::new(text)))
}

impl FromStr for ServiceSpec {
    type Err = ParseSpecError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(ParseSpecError::Empty);
        }
        let (head, protocol) = match s.rsplit_once('/') {
            // IANA has names with '/' (914c/g): a known name wins over name/protocol.
            _ if canonical_name(s).is_some() => (s, None),
            Some((head, p)) => {
                let protocol = p
                    .trim()
                    .parse::<Protocol>()
                    .map_err(|_| ParseSpecError::UnknownProtocol(SpecText::new(p)))?;
                (head.trim(), Some(protocol))
            }
            None => (s, None),
        };
        if head.is_empty() {
            return Err(ParseSpecError::Empty);
        }
        // Digits and one dash are ports; anything else is a name (IANA has 3com-tsmux).
        let target = if head
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b' ')
        {
            match head.split_once('-') {
                Some((a, b)) => {
                    let (first, last) = (port(a.trim())?, port(b.trim())?);
                    if first > last {
                        return Err(ParseSpecError::ReversedRange { first, last });
                    }
                    Target::Ports(first, last)
                }
                None => {
                    let p = port(head)?;
                    Target::Ports(p, p)
                }
            }
        } else {
            let name = canonical_name(head)
                .ok_or_else(|| ParseSpecError::UnknownName(SpecText::new(head)))?;
            Target::Name(name)
        };
        Ok(ServiceSpec { target, protocol })
    }
}

impl fmt::Display for ServiceSpec {
    /// The canonical form, which parses back to an equal spec: `22/tcp`, `6000-6063`, `ssh`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.target {
            Target::Ports(a, b) if a == b => write!(f, "{a}")?,
            Target::Ports(a, b) => write!(f, "{a}-{b}")?,
            Target::Name(name) => f.write_str(name)?,
        }
        if let Some(p) = self.protocol {
            write!(f, "/{p}")?;
        }
        Ok(())
    }
}

impl ServiceSpec {
    /// The protocol, if the spec names one.
    ///
    /// ```
    /// assert_eq!("53".parse::<ports_kb::ServiceSpec>().unwrap().protocol(), None);
    /// ```
    #[must_use]
    pub fn protocol(&self) -> Option<Protocol> {
        self.protocol
    }

    /// The ports, for a port or range spec.
    ///
    /// ```
    /// let spec: ports_kb::ServiceSpec = "6000-6063/tcp".parse().unwrap();
    /// assert_eq!(spec.ports(), Some(6000..=6063));
    /// ```
    #[must_use]
    pub fn ports(&self) -> Option<RangeInclusive<u16>> {
        match self.target {
            Target::Ports(a, b) => Some(a..=b),
            Target::Name(_) => None,
        }
    }

    /// The name or alias, lowercase, for a name spec.
    ///
    /// ```
    /// assert_eq!("DNS".parse::<ports_kb::ServiceSpec>().unwrap().name(), Some("dns"));
    /// ```
    #[must_use]
    pub fn name(&self) -> Option<&'static str> {
        match self.target {
            Target::Ports(..) => None,
            Target::Name(name) => Some(name),
        }
    }

    /// The services the spec denotes, in the crate's order. Never allocates.
    ///
    /// ```
    /// let spec: ports_kb::ServiceSpec = "53/udp".parse().unwrap();
    /// assert_eq!(spec.services().map(|s| s.name()).collect::<Vec<_>>(), ["domain"]);
    /// ```
    #[must_use]
    pub fn services(&self) -> SpecServices {
        let inner = match self.target {
            Target::Ports(a, _) => match self.protocol {
                Some(p) => p.lookup(a),
                None => lookup(a),
            },
            Target::Name(name) => by_name(name),
        };
        SpecServices {
            inner,
            spec: self.clone(),
        }
    }

    fn matches(&self, service: &Service) -> bool {
        let range = match self.target {
            // A single port: every service that holds it; a range: exactly that range.
            Target::Ports(a, b) if a == b => true,
            Target::Ports(a, b) => service.ports() == (a..=b),
            Target::Name(_) => true,
        };
        range && self.protocol.is_none_or(|p| service.protocol() == p)
    }
}

/// The services of a [`ServiceSpec`], from [`ServiceSpec::services`]. Runs both ways.
///
/// It is not an [`ExactSizeIterator`]: it filters a port's or a name's services by the
/// spec's protocol and range as it goes, so only an upper bound is known in advance.
/// `count()` gives the number.
///
/// ```
/// let spec: ports_kb::ServiceSpec = "http".parse().unwrap();
/// let last = spec.services().next_back().unwrap();
/// assert_eq!(last.name(), "http");
/// ```
#[derive(Clone, Debug)]
pub struct SpecServices {
    inner: Services,
    spec: ServiceSpec,
}

impl Iterator for SpecServices {
    type Item = &'static Service;

    fn next(&mut self) -> Option<&'static Service> {
        let spec = &self.spec;
        self.inner.find(|s| spec.matches(s))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.inner.len()))
    }
}

impl DoubleEndedIterator for SpecServices {
    fn next_back(&mut self) -> Option<&'static Service> {
        let spec = &self.spec;
        self.inner.rfind(|s| spec.matches(s))
    }
}

impl FusedIterator for SpecServices {}
