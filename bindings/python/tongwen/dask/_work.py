"""What runs on the workers: one task converts or checks one partition of
inputs. Profiles, the lexicon and .tongwen.ini files load once per worker
process and are shared by its threads (they are immutable and the library
runs without the GIL).

Outputs of a partition are written as temporary files beside their
targets, made durable together (one syncfs), renamed into place, and the
partition's records are saved in a journal under the output folder. A rerun
finds the journal and does nothing; a worker killed mid-partition leaves
no output half-written (only temporaries, which the retry removes) and the
retry does the whole partition again, which writes the same bytes."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import stat
import threading
import uuid

import tongwen
from tongwen._document import ConfigCache, check_document, convert_document, profile_target

from ._manifest import count, encode

JOURNAL_DIR = ".tongwen-dask"
TMP_SUFFIX = ".tw-tmp"

_lock = threading.Lock()
_profiles = {}
_lexicons = {}
_configs = ConfigCache()


def profile(name: str, data_dir=None) -> tongwen.Profile:
    """The worker process's Profile for name, loaded on first use."""
    with _lock:
        p = _profiles.get((name, data_dir))
        if p is None:
            p = _profiles[(name, data_dir)] = tongwen.Profile(name, data_dir)
        return p


def lexicon(data_dir=None) -> tongwen.Lexicon:
    with _lock:
        lex = _lexicons.get(data_dir)
        if lex is None:
            lex = _lexicons[data_dir] = tongwen.Lexicon(data_dir)
        return lex


def loaded() -> dict:
    """What this process has loaded (the tests ask each worker)."""
    with _lock:
        return {"profiles": len(_profiles), "lexicons": len(_lexicons), "pid": os.getpid()}


# ------------------------------------------------------------- profiler

# Dask's workers sample the Python stack of every running task every 10 ms
# (distributed.worker.profile), on the worker's event loop: each sample
# takes the GIL from the task and walks its frames. tongwen's work is in C,
# where the sampler sees one frame, and on a task of many small files the
# samples cost more than they show. Tasks pause it on their worker while
# any of them runs, unless the Dask config "tongwen.worker-profile" is true
# (DASK_TONGWEN__WORKER_PROFILE=true), and start it again after.
_paused_lock = threading.Lock()
_paused = {}  # worker (id) -> [tasks running, the callbacks paused]


def _worker_profile_callbacks():
    try:
        import dask
        from distributed import get_worker

        if dask.config.get("tongwen.worker-profile", False):
            return None, ()
        w = get_worker()
    except (ImportError, ValueError):  # not on a Dask worker
        return None, ()
    pcs = getattr(w, "periodic_callbacks", {})
    return w, [pcs[k] for k in ("profile", "profile-cycle") if k in pcs]


@contextlib.contextmanager
def profiler_paused():
    """Stops the worker's stack sampler while the block runs (see above);
    the first task in pauses it, the last one out restarts it. The
    callbacks belong to the worker's event loop, so they are stopped and
    started there (add_callback is the thread-safe way in)."""
    w, pcs = _worker_profile_callbacks()
    if not pcs:
        yield
        return
    with _paused_lock:
        entry = _paused.setdefault(id(w), [0, []])
        if entry[0] == 0:
            entry[1] = [pc for pc in pcs if pc.is_running()]
            for pc in entry[1]:
                w.loop.add_callback(pc.stop)
        entry[0] += 1
    try:
        yield
    finally:
        with _paused_lock:
            entry[0] -= 1
            if entry[0] == 0:
                for pc in entry[1]:
                    w.loop.add_callback(pc.start)
                entry[1] = []


def _task(fn):
    """A task function: runs with the worker's sampler paused."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with profiler_paused():
            return fn(*args, **kwargs)
    return run


# ---------------------------------------------------------------- files

_libc = None


def _syncfs(path: str) -> None:
    """Makes the file system holding path durable (syncfs(2); os.sync where
    it is missing)."""
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(None, use_errno=True)
            _libc.syncfs
        except (OSError, AttributeError):
            _libc = False
    if not _libc:
        os.sync()
        return
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if _libc.syncfs(fd) != 0:
            e = ctypes.get_errno()
            raise OSError(e, f"syncfs: {os.strerror(e)}", path)
    finally:
        os.close(fd)


def _error(path: str, e: BaseException) -> str:
    if isinstance(e, tongwen.Error):
        at = f" (byte offset {e.offset})" if e.code in (-3, -7) and "offset" not in e.message \
            else ""
        return f"{path}: {e.message}{at}"
    if isinstance(e, OSError):
        return f"{path}: {e.strerror or e}"
    return f"{path}: {e}"


def _open_input(path: str):
    """An input opened for reading, and its fstat: a regular file only (a
    folder or a device is an error, as for the command)."""
    # O_NONBLOCK: a FIFO listed as an input must not hang the worker
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def _read(path: str):
    """The file's bytes, and its (size, mtime_ns) as fstat gave them when it
    was opened, before the read (a change after that shows at the next run,
    which compares them with the file's). Four system calls where
    open().read() makes seven, and no large request beyond the file's size:
    a request of 128 KiB or more is a fresh mmap (and its page faults) each
    time under Dask's MALLOC_TRIM_THRESHOLD_, which fixes glibc's mmap
    threshold."""
    fd, st = _open_input(path)
    try:
        chunks = []
        while True:
            b = os.read(fd, st.st_size + 1 if not chunks else 64 << 10)
            if not b:
                break
            chunks.append(b)
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        return data, [st.st_size, st.st_mtime_ns]
    finally:
        os.close(fd)


def _result(records, reused: bool, as_text: bool, text=None) -> dict:
    """What a task returns: the records (kept in the client's memory) or
    the manifest's lines for them (text: made already), and their counts
    for the summary."""
    if as_text and text is None:
        text = encode(records)
    return {"records": None if as_text else records, "text": text if as_text else None,
            "summary": count(records), "reused": reused}


def _target_ok(target: str) -> None:
    """Only a regular file (an earlier output) is ever replaced."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EEXIST, "exists and is not a regular file; left alone")


def _tmp_name(target: str, tag: str) -> str:
    d, _, base = target.rpartition("/")  # targets are absolute
    return f"{d}/.{base}.{tag}{TMP_SUFFIX}"


def _make_dir(d: str, made: set) -> None:
    if d not in made:
        os.makedirs(d or ".", exist_ok=True)
        made.add(d)


_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def _write_tmp(target: str, data: bytes, tag: str):
    """Writes data to a new temporary file beside target, making its folder
    when there is none (found by the open failing: no system call spent on
    folders that exist); returns its path and inode (the inode the output
    has once renamed)."""
    tmp = _tmp_name(target, tag)
    try:
        fd = os.open(tmp, _NEW, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd = os.open(tmp, _NEW, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        ino = os.fstat(fd).st_ino
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    return tmp, ino


def _out_dirs(targets) -> list:
    return sorted({os.path.dirname(t) for t in targets})


def _sweep_dirs(dirs, key: str) -> int:
    """Removes the temporaries of partition key from dirs (an earlier
    attempt at it was killed). Their names carry the key."""
    removed = 0
    for d in dirs:
        try:
            names = os.listdir(d)
        except FileNotFoundError:
            continue
        for n in names:
            if n.endswith(TMP_SUFFIX) and f".{key}-" in n:
                try:
                    os.unlink(os.path.join(d, n))
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed


def sweep_stale(out_dir: str) -> int:
    """Before a run: the temporaries of partitions whose attempt died in an
    earlier run (their .started marker is still there and lists the folders
    they wrote to), whatever became of their inputs since. Returns how many
    files it removed."""
    parts = os.path.join(out_dir, JOURNAL_DIR, "parts")
    try:
        names = os.listdir(parts)
    except FileNotFoundError:
        return 0
    removed = 0
    for n in names:
        if not n.endswith(".started"):
            continue
        marker = os.path.join(parts, n)
        try:
            with open(marker, encoding="utf-8") as f:
                dirs = json.load(f)
        except (OSError, ValueError):
            dirs = []
        removed += _sweep_dirs([d for d in dirs if isinstance(d, str)], n[:-len(".started")])
        os.unlink(marker)
    return removed


def _journal_path(out_dir: str, key: str) -> str:
    return os.path.join(out_dir, JOURNAL_DIR, "parts", key + ".json")


def _reuse(out_dir: str, part):
    """(records, inodes, inputs) of the partition's journal when every input
    is still as it was read (size and time) and every output it lists is in
    place, or None. Records of files that failed are returned too: those
    files alone are tried again (they may have been fixed)."""
    try:
        with open(_journal_path(out_dir, part.key), encoding="utf-8") as f:
            journal = json.load(f)
        records, inodes, inputs = journal["records"], journal["inodes"], journal["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    n = len(part.items)
    if len(records) != n or len(inodes) != n or len(inputs) != n:
        return None
    for it, r, ino, was in zip(part.items, records, inodes, inputs):
        if r.get("status") == "error":
            continue  # tried again whatever it is now
        try:
            st = os.stat(it[2])
        except OSError:
            return None
        if was != [st.st_size, st.st_mtime_ns]:
            return None
        if "output" in r:
            # the very file this partition renamed into place, as it left it
            try:
                st = os.lstat(os.path.join(out_dir, r["output"]))
            except OSError:
                return None
            if (not stat.S_ISREG(st.st_mode) or st.st_size != r["bytes_out"]
                    or st.st_ino != ino):
                return None
    return records, inodes, inputs


def _save_journal(out_dir: str, key: str, text: str, inodes, inputs) -> None:
    """text: the records as the manifest's lines (encoded once for both);
    inputs: each input's [size, mtime_ns] as it was read (None if it could
    not be). Not synced: a journal lost or torn by a power cut only means
    the partition is done again (_reuse reads it and checks the files)."""
    path = _journal_path(out_dir, key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f'{{"inodes": {json.dumps(inodes)}, "inputs": {json.dumps(inputs)}, '
                f'"records": [\n  {text}\n]}}\n')
    os.replace(tmp, path)


def _severities(findings) -> dict:
    counts = {"error": 0, "warning": 0, "info": 0}
    for x in findings:
        counts[x.severity] = counts.get(x.severity, 0) + 1
    return counts


def _run_outputs(out_dir: str, part, sync: bool, as_text: bool, produce):
    """The common frame of convert and JSON Lines partitions: journal, sweep,
    temporaries, one syncfs (sync), renames, journal. produce(item, target,
    tag, made) returns (record, (tmp path, inode) or None, the input's
    [size, mtime_ns] as read or None); target is the output's path, made the
    set of folders known to exist. Returns what _result makes of the
    records."""
    n = len(part.items)
    previous = _reuse(out_dir, part)
    if previous is None:
        records, inodes, inputs = [None] * n, [None] * n, [None] * n
        todo = range(n)
    else:
        records, inodes, inputs = previous
        todo = [k for k, r in enumerate(records) if r["status"] == "error"]
        if not todo:
            return _result(records, True, as_text)
    targets = [os.path.join(out_dir, it[1]) for it in part.items]
    marker = os.path.join(out_dir, JOURNAL_DIR, "parts", part.key + ".started")
    os.makedirs(os.path.dirname(marker), exist_ok=True)
    dirs = _out_dirs(targets)
    if os.path.exists(marker):
        _sweep_dirs(dirs, part.key)  # an earlier attempt died: its temporaries go
    with open(marker, "w", encoding="utf-8") as f:
        json.dump(dirs, f)
    tag = f"{part.key}-{uuid.uuid4().hex[:8]}"
    temps, made = {}, set()
    try:
        for k in todo:
            record, written, inputs[k] = produce(part.items[k], targets[k], tag, made)
            records[k] = record
            inodes[k] = None
            if written:
                temps[k], inodes[k] = written
        if sync and temps:
            _syncfs(out_dir)  # the data before the names
        for k, tmp in temps.items():
            target = targets[k]
            try:
                _target_ok(target)
                os.replace(tmp, target)
            except OSError as e:
                os.unlink(tmp)
                inodes[k] = None
                records[k].update(status="error", error=_error(target, e), bytes_out=None)
                records[k].pop("output", None)
        # No second syncfs for the names: a journal is trusted only when
        # every output it lists is the file renamed then (_reuse), and the
        # data behind every name was durable before the name existed.
    except BaseException:
        for tmp in temps.values():
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise
    text = encode(records)
    _save_journal(out_dir, part.key, text, inodes, inputs)
    os.unlink(marker)
    return _result(records, previous is not None, as_text, text)


@_task
def convert_part(part, out_dir: str, opts: dict, as_text: bool = False) -> dict:
    """Converts one partition (a _plan.Task); returns one record per input
    (as _result gives them)."""
    p = profile(opts["profile"], opts.get("data_dir"))
    lex = lexicon(opts.get("data_dir")) if opts["check"] else None
    target = ("cn", "hk", "tw")[profile_target(opts["profile"])]

    def produce(it, out, tag, made):
        path, rel, src = it
        record = {"input": path, "output": rel, "status": "converted", "bytes_in": None,
                  "bytes_out": None, "findings": None}
        was = None
        try:
            data, was = _read(src)
            record["bytes_in"] = len(data)
            converted = convert_document(p, data, src, opts["markup"], opts.get("encoding"),
                                         opts.get("output_encoding"), _configs)
            if lex is not None:
                # the input's name: its markup and its .tongwen.ini
                findings = check_document(lex, converted, src, opts["markup"],
                                          opts.get("output_encoding"), target, _configs)
                record["findings"] = None if findings is None else _severities(findings)
            written = _write_tmp(out, converted, tag)
        except (tongwen.Error, OSError, ValueError) as e:
            record.update(status="error", error=_error(path, e))
            record.pop("output")
            return record, None, was
        record["bytes_out"] = len(converted)
        return record, written, was

    return _run_outputs(out_dir, part, opts["sync"], as_text, produce)


def _finding_dict(x) -> dict:
    return {"rule": x.rule, "severity": x.severity, "message": x.message, "text": x.text,
            "suggestions": list(x.suggestions), "line": x.line, "column": x.column,
            "end_line": x.end_line, "end_column": x.end_column, "offset": x.offset,
            "length": x.length}


@_task
def check_part(part, opts: dict, as_text: bool = False) -> dict:
    """Checks one partition (a _plan.Task); returns one record per input (as
    _result gives them; read-only: no journal, nothing written)."""
    lex = lexicon(opts.get("data_dir"))
    records = []
    for path, _, src in part.items:
        record = {"input": path, "status": "checked", "bytes_in": None, "findings": None}
        try:
            data = _read(src)[0]
            record["bytes_in"] = len(data)
            findings = check_document(lex, data, src, opts["markup"], opts.get("encoding"),
                                      opts["target"], _configs)
        except (tongwen.Error, OSError, ValueError) as e:
            record.update(status="error", error=_error(path, e))
            records.append(record)
            continue
        if findings is None:
            record["status"] = "ignored"  # by a .tongwen.ini ignore pattern
        else:
            record["findings"] = _severities(findings)
            rules = {}
            for x in findings:
                rules[x.rule] = rules.get(x.rule, 0) + 1
            record["rules"] = dict(sorted(rules.items()))
            if opts["details"]:
                record["details"] = [_finding_dict(x) for x in findings]
        records.append(record)
    return _result(records, False, as_text)


def _jsonl_lines(fd: int):
    """The records of a part-file opened as fd, as the tongwen command's
    --jsonl mode reads them: (line number, line without its line break and a
    carriage return before it); blank lines are passed over."""
    with open(fd, "rb", buffering=1 << 20, closefd=False) as f:
        for lineno, line in enumerate(f, 1):
            if line.endswith(b"\n"):
                line = line[:-1]
            if line.endswith(b"\r"):
                line = line[:-1]
            if line.strip(b" \t\r\n"):
                yield lineno, line


@_task
def jsonl_part(part, out_dir: str, opts: dict, as_text: bool = False) -> dict:
    """Converts the JSON Lines part-files of one partition in this process,
    with the worker's profile (tongwen.JsonLines: the library's splice that
    keeps every other byte of a record), each into its temporary file. A bad
    record fails its part-file (on_error "fail", as the command's exit 2:
    no output) or is left out and reported ("skip"), with the messages the
    command prints ("PART:LINE: …")."""
    conv = tongwen.JsonLines(profile(opts["profile"]), opts["fields"])
    skip = opts["on_error"] == "skip"

    def produce(it, target, tag, made):
        path, rel, src = it
        record = {"input": path, "output": rel, "status": "converted", "bytes_in": None,
                  "bytes_out": None, "records": None, "findings": None}
        tmp = was = None
        messages = []
        try:
            fd, st = _open_input(src)  # fstat before reading: a later change shows next run
            try:
                was = [st.st_size, st.st_mtime_ns]
                record["bytes_in"] = st.st_size
                _make_dir(os.path.dirname(target), made)
                _target_ok(target)
                name = _tmp_name(target, tag)
                out_fd = os.open(name, _NEW, 0o666)
                tmp = name  # ours from here on: removed on failure
                n = 0
                with open(out_fd, "wb", buffering=1 << 20) as out:
                    ino = os.fstat(out.fileno()).st_ino
                    for lineno, line in _jsonl_lines(fd):
                        try:
                            out.write(conv.convert_line(line) + b"\n")
                            n += 1
                        except tongwen.Error as e:
                            message = f"{src}:{lineno}: {e.message}"
                            if not skip:
                                raise RuntimeError(message) from e
                            messages.append(message)
            finally:
                os.close(fd)
            if messages:
                record["messages"] = messages[:20]
                record["skipped_records"] = len(messages)
        except (OSError, RuntimeError) as e:
            if tmp is not None:
                os.unlink(tmp)
            record.update(status="error", error=e.args[0] if isinstance(e, RuntimeError)
                          else _error(path, e))
            record.pop("output")
            return record, None, was
        record["records"] = n
        record["bytes_out"] = os.path.getsize(tmp)
        return record, (tmp, ino), was

    return _run_outputs(out_dir, part, opts["sync"], as_text, produce)
