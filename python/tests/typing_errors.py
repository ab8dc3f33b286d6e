"""Must fail mypy --strict, line by line: the stubs catch each mistake."""

import ports_kb

count: int = ports_kb.lookup(22)
name: int = ports_kb.lookup(22)[0].name
ports_kb.free_ports((8000, 9000))
port: str = ports_kb.pick_port()
