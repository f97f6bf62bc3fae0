#!/usr/bin/env python3
"""When a map task JVM's JIT settles: the C2 machine code each task JVM installs after its
first record, and how long after that first record 90% of it is in place, ProvMR's task JVMs
against plain ones. A grep task's excess on YARN is made while its JVM is still compiling
(bench/README.md, "Capture on YARN at HDFS's split size"); this says how much later that
compiling ends. Run a YARN round with a compilation log per task JVM, as for c2-by-method.py:

  printf -- '-XX:+UnlockDiagnosticVMOptions\\n-XX:+LogCompilation\\n-XX:LogFile=DIR/t-%%p.log\\n' \\
      > DIR/opts
  BENCH_JAVA_OPTS='-Dbench.yarn.task.opts=-XX:VMOptionsFile=DIR/opts' \\
      bench/run --only yarn --shapes grep --yarn-rounds 1 --yarn-split-mib 128
  bench/jit-settle.py DIR

The first record is taken as the first compiled code of Hadoop's LineReader.readDefaultLine
(so text inputs only); times are the log's installation stamps. A log is a map task JVM's if it
names MapTask, ProvMR's if it compiled any org.provmr.mapreduce method. Reads the logs only.
"""
import collections
import glob
import re
import statistics
import sys

NMETHOD = re.compile(r"<nmethod compile_id='\d+'(?: compile_kind='\w+')? compiler='\w+'"
                     r" level='(\d)'[^>]*? size='(\d+)'[^>]*? method='([^']*)'[^>]*?"
                     r" stamp='([\d.]+)'")
FIRST_RECORD = 'org.apache.hadoop.util.LineReader readDefaultLine'
HOT = {
    'LineRecordReader.nextKeyValue':
        'org.apache.hadoop.mapreduce.lib.input.LineRecordReader nextKeyValue',
    'Mapper.run': 'org.apache.hadoop.mapreduce.Mapper run',
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    found = collections.defaultdict(lambda: collections.defaultdict(list))
    for path in sorted(glob.glob(sys.argv[1] + '/t-*.log')):
        with open(path, errors='replace') as f:
            text = f.read()
        if 'org.apache.hadoop.mapred.MapTask' not in text:
            continue
        flavour = 'provmr' if "method='org.provmr.mapreduce" in text else 'plain'
        events = sorted((float(m.group(4)), int(m.group(1)), int(m.group(2)), m.group(3))
                        for m in NMETHOD.finditer(text))
        start = next((s for s, _, _, method in events if FIRST_RECORD in method), None)
        if start is None:
            continue
        c2 = [(s, size) for s, level, size, _ in events if s >= start and level == 4]
        total = sum(size for _, size in c2)
        done, settled = 0, None
        for s, size in c2:
            done += size
            if done >= 0.9 * total:
                settled = s - start
                break
        got = found[flavour]
        got['C2 code after the first record, KB'].append(total / 1024)
        got['90% of it installed, s after the first record'].append(settled)
        for name, method in HOT.items():
            first = next((s for s, level, _, m in events if method in m and level == 4), None)
            if first is not None:
                got[name + ': first C2 code, s after'].append(first - start)
    for flavour in ('plain', 'provmr'):
        print('%s (%d map task JVMs)' % (flavour, len(found[flavour].get(
            'C2 code after the first record, KB', []))))
        for name, values in found[flavour].items():
            print('  %-48s median %7.2f  (%s)' % (name, statistics.median(values),
                                                  ', '.join('%.2f' % v for v in sorted(values))))


if __name__ == '__main__':
    main()
