#!/usr/bin/env bash
# End-to-end benchmark: plain Hadoop WordCount vs ProvMR WordCount, interleaved, in one JVM,
# Hadoop local mode. See bench/README.md.
#
#   bench/run-e2e.sh [--size 100m] [--runs 5] [--rev REV] [--jfr] [other E2eBench options]
#
# --rev REV  measures a committed revision (git archive, see lib.sh), not the working tree.
# --jfr      records a Java Flight Recording of the run into bench/target/e2e-<time>.jfr;
#            summarise it with bench/jfr-top.py (one variant per run: --variants provmr).
# --help     lists the E2eBench options (--variants, --reduces, --files, -D key=value...).
# Extra JVM flags: BENCH_JAVA_OPTS. Results: printed, and as JSON in
# bench/results/e2e-<UTC timestamp>.json (or --json FILE).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

args=()
jfr=()
help=0
json="$bench_dir/results/e2e-$(date -u +%Y-%m-%dT%H%M%SZ).json"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jfr)
      mkdir -p "$bench_dir/target"
      jfr_file="$bench_dir/target/e2e-$(date -u +%Y%m%dT%H%M%SZ).jfr"
      echo "bench: recording to $jfr_file" >&2
      jfr=(-XX:StartFlightRecording=filename="$jfr_file",settings=profile,dumponexit=true)
      shift ;;
    --json) json="$(realpath -m "$2")"; shift 2 ;;
    --rev) export BENCH_REV="$2"; shift 2 ;;
    -h|--help) help=1; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done

if [[ "$help" == 0 || ! -f "$bench_dir/target/classpath.txt" ]]; then
  ensure_main_installed
  ensure_bench_built
fi

cd "$bench_dir"
exec "$(java_bin)" -Xms2g -Xmx2g "${java_opens[@]}" "${jfr[@]}" ${BENCH_JAVA_OPTS:-} \
  -cp "$(bench_classpath)" org.provmr.bench.E2eBench \
  --work "$bench_dir/target/e2e-work" --json "$json" --git-revision "$provmr_revision" "${args[@]}"
