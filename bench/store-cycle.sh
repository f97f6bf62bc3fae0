#!/usr/bin/env bash
# store-cycle.sh: issue 17's cycle at scale, in local mode. Wordcount over generated text in
# N small files (N splits, 1,024 by default), then: flip a byte of a part, validate (exit 3,
# a checksum_mismatch), recompute (exit 0), validate again (exit 0) and compare the payload
# with the run before the damage (identical). Prints the store's file sizes, header bytes per
# record and the time of each step.
#
#   bench/store-cycle.sh [--files 1024] [--size 8m] [--reduces 2] [--work DIR]
#   bench/store-cycle.sh --header-only --home OLD_CHECKOUT   # header bytes/record of another
#                                    build (e.g. a formatVersion 1 writer) on the same input
#
# --home: the ProvMR checkout whose bin/provmr runs (default: this one). It builds itself
# when stale. A formatVersion 1 store (parts.json) is read directly; version 2 through
# `provmr inspect DIR --store`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="$here"
files=1024
size=8m
reduces=2
work="$here/bench/target/store-cycle"
header_only=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) files="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --reduces) reduces="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --home) home="$(cd "$2" && pwd)"; shift 2 ;;
    --header-only) header_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "store-cycle.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

provmr() { "$home/bin/provmr" "$@"; }
# The same generator for every build compared: the input must be byte for byte the same.
generator() { "$here/bin/provmr" "$@"; }
now() { date +%s.%N; }
took() { python3 -c "print(f'{$(now) - $1:.1f} s')"; }

mkdir -p "$work"
in="$work/in-$files-$size"
if [[ ! -d "$in" ]]; then
  generator generate --output "$in" --size "$size" --files "$files" >/dev/null
fi
in="$(cd "$in" && pwd)"
# validate and recompute open sources only under the operator's roots (a store never widens them)
roots=(-D "provenance.validate.source.roots=file://$in")
tag="$(basename "$home")"
out="$work/out-$tag-$files"
rm -rf "$out" "$work/ref-$tag-$files" "$work"/alerts-*

t=$(now)
provmr run wordcount --input "$in" --output "$out" --reduces "$reduces" >/dev/null
echo "capture: wordcount over $files files ($size) with $reduces reduces: $(took "$t")"

store="$out/_provenance"
ls -l "$store" | awk 'NR > 1 && $9 !~ /^\./ {printf "  %-12s %10d B\n", $9, $5}'
output_bytes=$(find "$out" -maxdepth 1 -name 'part-*' -printf '%s\n' | awk '{s += $1} END {print s}')
store_bytes=$(find "$store" -maxdepth 1 -type f ! -name '.*' -printf '%s\n' | awk '{s += $1} END {print s}')
python3 - "$store" "$home" "$out" "$output_bytes" "$store_bytes" <<'PY'
import json, os, subprocess, sys
store, home, out, output_bytes, store_bytes = sys.argv[1:]
if os.path.exists(os.path.join(store, "parts.json")):
    parts = json.load(open(os.path.join(store, "parts.json")))
else:
    lines = subprocess.run([os.path.join(home, "bin/provmr"), "inspect", out, "--store"],
                           check=True, capture_output=True, text=True).stdout.splitlines()
    parts = [json.loads(l)["part"] for l in lines if l.startswith('{"part"')]
records = sum(p["records"] for p in parts)
header = sum(p["headerBytes"] for p in parts)
print(f"  {len(parts)} parts, {records} records, header bytes {header} "
      f"= {header / records:.2f} B/record; store/output = {int(store_bytes)} / "
      f"{int(output_bytes)} = {int(store_bytes) / int(output_bytes):.3f}x")
PY
[[ $header_only == 1 ]] && exit 0

provmr inspect "$out" --payload > "$work/payload-before.txt"
part="$out/part-r-00001"
# Flip one byte in the middle of the part: a record's payload or header changes.
python3 - "$part" <<'PY'
import os, sys
p = sys.argv[1]
with open(p, "r+b") as f:
    f.seek(os.path.getsize(p) // 2)
    b = f.read(1)
    f.seek(-1, 1)
    f.write(bytes([b[0] ^ 0x5A]))
PY
rm -f "$(dirname "$part")/.$(basename "$part").crc"   # the local FS would refuse the read

t=$(now)
set +e
provmr validate "${roots[@]}" --output "$out" --alerts "$work/alerts-damaged" >/dev/null
rc=$?
set -e
echo "validate (damaged): exit $rc (3 = findings) in $(took "$t")"
[[ $rc == 3 ]] || { echo "FAIL: expected exit 3" >&2; exit 1; }

t=$(now)
provmr recompute "${roots[@]}" --alerts "$work/alerts-damaged" >/dev/null
echo "recompute: exit 0 in $(took "$t")"

t=$(now)
provmr validate "${roots[@]}" --output "$out" --alerts "$work/alerts-after" >/dev/null
echo "validate (after): exit 0 in $(took "$t")"

provmr inspect "$out" --payload > "$work/payload-after.txt"
if cmp -s "$work/payload-before.txt" "$work/payload-after.txt"; then
  echo "payload after recompute: identical ($(wc -l < "$work/payload-after.txt") records)"
else
  echo "FAIL: payload after recompute differs from the run before the damage" >&2
  exit 1
fi
