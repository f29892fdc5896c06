#!/usr/bin/python3
"""Archive benchmark: N small files (1–3 KB of Hong Kong copy cut from
testdata/takungpao-hk-ai-2025.txt) converted

  - by one `tongwen convert -o` process per file (an fsync each, as a shell
    loop does it; the first PF files only, compared by rate),
  - by one batch process, `tongwen convert --files-from LIST -o OUT -j 1`
    and `-j 2` (one syncfs at the end),
  - by tongwen.dask.convert_files on a LocalCluster of 1 and of 2 worker
    processes (1 thread each; syncfs per task; outputs not checked, so the
    work equals the CLI's), the cluster started before the clock starts
    and the only one running while a variant is timed (no cluster runs
    while the CLI is timed), and once more with convert_files' defaults
    (each output also checked for the manifest's findings, as a desk runs
    it),

and JSON Lines: P part-files of records built from the same sample, by
`tongwen convert --jsonl` in one process and by tongwen.dask.convert_jsonl
on 1 and 2 workers; and, as a CPU-bound control for the scaling,
tongwen.dask.check_files on the first CF files on 1 and 2 workers, and as a
control for the machine itself, one and then two CPU-bound processes with
nothing of tongwen in them (each the same loop: on two free cores two take
as long as one). Prints
files/s, MB/s and CPU seconds (medians of RUNS runs; in each run every
variant once, the two sides of each comparison back to back, which goes
first alternating between runs) and the ratios: batch / per-file process,
2 workers / 1 worker. Not timed: cluster start-up, each worker's first task
(imports, profile and lexicon loads; printed apart) and removing a
variant's previous outputs. Every output is compared with the
CLI's. The machine's load average is printed too: on cores shared with
other work, wall-clock scaling shows how much of a second core was free.

usage: PYTHONPATH=build/python bench/dask_bench.py [--files N] [--runs R]
       [--per-file PF] [--check-files CF] [--tongwen build/bin/tongwen]
       [--jsonl-mb M] [--dir D] [--planning-only]
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "testdata", "takungpao-hk-ai-2025.txt")


def generate(root, n):
    text = open(SAMPLE, encoding="utf-8").read()
    rnd = random.Random(7)
    paths = []
    for i in range(n):
        size = rnd.randint(1000, 3000)  # bytes, mostly 3-byte characters
        start = rnd.randrange(0, len(text) - size // 3)
        d = os.path.join(root, f"d{i % 40:02d}")
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, f"f{i:05d}.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(text[start:start + size // 3])
        paths.append(p)
    return paths


def generate_jsonl(root, parts, mb):
    """parts part-files totalling about mb MB: records with an id, a title
    and a body paragraph of the sample, and a field left alone."""
    paras = [p for p in open(SAMPLE, encoding="utf-8").read().split("\n") if p.strip()]
    rnd = random.Random(9)
    os.makedirs(root, exist_ok=True)
    per_part = mb * 1e6 / parts
    paths, i = [], 0
    for k in range(parts):
        p = os.path.join(root, f"part-{k:05d}")
        with open(p, "w", encoding="utf-8") as f:
            while f.tell() < per_part:
                rec = {"id": i, "title": rnd.choice(paras)[:40], "text": rnd.choice(paras),
                       "source": "takungpao", "tags": ["hk", "ai"]}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                i += 1
        paths.append(p)
    return paths


def total_bytes(paths):
    return sum(os.path.getsize(p) for p in paths)


def fs_type(path):
    r = subprocess.run(["stat", "-f", "-c", "%T", path], capture_output=True, text=True)
    return r.stdout.strip() or "?"


def _cpu():
    """CPU seconds of this process and its children (runs on each worker)."""
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system + t.children_user + t.children_system


def cpu(clients):
    """CPU seconds so far of this process (the client and, for a
    LocalCluster, the scheduler) with its children (CLI runs), and of every
    worker."""
    return _cpu(), sum(sum(c.run(_cpu).values()) for c in clients)


def timed(fn, clients):
    """Wall seconds of fn, and the CPU seconds it took in this process (with
    its children) and in the workers."""
    mine, theirs = cpu(clients)
    t = time.monotonic()
    fn()
    wall = time.monotonic() - t
    mine2, theirs2 = cpu(clients)
    return wall, mine2 - mine, theirs2 - theirs


SPIN = "s = 0\nfor i in range(15_000_000):\n    s += i\n"


def spin(n):
    """n processes of the same CPU-bound loop at once: the machine's own
    scaling, whatever tongwen or Dask do."""
    procs = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(n)]
    for p in procs:
        if p.wait():
            sys.exit("the CPU-bound control failed")


def autogroup():
    """Linux shares the cores between sessions (autogroups) first, whatever a
    process's nice: one busy session elsewhere, even at nice 19, leaves this
    one a single core of two. The benchmark says which share it ran with."""
    try:
        with open("/proc/self/autogroup") as f:
            return f"session (autogroup) nice {f.read().split()[-1]}; "
    except (OSError, IndexError):
        return ""


def same_tree(a, b):
    for d, dirs, files in os.walk(a):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for f in files:
            p = os.path.join(d, f)
            q = os.path.join(b, os.path.relpath(p, a))
            if open(p, "rb").read() != open(q, "rb").read():
                return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--per-file", type=int, default=500)
    ap.add_argument("--check-files", type=int, default=2000)
    ap.add_argument("--jsonl-mb", type=int, default=24)
    ap.add_argument("--jsonl-parts", type=int, default=16)
    ap.add_argument("--dir", default=None,
                    help="where the files are made (default: $TMPDIR or /tmp); the cost "
                         "of creating files there is part of every figure")
    ap.add_argument("--tongwen", default=os.path.join(HERE, "..", "build", "bin", "tongwen"))
    ap.add_argument("--planning-only", action="store_true",
                    help="time only the client's planning of the files, print it and stop")
    args = ap.parse_args()
    tw = os.path.abspath(args.tongwen)

    from distributed import Client, LocalCluster

    from tongwen.dask import check_files, convert_files, convert_jsonl

    work = tempfile.mkdtemp(prefix="tw-dask-bench.", dir=args.dir)
    try:
        files = generate(os.path.join(work, "in"), args.files)
        nbytes = total_bytes(files)
        listing = os.path.join(work, "list")
        with open(listing, "w") as f:
            f.write("\n".join(files) + "\n")
        pf = files[:args.per_file]
        pf_bytes = total_bytes(pf)
        parts = generate_jsonl(os.path.join(work, "jsonl"), args.jsonl_parts, args.jsonl_mb)
        jbytes = total_bytes(parts)

        # the client's planning, part of every convert_files figure below:
        # the list checked, tasks cut (no cluster needed), median of 5
        from tongwen.dask import _plan

        plans = []
        for _ in range(5):
            t = time.monotonic()
            items = _plan.expand(files, os.path.join(work, "plan-out"))
            _plan.cut(items, "convert", {}, threads=2)
            plans.append(time.monotonic() - t)
        planning = statistics.median(plans)
        if args.planning_only:
            print(f"client planning of the {args.files} files (list checked, tasks cut): "
                  f"{planning:.3f} s (median of 5)")
            return
        load_before = open("/proc/loadavg").read().split()[0]
        clusters = {}
        started = {"startup": [], "warmup": []}

        def alive(n):
            """Only the cluster of n workers runs while a Dask variant is
            timed, as when a desk runs one: an idle second cluster (its
            scheduler in this process, a nanny and workers, each ticking)
            could take CPU from two busy workers, and from one only on the
            core it leaves free (in the sixteenth session the scaling moved
            within run-to-run noise either way). Start-up
            and the first tasks (imports, profile and lexicon loads) are
            timed apart, not with the variant."""
            for m in [m for m in clusters if m != n]:
                c, client = clusters.pop(m)
                client.close()
                c.close()
            if n is None or n in clusters:
                return
            t = time.monotonic()
            c = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                             dashboard_address=":0", silence_logs=40)
            clusters[n] = (c, Client(c))
            started["startup"].append(time.monotonic() - t)
            t = time.monotonic()
            warm = os.path.join(work, f"warm{n}")
            assert convert_files(clusters[n][1], files[:50], warm, check=False).ok
            assert check_files(clusters[n][1], files[:50], target="cn", details=False).ok
            shutil.rmtree(warm)
            started["warmup"].append(time.monotonic() - t)

        def out(name):
            """The variant's output folder, emptied before the clock starts."""
            return os.path.join(work, "out-" + name)

        def per_file():
            o = out("pf")
            for p in pf:
                target = os.path.join(o, os.path.relpath(p, os.path.join(work, "in")))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                subprocess.run([tw, "convert", "-o", target, p], check=True)

        def batch(j):
            subprocess.run([tw, "convert", "--files-from", listing, "-o", out(f"j{j}"), "-j",
                            str(j)], check=True, stderr=subprocess.DEVNULL)

        def dask(n, check=False):
            key = f"wc{n}" if check else f"w{n}"
            r = convert_files(clusters[n][1], files, out(key), check=check)
            assert r.ok and r.summary["tasks_reused"] == 0, r.summary

        def jsonl_cli():
            o = out("jcli")
            os.makedirs(o)
            for p in parts:
                with open(os.path.join(o, os.path.basename(p)), "wb") as f:
                    subprocess.run([tw, "convert", "--jsonl", "title,text", p], stdout=f,
                                   check=True)

        def jsonl_dask(n):
            r = convert_jsonl(clusters[n][1], parts, out(f"jw{n}"), fields=["title", "text"])
            assert r.ok and r.summary["tasks_reused"] == 0, r.summary

        cf = files[:args.check_files]
        cf_bytes = total_bytes(cf)

        def check(n):
            r = check_files(clusters[n][1], cf, target="cn", details=False)
            assert r.ok, r.summary

        # the pairs compared with each other run back to back, in turn first
        groups = [[("pf", per_file)], [("j1", lambda: batch(1)), ("j2", lambda: batch(2))],
                  [("w1", lambda: dask(1)), ("w2", lambda: dask(2))],
                  [("wc1", lambda: dask(1, True)), ("wc2", lambda: dask(2, True))],
                  [("jcli", jsonl_cli)],
                  [("jw1", lambda: jsonl_dask(1)), ("jw2", lambda: jsonl_dask(2))],
                  [("cw1", lambda: check(1)), ("cw2", lambda: check(2))],
                  [("s1", lambda: spin(1)), ("s2", lambda: spin(2))]]
        keys = [k for g in groups for k, _ in g]
        times = {k: [] for k in keys}
        cpus = {k: [] for k in keys}
        split = {k: [] for k in keys}
        workers = {"w1": 1, "w2": 2, "wc1": 1, "wc2": 2, "jw1": 1, "jw2": 2, "cw1": 1, "cw2": 2}
        for r in range(args.runs):
            for g in groups:
                for k, fn in (g if r % 2 == 0 else g[::-1]):
                    # the previous run's outputs go before the clock starts,
                    # and the cluster the variant needs is the only one up
                    shutil.rmtree(out(k), ignore_errors=True)
                    alive(workers.get(k))
                    wall, mine, theirs = timed(fn, [c for _, c in clusters.values()])
                    times[k].append(wall)
                    cpus[k].append(mine + theirs)
                    split[k].append((mine, theirs))
            print(f"run {r + 1}/{args.runs}: " +
                  " ".join(f"{k} {times[k][-1]:.2f}s" for k in keys), file=sys.stderr)
        for name in ("j2", "w1", "w2", "wc1", "wc2"):
            if not same_tree(os.path.join(work, "out-j1"), os.path.join(work, "out-" + name)):
                sys.exit(f"outputs of {name} differ from convert -j 1")
        if not same_tree(os.path.join(work, "out-pf"), os.path.join(work, "out-j1")):
            sys.exit("per-file and batch outputs differ")
        for name in ("jw1", "jw2"):
            if not same_tree(os.path.join(work, "out-jcli"), os.path.join(work, "out-" + name)):
                sys.exit(f"JSON Lines outputs of {name} differ from the CLI's")
        med = {k: statistics.median(v) for k, v in times.items()}
        mcpu = {k: statistics.median(v) for k, v in cpus.items()}
        print(f"in {os.path.dirname(work)} ({fs_type(os.path.dirname(work))}); "
              f"{autogroup()}"
              f"{args.files} files, {nbytes} bytes; JSON Lines {len(parts)} part-files, "
              f"{jbytes} bytes; median of {args.runs} runs, interleaved; "
              f"{os.cpu_count()} cores shared with other work (load average before "
              f"{load_before}, after {open('/proc/loadavg').read().split()[0]})")
        print(f"LocalCluster start-up (not timed below; only the cluster measured runs): median "
              f"{statistics.median(started['startup']):.1f} s; first tasks (import, profile and "
              f"lexicon loads; 50 files each): median {statistics.median(started['warmup']):.1f} s")
        print(f"client planning of the {args.files} files (list checked, tasks cut): "
              f"{planning:.3f} s")

        def line(label, key, n_files, n_bytes):
            s = med[key]
            rate = f"{n_files / s:9.0f} files/s" if n_files else " " * 17
            print(f"{label:<48} {s:8.2f} s {rate} {n_bytes / s / 1e6:7.2f} MB/s "
                  f"{mcpu[key]:7.2f} CPU s")

        line(f"convert: one process per file (-o), {len(pf)} files", "pf", len(pf), pf_bytes)
        line("convert --files-from, one process, -j 1", "j1", args.files, nbytes)
        line("convert --files-from, one process, -j 2", "j2", args.files, nbytes)
        line("tongwen.dask.convert_files, 1 worker", "w1", args.files, nbytes)
        line("tongwen.dask.convert_files, 2 workers", "w2", args.files, nbytes)
        line("tongwen.dask.convert_files, defaults, 1 worker", "wc1", args.files, nbytes)
        line("tongwen.dask.convert_files, defaults, 2 workers", "wc2", args.files, nbytes)
        line("convert --jsonl, one process per part-file", "jcli", 0, jbytes)
        line("tongwen.dask.convert_jsonl, 1 worker", "jw1", 0, jbytes)
        line("tongwen.dask.convert_jsonl, 2 workers", "jw2", 0, jbytes)
        line(f"tongwen.dask.check_files, 1 worker, {len(cf)} files", "cw1", len(cf), cf_bytes)
        line(f"tongwen.dask.check_files, 2 workers, {len(cf)} files", "cw2", len(cf), cf_bytes)
        print(f"machine control, one CPU-bound process {med['s1']:.2f} s, two at once "
              f"{med['s2']:.2f} s: {2 * med['s1'] / med['s2']:.2f}x the work per second "
              f"(2.00x on two free cores)")
        pf_rate = len(pf) / med["pf"]
        print(f"files/s ratio: batch -j 1 / per file {args.files / med['j1'] / pf_rate:.1f}x; "
              f"-j 2 / per file {args.files / med['j2'] / pf_rate:.1f}x; "
              f"-j 2 / -j 1 {med['j1'] / med['j2']:.2f}x")
        print(f"Dask scaling, 2 workers / 1 worker: files {med['w1'] / med['w2']:.2f}x "
              f"(defaults, converted and checked: {med['wc1'] / med['wc2']:.2f}x), "
              f"JSON Lines {med['jw1'] / med['jw2']:.2f}x, check (CPU-bound) "
              f"{med['cw1'] / med['cw2']:.2f}x; "
              f"Dask 2 workers / batch -j 2: {med['j2'] / med['w2']:.2f}x")
        print(f"CPU seconds, 2 workers / 1 worker: files {mcpu['w2'] / mcpu['w1']:.2f}x, "
              f"JSON Lines {mcpu['jw2'] / mcpu['jw1']:.2f}x; batch -j 2 / -j 1 "
              f"{mcpu['j2'] / mcpu['j1']:.2f}x (CPU s: this process, its children and the "
              f"workers, medians)")

        # Where the CPU went in the Dask runs: the workers, and this process
        # (the client and the LocalCluster's scheduler and nannies), which
        # shares the two cores with the workers. With one worker it has a
        # core of its own; with two it takes from theirs, so the second run
        # can take no less than (workers + this process) / 2 seconds.
        for key, label in (("w1", "files, 1 worker"), ("w2", "files, 2 workers"),
                           ("wc1", "defaults, 1 worker"), ("wc2", "defaults, 2 workers")):
            mine = statistics.median(m for m, _ in split[key])
            theirs = statistics.median(t for _, t in split[key])
            print(f"CPU seconds of {label}: workers {theirs:.2f}, client and scheduler "
                  f"{mine:.2f} ({mine / med[key]:.0%} of a core over the run)")
        for one, two, what in (("w1", "w2", "files"), ("wc1", "wc2", "defaults")):
            need = statistics.median(m + t for m, t in split[two]) / 2
            print(f"{what}: two cores give the 2-worker run at least {need:.2f} s of wall time "
                  f"(its CPU seconds / 2), so at most {med[one] / need:.2f}x over 1 worker "
                  f"({med[one]:.2f} s) in this run")

        alive(None)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
