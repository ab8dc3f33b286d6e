"""Ratios from one run, each against its baseline timed in the same run:

    python python/benches/bench.py    # needs port-for: pip install port-for

- ports_kb.lookup(443, "tcp") against socket.getservbyport(443, "tcp"), and a miss;
- ports_kb.by_name("https") against socket.getservbyname("https", "tcp");
- ports_kb.pick_port() against port_for.select_random().

Each figure is the best of several repeats of many calls, so that a busy machine
slows both sides of a ratio alike.
"""

import socket
import timeit

import ports_kb


def best(statement, number):
    """Seconds per call: the best of five repeats."""
    return min(timeit.repeat(statement, number=number, repeat=5)) / number


def ratio(name, ours, theirs, number):
    a, b = best(ours, number), best(theirs, number)
    print(f"| {name} | {a * 1e6:.2f} µs | {b * 1e6:.2f} µs | {b / a:,.1f}x faster |")


def getservbyport_miss():
    try:
        socket.getservbyport(61000, "tcp")
    except OSError:
        pass


def main():
    print("| call | ports_kb | baseline | ratio |")
    print("|---|---|---|---|")
    ratio(
        "lookup(443, 'tcp') vs getservbyport",
        lambda: ports_kb.lookup(443, "tcp"),
        lambda: socket.getservbyport(443, "tcp"),
        2000,
    )
    ratio(
        "lookup(61000, 'tcp') vs getservbyport, a miss",
        lambda: ports_kb.lookup(61000, "tcp"),
        getservbyport_miss,
        2000,
    )
    ratio(
        "by_name('https') vs getservbyname",
        lambda: ports_kb.by_name("https"),
        lambda: socket.getservbyname("https", "tcp"),
        2000,
    )
    import port_for

    ratio(
        "pick_port() vs port_for.select_random()",
        ports_kb.pick_port,
        port_for.select_random,
        200,
    )


if __name__ == "__main__":
    main()
