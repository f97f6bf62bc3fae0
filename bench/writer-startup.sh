#!/usr/bin/env bash
# writer-startup.sh: the CPU a map task JVM spends on its output in a JVM that has written none
# before (every YARN task JVM): the record writer's set-up, RECORDS grep-like records, the close
# and the task commit, through TextOutputFormat ("text") or ProvMR's output format ("provmr"),
# the JIT's compilations included. N fresh JVMs per variant, taking turns; prints each and the
# medians. See bench/README.md, "The write path in a fresh JVM".
#
#   bench/writer-startup.sh [N=9] [RECORDS=200000]
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
fresh_jvm_variants org.provmr.bench.headline.WriterStartup "${1:-9}" "text provmr" \
  "${2:-200000}"
