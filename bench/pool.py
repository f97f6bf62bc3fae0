#!/usr/bin/env python3
"""The capture figures of several `bench/run` JSON files, their paired rounds pooled.

    bench/pool.py RUN.json... [--same-revision] [--goal 1.05]

One run's capture figure is the median of its 9 (LocalJobRunner) or 5 (YARN) paired ratios,
and on this machine a pair swings by more than the goal's margin: the JIT of each flavour's
JVM draws the user's and Hadoop's hot code at different speeds (bench/README.md, "Grep over
forty JVMs"), so a run's median moves by several hundredths from run to run on the same
code. Every pair of every run is an independent draw of the same ratio when the runs measured
the same product code with the same settings, so their pooled median says where a figure
sits with the precision of all the pairs together. This prints, per capture figure, each
run's median, the pooled median of all the pairs with its distribution-free interval (the
order statistics of Stats.medianInterval: no assumption about the pairs' distribution), the
share of pairs at or under the goal, and the geometric mean of the pairs.

A figure of runs that measured different product revisions (environment.provmrRevision) is
pooled all the same, since a change that is not in the capture path leaves the figure alone,
but the revisions are listed; --same-revision keeps only the runs of the last file's revision.
Runs with other settings than the last file's (rounds, warm-ups, input sizes; for the YARN
rows the first split size of --yarn-split-mib, the goal's) are left out with a note: their
pairs are draws of another quantity. Reads the files only; writes nothing.
"""
import argparse
import json
import math
import signal
import statistics
import sys

# (figure, path in the JSON, list key): the goal's rows first, then the ones that explain them.
FIGURES = [
    ('capture CPU {s}', ('capture', '{s}'), 'pairedCpuRatios'),
    ('capture CPU {s}, job threads', ('capture', '{s}'), 'pairedTaskThreadCpuRatios'),
    ('capture CPU {s}, without the JIT threads', ('capture', '{s}'), 'pairedCpuRatiosWithoutJit'),
    ('capture CPU {s} over plain SequenceFile', ('capture', '{s}'), 'pairedCpuRatiosOverPlainSeq'),
    ('capture CPU {s} on YARN, task counter', ('captureYarn', '{s}'),
     'pairedTaskCounterCpuRatios'),
    ('capture CPU {s} on YARN, task JVMs', ('captureYarn', '{s}'), 'pairedTaskJvmCpuRatios'),
    ('capture CPU {s} on YARN, containers', ('captureYarn', '{s}'), 'pairedContainerCpuRatios'),
    ('capture CPU {s} on YARN over plain SequenceFile, task counter', ('captureYarn', '{s}'),
     'pairedTaskCounterCpuRatiosOverPlainSeq'),
]
SHAPES = ['wordcount', 'grep', 'sort']
# Settings that change what a pair measures; runs that differ in one are not pooled together.
SETTINGS = ['rounds', 'captureWarmups', 'wordcountBytes', 'grepBytes', 'sortBytes',
            'captureJvm', 'captureJvmSets', 'quick']
# Per figure family, the settings that matter (YARN pairs do not depend on the LJR rounds).
YARN_SETTINGS = ['wordcountBytes', 'grepBytes', 'sortBytes', 'yarnSplitMib', 'quick']


def median_interval(values):
    """Stats.medianInterval: the k-th smallest and largest, k the largest rank keeping 95%."""
    n = len(values)
    if n < 2:
        return None
    c = sorted(values)
    k = 1
    below = 0.5 ** n
    for k_next in range(2, n // 2 + 1):
        nxt = below + math.comb(n, k_next - 1) * 0.5 ** n
        if 1 - 2 * nxt < 0.95:
            break
        below = nxt
        k = k_next
    return c[k - 1], c[n - k], 1 - 2 * below


def lookup(run, path, key, shape):
    node = run
    for p in path:
        node = node.get(p.format(s=shape)) if isinstance(node, dict) else None
        if node is None:
            return None
    values = node.get(key) if isinstance(node, dict) else None
    return values if values else None


def settings_of(run, names):
    s = run.get('environment', {}).get('settings', {})
    values = []
    for n in names:
        v = s.get(n)
        if n == 'yarnSplitMib' and isinstance(v, str):
            v = v.split(',')[0].strip()  # the goal's rows are the first size's, whatever follows
        values.append((n, v))
    return tuple(values)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under head
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('runs', nargs='+', help='JSON files written by bench/run --json')
    ap.add_argument('--same-revision', action='store_true',
                    help="only the runs of the last file's product revision")
    ap.add_argument('--goal', type=float, default=1.05, help='the capture goal (default 1.05)')
    args = ap.parse_args()

    runs = []
    for f in args.runs:
        try:
            with open(f) as fh:
                runs.append((f, json.load(fh)))
        except (OSError, ValueError) as e:
            sys.exit(f'pool: {f}: not a bench/run JSON file ({e})')
    if args.same_revision:
        last = runs[-1][1].get('environment', {}).get('provmrRevision')
        runs = [(f, r) for f, r in runs
                if r.get('environment', {}).get('provmrRevision') == last]
    revisions = sorted({(r.get('environment', {}).get('provmrRevision') or '?')[:8]
                        for _, r in runs})
    print(f'{len(runs)} runs, product revisions {", ".join(revisions)}; goal <= {args.goal}')
    print(f'{"figure":<62} {"runs":>4} {"pairs":>5} {"pooled":>7}'
          f' {"interval (coverage)":>19}'
          f' {"<=goal":>6} {"geomean":>7}  run medians')
    for template, path, key in FIGURES:
        for shape in SHAPES:
            names = YARN_SETTINGS if path[0] == 'captureYarn' else SETTINGS
            # The last run's settings are the reference: older runs of other settings drop out.
            groups = [(f, r, lookup(r, path, key, shape)) for f, r in runs]
            groups = [(f, r, v) for f, r, v in groups if v]
            if not groups:
                continue
            reference = settings_of(groups[-1][1], names)
            kept = [(f, v) for f, r, v in groups if settings_of(r, names) == reference]
            left = [f for f, r, v in groups if settings_of(r, names) != reference]
            pairs = [x for _, v in kept for x in v]
            interval = median_interval(pairs)
            iv = (f'{interval[0]:.3f}-{interval[1]:.3f} ({math.floor(interval[2] * 100):.0f}%)'
                  if interval else '-')
            under = sum(1 for x in pairs if x <= args.goal) / len(pairs)
            medians = ' '.join(f'{statistics.median(v):.3f}' for _, v in kept)
            print(f'{template.format(s=shape):<62} {len(kept):>4} {len(pairs):>5}'
                  f' {statistics.median(pairs):>7.3f} {iv:>19} {under:>6.0%}'
                  f' {statistics.geometric_mean(pairs):>7.3f}  {medians}')
            if left:
                print(f'  (left out, other settings: {", ".join(left)})')


if __name__ == '__main__':
    main()
