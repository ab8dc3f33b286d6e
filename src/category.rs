//! What kind of service a record is, and how often it is met: [`Category`] and
//! [`Prevalence`]. Types only; the data is in the tables.

use crate::layout;
use core::fmt;
use core::str::FromStr;

/// What kind of service it is: what a network monitor or firewall UI shows.
///
/// A category describes the registered service itself, from what its protocol is for;
/// it is never taken from other software that happens to use the same port (that
/// software has a record of its own). A registration whose purpose is not published has
/// no category. Each variant's rule says where the boundary cases go. Written and
/// parsed in lowercase kebab-case (`"remote-access"`), ASCII case-insensitively.
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
    /// Serving web pages and HTTP APIs: HTTP, HTTPS, alternate HTTP ports, application
    /// servers' HTTP listeners. An admin console goes where what it administers goes
    /// (Cockpit is management), and a forward proxy is [`Proxy`](Category::Proxy).
    Web = 1,
    /// Relaying other clients' connections: SOCKS, HTTP forward proxies (Squid, Privoxy),
    /// Tor's SOCKS port, inter-cache protocols (ICP, HTCP) and ICAP. A reverse proxy in
    /// front of one site is web.
    Proxy,
    /// Sending, receiving and filtering e-mail: SMTP, submission, POP, IMAP, Sieve.
    Mail,
    /// People talking to people: instant messaging, IRC, XMPP, Matrix, talk, Usenet news.
    /// Messages between programs are [`Messaging`](Category::Messaging).
    Chat,
    /// Messages between programs: brokers and queues (AMQP, MQTT, Kafka, NATS, STOMP,
    /// IBM MQ), push notification, SMS and paging gateways (SMPP).
    Messaging,
    /// Calls, conferencing and media streaming: SIP, RTP, RTSP, STUN/TURN, H.323, media
    /// servers (Plex, Jellyfin), AirPlay.
    VoiceVideo,
    /// Moving and sharing files: FTP, TFTP, SMB, NFS and its side daemons (mountd, lockd),
    /// AFP, rsync, file sync tools.
    FileTransfer,
    /// Block and object storage and backup: iSCSI, NVMe over TCP, NDMP, Ceph, S3-style
    /// object stores, backup servers and agents.
    Storage,
    /// A person controlling another machine: SSH, Telnet, rlogin, RDP, VNC, X11,
    /// remote-support tools, KVM over IP, WinRM.
    RemoteAccess,
    /// Names to addresses: DNS and its encrypted forms, mDNS, LLMNR, NetBIOS names, WINS,
    /// and domain registries (EPP, WHOIS).
    NameResolution,
    /// Finding hosts and services, and handing out addresses: DHCP, BOOTP, SSDP/UPnP, SLP,
    /// WS-Discovery, products' LAN discovery broadcasts.
    Discovery,
    /// Who a user or host is: authentication and accounting (Kerberos, RADIUS, TACACS+,
    /// Diameter), directories (LDAP, Active Directory), certificates and keys, ident.
    Identity,
    /// Databases, caches and search engines, and their cluster ports.
    Database,
    /// Private network access through an encrypted tunnel: IPsec, OpenVPN, WireGuard,
    /// L2TP, PPTP, mesh VPNs (Tailscale, ZeroTier), Tor relays.
    Vpn,
    /// Encapsulation without a VPN's access control: VXLAN, Geneve, GTP, OTV, Teredo,
    /// GRE in UDP.
    Tunnel,
    /// Routing protocols and router redundancy: BGP, RIP and OSPF daemons, LDP, BFD,
    /// HSRP, PCEP, RPKI.
    Routing,
    /// Configuring and administering systems and devices: NETCONF, WBEM, IPMI, Intel AMT,
    /// admin web consoles (Cockpit, Webmin, cPanel), configuration management (Puppet),
    /// software deployment (WSUS).
    Management,
    /// Watching systems: metrics, logs, traces, flow export and alerting: SNMP, syslog,
    /// NetFlow and IPFIX, Prometheus and its exporters, Zabbix, GELF, statsd, OTLP.
    Monitoring,
    /// Security products' own traffic: vulnerability scanners (Nessus), IDS and SIEM
    /// agents, firewall management (Check Point, FortiGate), honeypots.
    Security,
    /// Clocks: NTP, PTP, TIME, NTS. (Time-stamping of documents is identity.)
    Time,
    /// Printing and scanning: IPP, LPD, raw printing, BJNP, SANE.
    Printing,
    /// Containers, orchestration and cluster coordination: Docker, Kubernetes, Swarm,
    /// Nomad, Consul, etcd, ZooKeeper, container registries.
    Containers,
    /// Industrial control, building automation and field devices: Modbus, DNP3, S7,
    /// EtherNet/IP, BACnet, OPC UA, PROFINET, KNX. MQTT is messaging.
    Industrial,
    /// Game servers, game platforms and their voice chat.
    Games,
    /// File-sharing networks and cryptocurrency nodes: BitTorrent, eDonkey, Bitcoin,
    /// Ethereum, IPFS.
    PeerToPeer,
    /// Remote procedure call frameworks and their binders: ONC RPC's portmapper, the MS
    /// RPC endpoint mapper, CORBA, Java RMI, Erlang's EPMD. A service built on RPC goes
    /// where its purpose goes (NFS's mountd is file-transfer).
    Rpc,
    /// Building software: version control, debuggers, notebooks, development servers,
    /// CI agents, build daemons.
    Development,
    /// Licence servers: FlexLM, Sentinel and HASP, RLM, Windows KMS.
    Licensing,
    /// Backdoors, trojans and botnets: only records of the malware itself (Back Orifice,
    /// NetBus), never a registration whose port malware also used. A UI can flag them.
    Malware,
}

impl Category {
    /// Every category, in order.
    ///
    /// ```
    /// use ports_kb::Category;
    /// assert_eq!(Category::ALL.len(), 29);
    /// assert!(Category::ALL.iter().all(|c| c.as_str().parse() == Ok(*c)));
    /// ```
    pub const ALL: [Category; 29] = [
        Category::Web,
        Category::Proxy,
        Category::Mail,
        Category::Chat,
        Category::Messaging,
        Category::VoiceVideo,
        Category::FileTransfer,
        Category::Storage,
        Category::RemoteAccess,
        Category::NameResolution,
        Category::Discovery,
        Category::Identity,
        Category::Database,
        Category::Vpn,
        Category::Tunnel,
        Category::Routing,
        Category::Management,
        Category::Monitoring,
        Category::Security,
        Category::Time,
        Category::Printing,
        Category::Containers,
        Category::Industrial,
        Category::Games,
        Category::PeerToPeer,
        Category::Rpc,
        Category::Development,
        Category::Licensing,
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
/// assert!(err.starts_with("unknown category: expected one of web, proxy, mail, "));
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

/// How often a service is met on real networks, on its own protocol: a curated judgement,
/// grounded in published measurements where they exist, not a measured frequency.
/// Ordered most common first, so `min()` is the most common.
///
/// | tier | the rule | for example |
/// |---|---|---|
/// | [`Ubiquitous`](Prevalence::Ubiquitous) | met on most networks, or on most hosts of its kind | HTTP, HTTPS, DNS, SSH, FTP, SMTP, SMB, RDP, NTP, SNMP, DHCP |
/// | [`Common`](Prevalence::Common) | met routinely wherever its software is deployed | Telnet, MySQL, PostgreSQL, OpenVPN, WireGuard, LDAP, Kubernetes, Minecraft |
/// | [`Uncommon`](Prevalence::Uncommon) | real software with users today, but specialised or legacy | Modbus, DNP3, Gopher, Tor relays, Quake servers |
/// | [`Rare`](Prevalence::Rare) | no known wide use today on that protocol; the default | most of IANA's registrations, HTTPS over SCTP, old trojans |
///
/// A tier is for one protocol: a service that runs only over TCP is rare on UDP, whatever
/// IANA registered. It belongs to the service itself: a registration whose port is busy
/// because of other software keeps its own tier, and that software has a record of its
/// own with its own tier.
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
