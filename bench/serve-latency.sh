#!/usr/bin/env bash
# serve-latency.sh [--jobs N] [--events M] [--size SIZE]: measures provmr serve.
#  1. latency job end -> validated: N wordcount runs with mapreduce.job.end-notification.url
#     pointing at a service started with bin/provmr-daemon; reads provmr_serve_lag_seconds
#     (from _SUCCESS's time to the result on disk) from /metrics.
#  2. events/s: M duplicate notifications (curl, 8 in parallel) timed from first sent to the
#     service idle again (inbox_depth 0), i.e. journaled, answered and resolved.
# Everything lives in a temporary directory, removed at the end. Local mode.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs=5 events=1000 size=1m
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --events) events="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    *) echo "usage: $0 [--jobs N] [--events M] [--size SIZE]" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
export PROVMR_PID_DIR="$work/run" PROVMR_LOG_DIR="$work/log"
trap '"$home/bin/provmr-daemon" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
common=(-D "provenance.validate.source.roots=file://$work/")
"$home/bin/provmr" generate "${common[@]}" --output "$work/text" --size "$size" --files 2 >/dev/null
mkdir -p "$work/data"
"$home/bin/provmr-daemon" start "${common[@]}" -D provenance.serve.watch.interval=1h \
  --port "$port" --watch "file://$work/data" --state-dir "$work/state" \
  --alerts-root "file://$work/alerts" >/dev/null
url="http://127.0.0.1:$port/notify?jobId=\$jobId&jobStatus=\$jobStatus"
metric() { curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1==m {print $2}'; }
for i in $(seq 1 "$jobs"); do
  "$home/bin/provmr" run wordcount "${common[@]}" -D "mapreduce.job.end-notification.url=$url" \
    --input "$work/text" --output "$work/data/wc$i" -q >/dev/null
done
while [[ "$(metric provmr_serve_outputs_completed_total)" != "$jobs" ]]; do sleep 0.1; done
sum=$(metric provmr_serve_lag_seconds_sum); count=$(metric provmr_serve_lag_seconds_count)
echo "latency job end -> validated: mean $(awk -v s="$sum" -v c="$count" 'BEGIN{printf "%.3f", s/c}') s over $count jobs (input $size, in-process validation)"
job=$(grep -o '"jobId" *: *"[^"]*"' "$work/data/wc1/_provenance/job.json" | head -1 | sed 's/.*"\(job_[^"]*\)"/\1/')
[[ "$job" == job_* ]] || { echo "no job id in wc1's job.json" >&2; exit 1; }
# One curl per sender with a config of URLs (keep-alive, no process per request): the figure is
# the service's, not fork+exec's. Each sender writes one status code a line.
for p in $(seq 1 8); do
  for i in $(seq "$p" 8 "$events"); do
    printf 'url = "http://127.0.0.1:%s/notify?jobId=%s&jobStatus=SUCCEEDED"\noutput = /dev/null\nwrite-out = "%%{http_code}\\n"\n' "$port" "$job"
  done > "$work/curl$p.cfg"
done
start=$(date +%s.%N)
for p in $(seq 1 8); do curl -s -K "$work/curl$p.cfg" > "$work/codes$p" & done
wait
while [[ "$(metric provmr_serve_inbox_depth)" != "0.0" ]]; do sleep 0.05; done
end=$(date +%s.%N)
codes=$(cat "$work"/codes* | sort | uniq -c | awk '{printf "%s x %s ", $1, $2}')
echo "events: $events notifications journaled, answered and resolved in $(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}') s = $(awk -v a="$start" -v b="$end" -v n="$events" 'BEGIN{printf "%.0f", n/(b-a)}') events/s (8 curl senders, keep-alive; answers: ${codes})"
echo "completed outputs: $(metric provmr_serve_outputs_completed_total) (duplicates must not add any), duplicates counted: $(metric provmr_serve_outputs_duplicate_total)"
