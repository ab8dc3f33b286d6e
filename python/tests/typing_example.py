"""Checked by mypy --strict in CI: the stubs and annotations give these types."""

from typing import List, Optional

import ports_kb
from ports_kb import Category, NotFree, Protocol, Service


def names_on(port: int) -> List[str]:
    return [s.name for s in ports_kb.lookup(port)]


def category_of(name: str) -> Optional[Category]:
    found: List[Service] = ports_kb.by_name(name)
    return found[0].category if found else None


def first_free() -> int:
    return ports_kb.free_ports(range(8000, 9000), Protocol.UDP)[0]


def reason(port: int) -> str:
    why: Optional[NotFree] = ports_kb.why_not_free(port, "tcp")
    return "free" if why is None else str(why)


def server(local: int, remote: int) -> Optional[str]:
    found = ports_kb.guess(local, remote, "tcp")
    return None if found is None else found.name


ports: range = ports_kb.ephemeral_ports(ports_kb.Os.LINUX)
picked: int = ports_kb.pick_port("udp", ports=range(20000, 21000))
twin: Optional[Service] = ports_kb.lookup(443)[0].twin
