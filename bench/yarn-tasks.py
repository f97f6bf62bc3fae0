#!/usr/bin/env python3
"""Hadoop's task CPU counter per map task of a bench/run YARN run, split into a cost per task
and a cost per MiB of split.

    bench/yarn-tasks.py [DIR]    DIR: a MiniMRYarnCluster directory of bench/run --only yarn
                                 (default: the newest bench/target/test/data/provmr-bench/yarn-*)

The task counter (CPU_MILLISECONDS) counts a task JVM's CPU from the end of Task.initialize to the
task's last counter update, after its commit: its map loop, its output's set-up and close, and
whatever the JVM's compiler and GC threads do meanwhile. A grep job's two 100 MiB files are cut
into splits of several sizes (bench/run --yarn-split-mib 128,32: a split per file, then three of 32
MiB and a short last one per file), so per job and flavour the medians at the smallest and the
largest size give a line: CPU = per task + per MiB x split MiB. The ProvMR - plain difference of
each term says whether capture's excess on YARN is a fixed cost of each task JVM or a cost of each
record. Rounds are matched by the order the jobs ran (plain and ProvMR of a round run back to
back). Reads each container's syslog ("Processing split", "CPU time spent") and the job history's
file names (the job's name, hence its flavour); writes nothing. Where the task JVMs ran with
bench/run's TaskCpuAgent, each container's stderr also holds the JVM's whole CPU, start-up to exit,
and the same line is fitted to that ("task JVM" below); the part of it outside the counter's
window, and that CPU by thread (main, C2, C1, GC, VM, threads that had ended, the rest by name),
are listed per job and split size. Where they ran with -XX:+CITime
(BENCH_JAVA_OPTS='-Dbench.yarn.task.opts=-XX:+CITime'), each container's stdout holds the JIT's
totals, and the medians of bytecode compiled by C1 and C2 are listed per job and split size.
"""
import collections
import glob
import os
import re
import statistics
import sys

SPLIT = re.compile(r"Processing split: \S+:(\d+)\+(\d+)")
CPU = re.compile(r"CPU time spent \(ms\)=(\d+)")
JVM_CPU = re.compile(r"provmr-bench task-jvm-cpu-ms (\d+)")
JVM_THREADS = re.compile(r"provmr-bench task-jvm-threads-ms (.+)")
FIXED_GROUPS = ('main', 'c2', 'c1', 'gc', 'vm', 'exited')  # TaskCpuAgent's, always printed
CITIME = re.compile(r"(C1|C2) \{speed: [\d.]+ bytes/s; standard:\s+[\d.]+ s, (\d+) bytes, "
                    r"(\d+) methods;.*?nmethods_code_size: (\d+) bytes\}")
OUTPUT_SEQ = re.compile(r"<name>mapreduce\.job\.outputformat\.class</name>\s*"
                        r"<value>org\.apache\.hadoop\.mapreduce\.lib\.output\."
                        r"SequenceFileOutputFormat</value>")
HIST = re.compile(r"(job_\d+_(\d+))-\d+-[^-]+-(.+?)-\d+-\d+-\d+-SUCCEEDED")


def newest_run():
    runs = glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                  'target/test/data/provmr-bench/yarn-*'))
    if not runs:
        sys.exit('yarn-tasks: no MiniMRYarnCluster directory under bench/target: run '
                 'bench/run --only yarn first, or name one')
    return max(runs, key=os.path.getmtime)


def job_names(run):
    """Application sequence number -> job name, from the job history's file names; a plain job
    writing a SequenceFile (the sort's second baseline, same name) becomes "plain-seq"."""
    names = {}
    for path in glob.glob(os.path.join(run, '**', '*.jhist'), recursive=True):
        m = HIST.search(os.path.basename(path))
        if not m:
            continue
        name = m.group(3).replace('+', ' ')
        conf = os.path.join(os.path.dirname(path), m.group(1) + '_conf.xml')
        if name.startswith('plain ') and os.path.exists(conf):
            with open(conf, errors='replace') as f:
                if OUTPUT_SEQ.search(f.read()):
                    name = 'plain-seq ' + name.split(' ', 1)[1]
        names[int(m.group(2))] = name
    return names


def map_tasks(run, names):
    """One record per map task container, read once: its job's name (and application number,
    the warm-up round's job being the first of each name), split MiB, task counter ms, and
    where present the JVM's whole CPU ms (TaskCpuAgent) and -XX:+CITime's totals."""
    first = {}
    for app in sorted(names):
        first.setdefault(names[app], app)
    out = []
    for path in glob.glob(os.path.join(run, '*logDir*', 'application_*', 'container_*',
                                       'syslog')):
        with open(path, errors='replace') as f:
            text = f.read()
        split = SPLIT.search(text)
        cpu = CPU.search(text)
        if not split or not cpu:
            continue  # the MRAppMaster, a reduce task, or a task that did not finish
        app = int(re.search(r'application_\d+_(\d+)', path).group(1))
        name = names.get(app, 'application %d' % app)
        stderr = read_beside(path, 'stderr')
        jvm = JVM_CPU.search(stderr)
        threads = JVM_THREADS.search(stderr)
        out.append({'app': app, 'name': name, 'warmup': first.get(name) == app,
                    'mib': int(split.group(2)) / 2**20, 'counter': int(cpu.group(1)),
                    'jvm': int(jvm.group(1)) if jvm else None,
                    'threads': dict((k, int(v)) for k, v in
                                    (kv.split('=') for kv in threads.group(1).split()))
                    if threads else None,
                    'jit': CITIME.findall(read_beside(path, 'stdout'))})
    return out


def read_beside(path, name):
    """The container's other log file, or '' if it has none."""
    other = os.path.join(os.path.dirname(path), name)
    if not os.path.exists(other):
        return ''
    with open(other, errors='replace') as f:
        return f.read()


def main():
    run = sys.argv[1] if len(sys.argv) > 1 else newest_run()
    found = map_tasks(run, job_names(run))
    print('run:', run)
    for measure, title in (('counter', "Hadoop's task CPU counter"),
                           ('jvm', 'task JVM, start-up to exit')):
        measured = [t for t in found if t[measure] is not None]
        if measured:
            print('== %s' % title)
            report(measured, measure)
    outside_window(found)
    by_thread(found)
    jit(found)


def by_job_and_size(found, value):
    """(job name, split MiB) -> the values value(task) gives the timed rounds' map tasks, those
    for which it gives None left out."""
    got = collections.defaultdict(list)
    for t in found:
        v = None if t['warmup'] else value(t)
        if v is not None:
            got[(t['name'], round(t['mib'], 1))].append(v)
    return got


def outside_window(found):
    """Medians of a task JVM's CPU outside the counter's window (its whole CPU less the
    counter: start-up before Task.initialize's end, commit and exit after the last update),
    per job and split size, warm-up round left out. Equal in both flavours, ProvMR's excess
    is all in the window; a difference moves CPU between the window and the rest."""
    got = by_job_and_size(found, lambda t: None if t['jvm'] is None else t['jvm'] - t['counter'])
    if got:
        print('== task JVM CPU outside the counter\'s window, medians, ms')
    for (name, mib), v in sorted(got.items()):
        print('%s, split %.1f MiB: %d JVMs: %d' % (name, mib, len(v), statistics.median(v)))


def by_thread(found):
    """Medians of the task JVMs' CPU by thread group (TaskCpuAgent), per job and split size,
    warm-up round left out, a group a JVM did not print counted as 0 ms there: whether
    ProvMR's excess is in its compiler threads or in its main thread."""
    got = by_job_and_size(found, lambda t: t['threads'])
    if got:
        print('== task JVM CPU by thread (TaskCpuAgent), medians, ms')
    for (name, mib), jvms in sorted(got.items()):
        medians = {g: statistics.median(j.get(g, 0) for j in jvms)
                   for g in dict.fromkeys(g for j in jvms for g in j)}
        print('%s, split %.1f MiB: %d JVMs: %s' % (name, mib, len(jvms), ' '.join(
            '%s %d' % (g, ms) for g, ms in medians.items() if g in FIXED_GROUPS or ms > 0)))


def jit(found):
    """Medians of -XX:+CITime's totals per job name and split size, warm-up round left out."""
    got = by_job_and_size(found, lambda t: t['jit'] or None)
    if got:
        print('== JIT per map task JVM (-XX:+CITime), medians')
    for (name, mib), jvms in sorted(got.items()):
        v = collections.defaultdict(list)
        for totals in jvms:
            for compiler, code_bytes, methods, nmethod_bytes in totals:
                v[compiler + ' bytecode'].append(int(code_bytes))
                v[compiler + ' methods'].append(int(methods))
                v[compiler + ' code'].append(int(nmethod_bytes))
        print('%s, split %.1f MiB: %d JVMs: %s' % (name, mib, len(v['C2 methods']), ', '.join(
            '%s %d' % (k, statistics.median(x)) for k, x in sorted(v.items()))))


def report(found, measure):
    """Per job name: the measure's medians by split size, the fitted line, and ProvMR - plain."""
    runs = collections.defaultdict(list)
    for t in found:
        runs[t['name']].append(t)
    fits = {}
    for name, ts in sorted(runs.items()):
        timed = [t for t in ts if not t['warmup']] or ts  # a lone job is kept
        sizes = collections.defaultdict(list)
        for t in timed:
            sizes[round(t['mib'], 1)].append(t[measure])
        print('%s: %d jobs' % (name, len({t['app'] for t in timed})))
        for mib in sorted(sizes):
            cpus = sizes[mib]
            print('  split %6.1f MiB: %3d tasks, CPU median %5.0f ms (%d-%d)'
                  % (mib, len(cpus), statistics.median(cpus), min(cpus), max(cpus)))
        if len(sizes) >= 2:
            small, large = min(sizes), max(sizes)
            c_small = statistics.median(sizes[small])
            c_large = statistics.median(sizes[large])
            per_mib = (c_large - c_small) / (large - small)
            fits[name] = (c_small - per_mib * small, per_mib)
            print('  line: %.0f ms per task + %.1f ms per MiB' % fits[name])
    for base in ('plain', 'plain-seq'):
        plain = {n.split(' ', 1)[1]: f for n, f in fits.items() if n.split(' ')[0] == base}
        for name, (fixed, per_mib) in sorted(fits.items()):
            shape = name.split(' ', 1)[1]
            if not name.startswith('provmr ') or shape not in plain:
                continue
            p_fixed, p_mib = plain[shape]
            print('%s, ProvMR - %s: %+.0f ms per task, %+.2f ms per MiB (%+.1f%%)'
                  % (shape, base, fixed - p_fixed, per_mib - p_mib,
                     100 * (per_mib - p_mib) / p_mib if p_mib else float('nan')))


if __name__ == '__main__':
    main()
