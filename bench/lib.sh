# Shared by run-e2e.sh and run-jmh.sh (sourced, not run). Builds what is missing or stale:
# the main project into the local Maven repository, then this bench project. Maven runs
# offline first, so once everything was resolved no network is needed.
#
# Which ProvMR is measured:
#   default            the working tree (mvn install of ../pom.xml), reinstalled when a file
#                      under src/main, conf or pom.xml is newer than the installed jar;
#   BENCH_REV=<rev>    a committed revision, exported with `git archive` into
#                      bench/target/provmr-src and installed from there: reproducible, and
#                      unaffected by half-finished edits in the working tree;
#   BENCH_REV_DROP="a b" with BENCH_REV: paths (globs, relative to the project root) deleted
#                      from the export before building, for a commit that holds files which
#                      only compile with later, uncommitted work;
#   BENCH_NO_INSTALL=1 whatever org.provmr:provmr is in the local repository already.

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(cd "$bench_dir/.." && pwd)"
m2_repo="${MAVEN_REPO:-$HOME/.m2/repository}"
provmr_version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root_dir/pom.xml" | head -1)"
provmr_jar="$m2_repo/org/provmr/provmr/$provmr_version/provmr-$provmr_version.jar"
installed_marker="$bench_dir/target/installed-provmr.rev"
provmr_revision=unknown

# mvn, offline when possible; online only when something is not resolved yet.
mvn_quiet() {
  local out
  if out="$(mvn -q -B -o "$@" 2>&1)"; then
    [[ -n "$out" ]] && echo "$out"
    return 0
  fi
  if grep -qiE "offline|could not be resolved|has not been downloaded" <<<"$out"; then
    mvn -q -B "$@"
  else
    echo "$out"
    return 1
  fi
}

newer_than() { # newer_than FILE PATH...: true if some file under PATH is newer than FILE
  local ref="$1"; shift
  [[ -n "$(find "$@" -newer "$ref" -type f -print -quit 2>/dev/null)" ]]
}

ensure_main_installed() {
  mkdir -p "$bench_dir/target"
  if [[ "${BENCH_NO_INSTALL:-}" == 1 && -f "$provmr_jar" ]]; then
    provmr_revision="$(cat "$installed_marker" 2>/dev/null || echo unknown)"
    return
  fi
  if [[ -n "${BENCH_REV:-}" ]]; then
    local commit
    commit="$(git -C "$root_dir" rev-parse --verify "${BENCH_REV}^{commit}")"
    local key="$commit"
    [[ -n "${BENCH_REV_DROP:-}" ]] && key="$commit-minus:${BENCH_REV_DROP// /,}"
    provmr_revision="$key"
    if [[ -f "$provmr_jar" && "$(cat "$installed_marker" 2>/dev/null)" == "$key" \
        && ! "$provmr_jar" -nt "$installed_marker" ]]; then
      return
    fi
    local src="$bench_dir/target/provmr-src"
    rm -rf "$src" && mkdir -p "$src"
    git -C "$root_dir" archive "$commit" | tar -x -C "$src"
    if [[ -n "${BENCH_REV_DROP:-}" ]]; then
      (cd "$src" && for p in $BENCH_REV_DROP; do rm -rf -- $p; done)
    fi
    echo "bench: installing org.provmr:provmr:$provmr_version from commit ${commit:0:10}..." >&2
    mvn_quiet -f "$src/pom.xml" -Dmaven.test.skip=true install >&2
    echo "$key" > "$installed_marker"
    return
  fi
  provmr_revision="$(git -C "$root_dir" rev-parse HEAD 2>/dev/null || echo unknown)"
  if [[ -n "$(git -C "$root_dir" status --porcelain -- src/main pom.xml conf 2>/dev/null)" ]]
  then
    provmr_revision="$provmr_revision+working-tree"
  fi
  if [[ ! -f "$provmr_jar" || "$(cat "$installed_marker" 2>/dev/null)" != worktree ]] \
      || newer_than "$provmr_jar" "$root_dir/pom.xml" "$root_dir/src/main" "$root_dir/conf"
  then
    echo "bench: installing org.provmr:provmr:$provmr_version from the working tree" \
      "(tests skipped)..." >&2
    mvn_quiet -f "$root_dir/pom.xml" -Dmaven.test.skip=true install >&2
    echo worktree > "$installed_marker"
  fi
}

ensure_bench_built() {
  local cp="$bench_dir/target/classpath.txt"
  if [[ ! -f "$cp" ]] || newer_than "$cp" "$bench_dir/pom.xml" "$bench_dir/src" \
      || [[ "$provmr_jar" -nt "$cp" ]]; then
    echo "bench: compiling the benchmarks..." >&2
    mvn_quiet -f "$bench_dir/pom.xml" compile >&2
    touch "$cp"
  fi
}

bench_classpath() {
  echo "$bench_dir/target/classes:$(cat "$bench_dir/target/classpath.txt")"
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

# Hadoop 3.4 reflects into java.base on Java 17.
java_opens=(
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
)

# Runs CLASS once per variant in a fresh JVM, N times, the variants taking turns; each prints
# "<variant> cpu_ms <n> wall_ms <x>". Prints the lines and each variant's medians (stderr).
# fragment-startup.sh, config-reload.sh.
#   fresh_jvm_variants CLASS N "v1 v2 ..." [more arguments after the variant]
fresh_jvm_variants() {
  local cls="$1" n="$2" variants="$3"
  shift 3
  ensure_main_installed
  ensure_bench_built
  local cp i v
  cp="$(bench_classpath)"
  for i in $(seq 1 "$n"); do
    for v in $variants; do
      "$(java_bin)" "${java_opens[@]}" -cp "$cp" "$cls" "$v" "$@" 2>/dev/null
    done
  done | tee /dev/stderr | variant_medians 1>&2
}

# Reads lines "<variant> cpu_ms <n> wall_ms <x>", optionally more "<name> <value>" pairs, and
# prints each variant's median CPU and wall time, then the median of each further pair.
variant_medians() {
  awk '
    {
      if (!($1 in seen)) { seen[$1] = 1; order[++nv] = $1 }
      for (i = 2; i < NF; i += 2) {
        if (!(($1, $i) in vals)) { names[$1] = names[$1] " " $i }
        vals[$1, $i] = vals[$1, $i] " " $(i + 1)
      }
    }
    function median(s,   a, n, i, j, t) {
      n = split(s, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
      for (k = 1; k <= nv; k++) {
        v = order[k]
        printf "median %-8s cpu %6.0f ms  wall %7.1f ms", v, median(vals[v, "cpu_ms"]),
          median(vals[v, "wall_ms"])
        n = split(names[v], f, " ")
        for (i = 1; i <= n; i++) {
          if (f[i] != "cpu_ms" && f[i] != "wall_ms") printf "  %s %.1f", f[i], median(vals[v, f[i]])
        }
        printf "\n"
      }
    }'
}
