#!/usr/bin/env bash
# One JVM running one job shape and flavour over and over (bench/run --profile), recorded by
# perf: every thread, kernel and JIT threads included, sampled by CPU time. JFR samples only
# threads running Java code, and samples of two JVMs do not compare as their CPU does
# (bench/README.md); perf's cpu-clock samples do. Read the recordings with
# perf-categories.py.
#
#   bench/perf-profile.sh SHAPE/FLAVOUR TAG [ROUNDS]     e.g. grep/provmr v1 5
#
# Writes bench/target/perf/TAG.{data,log,meta,map,perf.log}. The benchmark's JVM gets
# -XX:+DumpPerfMapAtExit (names for JIT-compiled code) and -XX:+PreserveFramePointer (call
# chains through compiled frames); BENCH_JAVA_OPTS adds to them. perf records the whole
# machine (-a): perf -p loses its way when the threads it follows end, as a job's do. The
# clock is CLOCK_REALTIME, so the job start times the log prints place samples in jobs.
# Alternate the flavours (plain, provmr, plain, ...): this machine's speed drifts by minutes.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

[[ $# -ge 2 ]] || { sed -n '2,16p' "$0"; exit 2; }
profile=$1
tag=$2
rounds=${3:-5}
command -v perf >/dev/null || { echo "perf-profile: perf is not installed" >&2; exit 1; }
out="$bench_dir/target/perf"
mkdir -p "$out"
ensure_main_installed
ensure_bench_built

perf record -F 499 -e cpu-clock -k CLOCK_REALTIME -g -a -o "$out/$tag.data" \
  >"$out/$tag.perf.log" 2>&1 &
perf_pid=$!
BENCH_NO_INSTALL=1 BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" \
  "$bench_dir/run" --profile "$profile" --rounds "$rounds" >"$out/$tag.log" 2>&1 &
run_pid=$!
# bench/run execs the JVM, so its process id is the JVM's.
echo "pid $run_pid" >"$out/$tag.meta"
status=0
wait "$run_pid" || status=$?
kill -INT "$perf_pid"
wait "$perf_pid" || true
# perf reads the JIT's names from /tmp/perf-<pid>.map: keep it with the recording.
cp "/tmp/perf-$run_pid.map" "$out/$tag.map" 2>/dev/null || true
grep -E '^median|Exception' "$out/$tag.log" || true
exit "$status"
