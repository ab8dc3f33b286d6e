"""The ports_kb package as a Python user calls it: every function, the enums against the
crate, the Service class, bad input, and pick_port binding a real socket."""

import json
import socket

import pytest

import ports_kb
from ports_kb import (
    Category,
    NotFree,
    Os,
    PortClass,
    PortStatus,
    Prevalence,
    Protocol,
    Service,
    Source,
    _native,
)


def test_lookup_every_protocol_or_one():
    assert [(s.name, s.protocol) for s in ports_kb.lookup(53)] == [
        ("domain", Protocol.TCP),
        ("domain", Protocol.UDP),
    ]
    assert [s.name for s in ports_kb.lookup(53, "udp")] == ["domain"]
    assert [s.name for s in ports_kb.lookup(53, Protocol.UDP)] == ["domain"]
    assert any(s.name == "x11" for s in ports_kb.lookup(6010))
    assert ports_kb.lookup(1023) == []


def test_every_service_is_found_on_its_ports_and_by_its_name():
    everything = ports_kb.services()
    assert len(everything) > 13_000
    for s in everything:
        assert s in ports_kb.lookup(s.port), s
        assert s in ports_kb.lookup(s.last_port, s.protocol), s
        assert s in ports_kb.by_name(s.name), s


def test_by_name_spoken_and_product_names():
    assert ports_kb.by_name("DNS")[0].name == "domain"
    consul = {(s.port, str(s.protocol)) for s in ports_kb.by_name("consul")}
    assert {(8300, "tcp"), (8301, "udp"), (8500, "tcp"), (8600, "udp")} <= consul
    assert ports_kb.by_name("sql server")[0].name == "ms-sql-s"
    assert ports_kb.by_name("") == []


def test_search_ranks_and_limits():
    assert ports_kb.search("apiserver", limit=1)[0].name == "kube-apiserver"
    assert len(ports_kb.search("http", limit=5)) == 5
    assert ports_kb.search("") == []
    with pytest.raises(ValueError, match="negative"):
        ports_kb.search("x", limit=-1)


def test_classify_status_and_guess():
    assert ports_kb.classify(22) is PortClass.SYSTEM
    assert ports_kb.classify(8080) is PortClass.USER
    assert ports_kb.classify(60000) is PortClass.DYNAMIC
    assert ports_kb.status(22, "tcp") is PortStatus.ASSIGNED
    assert ports_kb.status(60000) is PortStatus.DYNAMIC
    assert ports_kb.guess(51544, 443).name == "https"
    assert ports_kb.guess(443, 51544, Protocol.TCP).name == "https"
    assert ports_kb.guess(61001, 61002) is None
    dragonfly = ports_kb.guess(5000, 5001, "tcp", os=Os.DRAGONFLY)
    assert dragonfly is not None and dragonfly.port == 5001


def test_common_free_and_browser_ports():
    assert ports_kb.common_ports("tcp", 3) == [80, 443, 22]
    assert 53 in ports_kb.common_ports("udp", 10)
    assert ports_kb.common_ports(n=0) == []
    free = ports_kb.free_ports(range(8000, 9000), "udp")
    assert free and all(8000 <= p < 9000 for p in free)
    assert all(ports_kb.why_not_free(p, "udp") is None for p in free)
    assert ports_kb.free_ports(range(9000, 8000)) == []
    with pytest.raises(ValueError, match="step"):
        ports_kb.free_ports(range(8000, 9000, 2))
    with pytest.raises(TypeError, match="range"):
        ports_kb.free_ports((8000, 9000))  # type: ignore[arg-type]
    assert ports_kb.blocked_by_browsers(6667)
    assert not ports_kb.blocked_by_browsers(8080)


def test_why_not_free_says_which_rule():
    assert ports_kb.why_not_free(22) == NotFree("system-port")
    registered = ports_kb.why_not_free(8080)
    assert registered is not None
    assert (registered.kind, registered.status) == ("registered", PortStatus.ASSIGNED)
    assert str(ports_kb.why_not_free(6667)) == "blocked by browsers"
    ephemeral = ports_kb.why_not_free(40000)
    assert ephemeral is not None and ephemeral.os is Os.LINUX
    known = next(
        w for p in range(1024, 32768) if (w := ports_kb.why_not_free(p)) and w.kind == "known-use"
    )
    assert isinstance(known.service, Service)
    assert str(known).startswith("used by ")


def test_ephemeral_ranges_of_every_system():
    assert ports_kb.ephemeral_ports("linux") == range(32768, 61000)
    assert ports_kb.ephemeral_ports(Os.WINDOWS) == range(49152, 65536)
    for os in Os:
        r = ports_kb.ephemeral_ports(os)
        assert 0 < r.start < r.stop <= 65536, os


@pytest.mark.parametrize(
    "enum, kind",
    [
        (Protocol, "protocol"),
        (Category, "category"),
        (Prevalence, "prevalence"),
        (Os, "os"),
        (Source, "source"),
    ],
)
def test_enums_are_the_crates_strings(enum, kind):
    assert [m.value for m in enum] == _native.names(kind)
    for member in enum:
        assert enum(member.value) is member
        assert str(member) == member.value
        assert json.dumps(member) == json.dumps(member.value)


def test_the_class_and_status_enums_cover_the_answers():
    assert {ports_kb.classify(p) for p in (0, 1024, 49152)} == set(PortClass)
    seen = {ports_kb.status(p, "tcp") for p in (22, 0, 1, 60000, 4, 1023)}
    assert PortStatus.ASSIGNED in seen and PortStatus.DYNAMIC in seen


def test_service_attributes_repr_equality_and_immutability():
    https = ports_kb.lookup(443, "tcp")[0]
    assert https.name == "https"
    assert (https.port, https.last_port, https.ports) == (443, 443, range(443, 444))
    assert https.protocol is Protocol.TCP
    assert https.category is Category.WEB
    assert https.prevalence is Prevalence.UBIQUITOUS
    assert https.source is Source.IANA
    assert https.implicit_tls and not https.is_wide
    assert isinstance(https.aliases, tuple)
    assert https.twin is not None and https.twin.name == "http"
    assert https.twin.twin == https
    assert repr(https) == "<Service https 443/tcp>"
    assert str(https).startswith("https 443/tcp")
    x11 = ports_kb.by_name("x11")[0]
    assert repr(x11) == "<Service x11 6000-6063/tcp>"
    assert x11.ports == range(6000, 6064)
    assert ports_kb.lookup(22)[0] == ports_kb.by_name("ssh")[0]
    assert ports_kb.lookup(22)[0] != ports_kb.lookup(22)[1]
    assert len({*ports_kb.lookup(22), *ports_kb.by_name("ssh")}) == 3
    assert ports_kb.lookup(22)[0] != "ssh"
    with pytest.raises(AttributeError):
        https.name = "http"  # type: ignore[misc]
    nodeports = ports_kb.by_name("kube-nodeport")[0]
    assert nodeports.is_wide and nodeports.ports == range(30000, 32768)
    assert ports_kb.by_name("skronk")[0].category is None


@pytest.mark.parametrize("port", [-1, 65536, 1 << 40])
def test_ports_outside_the_range_raise_value_error(port):
    with pytest.raises((ValueError, OverflowError), match="65535|too large|overflow"):
        ports_kb.lookup(port)
    with pytest.raises((ValueError, OverflowError)):
        ports_kb.classify(port)


def test_bad_protocols_and_systems_raise_value_error_with_the_crates_message():
    with pytest.raises(ValueError, match="expected tcp, udp, sctp or dccp"):
        ports_kb.status(22, "tpc")
    with pytest.raises(ValueError, match="unknown operating system"):
        ports_kb.ephemeral_ports("beos")
    with pytest.raises(TypeError):
        ports_kb.lookup("22")  # type: ignore[arg-type]


def test_help_is_useful():
    assert "Every service on" in (ports_kb.lookup.__doc__ or "")
    assert ">>>" in (ports_kb.pick_port.__doc__ or "")
    assert ports_kb.REGISTRY_UPDATED.count("-") == 2


@pytest.mark.parametrize("protocol, kind", [("tcp", socket.SOCK_STREAM), ("udp", socket.SOCK_DGRAM)])
def test_pick_port_returns_a_known_free_port_that_binds(protocol, kind):
    port = ports_kb.pick_port(protocol)
    assert 1024 <= port < 32768
    assert ports_kb.why_not_free(port, protocol) is None
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", port))
    picked = ports_kb.pick_port(protocol, ports=range(20000, 21000))
    assert 20000 <= picked < 21000


def test_pick_port_skips_a_bound_port_and_says_when_none_is_left():
    first = ports_kb.free_ports(range(20000, 21000))[0]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", first))
        taken.listen()
        with pytest.raises(RuntimeError, match="could be bound"):
            ports_kb.pick_port(ports=range(first, first + 1))
    with pytest.raises(ValueError, match="tcp or udp"):
        ports_kb.pick_port("sctp")


def _mypy(path):
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).parent
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(here / path)],
        capture_output=True,
        text=True,
    )


def test_the_types_check_and_catch_mistakes():
    good = _mypy("typing_example.py")
    assert good.returncode == 0, good.stdout
    bad = _mypy("typing_errors.py")
    assert bad.returncode == 1, bad.stdout
    for line in (5, 6, 7, 8):
        assert f"typing_errors.py:{line}: error" in bad.stdout, bad.stdout
