#!/usr/bin/env bash
# fragment-startup.sh: the CPU a task JVM spends on its lineage store fragments, in a JVM that
# has written none before (every YARN task JVM): the binary fragments tasks write, the JSON
# fragments (Jackson databind) they wrote until 2026-12-02, and nothing. N fresh JVMs per
# variant, taking turns; prints each and the medians. See bench/README.md, "Capture on YARN".
#
#   bench/fragment-startup.sh [N=9]
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
fresh_jvm_variants org.provmr.bench.headline.FragmentStartup "${1:-9}" "json binary none"
