#!/usr/bin/env python3
"""What each capture JVM's JIT compiled and threw away, job by job (HotSpot's LogCompilation).

bench/run's capture rounds print each job's compiler-thread CPU; this says what that CPU was
spent on. Run the capture with a compilation log per JVM, then point this at the bench log and
the log directory:

  BENCH_JAVA_OPTS='-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=DIR/jit-%p.log' \\
      bench/run --only capture --shapes grep --rounds 4 > DIR/bench.log
  bench/jit-log.py DIR/bench.log DIR [--top 8]

For every capture JVM (ProvMR's if it compiled any org.provmr.mapreduce method, else plain)
and every job it ran (warm-ups and rounds, from the bench log's start and wall), it prints the
compilations by tier with the compiler threads' time spent on them, the C2 compilations that
took longest (seconds, code size, when in the job), and the uncommon traps that threw compiled
code away (reason, where). See bench/README.md, "The JIT between jobs".
"""
import argparse
import collections
import glob
import os
import re
import statistics
import sys

JOB = re.compile(r"^\s+(warm-up|round\s+\d+)\s+(\S+)/(\S+)\s+wall\s+([\d.]+) s.*?compiler threads\s+"
                 r"([\d.]+) s.*?start (\d+)")
TASK = re.compile(r"<task (compile_id[^>]*)>|<task_done ([^>]*)/>")
TRAP = re.compile(r"<uncommon_trap thread='\d+' reason='(\w+)' action='(\w+)'[^>]*?stamp='([\d.]+)'[^>]*>"
                  r"(.*?)</uncommon_trap>", re.S)
JVMS = re.compile(r"<jvms bci='(\d+)' method='([^' ]*) ([^' ]*)")


def attr(text, key, default=None):
    m = re.search(key + r"='([^']*)'", text)
    return m.group(1) if m else default


def short(method):
    cls, _, rest = method.partition(' ')
    return cls.rsplit('.', 1)[-1] + '::' + rest.split(' ')[0]


def parse_jobs(bench_log):
    jobs = []
    with open(bench_log, errors='replace') as f:
        for line in f:
            m = JOB.match(line)
            if m:
                jobs.append({'kind': m.group(1).replace('  ', ' '), 'shape': m.group(2),
                             'flavour': m.group(3), 'wall': float(m.group(4)),
                             'jit': float(m.group(5)), 'start': int(m.group(6))})
    return jobs


def parse_log(path):
    with open(path, errors='replace') as f:
        text = f.read()
    head = re.search(r"<hotspot_log [^>]*time_ms='(\d+)'", text)
    if not head:
        return None
    tasks, cur = [], None
    for m in TASK.finditer(text):
        if m.group(1):
            a = m.group(1)
            cur = (attr(a, 'method', '?').replace('&lt;', '<').replace('&gt;', '>'),
                   int(attr(a, 'level', '4')), float(attr(a, 'stamp', '0')),
                   attr(a, 'compile_kind', ''))
        elif cur:
            done = m.group(2)
            tasks.append(cur + (float(attr(done, 'stamp', '0')) - cur[2],
                                int(attr(done, 'nmsize', '0'))))
            cur = None
    traps = []
    for m in TRAP.finditer(text):
        if ' count=' in m.group(0).split('>')[0]:
            continue  # the compiler's record of an earlier trap, not a new one
        frames = JVMS.findall(m.group(4))
        where = short(frames[0][1] + ' ' + frames[0][2]) + '@' + frames[0][0] if frames else '?'
        traps.append((float(m.group(3)), m.group(1), where))
    if "method='org.apache.hadoop.mapred.MapTask" not in text:
        return None  # a JVM that ran no map task (the bench's driver)
    provmr = "method='org.provmr.mapreduce" in text
    end = max([t[2] + t[4] for t in tasks] + [0])
    return {'t0': int(head.group(1)), 'end': end, 'tasks': tasks, 'traps': traps,
            'flavour': 'provmr' if provmr else 'plain', 'path': path}


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('bench_log')
    p.add_argument('log_dir')
    p.add_argument('--top', type=int, default=6)
    a = p.parse_args()
    jobs = parse_jobs(a.bench_log)
    if not jobs:
        sys.exit(f"{a.bench_log}: no capture job lines (run bench/run --only capture)")
    logs = [l for l in (parse_log(f) for f in sorted(glob.glob(os.path.join(a.log_dir, '*.log'))))
            if l and l['tasks']]
    by_job = collections.defaultdict(list)  # (flavour, nth job of its JVM) -> C2 seconds
    for log in sorted(logs, key=lambda l: l['t0']):
        life = (log['t0'], log['t0'] + log['end'] * 1000 + 1000)
        mine = [j for j in jobs if life[0] <= j['start'] <= life[1]
                and (j['flavour'] == 'provmr') == (log['flavour'] == 'provmr')]
        if not mine:
            continue
        print(f"{os.path.basename(log['path'])}: {mine[0]['shape']}/{log['flavour']}")
        for n, j in enumerate(mine):
            lo = (j['start'] - log['t0']) / 1000.0
            hi = lo + j['wall']
            ts = [t for t in log['tasks'] if lo <= t[2] < hi]
            count, secs = collections.Counter(), collections.Counter()
            for t in ts:
                count[t[1]] += 1
                secs[t[1]] += t[4]
            by_job[(log['flavour'], n)].append(secs[4])
            tiers = ', '.join(f"tier {k}: {count[k]} in {secs[k]:.2f} s" for k in sorted(count))
            print(f"  {j['kind']:9s} compiler threads {j['jit']:.2f} s  {tiers}")
            for t in sorted((t for t in ts if t[1] == 4), key=lambda t: -t[4])[:a.top]:
                osr = ' (OSR)' if t[3] == 'osr' else ''
                print(f"      C2 {t[4]:6.3f} s {t[5]:7,d} B at {t[2] - lo:5.2f} s  {short(t[0])}{osr}")
            traps = collections.Counter((r, w) for s, r, w in log['traps'] if lo <= s < hi)
            if traps:
                print('      traps: ' + '; '.join(f"{c}x {r} {w}" for (r, w), c in traps.most_common(a.top)))
    if by_job:
        print('C2 seconds by the job\'s place in its JVM, median over JVMs (first job = 1):')
        for flavour in ('plain', 'provmr'):
            row = [f"{statistics.median(by_job[(flavour, n)]):.2f}" for n in range(20)
                   if by_job.get((flavour, n))]
            if row:
                print(f"  {flavour:7s} " + ' '.join(row))


if __name__ == '__main__':
    main()
