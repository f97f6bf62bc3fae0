#!/usr/bin/env bash
# bench/run with async-profiler sampling the CPU of every thread during each timed job, with
# inlined methods named as themselves (perf-profile.sh names only the compiled method that
# code was inlined into, so the same work lands in different symbols in two JVMs).
#
#   bench/async-profile.sh TAG BENCH_RUN_OPTIONS...
#   e.g. bench/async-profile.sh v1 --profile grep/provmr --rounds 5
#        bench/async-profile.sh one1 --only capture --shapes grep --capture-jvm one --rounds 5
#
# Writes bench/target/asprof/TAG.<shape>-<flavour>.<round> (collapsed stacks, one file per
# timed job, the thread first in each stack) and TAG.log; read them with asprof-frames.py.
# Use it with --profile or --capture-jvm one: JVMs forked per flavour (the default capture)
# would each write the same file names. ASPROF_EVENT (default cpu: perf_events' CPU clock;
# itimer where perf_events is not allowed) and ASPROF_INTERVAL (ns, default 1 ms) tune it.
# ASPROF_YARN_TASKS=1 (with --only yarn) profiles every YARN task JVM instead, from its start
# to its exit: TAG.task-<pid>, read with `asprof-frames.py tasks` (it replaces any
# -Dbench.yarn.task.opts of BENCH_JAVA_OPTS).
# async-profiler comes from Maven Central (tools.profiler:async-profiler, whose jar carries
# the native library) and is loaded by the benchmark only when asked for (AsyncProfiling).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

[[ $# -ge 2 ]] || { sed -n '2,19p' "$0"; exit 2; }
tag=$1; shift
version=3.0
jar="$m2_repo/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
[[ -f "$jar" ]] || mvn_quiet dependency:get -Dartifact="tools.profiler:async-profiler:$version" >&2
case "$(uname -m)" in
  x86_64) arch=linux-x64 ;;
  aarch64) arch=linux-arm64 ;;
  *) echo "async-profile: no async-profiler library for $(uname -m)" >&2; exit 1 ;;
esac
lib_dir="$bench_dir/target/async-profiler"
lib="$lib_dir/$arch/libasyncProfiler.so"
if [[ ! -f "$lib" ]]; then
  mkdir -p "$lib_dir"
  (cd "$lib_dir" && "${JAVA_HOME:+$JAVA_HOME/bin/}jar" xf "$jar" "$arch/libasyncProfiler.so")
fi
out="$bench_dir/target/asprof"
mkdir -p "$out"
rm -f "$out/$tag".*
if [[ "${ASPROF_YARN_TASKS:-}" == 1 ]]; then
  # As an agent, async-profiler writes its file when the JVM exits; %p is the task's pid.
  opts="-Dbench.yarn.task.opts=-agentpath:$lib=start,event=${ASPROF_EVENT:-cpu},\
interval=${ASPROF_INTERVAL:-1000000},threads,collapsed,file=$out/$tag.task-%p"
else
  opts="-Dbench.asprof.jar=$jar -Dbench.asprof.lib=$lib -Dbench.asprof.out=$out/$tag \
-Dbench.asprof.event=${ASPROF_EVENT:-cpu} -Dbench.asprof.interval=${ASPROF_INTERVAL:-1000000}"
fi
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} $opts" "$bench_dir/run" "$@" >"$out/$tag.log" 2>&1
grep -E '^median|^capture CPU|Exception' "$out/$tag.log" || true
ls "$out" | grep -cE "^$tag\.([a-z].*\.[0-9]+|task-[0-9]+)$" \
  | sed "s/^/async-profile: job (or task) files written for $tag: /"
