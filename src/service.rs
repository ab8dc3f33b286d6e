//! What a record says: the methods of [`Service`] and [`PortlessName`], their order,
//! and their text and serde forms.

use crate::category::{Category, Prevalence};
use crate::index::{about, aliases_of, About};
use crate::iter::Aliases;
use crate::layout;
use crate::record::{PortlessName, Service, Source};
use crate::tables::{text, PROTOCOL_UNSPECIFIED, RANGE_LAST, RECORDS, WIDE_RECORDS};
use crate::Protocol;
use core::cmp::Ordering;
use core::fmt;
use core::ops::RangeInclusive;

impl Service {
    /// The service name, as its source spells it (IANA's case is kept: `CAIlic`).
    ///
    /// ```
    /// assert_eq!(ports_kb::lookup(443).next().unwrap().name(), "https");
    /// ```
    #[inline]
    #[must_use]
    pub fn name(&self) -> &'static str {
        text(self.name_ref(), layout::NAME_LEN_BITS)
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
        if self.flags() & layout::FLAG_RANGE == 0 {
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
        Protocol::from_code(layout::head_protocol(self.head()))
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
        text(layout::join(self.4), layout::TEXT_LEN_BITS)
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
        Source::from_code(layout::head_source(self.head()))
    }

    /// What kind of service it is, as a network monitor would group it. `None` for a
    /// registration whose purpose is not publicly known.
    ///
    /// ```
    /// use ports_kb::Category;
    /// assert_eq!(ports_kb::lookup(443).next().unwrap().category(), Some(Category::Web));
    /// assert_eq!(ports_kb::by_name("netbus").next().unwrap().category(), Some(Category::Malware));
    /// ```
    #[inline]
    #[must_use]
    pub fn category(&self) -> Option<Category> {
        self.2
    }

    /// How often the service is met on real networks: a curated tier, `Rare` for a
    /// registration nobody has shown to be in wide use.
    ///
    /// ```
    /// use ports_kb::Prevalence;
    /// assert_eq!(ports_kb::lookup(22).next().unwrap().prevalence(), Prevalence::Ubiquitous);
    /// assert_eq!(ports_kb::lookup(1).next().unwrap().prevalence(), Prevalence::Rare);
    /// ```
    #[inline]
    #[must_use]
    pub fn prevalence(&self) -> Prevalence {
        self.3
    }

    /// The spoken names that [`by_name`](crate::by_name) also resolves to this service,
    /// in alphabetical order: "dns" for `domain`, "irc" for `ircu` (6665-6669). The names
    /// of a product with several services are listed only with the service of its own
    /// name, though each finds them all.
    ///
    /// ```
    /// let dns = ports_kb::lookup(53).next().unwrap();
    /// assert!(dns.aliases().any(|a| a == "dns"));
    /// for alias in dns.aliases() {
    ///     assert!(ports_kb::by_name(alias).any(|s| s == dns));
    /// }
    /// // A product's names find all its ports, and are listed with its own service.
    /// let consul = ports_kb::by_name("consul").next().unwrap();
    /// assert!(consul.aliases().any(|a| a == "hashicorp-consul"));
    /// ```
    #[must_use]
    pub fn aliases(&self) -> Aliases {
        if self.flags() & layout::FLAG_HAS_ALIASES == 0 {
            return Aliases::new(&[]);
        }
        Aliases::new(aliases_of(self))
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
        self.about().and_then(|a| a.label)
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
        self.about().and_then(|a| a.title)
    }

    /// The other of a plain / implicit-TLS pair on the same protocol: `ftps` for `ftp`,
    /// `ftp` for `ftps`, `submissions` (465) for `submission` (587).
    ///
    /// ```
    /// use ports_kb::Protocol;
    /// let imap = Protocol::Tcp.lookup(143).next().unwrap();
    /// assert_eq!(imap.twin().map(|s| s.name()), Some("imaps"));
    /// assert_eq!(imap.twin().unwrap().twin().map(|s| s.name()), Some("imap"));
    /// ```
    #[must_use]
    pub fn twin(&self) -> Option<&'static Service> {
        let twin = self.about()?.twin?;
        let on_port = self.protocol().lookup(twin.0);
        on_port
            .into_iter()
            .find(|s| s.0 == twin.0 && s.name().eq_ignore_ascii_case(twin.name()))
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
        self.about()
            .is_some_and(|a| a.flags & layout::ABOUT_IMPLICIT_TLS != 0)
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
        self.about()
            .is_some_and(|a| a.flags & layout::ABOUT_HISTORIC != 0)
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
        let index = self.index();
        PROTOCOL_UNSPECIFIED
            .binary_search_by_key(&index, |&id| usize::from(id))
            .is_ok()
    }

    /// The packed head: protocol, source, flags and name (`layout::pack_head`).
    #[inline]
    fn head(&self) -> u32 {
        layout::join(self.1)
    }

    /// The name's string reference, with `layout::NAME_LEN_BITS`: equal for two records
    /// exactly when their names are spelt alike.
    #[inline]
    pub(crate) fn name_ref(&self) -> u32 {
        layout::head_name(self.head())
    }

    /// The `[[about]]` entry of the registration: looked up only when the record's flag
    /// says there is one, as for most records there is not.
    fn about(&self) -> Option<About> {
        if self.flags() & layout::FLAG_HAS_ABOUT == 0 {
            return None;
        }
        about(self)
    }

    /// `layout::FLAG_RANGE`, `FLAG_HAS_ALIASES` and `FLAG_HAS_ABOUT`.
    #[inline]
    pub(crate) fn flags(&self) -> u8 {
        layout::head_flags(self.head())
    }

    /// True for a wide range that software allocates ports from, hundreds or thousands
    /// of them (Kubernetes' NodePorts, Windows' dynamic RPC ports, an RTP media range).
    /// [`lookup`](crate::lookup) lists it after the port's own services, it never
    /// outranks them in [`guess`](crate::guess) or [`common_ports`](crate::common_ports),
    /// and [`free_ports`](crate::free_ports) does not count it.
    ///
    /// ```
    /// let nodeports = ports_kb::by_name("kube-nodeport").next().unwrap();
    /// assert!(nodeports.is_wide());
    /// assert_eq!(nodeports.ports(), 30000..=32767);
    /// assert!(ports_kb::lookup(30080).any(|s| s == nodeports));
    /// assert!(ports_kb::lookup(30080).last().unwrap().is_wide());
    /// assert!(!ports_kb::lookup(22).any(|s| s.is_wide()));
    /// ```
    #[must_use]
    pub fn is_wide(&self) -> bool {
        let index = self.index() as u16;
        self.flags() & layout::FLAG_RANGE != 0 && WIDE_RECORDS.binary_search(&index).is_ok()
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
    /// `category`, `prevalence`, `description` (with the `descriptions` feature) and
    /// `implicit_tls`.
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
        let mut s = serializer.serialize_struct("Service", 9)?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("ports", &(*self.ports().start(), *self.ports().end()))?;
        s.serialize_field("protocol", &self.protocol())?;
        s.serialize_field("source", &self.source())?;
        s.serialize_field("label", &self.label())?;
        s.serialize_field("category", &self.category())?;
        s.serialize_field("prevalence", &self.prevalence())?;
        #[cfg(feature = "descriptions")]
        s.serialize_field("description", self.description())?;
        s.serialize_field("implicit_tls", &self.implicit_tls())?;
        s.end()
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

impl PortlessName {
    /// The name as IANA spells it.
    ///
    /// ```
    /// assert_eq!(ports_kb::portless_names("AIRPLAY").next().unwrap().name(), "airplay");
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        text(
            layout::unpack_portless(self.0).0,
            layout::PORTLESS_NAME_LEN_BITS,
        )
    }

    /// The protocol IANA lists with the name, if any.
    ///
    /// ```
    /// use ports_kb::Protocol;
    /// assert_eq!(ports_kb::portless_names("airplay").next().unwrap().protocol(), Some(Protocol::Tcp));
    /// ```
    #[must_use]
    pub fn protocol(&self) -> Option<Protocol> {
        let code = layout::unpack_portless(self.0).1;
        (code != layout::NO_PROTOCOL).then(|| Protocol::from_code(code))
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
        text(self.1, layout::TEXT_LEN_BITS)
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
