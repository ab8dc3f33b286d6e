"""The enums of `ports_kb`: each value is the crate's own string, so `Category("web")`
works and JSON stays plain. Their members are checked against the crate by the tests."""

import enum

__all__ = ["Category", "Os", "PortClass", "PortStatus", "Prevalence", "Protocol", "Source"]


class _StrEnum(str, enum.Enum):
    """An enum whose members are also their string values."""

    def __str__(self) -> str:
        return str(self.value)


class Protocol(_StrEnum):
    """A transport protocol."""

    TCP = "tcp"
    UDP = "udp"
    SCTP = "sctp"
    DCCP = "dccp"


class Category(_StrEnum):
    """What kind of service a registration is, as a monitor or firewall groups traffic."""
    WEB = "web"
    PROXY = "proxy"
    MAIL = "mail"
    CHAT = "chat"
    MESSAGING = "messaging"
    VOICE_VIDEO = "voice-video"
    FILE_TRANSFER = "file-transfer"
    STORAGE = "storage"
    REMOTE_ACCESS = "remote-access"
    NAME_RESOLUTION = "name-resolution"
    DISCOVERY = "discovery"
    IDENTITY = "identity"
    DATABASE = "database"
    VPN = "vpn"
    TUNNEL = "tunnel"
    ROUTING = "routing"
    MANAGEMENT = "management"
    MONITORING = "monitoring"
    SECURITY = "security"
    TIME = "time"
    PRINTING = "printing"
    CONTAINERS = "containers"
    INDUSTRIAL = "industrial"
    GAMES = "games"
    PEER_TO_PEER = "peer-to-peer"
    RPC = "rpc"
    DEVELOPMENT = "development"
    LICENSING = "licensing"
    MALWARE = "malware"


class Prevalence(_StrEnum):
    """How commonly a service is met on its protocol, most common first."""

    UBIQUITOUS = "ubiquitous"
    COMMON = "common"
    UNCOMMON = "uncommon"
    RARE = "rare"


class Source(_StrEnum):
    """Where a record comes from."""

    IANA = "iana"
    NETBASE = "netbase"
    COMMON = "common"
    LOCAL = "local"


class PortClass(_StrEnum):
    """RFC 6335's classes: System 0-1023, User 1024-49151, Dynamic 49152-65535."""

    SYSTEM = "system"
    USER = "user"
    DYNAMIC = "dynamic"


class PortStatus(_StrEnum):
    """What IANA says of a port on a protocol."""

    ASSIGNED = "assigned"
    RESERVED = "reserved"
    UNASSIGNED = "unassigned"
    DYNAMIC = "dynamic"


class Os(_StrEnum):
    """An operating system, for its default ephemeral port range."""

    LINUX = "linux"
    ANDROID = "android"
    WINDOWS = "windows"
    MACOS = "macos"
    IOS = "ios"
    FREEBSD = "freebsd"
    OPENBSD = "openbsd"
    NETBSD = "netbsd"
    DRAGONFLY = "dragonfly"
    ILLUMOS = "illumos"
    IANA = "iana"
