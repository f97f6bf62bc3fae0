#!/usr/bin/env bash
# JMH microbenchmarks of the header codec, header skipping, payload checksums and the
# provenance record writer. See bench/README.md.
#
#   bench/run-jmh.sh [--rev REV] [JMH options, e.g. a benchmark regex, -p kind=compact-set]
#
# Defaults: -f 1 -wi 3 -i 5 -w 1s -r 1s (modest: about 7 minutes on 2 cores); giving one of
# these options replaces its default. Results: JMH's table on stdout, JSON in
# bench/results/jmh-<UTC timestamp>.json (or --json FILE).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

args=()
json="$bench_dir/results/jmh-$(date -u +%Y-%m-%dT%H%M%SZ).json"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rev) export BENCH_REV="$2"; shift 2 ;;
    --json) json="$(realpath -m "$2")"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

ensure_main_installed
ensure_bench_built
mkdir -p "$(dirname "$json")"

echo "ProvMR revision: $provmr_revision" >&2
cd "$bench_dir"
# The forked benchmark JVMs inherit these JVM flags (JMH's default).
# JMH refuses an option given twice, so a default is used only when the caller gave none.
defaults=()
for pair in "-f 1" "-wi 3" "-i 5" "-w 1s" "-r 1s"; do
  opt="${pair%% *}"
  given=0
  for a in "${args[@]}"; do [[ "$a" == "$opt" ]] && given=1; done
  [[ "$given" == 0 ]] && defaults+=($pair)
done
exec "$(java_bin)" "${java_opens[@]}" ${BENCH_JAVA_OPTS:-} -cp "$(bench_classpath)" \
  org.openjdk.jmh.Main "${defaults[@]}" -rf json -rff "$json" "${args[@]}"
