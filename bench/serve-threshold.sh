#!/usr/bin/env bash
# serve-threshold.sh [--sizes "1m 16m 64m 256m"]: where a validation job becomes cheaper than
# provmr serve's in-process check (provenance.serve.direct.max.bytes). For each size: a map-only
# grep (regex ".": output bytes about input bytes, one source range per line) writes an
# output; one service validates every output in its JVM (direct.max.bytes=1t), a second one,
# on a fresh state directory, sweeps every output as a validation job (direct.max.bytes=0,
# LocalJobRunner in the service's JVM: local mode). Reports, per output, the time from the
# worker taking it to its result (/status lastResults: completed - started). Local mode only;
# on YARN a job costs 10-20 s more, which moves the crossing point up.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="1m 16m 64m 256m"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    *) echo "usage: $0 [--sizes \"1m 16m 64m 256m\"]" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
export PROVMR_PID_DIR="$work/run" PROVMR_LOG_DIR="$work/log"
trap '"$home/bin/provmr-daemon" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
common=(-D "provenance.validate.source.roots=file://$work/" -D mapreduce.client.completion.pollinterval=100)
mkdir -p "$work/data"
for s in $sizes; do
  "$home/bin/provmr" generate "${common[@]}" --output "$work/text-$s" --size "$s" --files 1 >/dev/null
  "$home/bin/provmr" run grep "${common[@]}" --regex . --input "$work/text-$s" \
    --output "$work/data/g-$s" -q >/dev/null
done
# A small first output takes each service's warm-up (class loading, the first local job).
"$home/bin/provmr" generate "${common[@]}" --output "$work/text-warm" --size 64k --files 1 >/dev/null
"$home/bin/provmr" run grep "${common[@]}" --regex . --input "$work/text-warm" \
  --output "$work/data/a-warmup" -q >/dev/null
n=$(( $(wc -w <<<"$sizes") + 1 ))
measure() { # $1 direct.max.bytes, $2 state dir name -> lines "output millis mode"
  local port=$(( 20000 + RANDOM % 20000 ))
  "$home/bin/provmr-daemon" start "${common[@]}" -D provenance.serve.direct.max.bytes="$1" \
    -D provenance.serve.max.concurrent=1 --port "$port" --watch "file://$work/data" \
    --state-dir "$work/$2" --alerts-root "file://$work/alerts-$2" >/dev/null
  until [[ "$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1=="provmr_serve_outputs_completed_total"{print $2}')" == "$n" ]]; do
    sleep 0.5
  done
  curl -s "http://127.0.0.1:$port/status" | python3 -c '
import json, sys
for out, r in json.load(sys.stdin)["lastResults"].items():
    print(out.rsplit("/", 1)[1], r["completed"] - r["started"], r.get("mode"), r.get("partBytes"), r.get("result"))'
  "$home/bin/provmr-daemon" stop >/dev/null
}
measure 1t direct | sort > "$work/direct.txt"
measure 0 job | sort > "$work/job.txt"
echo "| output | part bytes | in-process (ms) | validation job (ms) |"
echo "|---|---|---|---|"
join "$work/direct.txt" "$work/job.txt" | awk '{printf "| %s | %s | %s (%s, %s) | %s (%s, %s) |\n", $1, $4, $2, $3, $5, $6, $7, $9}'
