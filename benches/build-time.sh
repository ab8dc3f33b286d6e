#!/usr/bin/env bash
# The two build-time rows of the performance table, as ratios from one session:
#   1. a clean `cargo build` of a new binary crate depending on ports-kb (path dependency,
#      default features), against the same binary depending on chrono-tz 0.10;
#   2. `cargo build` after touching ports.toml, against the same after touching src/lib.rs.
# Scratch crates and target folders live in a temp folder. Needs network access to
# crates.io once (for chrono-tz), and hyperfine (Debian's package; installed if missing).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if ! command -v hyperfine >/dev/null; then
  apt-get update -qq && apt-get install -y -qq hyperfine
fi

# A binary that uses each crate, so both are compiled and linked for real.
new_app() { # name, dependency line, main body
  mkdir -p "$scratch/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n%s\n\n[workspace]\n' "$1" "$2" \
    > "$scratch/$1/Cargo.toml"
  printf 'fn main() {\n    %s\n}\n' "$3" > "$scratch/$1/src/main.rs"
  (cd "$scratch/$1" && cargo fetch -q)
}
new_app with-ports-kb "ports-kb = { path = \"$repo\" }" \
  'println!("{:?}", ports_kb::lookup(22).next().map(|s| s.name()));'
new_app with-chrono-tz 'chrono-tz = "0.10"' \
  'println!("{:?}", "Europe/Berlin".parse::<chrono_tz::Tz>().ok());'

# A crate from crates.io builds without incremental compilation, but cargo turns it on for
# a path dependency such as ours, and on a clean build it only adds work (1.5 s here). Off
# for both builds, each measures what a user of the published crate waits for.
export CARGO_INCREMENTAL=0

mean() { # hyperfine JSON -> mean seconds
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$1"
}

echo "== clean builds, $runs runs each (cores: $(nproc))"
for app in with-ports-kb with-chrono-tz; do
  (cd "$scratch/$app" && hyperfine --runs "$runs" --export-json "$scratch/$app.json" \
    --prepare "rm -rf $scratch/$app/target" "cargo build -q --offline")
done
ports_kb=$(mean "$scratch/with-ports-kb.json")
chrono_tz=$(mean "$scratch/with-chrono-tz.json")

echo "== rebuilds of ports-kb after a touch, $runs runs each"
# A copy of the crate, so touching files never disturbs the working tree.
mkdir -p "$scratch/crate"
cp -r "$repo/Cargo.toml" "$repo/Cargo.lock" "$repo/build.rs" "$repo/build" "$repo/src" "$repo/ports.toml" \
  "$repo/README.md" "$scratch/crate/"
# Only the library is built: drop the workspace, benches, examples, dev-dependencies and
# the importer's profile override; keep the workspace's build-override profile.
python3 - "$scratch/crate/Cargo.toml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
for section in (r"\[workspace\]", r"\[\[bench\]\]", r"\[\[example\]\]", r"\[dev-dependencies\]", r"\[profile\.dev\.package\.[^\]]*\]"):
    text = re.sub(r"(?ms)^" + section + r"\n.*?(?=^\[|\Z)", "", text)
open(sys.argv[1], "w").write(text)
PY
printf '\n[workspace]\n' >> "$scratch/crate/Cargo.toml"
(cd "$scratch/crate" && cargo build -q --offline --lib)
for touched in ports.toml src/lib.rs; do
  name=$(basename "$touched")
  (cd "$scratch/crate" && hyperfine --runs "$runs" --export-json "$scratch/touch-$name.json" \
    --prepare "touch $touched" "cargo build -q --offline --lib")
done
toml=$(mean "$scratch/touch-ports.toml.json")
lib=$(mean "$scratch/touch-lib.rs.json")

python3 - "$ports_kb" "$chrono_tz" "$toml" "$lib" <<'PY'
import sys
ports_kb, chrono_tz, toml, lib = map(float, sys.argv[1:])
print()
print("| build | ports-kb | baseline | ratio | goal |")
print("|---|---|---|---|---|")
print(f"| clean build of a binary, vs chrono-tz 0.10 | {ports_kb:.1f} s | {chrono_tz:.1f} s | {ports_kb / chrono_tz:.2f}x | at most 1.0x |")
print(f"| rebuild after touching ports.toml, vs src/lib.rs | {toml:.1f} s | {lib:.1f} s | {toml / lib:.2f}x | at most 2x |")
PY
