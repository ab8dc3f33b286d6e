"""The port knowledge base: every service in IANA's port registry, plus the names and
ports people meet (WireGuard's 51820, Kubernetes' 6443, a game server, a trojan's port),
compiled in. No network, no ``/etc/services``.

>>> import ports_kb
>>> [s.name for s in ports_kb.lookup(22)]
['ssh', 'ssh', 'ssh']
>>> ports_kb.by_name("dns")[0].port
53
>>> ports_kb.classify(8080)
<PortClass.USER: 'user'>
"""

from __future__ import annotations

import random
import socket
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple, Union

from . import _native
from ._enums import Category, Os, PortClass, PortStatus, Prevalence, Protocol, Source
from ._native import Service

__all__ = [
    "Category",
    "NotFree",
    "Os",
    "PortClass",
    "PortStatus",
    "Prevalence",
    "Protocol",
    "REGISTRY_UPDATED",
    "Service",
    "blocked_by_browsers",
    "by_name",
    "classify",
    "common_ports",
    "ephemeral_ports",
    "free_ports",
    "guess",
    "lookup",
    "pick_port",
    "search",
    "services",
    "status",
    "why_not_free",
]

#: The date of the IANA registry compiled in, ``YYYY-MM-DD``.
REGISTRY_UPDATED: str = _native.registry_updated()

ProtocolLike = Union[Protocol, str]
OsLike = Union[Os, str]


def _protocol(protocol: ProtocolLike) -> str:
    return protocol.value if isinstance(protocol, Protocol) else str(protocol)


def lookup(port: int, protocol: Optional[ProtocolLike] = None) -> List[Service]:
    """Every service on ``port``: on every protocol, or on ``protocol`` alone. Ranges
    that hold the port are included; wide ranges (Kubernetes' NodePorts) come last.

    >>> [(s.name, str(s.protocol)) for s in lookup(53)]
    [('domain', 'tcp'), ('domain', 'udp')]
    >>> [s.name for s in lookup(53, "udp")]
    ['domain']

    Raises ValueError for a port outside 0-65535 or an unknown protocol.
    """
    if protocol is None:
        return _native.lookup(port)
    return _native.lookup_protocol(port, _protocol(protocol))


def by_name(name: str) -> List[Service]:
    """Every service with this name, spoken name or product name, ASCII
    case-insensitively; a space matches a hyphen. A product finds all its default ports.

    >>> by_name("DNS")[0].name
    'domain'
    >>> sorted({s.port for s in by_name("neo4j")} & {7474, 7473, 7687})
    [7473, 7474, 7687]
    >>> by_name("no such thing")
    []
    """
    return _native.by_name(name)


def search(query: str, limit: Optional[int] = None) -> List[Service]:
    """Services whose names, spoken names, labels, titles or descriptions hold
    ``query``, best match first: what ``by_name`` finds, then names that start with it,
    names that hold it, labels and titles, descriptions.

    >>> search("apiserver", limit=1)[0].name
    'kube-apiserver'
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit {limit} is negative")
    return _native.search(query, limit)


def services() -> List[Service]:
    """Every service, sorted by port."""
    return _native.services()


def classify(port: int) -> PortClass:
    """RFC 6335's class of a port: System 0-1023, User 1024-49151, Dynamic 49152-65535.

    >>> classify(443), classify(8080), classify(50000)
    (<PortClass.SYSTEM: 'system'>, <PortClass.USER: 'user'>, <PortClass.DYNAMIC: 'dynamic'>)
    """
    return PortClass(_native.classify(port))


def status(port: int, protocol: ProtocolLike = Protocol.TCP) -> PortStatus:
    """What IANA says of a port on a protocol: assigned, reserved, unassigned or dynamic.

    >>> status(22, "tcp")
    <PortStatus.ASSIGNED: 'assigned'>
    """
    return PortStatus(_native.status(port, _protocol(protocol)))


def guess(
    local: int,
    remote: int,
    protocol: ProtocolLike = Protocol.TCP,
    os: Optional[OsLike] = None,
) -> Optional[Service]:
    """The service of a connection between ``local`` and ``remote``: which side is the
    server? A side with a known service beats one without; a port outside the
    ephemeral ranges beats one inside (``os`` for one system's range); the more
    prevalent service wins.

    >>> guess(51544, 443, "tcp").name
    'https'
    >>> guess(61001, 61002, "tcp") is None
    True
    """
    os_name = None if os is None else (os.value if isinstance(os, Os) else str(os))
    return _native.guess(local, remote, _protocol(protocol), os_name)


def common_ports(protocol: ProtocolLike = Protocol.TCP, n: int = 100) -> List[int]:
    """The ``n`` ports most commonly met on ``protocol``, most common first: a
    permissively licensed top-ports list for scanners.

    >>> common_ports("tcp", 3)
    [80, 443, 22]
    """
    if n < 0:
        raise ValueError(f"n {n} is negative")
    return _native.common_ports(_protocol(protocol), n)


def _bounds(ports: range) -> Optional[Tuple[int, int]]:
    if not isinstance(ports, range):
        kind = type(ports).__name__
        raise TypeError(f"ports must be a range, such as range(8000, 9000), not {kind}")
    if ports.step != 1:
        raise ValueError(f"{ports!r}: the range's step must be 1")
    if len(ports) == 0:
        return None
    return ports[0], ports[-1]


def free_ports(ports: range, protocol: ProtocolLike = Protocol.TCP) -> List[int]:
    """The ports of ``ports`` that are safe for a new service on ``protocol``: not a
    System port, unassigned by IANA, used by no software the crate knows, not blocked
    by browsers, and outside the common systems' ephemeral ranges.

    >>> 8080 in free_ports(range(8000, 8100))
    False
    """
    bounds = _bounds(ports)
    if bounds is None:
        return []
    return _native.free_ports(bounds[0], bounds[1], _protocol(protocol))


@dataclass(frozen=True)
class NotFree:
    """Why a port is not free for a new service: ``kind`` is one of ``system-port``,
    ``registered`` (with ``status``), ``known-use`` (with ``service``),
    ``blocked-by-browsers`` and ``ephemeral`` (with ``os``)."""

    kind: str
    service: Optional[Service] = None
    status: Optional[PortStatus] = None
    os: Optional[Os] = None

    def __str__(self) -> str:
        if self.kind == "system-port":
            return "a System port (0-1023)"
        if self.kind == "registered" and self.status is not None:
            return f"IANA: {self.status.value}"
        if self.kind == "known-use" and self.service is not None:
            return f"used by {self.service.label or self.service.name}"
        if self.kind == "blocked-by-browsers":
            return "blocked by browsers"
        if self.kind == "ephemeral" and self.os is not None:
            return f"in {self.os.value}'s ephemeral range"
        return self.kind


def why_not_free(port: int, protocol: ProtocolLike = Protocol.TCP) -> Optional[NotFree]:
    """Why ``port`` is not free for a new service on ``protocol``, or None when it is.

    >>> str(why_not_free(6667))
    'blocked by browsers'
    >>> why_not_free(8080).kind
    'registered'
    """
    why = _native.why_not_free(port, _protocol(protocol))
    if why is None:
        return None
    kind, service, port_status, os_name = why
    return NotFree(
        kind=kind,
        service=service,
        status=None if port_status is None else PortStatus(port_status),
        os=None if os_name is None else Os(os_name),
    )


def blocked_by_browsers(port: int) -> bool:
    """True for the Fetch standard's bad ports, which browsers refuse to fetch from.

    >>> blocked_by_browsers(6667), blocked_by_browsers(8080)
    (True, False)
    """
    return _native.blocked_by_browsers(port)


def ephemeral_ports(os: OsLike) -> range:
    """A system's default range for outgoing connections.

    >>> ephemeral_ports("linux")
    range(32768, 61000)
    """
    name = os.value if isinstance(os, Os) else str(os)
    first, last = _native.ephemeral_ports(name)
    return range(first, last + 1)


def pick_port(
    protocol: ProtocolLike = Protocol.TCP,
    ports: range = range(1024, 32768),
    host: str = "127.0.0.1",
    *,
    tries: int = 100,
) -> int:
    """A port for a new service that is free by the crate's knowledge and can be bound
    on ``host`` right now: the port-for and portpicker use case. It never returns a
    port that known software uses, that IANA assigned, that browsers block, or that a
    common system hands out as an ephemeral port, so a later outgoing connection cannot
    take it first. The port is bound and released to check it; bind it soon.

    >>> 1024 <= pick_port() < 32768
    True

    Raises RuntimeError when no port of ``ports`` is both free and bindable.
    """
    name = _protocol(protocol).lower()
    if name not in ("tcp", "udp"):
        raise ValueError(f"{name!r}: pick_port binds tcp or udp")
    candidates = free_ports(ports, protocol)
    kind = socket.SOCK_DGRAM if name == "udp" else socket.SOCK_STREAM
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for port in _shuffled(candidates, tries):
        with socket.socket(family, kind) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports!r} could be bound on {host} ({len(candidates)} known free)")


def _shuffled(ports: List[int], most: int) -> Iterable[int]:
    """Up to ``most`` of ``ports``, in random order."""
    if len(ports) <= most:
        picked = list(ports)
        random.shuffle(picked)
        return picked
    return random.sample(ports, most)
