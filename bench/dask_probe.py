#!/usr/bin/python3
"""Dask scaling probe: one tongwen.dask.convert_files job, the same files
each time, on a LocalCluster of each listed number of worker processes (one
thread each), repeated; prints each run's wall time and the CPU seconds the
workers spent on it. Smaller than bench/dask_bench.py, and meant to be run
under a profiler, one worker count at a time, to see where a second worker
process spends more than the first:

  perf record -a -o w1.data -- python3 bench/dask_probe.py --workers 1
  perf record -a -o w2.data -- python3 bench/dask_probe.py --workers 2
  perf script -i w1.data -F pid,sym,dso   (and compare the workers' symbols)

The files are bench/dask_bench.py's: N files of 1–3 KB cut from the Hong
Kong sample, made in a fresh folder under DIR (default /dev/shm), which is
removed at the end; nothing else under DIR is touched. --no-sync passes
sync=False.

--engine processes runs the same tasks (the partitions convert_files would
make for two workers) with no Dask at all: N forked processes take them from
a queue and call the workers' task function. Where two such processes also
spend more CPU seconds than one, the machine, not Dask, makes the excess.

usage: PYTHONPATH=build/python bench/dask_probe.py [--dir D] [--files N]
       [--runs R] [--workers 1,2] [--no-sync] [--engine dask|processes]
"""
import argparse
import os
import resource
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def worker_cpu(client):
    def own():
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime
    return sum(client.run(own).values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="/dev/shm")
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--no-sync", action="store_true")
    ap.add_argument("--engine", choices=("dask", "processes"), default="dask")
    a = ap.parse_args()
    from dask_bench import generate
    work = tempfile.mkdtemp(prefix="tw-dask-probe.", dir=a.dir)
    try:
        src = os.path.join(work, "src")
        generate(src, a.files)
        (probe if a.engine == "dask" else probe_processes)(a, work, src)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def probe(a, work, src):
    """The job on each listed number of workers, a.runs times each."""
    from distributed import Client, LocalCluster
    from tongwen.dask import convert_files
    kw = {"check": False, "sync": not a.no_sync}
    for n in (int(x) for x in a.workers.split(",")):
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as cl, Client(cl) as c:
            out = os.path.join(work, f"out{n}")
            # the first tasks load the profile: not timed
            convert_files(c, [os.path.join(src, "d00")], out + "-first", **kw)
            shutil.rmtree(out + "-first", ignore_errors=True)
            for r in range(a.runs):
                shutil.rmtree(out, ignore_errors=True)
                c0, t0 = worker_cpu(c), time.monotonic()
                convert_files(c, [src], out, **kw)
                t, c1 = time.monotonic() - t0, worker_cpu(c)
                print(f"{n} worker(s), run {r + 1}: {t:.2f} s wall, workers {c1 - c0:.2f} CPU s",
                      flush=True)


def _task_loop(tasks, out, opts, results, go):
    """One process of --engine processes: loads the profile, says so, and
    once told to go takes tasks from the queue until None; then reports its
    CPU seconds from the go, or what went wrong (the parent must not wait
    for a child that died)."""
    try:
        from tongwen.dask import _work
        _work.profile(opts["profile"])
        results.put(("ready", None))
        go.wait()
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        while (t := tasks.get()) is not None:
            _work.convert_part(t, out, opts)
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        results.put(("done", r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime))
    except BaseException as e:  # reported to the parent, which stops
        results.put(("error", repr(e)))


def _result(results, procs, want):
    """The next message of a child, which must be want; a failure stops
    every child and the probe."""
    tag, value = results.get()
    if tag != want:
        for p in procs:
            p.terminate()
        sys.exit(f"dask_probe: a process failed: {value}")
    return value


def probe_processes(a, work, src):
    """The job's tasks on each listed number of plain processes."""
    import multiprocessing

    import tongwen.dask as td
    from tongwen.dask import _plan
    opts = {"profile": "hk2cn", "markup": "auto", "encoding": None, "output_encoding": None,
            "check": False, "sync": not a.no_sync, "data_dir": None}
    items = td._plan_items([src], os.path.join(work, "out"))
    parts = _plan.cut(items, "convert", opts, threads=2)
    ctx = multiprocessing.get_context("fork")
    for n in (int(x) for x in a.workers.split(",")):
        for r in range(a.runs):
            out = os.path.join(work, f"out{n}")
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            tasks, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
            for p in parts:
                tasks.put(p.task())
            for _ in range(n):
                tasks.put(None)
            procs = [ctx.Process(target=_task_loop, args=(tasks, out, opts, results, go))
                     for _ in range(n)]
            for p in procs:
                p.start()
            for _ in procs:  # every process has loaded the profile
                _result(results, procs, "ready")
            t0 = time.monotonic()
            go.set()
            cpu = sum(_result(results, procs, "done") for _ in procs)
            for p in procs:
                p.join()
            t = time.monotonic() - t0
            print(f"{n} process(es), run {r + 1}: {t:.2f} s wall, "
                  f"{len(parts)} tasks, {cpu:.2f} CPU s", flush=True)


if __name__ == "__main__":
    main()
