#!/usr/bin/env bash
# Runs Hadoop's own WordCount classes, unmodified and loaded from Hadoop's examples jar, under
# provenance with `provmr wrap`, then shows a few records with their headers and the payload.
#
#   examples/wrap/wordcount.sh [EXAMPLES_JAR] [WORK_DIR]
#
# EXAMPLES_JAR defaults to hadoop-mapreduce-examples-*.jar from $HADOOP_HOME or ~/.m2 (mvn
# test downloads it). Local mode unless HADOOP_CONF_DIR names a cluster; then WORK_DIR is on
# the cluster's default file system.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
provmr="$home/bin/provmr"

jar="${1:-}"
if [[ -z "$jar" ]]; then
  for candidate in "${HADOOP_HOME:-/nonexistent}"/share/hadoop/mapreduce/hadoop-mapreduce-examples-*.jar \
      "$HOME"/.m2/repository/org/apache/hadoop/hadoop-mapreduce-examples/*/hadoop-mapreduce-examples-*.jar; do
    if [[ -f "$candidate" ]]; then
      jar="$candidate"
      break
    fi
  done
fi
if [[ -z "$jar" || ! -f "$jar" ]]; then
  echo "usage: $0 [EXAMPLES_JAR] [WORK_DIR]: no hadoop-mapreduce-examples jar found" >&2
  exit 2
fi
work="${2:-$(mktemp -d -t provmr-wrap-XXXXXX)}"

echo "== Sample text in $work/text"
"$provmr" generate --output "$work/text" --size 4m --files 2

echo "== Hadoop's WordCount, unmodified, from $jar"
"$provmr" wrap --jar "$jar" \
  --mapper 'org.apache.hadoop.examples.WordCount$TokenizerMapper' \
  --combiner 'org.apache.hadoop.examples.WordCount$IntSumReducer' \
  --reducer 'org.apache.hadoop.examples.WordCount$IntSumReducer' --reduces 2 \
  --input "$work/text" --output "$work/wordcount"

echo "== Records with their provenance headers"
"$provmr" inspect "$work/wordcount" --limit 3

echo "== Hadoop's own library classes need no jar: RegexMapper + LongSumReducer (a grep)"
"$provmr" wrap -D mapreduce.mapper.regex='\bk[a-z]*' \
  --mapper org.apache.hadoop.mapreduce.lib.map.RegexMapper \
  --reducer org.apache.hadoop.mapreduce.lib.reduce.LongSumReducer \
  --input "$work/text" --output "$work/grep"
"$provmr" inspect "$work/grep" --payload | sort -t$'\t' -k2,2nr | head -5

echo "Outputs and lineage stores under $work"
