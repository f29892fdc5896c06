#!/usr/bin/env python3
"""annotate and check --format xml in bounded memory and linear time.

Peak RSS (from wait4, per process) of a 2 MB and an 8 MB input of
findings-dense Hong Kong copy must differ by less than 24 MiB: built whole,
the document and its findings took ~26 MiB per MB of input. CPU time
(user + system, less that of a tiny input) of a single 4 MB line must be
under 8x that of a 1 MB line plus a second: linear is ~4x, the quadratic
column count this guards against took 13 s and 213 s.
CPU time, not wall time, so that a loaded machine does not make it flaky.

usage: xml_bounded.py TONGWEN SAMPLE WORKDIR
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from measured import Checks, run as run_measured  # noqa: E402

tw, sample, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
os.chdir(work)
text = open(sample, encoding="utf-8").read()
check = Checks()


def write(name, size, one_line=False):
    body = text.replace("\n", "") if one_line else text
    data = (body * (size // len(body.encode()) + 1)).encode()[:size]
    while data and data[-1] & 0xC0 == 0x80:  # whole characters only
        data = data[:-1]
    data = data.decode("utf-8", "ignore").encode()
    open(name, "wb").write(data)


def run(args):
    """Runs tongwen, returns (peak RSS in KiB, CPU seconds); findings (exit
    1) are expected."""
    rss, cpu, _ = run_measured([tw] + args, ok=(0, 1))
    return rss, cpu


write("small.txt", 2_000_000)
write("large.txt", 8_000_000)
for cmd in (["annotate", "-o", "/dev/null"], ["check", "--format", "xml"]):
    small, _ = run(cmd + ["small.txt"])
    large, _ = run(cmd + ["large.txt"])
    check(large - small < 24 * 1024,
          f"{cmd[0]}: peak RSS {small // 1024} MiB on 2 MB, {large // 1024} MiB on 8 MB")

write("tiny.txt", 1000, one_line=True)
write("line1m.txt", 1_000_000, one_line=True)
write("line4m.txt", 4_000_000, one_line=True)
for cmd in (["annotate", "-o", "/dev/null"], ["check", "--format", "xml"]):
    base = min(run(cmd + ["tiny.txt"])[1] for _ in range(3))
    one = run(cmd + ["line1m.txt"])[1] - base
    four = run(cmd + ["line4m.txt"])[1] - base
    check(four < 8 * one + 1.0,
          f"{cmd[0]}: one line, CPU {one:.2f} s on 1 MB, {four:.2f} s on 4 MB")

check.done()
