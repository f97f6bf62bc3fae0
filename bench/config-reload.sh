#!/usr/bin/env bash
# config-reload.sh: what a task JVM paid until 2026-12-02 when ProvMR code first read a setting
# (provmr-default.xml and provmr-site.xml registered as Hadoop default resources, so Hadoop
# parsed the task's job.xml and its own *-default.xml files again), against what it pays now
# and nothing. N fresh JVMs per variant, taking turns; prints each and the medians. See
# bench/README.md, "Every task parsed its configuration twice".
#
#   bench/config-reload.sh [N=9]
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
job_xml="$bench_dir/target/config-reload/job.xml"
if [[ ! -f "$job_xml" ]]; then
  ensure_main_installed
  ensure_bench_built
  "$(java_bin)" "${java_opens[@]}" -cp "$(bench_classpath)" \
    org.provmr.bench.headline.ConfigReload write "$job_xml" 2>/dev/null
fi
fresh_jvm_variants org.provmr.bench.headline.ConfigReload "${1:-9}" "register getters none" \
  "$job_xml"
