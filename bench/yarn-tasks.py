#!/usr/bin/env python3
"""Hadoop's task CPU counter per map task of a bench/run YARN run, split into a cost per task
and a cost per MiB of split.

    bench/yarn-tasks.py [DIR]    DIR: a MiniMRYarnCluster directory of bench/run --only yarn
                                 (default: the newest bench/target/test/data/provmr-bench/yarn-*)

The task counter (CPU_MILLISECONDS) counts a task JVM's CPU from the end of Task.initialize to
the task's last counter update, after its commit: its map loop, its output's set-up and close,
and whatever the JVM's compiler and GC threads do meanwhile. A grep job's input is cut into
splits of two sizes (seven of 32 MiB and a short last one), so per job and flavour the two
medians give a line: CPU = per task + per MiB x split MiB. The ProvMR - plain difference of
each term says whether capture's excess on YARN is a fixed cost of each task JVM or a cost of
each record. Rounds are matched by the order the jobs ran (plain and ProvMR of a round run back
to back). Reads each container's syslog ("Processing split", "CPU time spent") and the job
history's file names (the job's name, hence its flavour); writes nothing. Where the task JVMs
ran with bench/run's TaskCpuAgent, each container's stderr also holds the JVM's whole CPU,
start-up to exit, and the same line is fitted to that ("task JVM" below). Where they ran with
-XX:+CITime (BENCH_JAVA_OPTS='-Dbench.yarn.task.opts=-XX:+CITime'), each container's stdout
holds the JIT's totals, and the medians of bytecode compiled by C1 and C2 are listed per job
and split size.
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


def tasks(run, measure):
    """(application number, split MiB, CPU ms) of every map task's container: the task counter
    (measure 'counter') or the JVM's whole CPU (measure 'jvm'; tasks without it are left out)."""
    out = []
    for path in glob.glob(os.path.join(run, '*logDir*', 'application_*', 'container_*',
                                       'syslog')):
        with open(path, errors='replace') as f:
            text = f.read()
        split = SPLIT.search(text)
        cpu = CPU.search(text)
        if measure == 'jvm' and cpu:
            stderr = os.path.join(os.path.dirname(path), 'stderr')
            cpu = None
            if os.path.exists(stderr):
                with open(stderr, errors='replace') as f:
                    cpu = JVM_CPU.search(f.read())
        if not split or not cpu:
            continue  # the MRAppMaster, a reduce task, or a task that did not finish
        app = int(re.search(r'application_\d+_(\d+)', path).group(1))
        out.append((app, int(split.group(2)) / 2**20, int(cpu.group(1))))
    return out


def main():
    run = sys.argv[1] if len(sys.argv) > 1 else newest_run()
    names = job_names(run)
    print('run:', run)
    for measure, title in (('counter', "Hadoop's task CPU counter"),
                           ('jvm', 'task JVM, start-up to exit')):
        found = tasks(run, measure)
        if found:
            print('== %s' % title)
            report(names, found)
    jit(run, names)


def jit(run, names):
    """Medians of -XX:+CITime's totals per job name and split size, warm-up round left out."""
    got = collections.defaultdict(lambda: collections.defaultdict(list))
    first = {}
    for app in sorted(names):
        first.setdefault(names[app], app)
    for path in glob.glob(os.path.join(run, '*logDir*', 'application_*', 'container_*',
                                       'stdout')):
        with open(path, errors='replace') as f:
            totals = CITIME.findall(f.read())
        with open(os.path.join(os.path.dirname(path), 'syslog'), errors='replace') as f:
            split = SPLIT.search(f.read())
        app = int(re.search(r'application_\d+_(\d+)', path).group(1))
        name = names.get(app, 'application %d' % app)
        if not totals or not split or first.get(name) == app:
            continue
        key = (name, round(int(split.group(2)) / 2**20, 1))
        for compiler, code_bytes, methods, nmethod_bytes in totals:
            got[key][compiler + ' bytecode'].append(int(code_bytes))
            got[key][compiler + ' methods'].append(int(methods))
            got[key][compiler + ' code'].append(int(nmethod_bytes))
    if got:
        print('== JIT per map task JVM (-XX:+CITime), medians')
    for (name, mib), v in sorted(got.items()):
        print('%s, split %.1f MiB: %d JVMs: %s' % (name, mib, len(v['C2 methods']), ', '.join(
            '%s %d' % (k, statistics.median(x)) for k, x in sorted(v.items()))))


def report(names, found):
    by_job = collections.defaultdict(list)
    for app, mib, cpu in found:
        by_job[app].append((mib, cpu))
    # job name -> [per-application list of tasks], in the order the jobs ran
    runs = collections.defaultdict(list)
    for app in sorted(by_job):
        runs[names.get(app, 'application %d' % app)].append((app, by_job[app]))
    fits = {}
    for name, apps in sorted(runs.items()):
        apps = apps[1:] if len(apps) > 1 else apps  # the first is the warm-up round
        sizes = collections.defaultdict(list)
        for _, ts in apps:
            for mib, cpu in ts:
                sizes[round(mib, 1)].append(cpu)
        print('%s: %d jobs' % (name, len(apps)))
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
