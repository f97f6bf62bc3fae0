#!/usr/bin/env bash
# Trace latency: how long `provmr trace --precise` takes to name the exact source lines of a
# final record, against rerunning the pipeline that made it (wordcount -> topk).
#
#   bench/trace-latency.sh [SIZE] [FILES]     # default 1g in 8 files; e.g. 256m 4 for a quick look
#
# Generates deterministic text into a temporary directory, runs the pipeline (timed), then times:
#   trace of topk's first record, coarse (whole splits);
#   trace --precise of topk's first record (the most frequent word: every split is replayed);
#   trace --precise of a wordcount record of a word that occurs once (only its split is replayed).
# Prints one line per figure; the directory is removed at the end (KEEP=1 keeps it).
set -euo pipefail

size="${1:-1g}"
files="${2:-8}"
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
provmr="$home/bin/provmr"
dir="$(mktemp -d "${TMPDIR:-/tmp}/provmr-trace-bench.XXXXXX")"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$dir"' EXIT
roots="-Dprovenance.validate.source.roots=file://$dir"

secs() { date +%s.%N; }
timed() { # label, command...
  local label="$1"; shift
  local t0 t1
  t0="$(secs)"
  "$@" > "$dir/last.out"
  t1="$(secs)"
  printf '%-58s %8.1f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
}

"$provmr" generate --output "$dir/in" --size "$size" --files "$files" > /dev/null
echo "input: $size in $files files under $dir; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

t0="$(secs)"
timed "pipeline: run wordcount (2 reduces)" "$provmr" run wordcount --input "$dir/in" \
  --output "$dir/wc" --reduces 2
timed "pipeline: run topk (k 10)" "$provmr" run topk --input "$dir/wc" --output "$dir/topk"
t1="$(secs)"
printf '%-58s %8.1f s\n' "pipeline total (what a rerun costs)" "$(echo "$t1 - $t0" | bc)"

timed "trace topk record 0, coarse" "$provmr" trace "$roots" "$dir/topk" --part part-r-00000 \
  --record 0
timed "trace topk record 0, --precise (all splits replayed)" "$provmr" trace "$roots" \
  "$dir/topk" --part part-r-00000 --record 0 --precise --limit 3
grep -E 'replay:|check:' "$dir/last.out" | sed 's/^ */    /'

rare="$("$provmr" inspect "$dir/wc" --payload | awk -F'\t' '$2 == 1 { print $1; exit }')"
if [[ -n "$rare" ]]; then
  timed "trace wordcount '$rare' (count 1), --precise" "$provmr" trace "$roots" "$dir/wc" \
    --key "$rare" --precise --show-source
  grep -E 'replay:|check:' "$dir/last.out" | sed 's/^ */    /'
else
  echo "no word occurs once in this input: the rare-word figure is skipped"
fi
