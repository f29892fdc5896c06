"""tongwen.dask on a LocalCluster of 2 worker processes: the same bytes as
the CLI, a killed worker, a rerun that does nothing, JSON Lines part-files,
checks, and the command line."""

import glob
import json
import os
import signal
import subprocess
import sys
import threading
import time

import cloudpickle
import pytest

from tongwen.dask import check_files, convert_files, convert_jsonl
from tongwen.dask import _plan, _work

# the workers cannot import this file: functions sent to them travel by value
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def tree(root):
    """{relative path: bytes} of the visible files under root."""
    out = {}
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for f in files:
            if not f.startswith("."):
                p = os.path.join(d, f)
                out[os.path.relpath(p, root)] = open(p, "rb").read()
    return out


def leftovers(root):
    """Temporary files and unfinished-partition markers anywhere under root."""
    found = []
    for d, _, files in os.walk(root):
        found += [os.path.join(d, f) for f in files
                  if f.endswith(_work.TMP_SUFFIX) or f.endswith(".started")]
    return found


@pytest.fixture(scope="module")
def cli_tree(archive, cli, tmp_path_factory):
    """What `tongwen convert --files-from LIST -o OUT` writes for the archive."""
    root, files = archive
    out = tmp_path_factory.mktemp("cli") / "out"
    listing = out.parent / "list"
    listing.write_text("\n".join(files) + "\n")
    r = subprocess.run([cli, "convert", "--files-from", str(listing), "-o", str(out), "-j", "2",
                        "--no-sync"], capture_output=True, text=True)
    assert r.returncode == 2, r.stderr  # bad.txt
    assert "bad.txt" in r.stderr
    return tree(out)


@pytest.fixture(scope="module")
def first_run(cluster, archive, tmp_path_factory):
    root, files = archive
    out = tmp_path_factory.mktemp("dask") / "out"
    report = convert_files(cluster, files, out)
    return out, report


def test_convert_equals_cli(first_run, cli_tree, archive, cluster):
    out, report = first_run
    root, files = archive
    assert len(files) >= 2000
    got = tree(out)
    assert sorted(got) == sorted(cli_tree)
    assert len(got) == len(files) - 1
    differ = [p for p in got if got[p] != cli_tree[p]]
    assert not differ, differ[:5]
    assert not leftovers(out)
    s = report.summary
    assert s["files"] == len(files) and s["errors"] == 1
    assert s["status"] == {"converted": len(files) - 1, "error": 1}
    assert s["tasks"] > 4 and s["tasks_reused"] == 0
    # each worker process loaded the profile and the lexicon once
    loaded = cluster.run(_work.loaded)
    assert len(loaded) == 2
    assert all(v["profiles"] == 1 and v["lexicons"] == 1 for v in loaded.values()), loaded


def test_manifest(first_run, archive, cli):
    out, report = first_run
    root, files = archive
    with open(report.manifest, encoding="utf-8") as f:
        m = json.load(f)
    assert report.manifest == str(out / ".tongwen-dask" / "manifest.json")
    assert m["kind"] == "convert" and m["summary"] == report.summary
    assert [r["input"] for r in m["inputs"]] == files  # every input, in order
    bad = m["inputs"][-1]
    assert bad["status"] == "error" and "output" not in bad
    assert bad["error"].startswith(files[-1] + ":") and "byte offset 12" in bad["error"], bad
    for r in m["inputs"][:-1]:
        assert r["bytes_in"] == os.path.getsize(r["input"])
        assert r["bytes_out"] == os.path.getsize(out / r["output"])
    # findings by severity are those of `tongwen check` on the output
    for r in m["inputs"][::150]:
        cp = subprocess.run([cli, "check", "--format", "json", "--target", "cn",
                             "--fail-on", "never", "--markup",
                             "auto", str(out / r["output"])], capture_output=True, text=True)
        assert cp.returncode == 0, cp.stderr
        counts = {"error": 0, "warning": 0, "info": 0}
        for x in json.loads(cp.stdout):
            counts[x["severity"]] += 1
        assert r["findings"] == counts, r
    assert sum(report.summary["findings"].values()) > 0
    # the summary adds up the records (counted on the workers, added up by
    # the client), and each record is one line (encoded on the workers)
    s, recs = m["summary"], m["inputs"]
    assert s["files"] == len(recs) == len(files) and s["errors"] == 1
    assert s["status"] == {"converted": len(recs) - 1, "error": 1}
    assert s["bytes_in"] == sum(r["bytes_in"] or 0 for r in recs)
    assert s["bytes_out"] == sum(r["bytes_out"] or 0 for r in recs)
    for sev in ("error", "warning", "info"):
        assert s["findings"][sev] == sum((r["findings"] or {}).get(sev, 0) for r in recs)
    with open(report.manifest, encoding="utf-8") as f:
        lines = [line for line in f if line.startswith("  {")]
    assert [json.loads(line.rstrip().rstrip(",")) for line in lines] == recs


def test_read_gives_the_file_as_opened(tmp_path):
    """A worker reads a file whole, whatever size it had when planned, and
    records its size and time as fstat gave them before the read."""
    p = tmp_path / "f"
    for size in (0, 1, 4999, 5000, 300_000):
        p.write_bytes(b"x" * size)
        st = os.stat(p)
        assert _work._read(str(p)) == (b"x" * size, [size, st.st_mtime_ns])
    with pytest.raises(IsADirectoryError):
        _work._read(str(tmp_path))
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        _work._read(str(fifo))  # at once: a FIFO no one writes to does not hang the worker


def test_second_run_is_a_noop(first_run, cluster, archive):
    out, report = first_run
    root, files = archive
    before = {p: os.stat(p, follow_symlinks=False) for p in glob.glob(f"{out}/**/*",
                                                                       recursive=True)}
    with open(report.manifest, encoding="utf-8") as f:
        records = json.load(f)["inputs"]
    again = convert_files(cluster, files, out)
    assert again.summary["tasks_reused"] == again.summary["tasks"]
    assert again.records() == records  # bad.txt was tried again and failed again
    after = {p: os.stat(p, follow_symlinks=False) for p in glob.glob(f"{out}/**/*",
                                                                      recursive=True)}
    changed = [p for p in before if os.path.isfile(p) and ".tongwen-dask" not in p
               and (before[p].st_ino, before[p].st_mtime_ns) !=
               (after[p].st_ino, after[p].st_mtime_ns)]
    assert changed == []
    assert sorted(before) == sorted(after)


def _slow_down(delay):
    """Makes this worker convert slowly, so a kill lands mid-partition."""
    from tongwen.dask import _work as w

    real = getattr(w, "_real_convert_document", w.convert_document)
    w._real_convert_document = real

    def slow(*a, **k):
        time.sleep(delay)
        return real(*a, **k)

    w.convert_document = slow
    return os.getpid()


def _restore():
    from tongwen.dask import _work as w

    w.convert_document = getattr(w, "_real_convert_document", w.convert_document)


def test_changed_input_is_done_again(cluster, cli, tmp_path):
    """The workers stat the inputs, not the client: a rerun after one input
    changed (same size, new time) converts that input's task again, reuses
    the others, and writes what the CLI writes for the new text."""
    root = tmp_path / "in"
    root.mkdir()
    for i in range(40):
        (root / f"{i:02}.txt").write_text(f"第{i:02}篇：本港的士司機。\n", encoding="utf-8")
    out = tmp_path / "out"
    first = convert_files(cluster, str(root), out, check=False, partition_bytes=200)
    assert first.summary["tasks"] > 2
    changed = root / "07.txt"
    changed.write_text("第07篇：本港巴士車長。\n", encoding="utf-8")
    st = os.stat(changed)
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    again = convert_files(cluster, str(root), out, check=False, partition_bytes=200)
    assert again.summary["tasks"] == first.summary["tasks"]
    assert again.summary["tasks_reused"] == again.summary["tasks"] - 1
    want = subprocess.run([cli, "convert", "-p", "hk2cn", str(changed)], capture_output=True,
                          check=True).stdout
    assert (out / "07.txt").read_bytes() == want
    assert not leftovers(out)


def test_killed_worker(cluster, archive, cli_tree, tmp_path):
    root, files = archive
    out = tmp_path / "out"
    pids = set(cluster.run(_slow_down, 0.004).values())
    done = {}
    th = threading.Thread(target=lambda: done.update(r=convert_files(cluster, files, out,
                                                                     check=False)))
    th.start()
    try:
        # mid-way: some partitions finished, a partition's temporaries on disk
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            journals = glob.glob(f"{out}/.tongwen-dask/parts/*.json")
            if journals and any(_work.TMP_SUFFIX in p for p in leftovers(out)):
                break
            time.sleep(0.01)
        else:
            pytest.fail("the run never reached the middle")
        busy = [w for w, keys in cluster.processing().items() if keys]
        victim = busy[0]
        pid = cluster.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        th.join(240)
        assert not th.is_alive()
    finally:
        cluster.run(_restore)
    report = done["r"]
    assert pid in pids and pid not in cluster.run(os.getpid).values()
    got = tree(out)
    assert sorted(got) == sorted(cli_tree)
    assert [p for p in got if got[p] != cli_tree[p]] == []
    assert not leftovers(out)  # no temporary file, no unfinished partition
    assert report.summary["status"] == {"converted": len(files) - 1, "error": 1}
    # the run after the kill: every finished partition is skipped
    again = convert_files(cluster, files, out, check=False)
    assert again.summary["tasks_reused"] == again.summary["tasks"]


def test_convert_jsonl(cluster, cli, tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    recs = []
    for i in range(300):
        recs.append({"id": i, "title": "搭的士去數碼港", "text": "「十四五」成就與香港，網絡資訊",
                     "meta": {"src": "的士", "n": [1, 2.50, None]}})
    for k in range(4):
        with open(export / f"part-{k:05d}", "w", encoding="utf-8") as f:
            for r in recs[k * 75:(k + 1) * 75]:
                f.write(json.dumps(r, ensure_ascii=(k == 1)) + "\n")
            f.write("\n")  # a blank line is passed over
    (export / "_SUCCESS").write_text("")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "part-00000").write_text('{"text": "的士"}\n{"text": 3}\n{"text": "網絡"}\n')
    report = convert_jsonl(cluster, [str(export / "part-*"), str(bad / "part-*")],
                           tmp_path / "out", fields=["title", "text"])
    recs_out = report.records()
    assert [r["status"] for r in recs_out] == ["converted"] * 4 + ["error"]
    assert "line 2" in recs_out[-1]["error"] or ":2:" in recs_out[-1]["error"], recs_out[-1]
    for k in range(4):
        part = export / f"part-{k:05d}"
        want = subprocess.run([cli, "convert", "--jsonl", "title,text", str(part)],
                              capture_output=True, check=True).stdout
        rel = recs_out[k]["output"]
        got = (tmp_path / "out" / rel).read_bytes()
        assert got == want
        assert recs_out[k]["records"] == 75
        lines = got.decode().splitlines()
        assert json.loads(lines[0])["meta"]["src"] == "的士"  # other fields untouched
        assert json.loads(lines[0])["title"] == "搭出租车去数码港"
        if k == 1:
            assert lines[0].isascii()  # \u escapes in, \u escapes out
    assert not (tmp_path / "out" / "bad" / "part-00000").exists()
    assert not leftovers(tmp_path / "out")
    skip = convert_jsonl(cluster, str(bad / "part-*"), tmp_path / "skip", fields="text",
                         on_error="skip")
    r = skip.records()[0]
    assert r["status"] == "converted" and r["records"] == 2 and r["skipped_records"] == 1


def test_check_files(cluster, cli, archive):
    root, files = archive
    sample = files[:40:7] + files[2000:2008]
    report = check_files(cluster, sample + [files[-1]], target="cn")
    assert report.manifest is None
    records = report.records()
    assert [r["input"] for r in records] == sample + [files[-1]]
    assert records[-1]["status"] == "error" and "byte offset 12" in records[-1]["error"]
    for r in records[:-1]:
        cp = subprocess.run([cli, "check", "--format", "json", "--target", "cn",
                             "--fail-on", "never", r["input"]], capture_output=True, text=True)
        want = [(x["rule"], x["severity"], x["line"], x["column"], x["text"])
                for x in json.loads(cp.stdout)]
        got = [(x["rule"], x["severity"], x["line"], x["column"], x["text"])
               for x in r["details"]]
        assert got == want, r["input"]
        assert sum(r["findings"].values()) == len(want)
    assert report.summary["findings"]["error"] > 0
    assert sum(report.summary["rules"].values()) == sum(report.summary["findings"].values())


def test_command_line(cluster, archive, tmp_path):
    root, files = archive
    env = dict(os.environ)
    addr = cluster.scheduler_info()["address"]
    listing = tmp_path / "list"
    listing.write_text("\n".join(files[:300]) + "\n")
    r = subprocess.run([sys.executable, "-m", "tongwen.dask", "--scheduler", addr, "convert",
                        "--files-from", str(listing), "-o", str(tmp_path / "out"),
                        "--no-check"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "300 files (300 converted)" in r.stderr
    assert (tmp_path / "out" / ".tongwen-dask" / "manifest.json").is_file()
    r = subprocess.run([sys.executable, "-m", "tongwen.dask", "--scheduler", addr, "check",
                        "--format", "json", files[0], files[-1]],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2, r.stderr  # bad.txt
    assert len(json.loads(r.stdout)["inputs"]) == 2
    assert "bad.txt" in r.stderr
    r = subprocess.run([sys.executable, "-m", "tongwen.dask", "--scheduler", addr, "convert",
                        str(tmp_path / "missing*.txt"), "-o", str(tmp_path / "o2")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "no files match" in r.stderr


def test_refuses_to_replace_inputs(cluster, archive):
    root, files = archive
    with pytest.raises(ValueError, match="would replace it"):
        convert_files(cluster, files[:3], root)
    with pytest.raises(ValueError, match="inside the folder it would mirror"):
        convert_files(cluster, root / "docs0", root / "docs0" / "cn")
    assert not (root / "docs0" / "cn").exists()


def test_folder_and_glob_inputs(cluster, cli, archive, tmp_path):
    """A folder stands for its files at their paths below it (as convert -r
    mirrors it); a pattern for the files it matches."""
    root, files = archive
    folder = root / "docs0"
    subprocess.run([cli, "convert", "-r", str(folder), "-o", str(tmp_path / "cli"),
                    "--no-sync"], check=True, capture_output=True)
    convert_files(cluster, folder, tmp_path / "dask", check=False, sync=False)
    want, got = tree(tmp_path / "cli"), tree(tmp_path / "dask")
    assert len(got) == len(os.listdir(folder)) and got == want
    report = convert_files(cluster, str(root / "docs*" / "new?.html"), tmp_path / "glob",
                           check=False)
    assert [r["output"] for r in report.records()] == [f"docs{k}/news.html" for k in range(3)]


def test_scheduler_and_workers_as_commands(archive, cli_tree, tmp_path):
    """The README's multi-machine run, with every host on this one: `dask
    scheduler`, `dask worker tcp://…` (2 processes), and python3 -m
    tongwen.dask --scheduler tcp://… from a third process."""
    import shutil
    import socket

    from distributed import Client

    dask_cmd = shutil.which("dask")
    if dask_cmd is None:
        pytest.skip("the dask command is not installed (python3-distributed)")
    root, files = archive
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    procs = []
    try:
        procs.append(subprocess.Popen([dask_cmd, "scheduler", "--host", "127.0.0.1", "--port",
                                       str(port), "--dashboard-address", ":0"],
                                      cwd=tmp_path, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen([dask_cmd, "worker", address, "--nworkers", "2",
                                       "--nthreads", "1", "--dashboard-address", ":0",
                                       "--local-directory", str(tmp_path)],
                                      cwd=tmp_path, stderr=subprocess.DEVNULL))
        with Client(address, timeout=60) as c:
            c.wait_for_workers(2, timeout=60)
        listing = tmp_path / "list"
        listing.write_text("\n".join(files[:600]) + "\n")
        r = subprocess.run([sys.executable, "-m", "tongwen.dask", "--scheduler", address,
                            "convert", "--files-from", str(listing), "-o",
                            str(tmp_path / "out")], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    got = tree(tmp_path / "out")
    assert len(got) == 600
    assert all(got[k] == cli_tree[k] for k in got)


def test_relative_paths_and_stale_temporaries(cluster, archive, cli_tree, tmp_path,
                                              monkeypatch):
    """Relative inputs and output folder mean the client's working folder,
    not the workers'; temporaries that a run killed earlier left behind
    (its marker lists their folders) are gone after the next run."""
    root, files = archive
    out = tmp_path / "out"
    stale_dir = out / "d00"
    stale_dir.mkdir(parents=True)
    key = "0" * 32
    stale = stale_dir / f".f00000.txt.{key}-deadbeef{_work.TMP_SUFFIX}"
    stale.write_text("half")
    parts = out / ".tongwen-dask" / "parts"
    parts.mkdir(parents=True)
    (parts / f"{key}.started").write_text(json.dumps([str(stale_dir)]))
    monkeypatch.chdir(root)
    rel = [os.path.relpath(f, root) for f in files[:100]]
    report = convert_files(cluster, rel, os.path.relpath(out, root), check=False)
    assert report.ok
    assert not stale.exists() and not leftovers(out)
    got = tree(out)
    assert len(got) == 100 and all(got[k] == cli_tree[k] for k in got)


def test_folder_walk(tmp_path, monkeypatch):
    """A folder's inputs: its visible regular files in name order, a folder's
    own files before its subfolders', symlinked files in, symlinked folders
    and hidden entries out (as os.walk with os.path.isfile finds them), each
    with its own size, time and path below the folder."""
    root = tmp_path / "in"
    for rel in ["b.txt", "a.txt", "z/y.txt", "z/x/w.txt", "m/n.txt", ".h.txt", ".hid/c.txt",
                "m/.d.txt"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel * 3)
    (root / "link.txt").symlink_to(root / "a.txt")
    (root / "dirlink").symlink_to(root / "z", target_is_directory=True)
    (root / "broken.txt").symlink_to(root / "missing.txt")
    want = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        want += [os.path.join(d, f) for f in sorted(files)
                 if not f.startswith(".") and os.path.isfile(os.path.join(d, f))]
    stats = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda *a, **k: stats.append(a[0]) or real_stat(*a, **k))
    items = _plan.expand(str(root))
    monkeypatch.undo()
    # the folder itself only: the directory entries tell files from folders
    # (the symbolic links get a stat each, inside DirEntry)
    assert stats == [str(root)]
    assert [it.path for it in items] == want
    assert [it.rel for it in items] == ["a.txt", "b.txt", "link.txt", "m/n.txt", "z/y.txt",
                                        "z/x/w.txt"]
    assert all(it.src == it.path for it in items)


def test_long_lists_are_not_stated(tmp_path, monkeypatch):
    """A list of many paths in one folder is checked against one listing of
    the folder, not a stat per path; folders in the list are still walked,
    and a missing path is still an error before anything runs."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    names = [f"f{i:03}.txt" for i in range(40)]
    for n in names:
        (root / n).write_text(n)
    (root / "sub" / "g.txt").write_text("g")
    listed = [str(root / n) for n in names] + [str(root / "sub")]
    stats = []
    real_stat = os.stat

    def counting_stat(path, *a, **k):
        # only the listed files count: a thread an earlier test left running
        # (a cluster's system monitor) may stat /proc meanwhile
        if str(path).startswith(str(root)):
            stats.append(path)
        return real_stat(path, *a, **k)

    monkeypatch.setattr(os, "stat", counting_stat)
    items = _plan.expand(listed)
    monkeypatch.undo()
    assert stats == []
    assert [it.path for it in items] == listed[:-1] + [str(root / "sub" / "g.txt")]
    with pytest.raises(FileNotFoundError):
        _plan.expand(listed[:-1] + [str(root / "missing.txt")])


def test_kinds_from_one_listing(tmp_path):
    """A folder's listing tells what each listed path in it is: regular files
    (all settled at once when every listed name is one), a folder, a
    symbolic link (followed, by a stat), a FIFO (there: the worker says why
    it is not read) and a name that is not there."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for i in range(10):
        (root / f"f{i}.txt").write_text("x")
    (root / "link.txt").symlink_to(root / "f0.txt")
    os.mkfifo(root / "pipe")
    files = [str(root / f"f{i}.txt") for i in range(10)]
    assert _plan._kinds(files) == ["file"] * 10
    odd = [str(root / n) for n in ("sub", "link.txt", "pipe", "missing.txt")]
    assert _plan._kinds(files + odd) == ["file"] * 10 + ["dir", "file", "file", None]


def test_tasks_follow_the_typical_size(tmp_path):
    """Tasks are cut by the typical size of a sample of the inputs, and the
    same inputs give the same tasks (keys included), so a rerun finds them."""
    root = tmp_path / "in"
    root.mkdir()
    for i in range(100):
        (root / f"{i:03}.txt").write_bytes(b"x" * 1000)
    items = _plan.expand(str(root))
    typical = _plan.typical_size(items)
    assert typical == 1000
    parts = _plan.partition(items, 10_000, typical, {"kind": "convert"})
    assert [len(p.items) for p in parts] == [10] * 10
    assert [p.key for p in parts] == [p.key for p in _plan.partition(
        _plan.expand(str(root)), 10_000, _plan.typical_size(items), {"kind": "convert"})]
    assert len({p.key for p in parts}) == 10
    # on two threads the last two tasks' inputs are cut into quarter tasks
    tapered = _plan.partition(items, 10_000, typical, {"kind": "convert"}, threads=2)
    assert [len(p.items) for p in tapered] == [10] * 8 + [2] * 10
    assert [it for p in tapered for it in p.items] == list(items)
    assert [p.index for p in tapered] == list(range(18))


def test_read_requests_stay_small(tmp_path, monkeypatch):
    """A worker reads an input in one request of its size (by fstat), then in
    requests under 128 KiB: Dask starts workers with MALLOC_TRIM_THRESHOLD_,
    which fixes glibc's mmap threshold, and a 1 MiB request (the end-of-file
    read) was a fresh mmap and its page faults for every file, twice the
    time of the whole conversion of a 2 KB file."""
    p = tmp_path / "a.txt"
    p.write_bytes(b"x" * 300_000)
    sizes, real = [], os.read

    def recording(fd, n):
        sizes.append(n)
        return real(fd, n)

    monkeypatch.setattr(_work.os, "read", recording)
    assert _work._read(str(p))[0] == b"x" * 300_000
    assert sizes[0] == 300_001 and all(n < 128 << 10 for n in sizes[1:])


def _sampler_states():
    """On a worker: whether its stack sampler runs before, inside two nested
    pauses, between their exits and after, and inside a pause that the
    config "tongwen.worker-profile" turns off."""
    import dask
    from distributed import get_worker

    pc = get_worker().periodic_callbacks["profile"]

    def settled(want):
        # the pause stops and starts the callback on the worker's event loop
        deadline = time.monotonic() + 5
        while pc.is_running() != want and time.monotonic() < deadline:
            time.sleep(0.01)
        return pc.is_running()

    states = [pc.is_running()]
    with _work.profiler_paused():
        with _work.profiler_paused():
            states.append(settled(False))
        time.sleep(0.1)  # the inner exit must not start it again
        states.append(pc.is_running())
    states.append(settled(True))
    with dask.config.set({"tongwen.worker-profile": True}):
        with _work.profiler_paused():
            time.sleep(0.1)
            states.append(pc.is_running())
    return states


def test_tasks_pause_the_workers_sampler(cluster):
    """Dask samples each running task's Python stack every 10 ms on the
    worker's event loop; tongwen's tasks pause that while they run and
    start it again after (unless the config keeps it on), and outside a
    worker the pause does nothing."""
    assert cluster.submit(_sampler_states, pure=False).result() == \
        [True, False, False, True, True]
    with _work.profiler_paused():
        pass
