#!/usr/bin/env python3
"""How the crate's answers changed between two revisions: records added and removed, and
the tiers, categories and labels that changed, per protocol.

    python3 tools/fact-diff.py OLD_REV [NEW_REV]

Each revision's `ports` tool is built in a temporary git worktree (NEW_REV defaults to
the working tree, built in place), and every record is read from `ports --json 0-65535`.
A record is keyed by (name, first port, protocol, source). The README's re-audit figures
and CHANGELOG.md come from this command.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROTOCOLS = ["tcp", "udp", "sctp", "dccp"]
# Categories renamed without a change of meaning: not counted as changed.
RENAMED = {"directory": "identity"}


def build(tree, target):
    """Builds the CLI of the checkout at `tree` and returns the binary's path."""
    subprocess.run(
        ["cargo", "build", "-q", "-p", "ports-kb-cli", "--target-dir", target],
        cwd=tree,
        check=True,
    )
    return os.path.join(target, "debug", "ports")


def records(binary):
    """Every record the binary knows: key -> its JSON."""
    out = subprocess.run(
        [binary, "--json", "0-65535"], capture_output=True, text=True, check=True
    ).stdout
    found = {}
    for answer in json.loads(out):
        for s in answer["services"]:
            key = (s["name"], s["ports"][0], s["protocol"], s["source"])
            found[key] = s
    return found


def facts_of(rev):
    """The records at git revision `rev`, or of the working tree for None."""
    if rev is None:
        return records(build(ROOT, os.path.join(ROOT, "target")))
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        subprocess.run(["git", "worktree", "add", "-q", "--detach", tree, rev], cwd=ROOT, check=True)
        try:
            return records(build(tree, os.path.join(tmp, "target")))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", tree], cwd=ROOT, check=True)


def per_protocol(counter):
    return ", ".join(f"{p} {counter[p]:,}" for p in PROTOCOLS)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip())
    old = facts_of(sys.argv[1])
    new = facts_of(sys.argv[2] if len(sys.argv) == 3 else None)
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    print(f"records: {len(old):,} before, {len(new):,} after ({len(added)} added, {len(removed)} removed)")
    changed = {field: collections.Counter() for field in ("prevalence", "category", "label")}
    ranked = collections.Counter()
    categorized = collections.Counter()
    for key, before in old.items():
        if before["prevalence"] != "rare":
            ranked[key[2]] += 1
        if before["category"]:
            categorized[key[2]] += 1
        after = new.get(key)
        if after is None:
            continue
        if before["category"] in RENAMED:
            before = dict(before, category=RENAMED[before["category"]])
        for field, counter in changed.items():
            if before[field] != after[field]:
                counter[key[2]] += 1
    print(f"tiers above rare before: {per_protocol(ranked)}")
    print(f"tiers changed: {per_protocol(changed['prevalence'])}")
    print(f"categories before: {per_protocol(categorized)}")
    print(f"categories changed: {per_protocol(changed['category'])}")
    print(f"labels changed: {per_protocol(changed['label'])}")
    for key in sorted(added, key=lambda k: (k[1], k[2])):
        s = new[key]
        print(f"added: {key[0]} {key[1]}/{key[2]} {s['category'] or '-'} {s['prevalence']}")
    for key in sorted(removed, key=lambda k: (k[1], k[2])):
        print(f"removed: {key[0]} {key[1]}/{key[2]}")


if __name__ == "__main__":
    main()
