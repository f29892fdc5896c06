#!/usr/bin/env python3
"""convert in bounded memory, whatever the input's size and however it comes.

Peak RSS (wait4, per process) of `tongwen convert` on an 8 MB and on a
40 MB input must differ by less than 8 MiB, for each way a long input
reaches the command: a file with -o, a file to standard output with -j 1
and with -j 2 (one input: streamed on one or two threads), a pipe with
-j 1, and two files to standard output with -j 2 (a batch: each file's
output waits for the one before it, in a temporary file once it is big).
Held whole, 32 more MB of input took 32 more MB or more.
The outputs must also equal the -o conversion of the same input.

usage: convert_bounded.py TONGWEN SAMPLE WORKDIR
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from measured import Checks, run as run_measured  # noqa: E402

tw, sample, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
os.chdir(work)
text = open(sample, "rb").read()
check = Checks()


def write(name, size):
    # a piece at a time: this process's own peak RSS is what a child
    # spawned from it (vfork) starts its ru_maxrss from
    with open(name, "wb") as f:
        for _ in range(size // len(text) + 1):
            f.write(text)


def md5_of(path, times=1):
    h = hashlib.md5()
    for _ in range(times):
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


def run(args, stdin_path=None):
    """Runs tongwen, returns (peak RSS in KiB, md5 of its standard output)."""
    rss, _, digest = run_measured([tw] + args, stdin_path, digest=True)
    return rss, digest


write("small.txt", 8_000_000)
write("large.txt", 40_000_000)
ways = {
    "file, -o": lambda f: (["convert", "-p", "hk2cn", f, "-o", f + ".out"], None),
    "file to stdout, -j 1": lambda f: (["convert", "-p", "hk2cn", "-j", "1", f], None),
    "file to stdout, -j 2": lambda f: (["convert", "-p", "hk2cn", "-j", "2", f], None),
    "pipe, -j 1": lambda f: (["convert", "-p", "hk2cn", "-j", "1"], f),
    "two files to stdout, -j 2": lambda f: (["convert", "-p", "hk2cn", "-j", "2", f, f], None),
}
for name, make in ways.items():
    rss, sums = {}, {}
    for f in ("small.txt", "large.txt"):
        args, stdin_path = make(f)
        rss[f], sums[f] = run(args, stdin_path)
        if "-o" in args:
            sums[f] = md5_of(f + ".out")
    grow = rss["large.txt"] - rss["small.txt"]
    check(grow < 8 * 1024,
          f"{name}: peak RSS {rss['small.txt'] // 1024} MiB on 8 MB, "
          f"{rss['large.txt'] // 1024} MiB on 40 MB")
    if name != "file, -o":
        want = {f: md5_of(f + ".out", 2 if "two files" in name else 1) for f in sums}
        check(sums == want, f"{name}: the output equals the -o conversion")
check.done()
