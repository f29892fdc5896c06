"""The client's side of a run: which files, where each output goes, and how
they are cut into tasks. The client lists the inputs and does not stat
them one by one (a folder's entries tell a file from a folder): on an
archive of millions, on shared storage, a stat per file made the client's
planning the serial part of every run. The workers stat and read their own
files; the client stats a sample of them to size the tasks."""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import json
import os
import stat
from typing import Iterable, List, NamedTuple, Optional, Sequence, Union

# A task holds consecutive inputs up to this many bytes: large enough that
# Dask's per-task cost (a few ms) is noise, small enough that a killed worker
# costs little work and the cluster stays busy to the end.
PART_BYTES = 4 << 20
PART_MIN_BYTES = 256 << 10
PART_MAX_FILES = 5000
TASKS_PER_THREAD = 8
# The tasks at the end of a run are this many times smaller (see partition).
TAIL_SPLIT = 4
# Inputs stat'ed on the client to judge their typical size.
SAMPLE = 32
# Listed paths in one folder from which the folder's listing is read rather
# than a stat made for each.
SCAN_MIN = 8


class Item(NamedTuple):
    path: str        # as given (or found), for messages and the manifest
    rel: str         # the output's path under the output folder
    src: str         # absolute: what the workers open


@dataclasses.dataclass(frozen=True)
class Part:
    index: int
    key: str         # names the work: inputs as they are now and the options
    items: tuple

    def task(self) -> "Task":
        """What a worker gets for this partition."""
        return Task(self.key, [(it.path, it.rel, it.src) for it in self.items])


class Task:
    """What a worker gets: a partition's key and its inputs as (path, rel,
    src) tuples. A plain object on purpose: Dask walks lists, tuples
    and dicts in a task's arguments looking for futures, which for a
    partition of thousands of files costs more client time than the
    partition's conversion saves by being spread over workers."""

    __slots__ = ("key", "items")

    def __init__(self, key: str, items: list):
        self.key = key
        self.items = items

    def __getstate__(self):
        return (self.key, self.items)

    def __setstate__(self, state):
        self.key, self.items = state


def _has_magic(s: str) -> bool:
    return any(c in s for c in "*?[")


def _walk(root: str, cut: int) -> List[Item]:
    """Regular files below root in name order (a folder's files, then its
    folders'), hidden entries skipped, as ``tongwen convert -r`` does; cut:
    how much of each path the item's relative path leaves out. No stat but
    for a symbolic link: a directory entry tells a regular file."""
    found: List[Item] = []
    try:
        with os.scandir(root) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")),
                             key=lambda e: e.name)
    except OSError:
        return found  # an unreadable folder is skipped, as os.walk does
    dirs = []
    for e in entries:
        try:
            if e.is_dir(follow_symlinks=False):
                dirs.append(e.path)
                continue
            if not e.is_file():
                continue
        except OSError:
            continue
        found.append(Item(e.path, e.path[cut:], _abs(e.path)))
    for d in dirs:
        found.extend(_walk(d, cut))
    return found


def _plain(p: str) -> bool:
    return not (p.startswith("/") or p.startswith("../") or "/../" in p or p == ".."
                or p.endswith("/.."))


def _strip_dot(p: str) -> str:
    while p.startswith("./"):
        p = p[2:].lstrip("/")
    return p


def _abs(p: str) -> str:
    """os.path.abspath, without its cost for a path that is already
    absolute and normal (the usual case: a million of them). "/." covers
    "/./", "/../" and a trailing "/." or "/.." (and sends a hidden name the
    slow way, which gives the same answer)."""
    if p[:1] == "/" and "//" not in p and "/." not in p and p[-1:] != "/":
        return p
    return os.path.abspath(p)


def relative_paths(paths: Sequence[str], absolute: Optional[Sequence[str]] = None
                   ) -> List[str]:
    """Where each listed input's output goes under the output folder, as
    ``tongwen convert FILE… -o DIR`` decides: relative paths without ".." as
    given (less a leading "./"); otherwise, for every input, the path below
    the inputs' common parent folder. absolute: the paths made absolute, when
    the caller has them."""
    if all(_plain(p) for p in paths):
        return [_strip_dot(p) for p in paths]
    if absolute is None:
        absolute = [_abs(p) for p in paths]
    common = os.path.commonpath(list({a[:a.rindex("/")] or "/" for a in absolute}))
    cut = len(common) + (0 if common.endswith("/") else 1)
    return [a[cut:] for a in absolute]


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _kinds(paths: Sequence[str]) -> list:
    """What each listed path is: "dir", "file" (anything else that is there:
    the worker reads it or says why not), None (nothing is) or False (no
    telling: the task says why). Paths listed by the dozen in one folder are
    looked up in one listing of it (the names of its regular files, a set);
    the others (and symbolic links) get a stat each."""
    unknown = object()
    kinds = [unknown] * len(paths)
    by_dir = {}
    for i, x in enumerate(paths):
        d, sep, name = x.rpartition("/")
        if name not in ("", ".", ".."):
            idx, names = by_dir.setdefault(d if d or not sep else "/", ([], []))
            idx.append(i)
            names.append(name)
    for d, (idx, names) in by_dir.items():
        if len(idx) < SCAN_MIN:
            continue
        try:
            with os.scandir(d or ".") as it:
                entries = list(it)
        except OSError:
            continue  # each path gets its own stat below
        regular = set()
        for e in entries:
            try:
                if e.is_file(follow_symlinks=False):
                    regular.add(e.name)
            except OSError:
                pass
        others = {} if regular.issuperset(names) else \
            {e.name: e for e in entries if e.name not in regular}
        for i, name in zip(idx, names):
            if name in regular:
                kinds[i] = "file"
                continue
            e = others.get(name)
            try:
                if e is not None and not e.is_symlink():
                    kinds[i] = "dir" if e.is_dir(follow_symlinks=False) else "file"
            except OSError:
                pass
    for i, x in enumerate(paths):
        if kinds[i] is not unknown:
            continue
        try:
            kinds[i] = "dir" if stat.S_ISDIR(os.stat(x).st_mode) else "file"
        except FileNotFoundError:
            kinds[i] = None
        except OSError:
            kinds[i] = False
    return kinds


def expand(inputs: Union[str, os.PathLike, Iterable], out_dir: Optional[str] = None
           ) -> List[Item]:
    """Every input file: a path names a file; a glob pattern (``*``, ``?``,
    ``[…]``, ``**`` across folders) the files it matches, in name order; a
    folder every regular file under it (hidden ones skipped), each at its
    path below the folder. Raises FileNotFoundError for a path or pattern
    that names nothing, so a typo is not an empty run, and ValueError when
    out_dir is inside a folder given as input (as convert -r refuses it: a
    rerun would take the outputs for inputs). No stat per file: folders are
    listed, and a long list of paths is checked against listings of their
    folders."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    out_real = None if out_dir is None else os.path.realpath(out_dir)
    given = [os.fspath(x) for x in inputs]
    listed, folders = [], []
    for x, kind in zip(given, _kinds(given)):
        if kind == "dir":
            if out_real is not None and _inside(out_real, os.path.realpath(x)):
                raise ValueError(f"{out_dir}: inside the folder it would mirror ({x})")
            folders.append(x)
            continue
        if kind is None and _has_magic(x):
            matched = sorted(p for p in glob.glob(x, recursive=True) if os.path.isfile(p))
            if not matched:
                raise FileNotFoundError(f"{x}: no files match")
            listed.extend(matched)
            continue
        if kind is None:
            raise FileNotFoundError(f"{x}: no such file")
        listed.append(x)  # unreadable (kind False): the task says why
    absolute = list(map(_abs, listed))
    rels = relative_paths(listed, absolute)
    items = list(map(Item, listed, rels, absolute))
    for x in folders:
        cut = len(x) + (0 if x.endswith("/") else 1)  # _walk's paths are x joined to more
        items.extend(_walk(x, cut))
    return items


def read_list(path: str, nul: bool = False) -> List[str]:
    """Paths listed in a file ("-": standard input), one a line or
    NUL-separated, as ``--files-from`` reads them."""
    import sys

    data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    sep = b"\0" if nul else b"\n"
    return [os.fsdecode(p.rstrip(b"\r") if not nul else p) for p in data.split(sep) if p]


def typical_size(items: Sequence[Item]) -> int:
    """The mean size of up to SAMPLE inputs spread evenly over the list (a
    stat each, on the client): what tasks are sized by. The same inputs give
    the same figure, and so the same tasks (a rerun finds their journals)."""
    if not items:
        return 0
    step = max(1, len(items) // SAMPLE)
    sizes = []
    for it in items[::step][:SAMPLE]:
        try:
            sizes.append(os.stat(it.src).st_size)
        except OSError:
            pass
    return sum(sizes) // len(sizes) if sizes else 0


def part_bytes(total: int, threads: int, requested: Optional[int]) -> int:
    if requested:
        return max(1, int(requested))
    want = total // max(1, threads * TASKS_PER_THREAD)
    return max(PART_MIN_BYTES, min(PART_BYTES, want))


def partition(items: Sequence[Item], limit: int, typical: int, options: dict,
              max_files: int = PART_MAX_FILES, threads: int = 1) -> List[Part]:
    """Consecutive inputs in tasks of about limit bytes, counted as inputs
    of the typical size (at least one input a task, at most max_files).
    On more than one thread, the inputs of the last `threads` tasks are
    cut again into tasks a quarter of that size: the cluster takes tasks in
    order as threads free up, so the work each thread is left with at the
    end, when the others may have none, is a quarter task, not a whole one.
    Each task's key hashes its inputs' paths and the options; the journal a
    worker keeps under that key holds each input's size and time, so a rerun
    recognises finished work and a changed input or option is done again."""
    per = max(1, min(max_files, limit // max(1, typical)))
    starts = list(range(0, len(items), per))
    if len(starts) > threads > 1 and per >= TAIL_SPLIT:
        tail = starts[len(starts) - threads]
        starts = starts[:len(starts) - threads] + \
            list(range(tail, len(items), per // TAIL_SPLIT))
    opts = json.dumps(options, sort_keys=True).encode()
    parts = []
    for start, end in zip(starts, starts[1:] + [len(items)]):
        cur = tuple(items[start:end])
        h = hashlib.sha256(opts)
        h.update("\0".join(f"{it.path}\0{it.rel}" for it in cur)
                 .encode("utf-8", "surrogateescape"))
        parts.append(Part(len(parts), h.hexdigest()[:32], cur))
    return parts


def cut(items: Sequence[Item], kind: str, options: dict, threads: int,
        requested: Optional[int] = None) -> List[Part]:
    """The tasks of a run over items on a cluster of `threads` threads: sized
    by the typical input (part_bytes, or `requested` bytes a task) and cut
    by partition, the options and the kind in their keys."""
    typical = typical_size(items)
    limit = part_bytes(typical * len(items), threads, requested)
    return partition(items, limit, typical, {"kind": kind, **options}, threads=threads)
