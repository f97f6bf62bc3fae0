#!/usr/bin/env python3
"""How much a task JVM's JIT compiles around a map loop, ProvMR's tasks against plain ones.

Reads one Java Flight Recording per YARN task JVM (every compilation recorded) and prints, per
flavour (ProvMR if any org.provmr.mapreduce method was compiled, else plain), the medians over
the map tasks of: compilations in the first 3 s of the map loop (from the first compilation of
the user's map()), how many were C2, ProvMR's own, and when C2 compiled the loop's hot methods
(seconds after that start). See bench/README.md, "The per-record path and the task's JIT".

  bench/jit-compiles.py --jfc FILE     writes JFR settings recording every compilation
  BENCH_JAVA_OPTS='-Dbench.yarn.task.opts=-XX:StartFlightRecording=settings=FILE,filename=DIR/' \\
      bench/run --only yarn --shapes grep --yarn-rounds 1
  bench/jit-compiles.py DIR [--map METHOD]...   METHOD: the mappers' map() classes, as in JFR
"""
import argparse
import datetime
import glob
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter, defaultdict

MAPS = ['Grep$GrepMapper::map', 'PlainGrepMapper::map']
HOT = ['Mapper::run', 'Matcher::search', 'Pattern$Start::match', 'UTF_8$Decoder::decodeLoop',
       'LineReader::readDefaultLine']
WINDOW = 3.0


def jfc(out):
    java_home = os.path.dirname(os.path.dirname(os.path.realpath(
        subprocess.run(['which', 'java'], capture_output=True, text=True).stdout.strip())))
    s = open(os.path.join(java_home, 'lib', 'jfr', 'default.jfc')).read()
    s, n = re.subn(r'(<event name="jdk.Compilation">.*?<setting name="threshold"[^>]*>)[^<]*(<)',
                   r'\g<1>0 ms\2', s, flags=re.S)
    if n != 1:
        sys.exit('jit-compiles: jdk.Compilation threshold not found in default.jfc')
    open(out, 'w').write(s)


def seconds(iso):
    return datetime.datetime.fromisoformat(iso.replace('Z', '+00:00')).timestamp()


def compilations(path):
    out = subprocess.run(['jfr', 'print', '--events', 'jdk.Compilation', '--json', path],
                         capture_output=True, text=True, check=True).stdout
    for e in json.loads(out)['recording']['events']:
        v = e['values']
        m = v['method']
        yield seconds(v['startTime']), m['type']['name'] + '::' + m['name'], v['compileLevel']


def main():
    p = argparse.ArgumentParser()
    p.add_argument('dir', nargs='?')
    p.add_argument('--jfc')
    p.add_argument('--map', action='append')
    a = p.parse_args()
    if a.jfc:
        jfc(a.jfc)
        return
    if not a.dir:
        p.error('a directory of recordings, or --jfc FILE')
    maps = a.map or MAPS
    res = defaultdict(lambda: defaultdict(list))
    for f in sorted(glob.glob(os.path.join(a.dir, '*.jfr'))):
        rows = list(compilations(f))
        flavour = 'provmr' if any('org/provmr/mapreduce' in r[1] for r in rows) else 'plain'
        starts = [r[0] for r in rows if any(m in r[1] for m in maps)]
        if not starts:
            continue  # not a map task of these mappers (a reduce task, the AM)
        t0 = min(starts)
        window = [r for r in rows if 0 <= r[0] - t0 < WINDOW]
        r = res[flavour]
        r['compilations in the first 3 s'].append(len(window))
        r['  of which C2'].append(sum(1 for x in window if x[2] == 4))
        r["  of which ProvMR's own"].append(sum(1 for x in window if 'org/provmr/' in x[1]
                                               and '/examples/' not in x[1]
                                               and '/bench/' not in x[1]))
        for h in HOT:
            c2 = [x[0] - t0 for x in rows if h in x[1] and x[2] == 4]
            if c2:
                r['C2 of ' + h + ' at (s)'].append(min(c2))
    if not res:
        sys.exit('jit-compiles: no map task of ' + ', '.join(maps) + ' in ' + a.dir)
    print('%-45s %12s %12s' % ('median over map tasks', 'plain', 'provmr'))
    for key in res['plain'] or res['provmr']:
        cells = []
        for flavour in ('plain', 'provmr'):
            v = res[flavour].get(key, [])
            cells.append('%.2f (%d)' % (statistics.median(v), len(v)) if v else '-')
        print('%-45s %12s %12s' % (key, *cells))


if __name__ == '__main__':
    main()
