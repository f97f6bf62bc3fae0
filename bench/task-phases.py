#!/usr/bin/env python3
"""Where a YARN task JVM's execution samples go, by phase, ProvMR's tasks against plain ones.

Reads one Java Flight Recording per task JVM (as bench/jit-compiles.py's docstring records
them) and sorts each execution sample of a task's threads into a phase by the frames on its
stack: the user's loop (Mapper.run / Reducer.run), the map side's sort and spill, the reduce
side's shuffle, commit and close, the rest of the task (set-up: configuration, metrics, RPC),
and other threads. Prints, per shape, flavour and task kind, the median samples per task in
each phase, the share of samples with a ProvMR frame, and for map tasks that sort, the
spread of the sort's samples (Hadoop's QuickSort: its compiled code is a draw per JVM).

  bench/task-phases.py DIR [--shape-of CLASS=SHAPE]...

A task's shape is told by its mapper's class (SortMapper, Tokenizer/IntSum, Grep); its
flavour is ProvMR when any org.provmr.mapreduce frame was sampled, plain-seq when a
SequenceFileOutputFormat frame was, else plain (so the map tasks of a plain-seq job, which
run no output format, count as plain ones: they are the same). A reduce task is counted
only when its shape shows (wordcount's IntSumReducer); the sort's identity reducers do not.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
from collections import Counter, defaultdict

SHAPES = [('SortMapper', 'sort'), ('Tokenizer', 'wordcount'), ('IntSumReducer', 'wordcount'),
          ('Grep', 'grep')]
PHASES = ['user loop', 'sort and spill', 'shuffle', 'commit and close', 'task set-up',
          'other threads']


def samples(path):
    out = subprocess.run(['jfr', 'print', '--events', 'jdk.ExecutionSample', '--json',
                          '--stack-depth', '64', path],
                         capture_output=True, text=True, check=True).stdout
    for e in json.loads(out)['recording']['events']:
        frames = (e['values'].get('stackTrace') or {}).get('frames') or []
        yield [f['method']['type']['name'] + '.' + f['method']['name'] for f in frames]


def phase(stack):
    s = ' '.join(stack)
    if 'Mapper.run' in s or 'Reducer.run' in s:
        return 'user loop'
    if 'sortAndSpill' in s or 'mergeParts' in s or 'MapOutputBuffer.flush' in s:
        return 'sort and spill'
    if 'Fetcher' in s or 'MergeManager' in s or 'Shuffle' in s:
        return 'shuffle'
    if 'YarnChild.main' not in s:
        return 'other threads'
    if 'commit' in s.lower() or '.close' in s:
        return 'commit and close'
    return 'task set-up'


def main():
    p = argparse.ArgumentParser()
    p.add_argument('dir')
    p.add_argument('--shape-of', action='append', default=[],
                   help='CLASS=SHAPE, a mapper or reducer class name part and its shape')
    a = p.parse_args()
    shapes = [tuple(x.split('=', 1)) for x in a.shape_of] + SHAPES
    rows = defaultdict(lambda: defaultdict(list))
    sorts = defaultdict(list)
    for f in sorted(glob.glob(os.path.join(a.dir, '*.jfr'))):
        stacks = list(samples(f))
        names = ' '.join(' '.join(s) for s in stacks)
        shape = next((sh for cls, sh in shapes if cls in names), None)
        if shape is None:
            continue  # the MRAppMaster, or a job of another shape
        flavour = ('provmr' if 'org/provmr/mapreduce' in names
                   else 'plain-seq' if 'SequenceFileOutputFormat' in names else 'plain')
        kind = 'reduce' if 'ReduceTask' in names else 'map'
        key = (shape, flavour, kind)
        c = Counter(phase(s) for s in stacks)
        r = rows[key]
        r['all samples'].append(len(stacks))
        for ph in PHASES:
            r[ph].append(c.get(ph, 0))
        r['with a ProvMR frame'].append(sum(1 for s in stacks if any(
            'org/provmr/' in x and '/bench/' not in x and '/examples/' not in x for x in s)))
        if kind == 'map' and c.get('sort and spill'):
            sorts[key].append(sum(1 for s in stacks if any('QuickSort' in x for x in s)))
    if not rows:
        sys.exit('task-phases: no task of a known shape in ' + a.dir)
    keys = sorted(rows)
    print('%-22s' % 'median samples per task' + ''.join('%24s' % '/'.join(k) for k in keys))
    print('%-22s' % 'tasks' + ''.join('%24d' % len(rows[k]['all samples']) for k in keys))
    for ph in ['all samples'] + PHASES + ['with a ProvMR frame']:
        print('%-22s' % ph + ''.join('%24.1f' % statistics.median(rows[k][ph]) for k in keys))
    for k in sorted(sorts):
        v = sorted(sorts[k])
        print('QuickSort samples per map task, %s: %s' % ('/'.join(k), ' '.join(map(str, v))))


if __name__ == '__main__':
    main()
