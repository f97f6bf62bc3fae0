#!/usr/bin/env bash
# fingerprint-startup.sh: the CPU a map task's split fingerprint costs in a JVM that has
# computed none before (every YARN task JVM): a 32 MiB split read again and CRC32C'd, against
# composed from its file's .crc sums (CrcTwinFingerprints). N fresh JVMs per variant, taking
# turns; prints each and the medians. See bench/README.md, "Split fingerprints from the .crc".
#
#   bench/fingerprint-startup.sh [N=9]
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
work="$bench_dir/target/fingerprint-startup"
mkdir -p "$work"
fresh_jvm_variants org.provmr.bench.headline.FingerprintStartup "${1:-9}" "read composed" \
  "$work"
