#!/usr/bin/env python3
"""Summarises the CPU samples of a Java Flight Recording (run-e2e.sh --jfr).

    bench/jfr-top.py bench/target/e2e.jfr [--top 25] [--grep org.provmr]

Prints samples per thread, the hottest methods by self time (top frame) and by inclusive
time (anywhere on the stack), and, for frames matching --grep, the innermost matching frame
of each sample: where ProvMR's own code sits on the hot stacks.
Needs the JDK's `jfr` tool (next to `java`).
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys


def frames_of(event):
    st = event["values"].get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f["method"]
        cls = m["type"]["name"]
        out.append(f"{cls.replace('/', '.')}.{m['name']}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--grep", default="org.provmr")
    a = ap.parse_args()
    jfr = shutil.which("jfr")
    if jfr is None and os.environ.get("JAVA_HOME"):
        jfr = os.path.join(os.environ["JAVA_HOME"], "bin", "jfr")
    if jfr is None:
        sys.exit("jfr tool not found: put the JDK's bin on PATH or set JAVA_HOME")
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "96", "--events",
                          "jdk.ExecutionSample", a.recording],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    n = len(events)
    if n == 0:
        sys.exit("no execution samples in " + a.recording)
    threads = collections.Counter()
    self_ = collections.Counter()
    incl = collections.Counter()
    mine = collections.Counter()
    mine_total = 0
    for e in events:
        t = e["values"].get("sampledThread") or {}
        threads[t.get("javaName") or t.get("osName") or "?"] += 1
        fr = frames_of(e)
        if not fr:
            continue
        self_[fr[0]] += 1
        for m in set(fr):
            incl[m] += 1
        hit = next((m for m in fr if a.grep in m), None)
        if hit:
            mine_total += 1
            mine[hit] += 1

    def show(title, counter, top):
        print(f"\n{title}")
        for m, c in counter.most_common(top):
            print(f"  {100.0 * c / n:5.1f}%  {c:7d}  {m}")

    print(f"{n} execution samples in {a.recording}")
    show("Samples per thread", threads, 15)
    show("Self (top frame)", self_, a.top)
    show("Inclusive (anywhere on the stack)", incl, a.top)
    print(f"\nSamples with a '{a.grep}' frame: {mine_total} ({100.0 * mine_total / n:.1f}%)")
    show(f"Innermost '{a.grep}' frame of those samples", mine, a.top)


if __name__ == "__main__":
    main()
