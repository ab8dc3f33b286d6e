//! RFC 6335 port ranges.

use core::fmt;
use core::ops::RangeInclusive;

/// The three port ranges of RFC 6335 section 6.
///
/// | class | range | also called |
/// |---|---|---|
/// | [`System`](PortClass::System) | 0-1023 | well-known ports |
/// | [`User`](PortClass::User) | 1024-49151 | registered ports |
/// | [`Dynamic`](PortClass::Dynamic) | 49152-65535 | dynamic, private or ephemeral ports |
///
/// ```
/// use ports_kb::{classify, PortClass};
/// assert_eq!(classify(443), PortClass::System);
/// assert_eq!(PortClass::User.range(), 1024..=49151);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PortClass {
    /// 0-1023, the well-known ports, assigned by IETF Review or IESG Approval.
    System,
    /// 1024-49151, the registered ports, assigned by IANA.
    User,
    /// 49152-65535, the dynamic, private or ephemeral ports, never assigned.
    Dynamic,
}

impl PortClass {
    /// Every class, in port order.
    ///
    /// ```
    /// use ports_kb::PortClass;
    /// assert_eq!(PortClass::ALL[0], PortClass::System);
    /// ```
    pub const ALL: [PortClass; 3] = [PortClass::System, PortClass::User, PortClass::Dynamic];

    /// The ports of this class.
    ///
    /// ```
    /// use ports_kb::PortClass;
    /// assert_eq!(PortClass::System.range(), 0..=1023);
    /// assert_eq!(PortClass::Dynamic.range(), 49152..=65535);
    /// ```
    #[inline]
    #[must_use]
    pub const fn range(self) -> RangeInclusive<u16> {
        match self {
            PortClass::System => 0..=1023,
            PortClass::User => 1024..=49151,
            PortClass::Dynamic => 49152..=65535,
        }
    }

    /// RFC 6335's name for the class: "System Ports", "User Ports" or "Dynamic Ports".
    ///
    /// ```
    /// use ports_kb::PortClass;
    /// assert_eq!(PortClass::User.rfc_name(), "User Ports");
    /// ```
    #[inline]
    #[must_use]
    pub const fn rfc_name(self) -> &'static str {
        match self {
            PortClass::System => "System Ports",
            PortClass::User => "User Ports",
            PortClass::Dynamic => "Dynamic Ports",
        }
    }

    /// The older, common name: "well-known", "registered" or "dynamic/private".
    ///
    /// ```
    /// use ports_kb::PortClass;
    /// assert_eq!(PortClass::System.common_name(), "well-known");
    /// ```
    #[inline]
    #[must_use]
    pub const fn common_name(self) -> &'static str {
        match self {
            PortClass::System => "well-known",
            PortClass::User => "registered",
            PortClass::Dynamic => "dynamic/private",
        }
    }
}

impl fmt::Display for PortClass {
    /// Writes [`rfc_name`](PortClass::rfc_name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.rfc_name())
    }
}

/// The RFC 6335 class of a port. `const`, so it folds away on constants.
///
/// ```
/// use ports_kb::{classify, PortClass};
/// const SSH: PortClass = classify(22);
/// assert_eq!(SSH, PortClass::System);
/// assert_eq!(classify(1024), PortClass::User);
/// assert_eq!(classify(49152), PortClass::Dynamic);
/// ```
#[inline]
#[must_use]
pub const fn classify(port: u16) -> PortClass {
    match port {
        0..=1023 => PortClass::System,
        1024..=49151 => PortClass::User,
        _ => PortClass::Dynamic,
    }
}

/// The error of parsing a [`PortClass`].
///
/// ```
/// let err = "public".parse::<ports_kb::PortClass>().unwrap_err();
/// assert!(err.to_string().starts_with("unknown port class"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParsePortClassError;

impl fmt::Display for ParsePortClassError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "unknown port class: expected system, user or dynamic (RFC 6335), or well-known, \
             registered, dynamic/private, private or ephemeral, in any case",
        )
    }
}

impl core::error::Error for ParsePortClassError {}

impl core::str::FromStr for PortClass {
    type Err = ParsePortClassError;

    /// Parses RFC 6335's names (`System`, `System Ports`), the older names
    /// (`well-known`, `registered`, `dynamic/private`) and `private` or `ephemeral`,
    /// ASCII case-insensitively.
    ///
    /// ```
    /// use ports_kb::PortClass;
    /// assert_eq!("Well-Known".parse(), Ok(PortClass::System));
    /// assert_eq!(PortClass::User.to_string().parse(), Ok(PortClass::User));
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const NAMES: [(&str, PortClass); 12] = [
            ("system", PortClass::System),
            ("system ports", PortClass::System),
            ("well-known", PortClass::System),
            ("user", PortClass::User),
            ("user ports", PortClass::User),
            ("registered", PortClass::User),
            ("dynamic", PortClass::Dynamic),
            ("dynamic ports", PortClass::Dynamic),
            ("dynamic/private", PortClass::Dynamic),
            ("private", PortClass::Dynamic),
            ("ephemeral", PortClass::Dynamic),
            ("dynamic and/or private ports", PortClass::Dynamic),
        ];
        NAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s.trim()))
            .map(|&(_, class)| class)
            .ok_or(ParsePortClassError)
    }
}
