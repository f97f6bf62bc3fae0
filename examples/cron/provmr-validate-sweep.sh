#!/usr/bin/env bash
# Nightly validation sweep: validates the outputs listed in a file (one directory a line,
# '#' comments allowed) into a dated alerts directory, keeps the last N of them, and exits
# with provmr's code (0 all valid, 3 findings, 1 failure, 2 usage) so cron mail or a
# monitoring wrapper can tell them apart.
#
#   provmr-validate-sweep.sh OUTPUTS_FILE ALERTS_ROOT [KEEP_DAYS] [-- extra provmr options]
#
# Example: provmr-validate-sweep.sh /etc/provmr/outputs.txt hdfs:///provmr/alerts 30 -- --deep
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 OUTPUTS_FILE ALERTS_ROOT [KEEP_DAYS] [-- extra provmr validate options]" >&2
  exit 2
fi
outputs_file="$1"
alerts_root="${2%/}"
shift 2
keep_days=30
if [[ $# -gt 0 && "$1" != "--" ]]; then
  keep_days="$1"
  shift
fi
[[ "${1:-}" == "--" ]] && shift
extra=("$@")
if ! [[ "$keep_days" =~ ^[0-9]+$ ]]; then
  echo "$0: KEEP_DAYS must be a whole number of days, not '$keep_days'" >&2
  exit 2
fi

provmr="${PROVMR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/bin/provmr}"
# How old alert directories are listed and removed: plain ls/rm for a local ALERTS_ROOT,
# 'hadoop fs' otherwise (HADOOP_FS overrides; set it to "" to keep everything).
case "$alerts_root" in
  /*|file:*) hdfs_cmd="${HADOOP_FS-local}" ;;
  *) hdfs_cmd="${HADOOP_FS-hadoop fs}" ;;
esac

args=()
while IFS= read -r line; do
  line="${line%%#*}"
  line="$(echo "$line" | xargs)"
  [[ -n "$line" ]] && args+=(--output "$line")
done < "$outputs_file"
if [[ ${#args[@]} -eq 0 ]]; then
  echo "$0: no outputs listed in $outputs_file" >&2
  exit 2
fi

# One directory per run, named by UTC time so they sort; validate refuses an existing one.
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
alerts="$alerts_root/$stamp"

set +e
"$provmr" validate "${extra[@]}" "${args[@]}" --alerts "$alerts"
rc=$?
set -e

case $rc in
  0) echo "provmr sweep $stamp: all valid ($alerts)" ;;
  3) echo "provmr sweep $stamp: FINDINGS, see $alerts/report.html" >&2 ;;
  5) echo "provmr sweep $stamp: busy, a recompute or sweep holds an output; nothing validated" >&2 ;;
  *) echo "provmr sweep $stamp: failed with exit code $rc (no alerts written)" >&2 ;;
esac

# Keep the last KEEP_DAYS days of alert directories (names are UTC stamps, so they sort).
list_dirs() {
  if [[ "$hdfs_cmd" == local ]]; then
    local root="${alerts_root#file:}"
    root="/${root##/}"
    ls -1d "$root"/*/ 2>/dev/null | sed 's:/$::'
  else
    $hdfs_cmd -ls -C "$alerts_root" 2>/dev/null
  fi
}
remove_dir() {
  if [[ "$hdfs_cmd" == local ]]; then rm -rf -- "$1"; else $hdfs_cmd -rm -r -skipTrash "$1" >/dev/null; fi
}
if [[ -n "$hdfs_cmd" && "$keep_days" -gt 0 ]]; then
  cutoff="$(date -u -d "-$keep_days days" +%Y%m%dT%H%M%SZ)"
  list_dirs | while read -r dir; do
    name="${dir##*/}"
    if [[ "$name" =~ ^[0-9]{8}T[0-9]{6}Z$ && "$name" < "$cutoff" ]]; then
      remove_dir "$dir"
    fi
  done
fi
exit $rc
