#!/usr/bin/env bash
# cache-recompute.sh: issue 10's side-by-side, in local mode (not a timed test). Wordcount over
# generated text (100 MiB in 8 files by default, 4 reduces) captured with the map-output cache
# on; one part is corrupted and validated, then repaired three ways, each from the same damaged
# state:
#   full rerun             provmr run wordcount over the same input (what you would do without
#                          ProvMR's recompute)
#   targeted, cold cache   provmr recompute with an empty cache directory: every map re-runs,
#                          filtered to the damaged partition
#   targeted, warm cache   provmr recompute with the entries the capture kept: cached segments
#                          replayed, nothing mapped
# and, as a fourth line, an incremental rerun: the same job over the input plus one new file.
# Prints wall time, map input records and source bytes read of each, side by side.
#
#   bench/cache-recompute.sh [--size 100m] [--files 8] [--reduces 4] [--work DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size=100m
files=8
reduces=4
work="$here/bench/target/cache-recompute"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --files) files="$2"; shift 2 ;;
    --reduces) reduces="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "cache-recompute.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

provmr() { "$here/bin/provmr" "$@"; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$(now) - $1:.1f}')"; }

mkdir -p "$work"
work="$(cd "$work" && pwd)"
in="$work/in-$size-$files"
if [[ ! -d "$in" ]]; then
  provmr generate --output "$in" --size "$size" --files "$files" >/dev/null
fi
input_records=$(cat "$in"/*.txt | wc -l)
input_bytes=$(cat "$in"/*.txt | wc -c)
cache="$work/cache"
out="$work/wc"
saved="$work/wc-damaged"
rm -rf "$cache" "$out" "$saved" "$work/full" "$work"/alerts-* "$work/in-plus" "$work/rerun"*
cached=(-D "provenance.cache.dir=file://$cache" -D "provenance.validate.source.roots=file://$work")

t=$(now)
provmr run wordcount "${cached[@]}" --input "$in" --output "$out" --reduces "$reduces" >/dev/null
echo "capture with the cache on: wordcount over $size in $files files, $reduces reduces:" \
  "$(secs "$t") s; cache: $(du -sh "$cache" | cut -f1)"

# The damage, validated once; each repair starts from a copy of this state.
python3 - "$out/part-r-00001" <<'PY'
import sys
p = sys.argv[1]
with open(p, "r+b") as f:
    f.seek(200)
    b = f.read(1)
    f.seek(200)
    f.write(bytes([b[0] ^ 1]))
PY
rm -f "$out/.part-r-00001.crc"
provmr validate "${cached[@]}" --alerts "$work/alerts-0" --output "file://$out" >/dev/null \
  || [[ $? -eq 3 ]]
cp -a "$out" "$saved"

report() { # report NAME ALERTS SECONDS: one line from a recompute report
  python3 - "$1" "$2" "$3" "$input_records" "$input_bytes" <<'PY'
import json, glob, sys
name, alerts, took, records, total = sys.argv[1:6]
r = json.load(open(glob.glob(alerts + "/recompute-*.json")[0]))
runs = r["runs"]
mapped = sum(x["mapInputRecords"] for x in runs)
read = sum(x["bytesRead"] for x in runs)
reduce_in = sum(x["reduceInputRecords"] for x in runs)
print(f"{name:<24} {took:>8} s {mapped:>14,} of {int(records):,} {read:>14,} {r['cacheHits']:>6}"
      f" {r['cachedBytesRead']:>14,} {reduce_in:>14,}")
PY
}

echo
printf '%-24s %10s %27s %14s %6s %14s %14s\n' "" "wall" "map input records" \
  "source bytes" "hits" "cached bytes" "reduce input"

t=$(now)
counters=$(provmr run wordcount --input "$in" --output "$work/full" --reduces "$reduces" \
  2>&1 >/dev/null)
took=$(secs "$t")
# The job's own counters (printed by provmr run): what the recompute reports count too.
mapped=$(sed -n 's/^ *Map input records=//p' <<<"$counters" | head -1)
read_bytes=$(sed -n 's/^ *Bytes Read=//p' <<<"$counters" | head -1)
python3 -c "print(f'{\"full rerun\":<24} {\"$took\":>8} s {int(\"$mapped\"):>14,} of' \
  f' {int(\"$input_records\"):,} {int(\"${read_bytes:-0}\"):>14,} {0:>6} {0:>14,}' \
  f' {\"(all partitions)\":>14}')"

rm -rf "$out" && cp -a "$saved" "$out"
mkdir -p "$work/empty-cache"
t=$(now)
provmr recompute -D "provenance.cache.dir=file://$work/empty-cache" \
  -D "provenance.validate.source.roots=file://$work" --alerts "$work/alerts-0" >/dev/null
report "targeted, cold cache" "$work/alerts-0" "$(secs "$t")"
mv "$work"/alerts-0/recompute-* "$work/empty-cache/"

rm -rf "$out" && cp -a "$saved" "$out"
t=$(now)
provmr recompute "${cached[@]}" --alerts "$work/alerts-0" >/dev/null
report "targeted, warm cache" "$work/alerts-0" "$(secs "$t")"

# Incremental rerun: the input plus one new file (another seed), the cache warm.
mkdir -p "$work/in-plus"
cp "$in"/*.txt "$work/in-plus/"
provmr generate --output "$work/rerun-extra" --size "$(( ${size%m} / files ))m" --files 1 \
  --seed 99 >/dev/null
cp "$work/rerun-extra"/*.txt "$work/in-plus/new-file.txt"
# Same bytes, new names: the entries key splits by file URI, so a copy is new to the cache.
# Capture over in-plus once (cold), then add the file and rerun (warm).
rm "$work/in-plus/new-file.txt"
t=$(now)
provmr run wordcount "${cached[@]}" --input "$work/in-plus" --output "$work/rerun-1" \
  --reduces "$reduces" >/dev/null
cold=$(secs "$t")
cp "$work/rerun-extra"/*.txt "$work/in-plus/new-file.txt"
new_records=$(wc -l < "$work/in-plus/new-file.txt")
t=$(now)
provmr run wordcount "${cached[@]}" --input "$work/in-plus" --output "$work/rerun-2" \
  --reduces "$reduces" >/dev/null
warm=$(secs "$t")
replayed=$(PROVMR_LOG_LEVEL=INFO provmr run wordcount "${cached[@]}" --input "$work/in-plus" \
  --output "$work/rerun-3" --reduces "$reduces" 2>&1 >/dev/null | grep -c "not mapped: replayed" \
  || true)
echo "incremental rerun over the input plus one new file ($new_records lines): $warm s" \
  "against $cold s for the first run over the input; a third run replays $replayed of" \
  "$((files + 1)) splits"
