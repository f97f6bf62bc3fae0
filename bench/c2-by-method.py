#!/usr/bin/env python3
"""What C2 compiles in a ProvMR map task JVM that it does not in a plain one, method by method.

A task JVM on YARN compiles the per-record code afresh, and its compiler threads are about half
of its CPU; a ProvMR task JVM's fixed excess over a plain one is mostly that (bench/README.md,
"What a ProvMR task JVM compiles more"). This lists, per root method C2 compiled, the machine
code it produced (HotSpot's nmsize, the best size measure a product JVM logs; bytecode sizes
count branches C2 never parses), averaged over the map task JVMs of each flavour. Run a YARN
round with a compilation log per task JVM, then point this at the log directory:

  printf -- '-XX:+UnlockDiagnosticVMOptions\\n-XX:+LogCompilation\\n-XX:LogFile=DIR/t-%%p.log\\n' \\
      > DIR/opts
  BENCH_JAVA_OPTS='-Dbench.yarn.task.opts=-XX:VMOptionsFile=DIR/opts' \\
      bench/run --only yarn --shapes grep --yarn-rounds 1
  bench/c2-by-method.py DIR [--top N] [--bytecode]
  bench/c2-by-method.py DIR --settle

A log is a map task JVM's if it names MapTask; ProvMR's if it compiled any org.provmr.mapreduce
method. OSR compilations and C1's tiers are left out. Reads the logs only; writes nothing.

--settle says instead when each JVM's JIT settles: the C2 machine code it installs after its
first record, and how long after that record 90% of it is in place (a grep task's excess on
YARN is made while its JVM is still compiling: bench/README.md, "Capture on YARN at HDFS's
split size"). The first record is the first compiled code of Hadoop's
LineReader.readDefaultLine, so text inputs only; times are the log's installation stamps, all
compilations (OSR included) counted.
"""
import argparse
import collections
import glob
import re
import statistics

TASK = re.compile(r"<task compile_id='\d+'([^>]*)>")
DONE = re.compile(r"<task_done ([^>]*)/>")
NMETHOD = re.compile(r"<nmethod compile_id='\d+'(?: compile_kind='\w+')? compiler='\w+'"
                     r" level='(\d)'[^>]*? size='(\d+)'[^>]*? method='([^']*)'[^>]*?"
                     r" stamp='([\d.]+)'")
FIRST_RECORD = 'org.apache.hadoop.util.LineReader readDefaultLine'
SETTLE_HOT = {
    'LineRecordReader.nextKeyValue':
        'org.apache.hadoop.mapreduce.lib.input.LineRecordReader nextKeyValue',
    'Mapper.run': 'org.apache.hadoop.mapreduce.Mapper run',
}


def attr(text, key):
    m = re.search(key + r"='([^']*)'", text)
    return m.group(1) if m else None


def c2_roots(text, bytecode):
    """Per root method, the machine code (or bytecode parsed) of its C2 compilations."""
    sizes = collections.Counter()
    current = None
    for line in text.splitlines():
        m = TASK.match(line)
        if m:
            a = m.group(1)
            level = attr(a, 'level') or '4'  # C2's tasks carry no level
            current = None
            if level == '4' and 'osr_bci' not in a:
                current = (attr(a, 'method'), int(attr(a, 'bytes')))
            continue
        d = DONE.match(line) if current else None
        if d:
            if bytecode:
                sizes[current[0]] += current[1] + int(attr(d.group(1), 'inlined_bytes') or 0)
            else:
                sizes[current[0]] += int(attr(d.group(1), 'nmsize') or 0)
            current = None
    return sizes


def settle(text):
    """A JVM's figures after its first record (name -> value), or None without one."""
    events = sorted((float(m.group(4)), int(m.group(1)), int(m.group(2)), m.group(3))
                    for m in NMETHOD.finditer(text))
    start = next((s for s, _, _, method in events if FIRST_RECORD in method), None)
    if start is None:
        return None
    c2 = [(s, size) for s, level, size, _ in events if s >= start and level == 4]
    total = sum(size for _, size in c2)
    done, settled = 0, None
    for s, size in c2:
        done += size
        if done >= 0.9 * total:
            settled = s - start
            break
    got = {'C2 code after the first record, KB': total / 1024,
           '90% of it installed, s after the first record': settled}
    for name, method in SETTLE_HOT.items():
        first = next((s for s, level, _, m in events if method in m and level == 4), None)
        if first is not None:
            got[name + ': first C2 code, s after'] = first - start
    return got


def print_settles(settles):
    for flavour, jvms in settles.items():
        jvms = [j for j in jvms if j is not None]
        print('%s (%d map task JVMs)' % (flavour, len(jvms)))
        for name in dict.fromkeys(k for j in jvms for k in j):
            values = sorted(j[name] for j in jvms if j.get(name) is not None)
            print('  %-48s median %7.2f  (%s)' % (name, statistics.median(values),
                                                  ', '.join('%.2f' % v for v in values)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('dir')
    p.add_argument('--top', type=int, default=25)
    p.add_argument('--bytecode', action='store_true',
                   help='bytecode parsed (root and inlined) instead of machine code')
    p.add_argument('--settle', action='store_true',
                   help='when each JVM\'s C2 settles after its first record, not by method')
    args = p.parse_args()
    jvms = {'plain': [], 'provmr': []}
    settles = {'plain': [], 'provmr': []}
    for path in sorted(glob.glob(args.dir + '/*.log')):
        with open(path, errors='replace') as f:
            text = f.read()
        if 'YarnChild' not in text or 'MapTask' not in text:
            continue
        flavour = 'provmr' if 'org.provmr.mapreduce' in text else 'plain'
        if args.settle:
            settles[flavour].append(settle(text))
        else:
            jvms[flavour].append(c2_roots(text, args.bytecode))
    if args.settle:
        print_settles(settles)
        return
    if not jvms['plain'] or not jvms['provmr']:
        raise SystemExit('need the compilation logs of both flavours\' map task JVMs in '
                         + args.dir)
    unit = 'bytecode bytes' if args.bytecode else 'bytes of machine code'
    for flavour, runs in jvms.items():
        print('%-6s %2d map task JVMs, C2 %s a JVM: median %.0f' % (
            flavour, len(runs), unit, statistics.median(sum(r.values()) for r in runs)))

    def mean(flavour, method):
        return statistics.mean(r.get(method, 0) for r in jvms[flavour])

    methods = set().union(*jvms['plain'], *jvms['provmr'])
    rows = sorted(((mean('provmr', m) - mean('plain', m), mean('plain', m), mean('provmr', m),
                    m.replace('&lt;', '<').replace('&gt;', '>')) for m in methods),
                  reverse=True)
    print('\nmean a JVM: ProvMR - plain, plain, ProvMR; root method')
    for row in rows[:args.top]:
        print('%+8.0f %8.0f %8.0f  %s' % row)
    print('...')
    for row in rows[-args.top // 2:]:
        print('%+8.0f %8.0f %8.0f  %s' % row)
    # The jobs' own mappers (ProvMR's example grep, the bench's plain one) are the user's code.
    own = sum(r[0] for r in rows if r[3].startswith('org.provmr.')
              and not r[3].startswith(('org.provmr.examples.', 'org.provmr.bench.')))
    print('\nsum of the differences: %+.0f, of which ProvMR\'s own methods %+.0f'
          ' (the jobs\' mappers left out)' % (sum(r[0] for r in rows), own))


if __name__ == '__main__':
    main()
