#!/usr/bin/env python3
"""Prints the ratios of the last `cargo bench --bench lookup` run, from criterion's output.

Each row divides two functions of one criterion group, measured in the same run.
"""
import json
import pathlib
import sys

criterion = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")

# (what, group, ports_kb function, baseline function, goal, how to read the goal)
ROWS = [
    ("lookup, all ports, sequential", "lookup_all_ports_sequential", "ports_kb", "direct_index", 1.5, "at most"),
    ("lookup, all ports, shuffled", "lookup_all_ports_shuffled", "ports_kb", "direct_index", 1.5, "at most"),
    ("lookup, all ports, vs HashMap<u16, Vec>", "lookup_all_ports_shuffled", "ports_kb", "std_hashmap", None, ""),
    ("lookup(443) vs getservbyport (hit)", "lookup_vs_getservbyport", "ports_kb_hit_443", "getservbyport_hit_443", 1000, "faster by at least"),
    ("lookup(61000) vs getservbyport (miss)", "lookup_vs_getservbyport", "ports_kb_miss_61000", "getservbyport_miss_61000", 1000, "faster by at least"),
    ("by_name, every name, mixed case vs exact-case HashMap", "by_name_every_name", "ports_kb_mixed_case", "std_hashmap_exact_case", 1.5, "at most"),
    ("by_name(\"https\") vs getservbyname", "by_name_vs_getservbyname", "ports_kb_https", "getservbyname_https", 200, "faster by at least"),
    ("by_name(\"postgresql\") vs getservbyname", "by_name_vs_getservbyname", "ports_kb_postgresql", "getservbyname_postgresql", 200, "faster by at least"),
    ("classify, all ports, vs a plain match", "classify_all_ports", "ports_kb", "plain_match", 1.0, "equal"),
    ("services() vs a &[&Service] slice", "iterate", "ports_kb_services", "slice_services", 1.2, "at most"),
    ("Protocol::Tcp.services() vs a slice", "iterate", "ports_kb_tcp_services", "slice_tcp_services", 1.2, "at most"),
]


def mean_ns(group, function):
    path = criterion / group / function / "new" / "estimates.json"
    return json.loads(path.read_text())["mean"]["point_estimate"]


print("| what | ratio | goal | met |")
print("|---|---|---|---|")
for what, group, mine, base, goal, how in ROWS:
    try:
        a, b = mean_ns(group, mine), mean_ns(group, base)
    except FileNotFoundError as missing:
        print(f"| {what} | not measured ({missing.filename}) | | |")
        continue
    if how == "faster by at least":
        ratio, shown = b / a, f"{b / a:,.0f}x faster"
        met = ratio >= goal
    else:
        ratio, shown = a / b, f"{a / b:.2f}x"
        met = goal is None or (ratio <= goal * 1.05 if how == "equal" else ratio <= goal)
    goal_text = "" if goal is None else (f"{how} {goal:,}x" if how != "equal" else "equal (1.0x)")
    print(f"| {what} | {shown} | {goal_text} | {'yes' if met else 'NO'} |" if goal else f"| {what} | {shown} | | |")
