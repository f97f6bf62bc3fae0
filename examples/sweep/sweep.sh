#!/usr/bin/env bash
# A cron-friendly sweep of the example pipeline (wordcount -> topk). Exit codes are provmr's:
# 0 clean, 3 findings remain (deferred by policy), 1 failure, 2 usage, 4 refused, 5 busy
# (another sweep or recompute of these outputs is running, or was killed less than
# provenance.lock.stale.timeout ago: nothing was done, the next cron run tries again).
# Set HADOOP_CONF_DIR to sweep a cluster; the paths below are examples.
set -uo pipefail
home="${PROVMR_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
data="${PROVMR_DATA:-$HOME/provmr-data}"

# Sources are read only under the roots the operator names (docs/security.md); put them in
# conf/provmr-site.xml on a real deployment.
"$home/bin/provmr" sweep \
  -D provenance.validate.source.roots="${PROVMR_SOURCE_ROOTS:-$data}" \
  --output "$data/wordcount" \
  --output "$data/topk" \
  --policy "$home/examples/policy/recompute-policy.xml" \
  --alerts-root "$data/sweeps"
rc=$?
echo "$(date -u +%FT%TZ) provmr sweep exited $rc"
exit $rc
