//! This machine's sockets, read from the operating system: the socket table through
//! `netstat2` (netlink `sock_diag` on Linux, `sysctl` on macOS, the IP Helper API on
//! Windows), and the owning processes' names through `sysinfo`.
//!
//! Without root, the table still lists every socket, but the processes of other users
//! stay hidden: such a socket says so, with its owner's uid where the system gives it.

use netstat2::{AddressFamilyFlags, ProtocolFlags, ProtocolSocketInfo, SocketInfo, TcpState};
use ports_kb::Protocol;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, SocketAddr};
use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System};

/// One socket of this machine.
#[derive(Clone, Debug)]
pub struct Socket {
    pub protocol: Protocol,
    pub local: SocketAddr,
    /// The peer, for a connected TCP socket.
    pub remote: Option<SocketAddr>,
    /// TCP's state, `LISTEN` or `ESTABLISHED` say; none for UDP.
    pub state: Option<TcpState>,
    /// The processes that hold it, with their names where the user may see them.
    pub owners: Vec<(u32, Option<String>)>,
    /// The owner's uid, where the system gives it (Linux).
    pub uid: Option<u32>,
}

impl Socket {
    /// True for a TCP socket in `LISTEN`, or a UDP socket bound to a port with no peer.
    pub fn is_listening(&self) -> bool {
        match self.protocol {
            Protocol::Tcp => self.state == Some(TcpState::Listen),
            _ => self.remote.is_none() && self.local.port() != 0,
        }
    }

    /// True for a TCP connection that is established.
    pub fn is_established(&self) -> bool {
        self.state == Some(TcpState::Established)
    }

    /// True when the owning process belongs to another user, whom this user may not see.
    pub fn owner_is_hidden(&self) -> bool {
        self.owners.is_empty() && (self.uid.is_none() || self.uid != current_uid())
    }

    /// Why the owning process is not shown, when it is not.
    pub fn hidden_owner(&self) -> Option<String> {
        if !self.owners.is_empty() {
            return None;
        }
        Some(match self.uid {
            Some(uid) if Some(uid) == current_uid() => {
                "no process: the kernel's, or one that has exited".to_owned()
            }
            Some(0) => "root's process: run as root to see it".to_owned(),
            Some(uid) => format!("uid {uid}'s process: run as root to see it"),
            None => "another user's process: run as an administrator to see it".to_owned(),
        })
    }
}

/// What could not be read: the socket table (an error), or nothing.
pub fn read(tcp: bool, udp: bool) -> Result<Vec<Socket>, String> {
    let families = AddressFamilyFlags::IPV4 | AddressFamilyFlags::IPV6;
    let mut protocols = ProtocolFlags::empty();
    if tcp {
        protocols |= ProtocolFlags::TCP;
    }
    if udp {
        protocols |= ProtocolFlags::UDP;
    }
    let table = netstat2::get_sockets_info(families, protocols)
        .map_err(|e| format!("cannot read this machine's socket table: {e}"))?;
    let names = process_names(&table);
    Ok(table.iter().map(|info| socket(info, &names)).collect())
}

fn socket(info: &SocketInfo, names: &BTreeMap<u32, String>) -> Socket {
    let (protocol, local, remote, state) = match &info.protocol_socket_info {
        ProtocolSocketInfo::Tcp(t) => {
            let peer = SocketAddr::new(t.remote_addr, t.remote_port);
            let remote = (t.remote_port != 0 || !unspecified(t.remote_addr)).then_some(peer);
            let local = SocketAddr::new(t.local_addr, t.local_port);
            (Protocol::Tcp, local, remote, Some(t.state))
        }
        ProtocolSocketInfo::Udp(u) => {
            let local = SocketAddr::new(u.local_addr, u.local_port);
            (Protocol::Udp, local, None, None)
        }
    };
    let owners = info.associated_pids.iter();
    let owners = owners.map(|&pid| (pid, names.get(&pid).cloned())).collect();
    Socket {
        protocol,
        local,
        remote,
        state,
        owners,
        uid: uid(info),
    }
}

fn unspecified(address: IpAddr) -> bool {
    address.is_unspecified()
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn uid(info: &SocketInfo) -> Option<u32> {
    Some(info.uid)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn uid(_: &SocketInfo) -> Option<u32> {
    None
}

/// The uid of this process, where the system has one.
#[cfg(unix)]
fn current_uid() -> Option<u32> {
    // /proc/self is ours; its owner is our uid. Without /proc (macOS), no uid is known,
    // and the owner is described without it.
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").ok().map(|m| m.uid())
}

#[cfg(not(unix))]
fn current_uid() -> Option<u32> {
    None
}

/// The names of the processes that hold the sockets, read once for all of them.
fn process_names(table: &[SocketInfo]) -> BTreeMap<u32, String> {
    let pids: BTreeSet<u32> = table
        .iter()
        .flat_map(|info| info.associated_pids.iter().copied())
        .collect();
    let pids: Vec<Pid> = pids.into_iter().map(Pid::from_u32).collect();
    let mut system = System::new();
    let kind = ProcessRefreshKind::nothing();
    system.refresh_processes_specifics(ProcessesToUpdate::Some(&pids), true, kind);
    system
        .processes()
        .iter()
        .map(|(pid, p)| (pid.as_u32(), p.name().to_string_lossy().into_owned()))
        .collect()
}
