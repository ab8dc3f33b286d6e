//! IANA's references, dates and unauthorized-use reports (the `metadata` feature).

use crate::layout;
use crate::record::{Meta, Service};
use crate::tables::{text, METADATA};
use core::fmt;

/// A date as IANA gives it: a day, or only a month for older entries.
///
/// ```
/// let https = ports_kb::Protocol::Tcp.lookup(443).next().unwrap();
/// let modified = https.modified().unwrap();
/// assert!(modified.year() >= 2000);
/// assert_eq!(modified.to_string().len(), if modified.day().is_some() { 10 } else { 7 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: Option<u8>,
}

impl Date {
    /// Unpacks a date packed by `layout::pack_date`; 0 means no date.
    fn unpack(packed: u16) -> Option<Date> {
        let (year, month, day) = layout::unpack_date(packed)?;
        Some(Date {
            year,
            month,
            day: Some(day).filter(|&d| d != 0),
        })
    }

    /// The year.
    ///
    /// ```
    /// let x11 = ports_kb::by_name("x11").next().unwrap();
    /// assert_eq!(x11.modified().map(|d| d.year()), None);
    /// ```
    #[must_use]
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    ///
    /// ```
    /// let d = ports_kb::services().find_map(|s| s.registered()).unwrap();
    /// assert!((1..=12).contains(&d.month()));
    /// ```
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, when IANA gives one.
    ///
    /// ```
    /// let d = ports_kb::services().find_map(|s| s.registered()).unwrap();
    /// assert!(d.day().is_none_or(|day| (1..=31).contains(&day)));
    /// ```
    #[must_use]
    pub fn day(self) -> Option<u8> {
        self.day
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`, or `YYYY-MM` without a day, as IANA writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "metadata")))]
impl Service {
    fn meta(&self) -> Option<&'static Meta> {
        METADATA.get(self.index())
    }

    /// IANA's references for the assignment (RFCs, drafts, documents), `; `-separated;
    /// for a common-use record, the public page that states its port. `None` where
    /// there is none.
    ///
    /// ```
    /// let ssh = ports_kb::Protocol::Tcp.lookup(22).next().unwrap();
    /// assert_eq!(ssh.reference(), Some("RFC4251"));
    /// let wireguard = ports_kb::by_name("wireguard").next().unwrap();
    /// assert!(wireguard.reference().unwrap().starts_with("https://"));
    /// ```
    #[must_use]
    pub fn reference(&self) -> Option<&'static str> {
        self.meta()
            .map(|m| text(m.0, layout::META_LEN_BITS))
            .filter(|s| !s.is_empty())
    }

    /// When IANA registered the assignment, where recorded.
    ///
    /// ```
    /// assert!(ports_kb::services().filter_map(|s| s.registered()).count() > 1000);
    /// ```
    #[must_use]
    pub fn registered(&self) -> Option<Date> {
        self.meta().and_then(|m| Date::unpack(m.1))
    }

    /// When IANA last modified the assignment, where recorded.
    ///
    /// ```
    /// let https = ports_kb::Protocol::Tcp.lookup(443).next().unwrap();
    /// assert!(https.modified().is_some());
    /// ```
    #[must_use]
    pub fn modified(&self) -> Option<Date> {
        self.meta().and_then(|m| Date::unpack(m.2))
    }

    /// IANA's report of known unauthorized use of the port, if any.
    ///
    /// ```
    /// let x11 = ports_kb::by_name("x11").next().unwrap();
    /// assert_eq!(x11.unauthorized_use(), Some("Known Unauthorized Use on port 6003"));
    /// ```
    #[must_use]
    pub fn unauthorized_use(&self) -> Option<&'static str> {
        self.meta()
            .map(|m| text(m.3, layout::META_LEN_BITS))
            .filter(|s| !s.is_empty())
    }
}
