#!/usr/bin/env python3
"""Runs `cargo bench --bench lookup` three times and prints, for every row, the median of
the three ratios, each ratio taken between two functions of one criterion group measured
in the same run. Rows that miss their goal are flagged.

    python3 benches/ratios.py            # three runs (about 20 minutes on 2 cores)
    python3 benches/ratios.py --runs 1   # one run
    python3 benches/ratios.py --no-run   # the ratios of the last run only
    python3 benches/ratios.py --only lookup_all_ports   # some groups (a criterion filter)

It reads and writes criterion's results under $CARGO_TARGET_DIR (default `target`), so a
build for another CPU level keeps its own results:

    CARGO_TARGET_DIR=target/x86-64-v2 RUSTFLAGS="-C target-cpu=x86-64-v2" \
        python3 benches/ratios.py --only lookup_all_ports

The two build-time rows come from `bash benches/build-time.sh`.
"""
import argparse
import os
import json
import pathlib
import re
import shutil
import statistics
import subprocess
import sys

TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", "target"))
CRITERION = TARGET / "criterion"

# (what, group, ports_kb function, baseline function, goal, how to read the goal)
ROWS = [
    ("by_name, every name, mixed case, vs an exact-case HashMap<&str>", "by_name_every_name", "ports_kb_mixed_case", "std_hashmap_exact_case", 1.0, "at most"),
    ("lookup, every port, sequential, vs the direct index", "lookup_all_ports_sequential", "ports_kb", "direct_index", 1.2, "at most"),
    ("lookup, every port, shuffled, vs the direct index", "lookup_all_ports_shuffled", "ports_kb", "direct_index", 1.0, "at most"),
    ("lookup, every port, shuffled, vs HashMap<u16, Vec>", "lookup_all_ports_shuffled", "ports_kb", "std_hashmap", None, ""),
    ("category() and prevalence(), every service, vs a field read from a slice", "category_prevalence_every_service", "ports_kb", "slice_fields", 1.2, "at most"),
    ("search, 100 fragments, vs a contains loop over lowercased texts", "search_100_fragments", "ports_kb", "contains_loop", 1.0, "at most"),
    ("free_ports(1024..=65535, Tcp), vs one status call per port", "free_ports_registered_range", "ports_kb", "status_per_port", 0.5, "at most"),
    ("lookup(443) vs getservbyport (hit)", "lookup_vs_getservbyport", "ports_kb_hit_443", "getservbyport_hit_443", 1000, "faster by at least"),
    ("lookup(61000) vs getservbyport (miss)", "lookup_vs_getservbyport", "ports_kb_miss_61000", "getservbyport_miss_61000", 1000, "faster by at least"),
    ("by_name(\"https\") vs getservbyname", "by_name_vs_getservbyname", "ports_kb_https", "getservbyname_https", 200, "faster by at least"),
    ("classify, every port, vs a plain match", "classify_all_ports", "ports_kb", "plain_match", 1.05, "at most"),
    ("services() vs a &[&Service] slice", "iterate", "ports_kb_services", "slice_services", 1.2, "at most"),
    ("Protocol::Tcp.services() vs a slice", "iterate", "ports_kb_tcp_services", "slice_tcp_services", 1.2, "at most"),
]


def mean_ns(root, group, function):
    path = root / group / function / "new" / "estimates.json"
    return json.loads(path.read_text())["mean"]["point_estimate"]


def ratio(root, group, mine, base, how):
    a, b = mean_ns(root, group, mine), mean_ns(root, group, base)
    return b / a if how == "faster by at least" else a / b


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-run", action="store_true")
    parser.add_argument("--only", help="run and print only the groups this criterion filter matches")
    args = parser.parse_args()
    roots = [CRITERION]
    if not args.no_run:
        roots = []
        for i in range(args.runs):
            print(f"run {i + 1} of {args.runs}: cargo bench --bench lookup", file=sys.stderr)
            filter_args = ["--", args.only] if args.only else []
            subprocess.run(["cargo", "bench", "--bench", "lookup", *filter_args], check=True, stdout=subprocess.DEVNULL)
            kept = TARGET / f"criterion-run{i + 1}"
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(CRITERION, kept)
            roots.append(kept)
    print(f"| what | median of {len(roots)} | runs | goal | met |")
    print("|---|---|---|---|---|")
    missed = 0
    for what, group, mine, base, goal, how in ROWS:
        if args.only and not re.search(args.only, f"{group}/{mine}"):
            continue
        try:
            ratios = [ratio(root, group, mine, base, how) for root in roots]
        except FileNotFoundError as missing:
            print(f"| {what} | not measured ({missing.filename}) | | | |")
            missed += 1
            continue
        median = statistics.median(ratios)
        fmt = (lambda r: f"{r:,.0f}x faster") if how == "faster by at least" else (lambda r: f"{r:.2f}x")
        runs = ", ".join(fmt(r) for r in ratios)
        if goal is None:
            print(f"| {what} | {fmt(median)} | {runs} | | |")
            continue
        met = median >= goal if how == "faster by at least" else median <= goal
        missed += not met
        print(f"| {what} | {fmt(median)} | {runs} | {how} {goal:,}x | {'yes' if met else '**NO**'} |")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
