//! What kind of service a record is, and how often it is met: [`Category`] and
//! [`Prevalence`]. Types only; the data is in the tables.

use crate::layout;
use core::fmt;
use core::str::FromStr;

/// What kind of service it is: what a network monitor or firewall UI shows.
///
/// Decided per service name, from what the protocol is for. Written and parsed in
/// lowercase kebab-case (`"remote-access"`), ASCII case-insensitively.
///
/// ```
/// use ports_kb::Category;
/// let ssh = ports_kb::by_name("ssh").next().unwrap();
/// assert_eq!(ssh.category(), Some(Category::RemoteAccess));
/// assert_eq!("malware".parse(), Ok(Category::Malware));
/// assert_eq!(Category::VoiceVideo.to_string(), "voice-video");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
// Each discriminant is the record's code (1 + the index in `layout::CATEGORIES`), so
// that `Option<Category>` is the code itself, 0 being `None`. Each variant is its name in
// `layout::CATEGORIES` in UpperCamelCase: the generated records name the variants.
#[repr(u8)]
pub enum Category {
    /// HTTP and HTTPS, alternate HTTP ports, web proxies and caches, web consoles.
    Web = 1,
    /// SMTP, submission, POP and IMAP.
    Mail,
    /// File transfer and sharing: FTP, TFTP, SMB, NFS, AFP, rsync.
    FileTransfer,
    /// Remote access: SSH, Telnet, RDP, VNC, X11, remote-support tools, WinRM.
    RemoteAccess,
    /// Name resolution: DNS and its encrypted forms, mDNS, LLMNR, NetBIOS names.
    NameResolution,
    /// Address assignment and service discovery: DHCP, BOOTP, SSDP/UPnP, SLP.
    Discovery,
    /// Directory and authentication: LDAP, Kerberos, RADIUS, TACACS+.
    Directory,
    /// Databases, caches and search engines.
    Database,
    /// Chat, presence and message brokers: IRC, XMPP, AMQP, Kafka.
    Messaging,
    /// Voice, video and streaming media: SIP, RTP, RTSP, STUN/TURN.
    VoiceVideo,
    /// VPNs, tunnels and proxies: IPsec, OpenVPN, WireGuard, SOCKS, Tor.
    Vpn,
    /// Network management and monitoring: SNMP, syslog, flow export, monitoring agents.
    Management,
    /// Time: NTP, PTP.
    Time,
    /// Printing and scanning: IPP, LPD, raw printing.
    Printing,
    /// Containers and orchestration: Docker, Kubernetes, etcd, Consul.
    Containers,
    /// Industrial and IoT: Modbus, DNP3, S7, BACnet, OPC UA, MQTT.
    Industrial,
    /// Game servers and platforms.
    Games,
    /// Peer-to-peer and cryptocurrency: BitTorrent, Bitcoin, Ethereum.
    PeerToPeer,
    /// Routing protocols: BGP, RIP, LDP, BFD.
    Routing,
    /// Remote procedure call: ONC RPC, MS RPC and DCOM, Java RMI.
    Rpc,
    /// Storage and backup: iSCSI, NDMP, backup agents.
    Storage,
    /// Software development: version control, debuggers, notebooks, dev servers.
    Development,
    /// Ports known for backdoors, trojans and botnets: a UI can flag them.
    Malware,
}

impl Category {
    /// Every category, in order.
    ///
    /// ```
    /// use ports_kb::Category;
    /// assert_eq!(Category::ALL.len(), 23);
    /// assert!(Category::ALL.iter().all(|c| c.as_str().parse() == Ok(*c)));
    /// ```
    pub const ALL: [Category; 23] = [
        Category::Web,
        Category::Mail,
        Category::FileTransfer,
        Category::RemoteAccess,
        Category::NameResolution,
        Category::Discovery,
        Category::Directory,
        Category::Database,
        Category::Messaging,
        Category::VoiceVideo,
        Category::Vpn,
        Category::Management,
        Category::Time,
        Category::Printing,
        Category::Containers,
        Category::Industrial,
        Category::Games,
        Category::PeerToPeer,
        Category::Routing,
        Category::Rpc,
        Category::Storage,
        Category::Development,
        Category::Malware,
    ];

    /// The lowercase kebab-case name: `"file-transfer"`.
    ///
    /// ```
    /// assert_eq!(ports_kb::Category::PeerToPeer.as_str(), "peer-to-peer");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        layout::CATEGORIES[self as usize - 1]
    }
}

impl fmt::Display for Category {
    /// The lowercase kebab-case name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The error of parsing a [`Category`] or a [`Prevalence`]: the text names none of them.
///
/// ```
/// use ports_kb::{Category, Prevalence};
/// let err = "cloud".parse::<Category>().unwrap_err().to_string();
/// assert!(err.starts_with("unknown category: expected one of web, mail, "));
/// assert!(Category::ALL.iter().all(|c| err.contains(c.as_str())));
/// let err = "often".parse::<Prevalence>().unwrap_err().to_string();
/// assert_eq!(err, "unknown prevalence: expected one of ubiquitous, common, uncommon or rare (any case)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseKindError {
    /// Not a category name.
    Category,
    /// Not a prevalence tier.
    Prevalence,
}

impl fmt::Display for ParseKindError {
    /// What was expected: every name of the kind, from the same lists `as_str` uses.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, names) = match self {
            ParseKindError::Category => ("category", &layout::CATEGORIES[..]),
            ParseKindError::Prevalence => ("prevalence", &layout::PREVALENCES[..]),
        };
        write!(f, "unknown {kind}: expected one of ")?;
        for (i, name) in names.iter().enumerate() {
            let sep = match i {
                0 => "",
                _ if i + 1 == names.len() => " or ",
                _ => ", ",
            };
            write!(f, "{sep}{name}")?;
        }
        f.write_str(" (any case)")
    }
}

impl core::error::Error for ParseKindError {}

impl FromStr for Category {
    type Err = ParseKindError;

    /// Parses the kebab-case name, ASCII case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
            .ok_or(ParseKindError::Category)
    }
}

/// How often a service is met on real networks: a curated judgement, not a measured
/// frequency. Ordered most common first, so `min()` is the most common.
///
/// | tier | the rule | for example |
/// |---|---|---|
/// | [`Ubiquitous`](Prevalence::Ubiquitous) | met on most networks, or on most hosts of its kind | HTTP, HTTPS, DNS, SSH, SMB, RDP, NTP, DHCP |
/// | [`Common`](Prevalence::Common) | an administrator meets it routinely where its software is deployed | MySQL, PostgreSQL, OpenVPN, WireGuard, SNMP, Kubernetes, Minecraft |
/// | [`Uncommon`](Prevalence::Uncommon) | real software with real users, but specialised or legacy | Modbus, DNP3, Gopher, Quake servers, most trojans |
/// | [`Rare`](Prevalence::Rare) | a registration with no known wide use today; the default | most of IANA's registrations |
///
/// ```
/// use ports_kb::Prevalence;
/// let https = ports_kb::lookup(443).next().unwrap();
/// assert_eq!(https.prevalence(), Prevalence::Ubiquitous);
/// assert!(Prevalence::Ubiquitous < Prevalence::Rare);
/// assert_eq!("Common".parse(), Ok(Prevalence::Common));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
// Each variant is its name in `layout::PREVALENCES` in UpperCamelCase, and its
// discriminant the code: the generated records name the variants.
#[repr(u8)]
pub enum Prevalence {
    /// Met on most networks, or on most hosts of its kind.
    Ubiquitous,
    /// Met routinely wherever its software is deployed.
    Common,
    /// Real, but specialised or legacy.
    Uncommon,
    /// No known wide use today: the default for a registration.
    Rare,
}

impl Prevalence {
    /// Every tier, most common first.
    ///
    /// ```
    /// assert!(ports_kb::Prevalence::ALL.is_sorted());
    /// ```
    pub const ALL: [Prevalence; 4] = [
        Prevalence::Ubiquitous,
        Prevalence::Common,
        Prevalence::Uncommon,
        Prevalence::Rare,
    ];

    /// The lowercase name: `"uncommon"`.
    ///
    /// ```
    /// assert_eq!(ports_kb::Prevalence::Rare.as_str(), "rare");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        layout::PREVALENCES[self as usize]
    }
}

impl fmt::Display for Prevalence {
    /// The lowercase name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Prevalence {
    type Err = ParseKindError;

    /// Parses the lowercase name, ASCII case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Prevalence::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
            .ok_or(ParseKindError::Prevalence)
    }
}
