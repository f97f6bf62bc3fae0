#!/usr/bin/env python3
"""Per-job CPU of a task thread by method, from async-profile.sh's collapsed stacks.

    bench/asprof-frames.py rows FILE...            per job: the thread's ms and the inclusive ms
                                                   of a few landmark methods (regex, reader,
                                                   write path, ProvMR's writer)
    bench/asprof-frames.py diff A,A,... B,B,...    self ms per method, mean per job of each
                                                   group, sorted by how much B differs from A
    bench/asprof-frames.py incl A,A,... B,B,...    the same with inclusive ms
    bench/asprof-frames.py tasks FILE...           YARN task JVMs (ASPROF_YARN_TASKS=1), from
                                                   start to exit: per kind (map, reduce) and
                                                   flavour, mean ms per task by part, then the
                                                   methods whose inclusive ms differ most

Each FILE is one timed job (TAG.<shape>-<flavour>.<round>); samples are ms of CPU with the
default 1 ms interval. --thread PREFIX picks the thread (default: the map tasks'
"LocalJobRunner Map Task Executor"; "LocalJobRunner Reduce" for reducers). async-profiler names
inlined methods as themselves, so the same work is under the same name in both flavours, but
a sample is still only as exact as the JIT's debug information at that address.
"""
import argparse
import collections
import os
import re

LANDMARKS = [
    ('regex', 'java/util/regex/Matcher.find'),
    ('next', 'org/apache/hadoop/mapreduce/task/MapContextImpl.nextKeyValue'),
    ('write', 'org/apache/hadoop/mapreduce/task/TaskInputOutputContextImpl.write'),
    ('provmr-writer', 'org/provmr/mapreduce/ProvenanceRecordWriter.write'),
    ('toString', 'org/apache/hadoop/io/Text.toString'),
]


def load(path, thread, inclusive):
    """ms per method (self, or inclusive counted once per stack) and the thread's total."""
    acc = collections.Counter()
    total = 0
    with open(path) as f:
        for line in f:
            stack, _, n = line.rstrip('\n').rpartition(' ')
            frames = stack.split(';')
            if not frames[0].startswith('[' + thread):
                continue
            n = int(n)
            total += n
            if inclusive:
                for name in set(frames[1:]):
                    acc[name] += n
            else:
                acc[frames[-1]] += n
    return acc, total


def average(counters):
    """ms per method, mean over a group of jobs' (or task JVMs') counters."""
    acc = collections.Counter()
    for c in counters:
        acc.update(c)
    return {k: v / len(counters) for k, v in acc.items()}


def mean(paths, thread, inclusive):
    return average([load(p, thread, inclusive)[0] for p in paths])


def print_diff(x, y, top):
    """The methods whose ms differ most between groups x and y: x, y, y - x."""
    for k in sorted(set(x) | set(y), key=lambda k: -abs(y.get(k, 0) - x.get(k, 0)))[:top]:
        print('%9.1f %9.1f %+9.1f  %s' % (x.get(k, 0), y.get(k, 0), y.get(k, 0) - x.get(k, 0), k))


ANNOTATION = re.compile(r'_\[.\]$')

# Parts of a task JVM's CPU, by the first of these that a stack holds.
TASK_PARTS = [
    ('compiler', lambda st, th: 'CompilerThre' in th),  # names cut at 15 characters
    ('gc', lambda st, th: th.startswith(('GC ', 'G1 ', 'VM Thread'))),
    ('task-loop', lambda st, th: 'org/apache/hadoop/mapreduce/Mapper.run' in st
        or 'org/apache/hadoop/mapreduce/Reducer.run' in st),
    ('task-rest', lambda st, th: 'org/apache/hadoop/mapred/YarnChild.main' in st),
    ('other', lambda st, th: True),
]
# Inclusive ms of stacks that pass through a method (a name ending in it; counted once per
# stack), whichever part they are in.
TASK_MARKS = [
    ('class-loading', 'java/lang/ClassLoader.loadClass'),
    ('record-writer-set-up', '.getRecordWriter'),
    ('provmr-map-end', 'org/provmr/mapreduce/MapSideTracker.finish'),
    # MapTask's per-record count of bytes read and written: bimodal per JVM, by whether C2
    # could remove an iterator it allocates (docs/design.md, "Hadoop's per-record statistics").
    ('hadoop-fs-stats', 'org/apache/hadoop/fs/FileSystem$Statistics.visitAll'),
]


def task_profile(path):
    """(kind, flavour, ms per part, inclusive ms per method) of one task JVM's file."""
    parts = collections.Counter()
    incl = collections.Counter()
    kind, provmr = 'other', False
    with open(path) as f:
        for line in f:
            stack, _, n = line.rstrip('\n').rpartition(' ')
            n = int(n)
            # Frame-type suffixes (async-profiler's ann option: _[j], _[i], ...) dropped.
            frames = [ANNOTATION.sub('', fr) for fr in stack.split(';')]
            thread = frames[0][1:].split(' tid=')[0] if frames[0].startswith('[') else ''
            if 'org/apache/hadoop/mapred/MapTask.run' in stack:
                kind = 'map'
            elif 'org/apache/hadoop/mapred/ReduceTask.run' in stack and kind != 'map':
                kind = 'reduce'
            provmr = provmr or 'org/provmr/mapreduce/' in stack
            parts['total'] += n
            parts[next(name for name, test in TASK_PARTS if test(stack, thread))] += n
            for label, method in TASK_MARKS:
                if any(fr.endswith(method) for fr in frames):
                    parts[label] += n
            for name in set(frames[1:]):
                incl[name] += n
    return kind, 'provmr' if provmr else 'plain', parts, incl


def tasks(files, top):
    groups = collections.defaultdict(list)
    for p in files:
        kind, flavour, parts, incl = task_profile(p)
        groups[kind, flavour].append((parts, incl))
    cols = ['total'] + [n for n, _ in TASK_PARTS] + [n for n, _ in TASK_MARKS]
    print('%-14s %5s ' % ('task', 'JVMs') + ' '.join('%9s' % c[:9] for c in cols))
    for (kind, flavour), rows in sorted(groups.items()):
        print('%-14s %5d ' % (kind + '/' + flavour, len(rows)) + ' '.join(
            '%9.1f' % (sum(r[0][c] for r in rows) / len(rows)) for c in cols))
    for (kind, flavour), rows in sorted(groups.items()):
        print('%-14s hadoop-fs-stats ms per JVM: %s' % (kind + '/' + flavour, ' '.join(
            '%.0f' % v for v in sorted(r[0]['hadoop-fs-stats'] for r in rows))))
    for kind in sorted({k for k, _ in groups}):
        a, b = groups.get((kind, 'plain')), groups.get((kind, 'provmr'))
        if not a or not b:
            continue
        print('\n%s tasks, inclusive ms per task: plain, provmr, difference' % kind)
        print_diff(average([r[1] for r in a]), average([r[1] for r in b]), top)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('mode', choices=['rows', 'diff', 'incl', 'tasks'])
    ap.add_argument('files', nargs='+')
    ap.add_argument('--thread', default='LocalJobRunner Map Task Executor')
    ap.add_argument('--top', type=int, default=40)
    a = ap.parse_args()
    if a.mode == 'tasks':
        tasks(a.files, a.top)
        return
    if a.mode == 'rows':
        print('%-28s %7s ' % ('job', 'thread') + ' '.join('%13s' % k for k, _ in LANDMARKS))
        for p in a.files:
            acc, total = load(p, a.thread, True)
            print('%-28s %7d ' % (os.path.basename(p), total)
                  + ' '.join('%13d' % acc[m] for _, m in LANDMARKS))
        return
    if len(a.files) != 2:
        ap.error('diff and incl take two comma-separated groups of files')
    groups = [g.split(',') for g in a.files]
    inclusive = a.mode == 'incl'
    x, y = (mean(g, a.thread, inclusive) for g in groups)
    if not inclusive:
        print('%9.1f %9.1f %+9.1f  %s' % (sum(x.values()), sum(y.values()),
                                           sum(y.values()) - sum(x.values()), '(the thread)'))
    print_diff(x, y, a.top)


if __name__ == '__main__':
    main()
