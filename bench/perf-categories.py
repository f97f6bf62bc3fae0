#!/usr/bin/env python3
"""Where a job's CPU goes, by what the code is doing, from perf-profile.sh recordings.

    bench/perf-categories.py TAG...                  samples per job, by category and flavour
    bench/perf-categories.py --leaves CAT TAG...     the innermost frames of one category

Every sample of a timed job (the job start times and wall times that the run's log prints)
is put in one category: a thread other than the map or reduce tasks by its thread ("~C2",
"~jobthr", "~client", ...); a task thread's sample by the innermost frame of its call chain
that names a known activity (ProvMR's record writer, the clock read for the header's
timestamp, the split fingerprint, Hadoop's reader, output collector, sort and merge, the
regular expression of a grep, ...), else "task:other". Compiled code is named by the perf
map the JVM dumped at exit; inlined methods count for the method they were compiled into,
so compare categories that the same code lands in (a whole write path, a whole thread),
not single methods, across JVMs.

The flavour of a recording is read from its log (grep/provmr, sort/plain, ...). Figures are
means over the recordings of a flavour of their per-job samples (499 a second, so 2 ms each),
with each recording's own value listed: a JVM's draw shows as one outlier there.
"""
import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys

PERF_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'target', 'perf')

# Innermost match wins: the list is read leaf first along each call chain.
CATEGORIES = [
    ('clock', r'javaTimeMillis|clock_gettime|currentTimeMillis'),
    # In a task thread only ProvMR's fingerprint reads through a FileChannel (Hadoop's local
    # file system reads through FileInputStream), and its native frames end the call chain.
    ('fingerprint', r'org\.provmr\.store\.(Fingerprints|LocalReads)|MapSideTracker\.(finish|describe)'
                    r'|sun\.nio\.ch\.|FileDispatcherImpl'),
    ('provmr-writer', r'ProvenanceRecordWriter|HeaderCodec|HashingOutputStream|PayloadHasher'
                      r'|RecordBytes|RoutedRecordWriter'),
    ('provmr-value', r'TracedValue|SourceSet|UnwrappingIterable|TracingReducer'),
    ('plain-writer', r'TextOutputFormat|SequenceFile\$Writer'),
    ('collector', r'NewDirectOutputCollector|MapOutputBuffer\.collect|TracingContext\.write'
                  r'|WrappedMapper\$Context\.write|TaskInputOutputContextImpl\.write'),
    ('sort+spill', r'QuickSort|sortAndSpill|MapOutputBuffer'),
    ('merge+shuffle', r'Merger|IFile|Fetcher|MergeManager|Shuffle'),
    ('tracking', r'MapSideTracker|TracingContext\.nextKeyValue'),
    ('regex', r'java\.util\.regex'),
    ('text-decode', r'Text\.decode|UTF_8|Text\.toString'),
    ('reader', r'LineRecordReader|LineReader|NewTrackingRecordReader|MapContextImpl\.nextKeyValue'
               r'|SequenceFile\$Reader|RecordReader'),
    ('commit', r'[Cc]ommit|LineageStore'),
    ('user map/reduce', r'\.map\(|\.reduce\(|Mapper\.run|Reducer\.run'),
]
CATEGORY_RES = [(name, re.compile(rx)) for name, rx in CATEGORIES]
HEADER = re.compile(r'^\s*(.{1,16}?)\s+(\d+)\s+([\d.]+):')
JOB = re.compile(r'round +\d+ +(\S+) .*wall +([\d.]+) s .*start (\d+)')


def thread_class(comm):
    c = comm.strip()
    if c.startswith('LocalJobRunner') or c.startswith('pool-') or c.startswith('SpillThread'):
        return 'task'
    for prefix, name in (('C2', '~C2'), ('C1', '~C1'), ('GC', '~GC'), ('G1', '~GC'),
                         ('bench-task-cpu', '~bench-poll'), ('Thread-', '~jobthr')):
        if c.startswith(prefix):
            return name
    return '~client' if c == 'java' else '~other'


def classify(frames):
    for f in frames:
        for name, rx in CATEGORY_RES:
            if rx.search(f):
                return name
    return 'task:other'


def load(tag):
    """(flavour, jobs, per-category sample counts, per-category leaf frame counts)."""
    log = os.path.join(PERF_DIR, tag + '.log')
    windows, flavour = [], None
    with open(log) as f:
        for line in f:
            m = JOB.search(line)
            if m:
                flavour = m.group(1)
                start = int(m.group(3)) / 1000.0
                windows.append((start, start + float(m.group(2))))
    if not windows:
        sys.exit(f'perf-categories: no timed job in {log}')
    with open(os.path.join(PERF_DIR, tag + '.meta')) as f:
        pid = f.read().split()[1]
    perf_map = f'/tmp/perf-{pid}.map'
    kept = os.path.join(PERF_DIR, tag + '.map')
    if not os.path.exists(perf_map) and os.path.exists(kept):
        shutil.copy(kept, perf_map)  # perf reads JIT names from there only
    out = subprocess.run(['perf', 'script', '-i', os.path.join(PERF_DIR, tag + '.data'),
                          '--pid', pid, '-F', 'comm,tid,time,ip,sym'],
                         capture_output=True, text=True, check=True).stdout
    counts = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    for block in out.split('\n\n'):
        lines = block.strip('\n').split('\n')
        m = HEADER.match(lines[0]) if lines and lines[0].strip() else None
        if not m:
            continue
        t = float(m.group(3))
        if not any(a <= t <= b for a, b in windows):
            continue
        counts['TOTAL'] += 1
        cls = thread_class(m.group(1))
        if cls != 'task':
            counts[cls] += 1
            continue
        counts['task TOTAL'] += 1
        frames = [re.sub(r'^\s*[0-9a-f]+\s+', '', x).strip() for x in lines[1:]]
        cat = classify(frames)
        counts[cat] += 1
        leaves[cat][frames[0][:90] if frames else '?'] += 1
    n = len(windows)
    return (flavour, n, {k: v / n for k, v in counts.items()},
            {k: {f: v / n for f, v in c.items()} for k, c in leaves.items()})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('tags', nargs='+')
    ap.add_argument('--leaves', metavar='CATEGORY')
    ap.add_argument('--top', type=int, default=25)
    a = ap.parse_args()
    runs = {t: load(t) for t in a.tags}
    flavours = []
    for fl, *_ in runs.values():
        if fl not in flavours:
            flavours.append(fl)
    by = {fl: [t for t in a.tags if runs[t][0] == fl] for fl in flavours}
    if a.leaves:
        for fl in flavours:
            total = collections.Counter()
            for t in by[fl]:
                total.update(runs[t][3].get(a.leaves, {}))
            print(f'== {fl}: {a.leaves}, samples per job (mean of {len(by[fl])} JVMs)')
            for frame, v in total.most_common(a.top):
                print(f'{v / len(by[fl]):8.2f}  {frame}')
        return
    keys = sorted({k for r in runs.values() for k in r[2]},
                  key=lambda k: -sum(r[2].get(k, 0) for r in runs.values()))
    print(f'samples per job (2 ms each), mean over JVMs; '
          + ', '.join(f'{fl}: {len(by[fl])} JVMs' for fl in flavours))
    print(f'{"category":<18}' + ''.join(f'{fl:>16}' for fl in flavours)
          + ('        diff' if len(flavours) == 2 else '') + '   per JVM')
    for k in keys[:a.top + 4]:
        means = [statistics.mean(runs[t][2].get(k, 0) for t in by[fl]) for fl in flavours]
        row = f'{k:<18}' + ''.join(f'{m:16.1f}' for m in means)
        if len(flavours) == 2:
            row += f'{means[1] - means[0]:+12.1f}'
        row += '   ' + ' | '.join(' '.join(f'{runs[t][2].get(k, 0):.0f}' for t in by[fl])
                                  for fl in flavours)
        print(row)


if __name__ == '__main__':
    main()
