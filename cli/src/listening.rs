//! `ports listening` and `ports connections`: this machine's sockets, each with the
//! service the knowledge base names and the flags a reviewer looks for.

use crate::sockets::Socket;
use ports_kb::{guess, status, Category, Os, PortStatus, Service};
use std::net::IpAddr;
use std::ops::RangeInclusive;

/// A listening socket and what the knowledge base says of it.
pub struct Listener {
    pub socket: Socket,
    /// The port's most prevalent service on its protocol (as `guess` names it).
    pub service: Option<&'static Service>,
    pub status: PortStatus,
    pub flags: Vec<Flag>,
}

/// What a reviewer of a machine's listening sockets wants to see at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// Bound to every interface (0.0.0.0 or ::).
    AllInterfaces,
    /// Bound to loopback only: reachable from this machine alone.
    Loopback,
    /// The port's service is in the malware category.
    Malware,
    /// A remote-access or file service whose protocol sends credentials in clear text,
    /// reachable beyond loopback.
    Cleartext,
    /// Inside this system's ephemeral range, where outgoing connections take ports.
    Ephemeral,
    /// No service is known on the port.
    Unknown,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::AllInterfaces => "all-interfaces",
            Flag::Loopback => "loopback",
            Flag::Malware => "malware",
            Flag::Cleartext => "cleartext",
            Flag::Ephemeral => "ephemeral",
            Flag::Unknown => "unknown",
        }
    }
}

/// Login and file services whose protocol carries credentials or data in clear text:
/// Telnet, the BSD r-commands (rexec, rlogin, rsh), FTP, TFTP, VNC's RFB, X11 and NFS.
/// (SSH and RDP encrypt; the TLS twins, such as ftps, are other names.)
const CLEARTEXT: [&str; 9] = [
    "telnet", "exec", "login", "shell", "ftp", "tftp", "rfb", "x11", "nfs",
];

/// The listening sockets, with their services and flags, sorted by protocol and port.
pub fn listeners(sockets: Vec<Socket>, exposed_only: bool) -> Vec<Listener> {
    let ephemeral = ephemeral_range();
    let mut found: Vec<Listener> = sockets
        .into_iter()
        .filter(Socket::is_listening)
        .map(|socket| listener(socket, &ephemeral))
        .filter(|l| !exposed_only || !l.flags.contains(&Flag::Loopback))
        .collect();
    found.sort_by_key(|l| {
        (
            l.socket.protocol,
            l.socket.local.port(),
            l.socket.local.ip(),
        )
    });
    found
}

fn listener(socket: Socket, ephemeral: &RangeInclusive<u16>) -> Listener {
    let (port, protocol) = (socket.local.port(), socket.protocol);
    // Both sides the same port: `guess` then names the port's own best service.
    let service = guess(port, port, protocol);
    let mut flags = Vec::new();
    let address = socket.local.ip();
    if address.is_unspecified() {
        flags.push(Flag::AllInterfaces);
    }
    let loopback = is_loopback(address);
    if loopback {
        flags.push(Flag::Loopback);
    }
    if service.is_some_and(|s| s.category() == Some(Category::Malware)) {
        flags.push(Flag::Malware);
    }
    if !loopback && service.is_some_and(is_cleartext) {
        flags.push(Flag::Cleartext);
    }
    if ephemeral.contains(&port) {
        flags.push(Flag::Ephemeral);
    }
    if service.is_none() {
        flags.push(Flag::Unknown);
    }
    Listener {
        status: status(port, protocol),
        socket,
        service,
        flags,
    }
}

/// A cleartext remote-access or file service (see [`CLEARTEXT`]).
fn is_cleartext(s: &Service) -> bool {
    let kind = matches!(
        s.category(),
        Some(Category::RemoteAccess | Category::FileTransfer)
    );
    kind && !s.implicit_tls() && CLEARTEXT.contains(&s.name().to_ascii_lowercase().as_str())
}

/// 127.0.0.0/8, ::1, or an IPv4-mapped loopback address.
fn is_loopback(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// This system's ephemeral range: Linux's configured one where it can be read, else the
/// default that `ports_kb` knows for the system.
pub fn ephemeral_range() -> RangeInclusive<u16> {
    configured_range().unwrap_or_else(|| this_os().ephemeral_ports())
}

/// Linux's `net.ipv4.ip_local_port_range`, two numbers.
fn configured_range() -> Option<RangeInclusive<u16>> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let text = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range").ok()?;
    let mut numbers = text.split_whitespace().map(str::parse::<u16>);
    let (first, last) = (numbers.next()?.ok()?, numbers.next()?.ok()?);
    (first <= last).then_some(first..=last)
}

/// The system this binary runs on, as `ports_kb` names it.
pub fn this_os() -> Os {
    if cfg!(target_os = "android") {
        Os::Android
    } else if cfg!(target_os = "linux") {
        Os::Linux
    } else if cfg!(target_os = "windows") {
        Os::Windows
    } else if cfg!(target_os = "macos") {
        Os::MacOs
    } else if cfg!(target_os = "freebsd") {
        Os::FreeBsd
    } else if cfg!(target_os = "openbsd") {
        Os::OpenBsd
    } else if cfg!(target_os = "netbsd") {
        Os::NetBsd
    } else if cfg!(target_os = "dragonfly") {
        Os::DragonFly
    } else if cfg!(target_os = "illumos") {
        Os::Illumos
    } else {
        Os::Iana
    }
}

/// An established connection, with the service `guess` names and the side it is on.
pub struct Connection {
    pub socket: Socket,
    pub service: Option<&'static Service>,
    /// Which side serves the service: `local` (this machine), `remote`, or `both` for a
    /// flow between two ports of the service (NTP's 123 to 123).
    pub server: Option<&'static str>,
}

/// The established TCP connections, sorted by local port.
pub fn connections(sockets: Vec<Socket>) -> Vec<Connection> {
    let os = this_os();
    let mut found: Vec<Connection> = sockets
        .into_iter()
        .filter(Socket::is_established)
        .filter_map(|socket| {
            let remote = socket.remote?.port();
            let local = socket.local.port();
            let service = os.guess(local, remote, socket.protocol);
            let server =
                service.map(
                    |s| match (s.ports().contains(&local), s.ports().contains(&remote)) {
                        (true, true) => "both",
                        (true, false) => "local",
                        _ => "remote",
                    },
                );
            Some(Connection {
                socket,
                service,
                server,
            })
        })
        .collect();
    found.sort_by_key(|c| (c.socket.local.port(), c.socket.remote.map(|r| r.port())));
    found
}

/// The protocols asked for: both unless one is named.
pub fn protocols(tcp: bool, udp: bool) -> (bool, bool) {
    if tcp || udp {
        (tcp, udp)
    } else {
        (true, true)
    }
}
