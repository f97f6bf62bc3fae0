#!/usr/bin/env python3
"""Per-job CPU of a task thread by method, from async-profile.sh's collapsed stacks.

    bench/asprof-frames.py rows FILE...            per job: the thread's ms and the inclusive ms
                                                   of a few landmark methods (regex, reader,
                                                   write path, ProvMR's writer)
    bench/asprof-frames.py diff A,A,... B,B,...    self ms per method, mean per job of each
                                                   group, sorted by how much B differs from A
    bench/asprof-frames.py incl A,A,... B,B,...    the same with inclusive ms

Each FILE is one timed job (TAG.<shape>-<flavour>.<round>); samples are ms of CPU with the
default 1 ms interval. --thread PREFIX picks the thread (default: the map tasks'
"LocalJobRunner Map Task Executor"; "LocalJobRunner Reduce" for reducers). async-profiler names
inlined methods as themselves, so the same work is under the same name in both flavours, but
a sample is still only as exact as the JIT's debug information at that address.
"""
import argparse
import collections
import os

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


def mean(paths, thread, inclusive):
    acc = collections.Counter()
    for p in paths:
        acc.update(load(p, thread, inclusive)[0])
    return {k: v / len(paths) for k, v in acc.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('mode', choices=['rows', 'diff', 'incl'])
    ap.add_argument('files', nargs='+')
    ap.add_argument('--thread', default='LocalJobRunner Map Task Executor')
    ap.add_argument('--top', type=int, default=40)
    a = ap.parse_args()
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
    for k in sorted(set(x) | set(y), key=lambda k: -abs(y.get(k, 0) - x.get(k, 0)))[:a.top]:
        print('%9.1f %9.1f %+9.1f  %s' % (x.get(k, 0), y.get(k, 0), y.get(k, 0) - x.get(k, 0), k))


if __name__ == '__main__':
    main()
