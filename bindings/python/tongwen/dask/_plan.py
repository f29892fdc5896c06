"""The client's side of a run: which files, where each output goes, and how
they are cut into tasks."""

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


class Item(NamedTuple):
    path: str        # as given (or found), for messages and the manifest
    rel: str         # the output's path under the output folder
    size: int
    mtime_ns: int
    src: str         # absolute: what the workers open


@dataclasses.dataclass(frozen=True)
class Part:
    index: int
    key: str         # names the work: inputs as they are now and the options
    items: tuple


class Task:
    """What a worker gets: a partition's key and its inputs as (path, rel,
    size, src) tuples. A plain object on purpose: Dask walks lists, tuples
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
    how much of each path the item's relative path leaves out. One stat a
    file: a directory entry tells a regular file without one, and its stat
    is the item's size and time."""
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
            st = e.stat()
        except OSError:
            continue
        found.append(Item(e.path, e.path[cut:], st.st_size, st.st_mtime_ns, _abs(e.path)))
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
    absolute and normal (the usual case: a million of them)."""
    if p.startswith("/") and not p.startswith("//") and "/./" not in p and "/../" not in p \
            and "//" not in p and not p.endswith(("/.", "/..", "/")):
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


def expand(inputs: Union[str, os.PathLike, Iterable], out_dir: Optional[str] = None
           ) -> List[Item]:
    """Every input file: a path names a file; a glob pattern (``*``, ``?``,
    ``[…]``, ``**`` across folders) the files it matches, in name order; a
    folder every regular file under it (hidden ones skipped), each at its
    path below the folder. Raises FileNotFoundError for a path or pattern
    that names nothing, so a typo is not an empty run, and ValueError when
    out_dir is inside a folder given as input (as convert -r refuses it: a
    rerun would take the outputs for inputs). One stat per file: on an
    archive of millions, the client's planning is that stat."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    out_real = None if out_dir is None else os.path.realpath(out_dir)
    listed, folders = [], []
    for x in inputs:
        x = os.fspath(x)
        try:
            st = os.stat(x)
        except FileNotFoundError:
            st = None
        except OSError:
            st = False  # unreadable: the task says why
        if st and stat.S_ISDIR(st.st_mode):
            if out_real is not None and _inside(out_real, os.path.realpath(x)):
                raise ValueError(f"{out_dir}: inside the folder it would mirror ({x})")
            folders.append(x)
            continue
        if st is None and _has_magic(x):
            matched = sorted(p for p in glob.glob(x, recursive=True) if os.path.isfile(p))
            if not matched:
                raise FileNotFoundError(f"{x}: no files match")
            listed.extend((p, None) for p in matched)
            continue
        if st is None:
            raise FileNotFoundError(f"{x}: no such file")
        listed.append((x, st or None))
    paths = [p for p, _ in listed]
    absolute = [_abs(p) for p in paths]
    rels = relative_paths(paths, absolute)
    items = [Item(p, rel, st.st_size, st.st_mtime_ns, a) if st else _found(p, rel, a)
             for (p, st), rel, a in zip(listed, rels, absolute)]
    for x in folders:
        cut = len(x) + (0 if x.endswith("/") else 1)  # _walk's paths are x joined to more
        items.extend(_walk(x, cut))
    return items


def _found(path: str, rel: str, src: str) -> Item:
    """An input found by a pattern or in a folder (or not readable): its
    stat now."""
    try:
        st = os.stat(path)
    except OSError:
        return Item(path, rel, 0, 0, src)
    return Item(path, rel, st.st_size, st.st_mtime_ns, src)


def read_list(path: str, nul: bool = False) -> List[str]:
    """Paths listed in a file ("-": standard input), one a line or
    NUL-separated, as ``--files-from`` reads them."""
    import sys

    data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    sep = b"\0" if nul else b"\n"
    return [os.fsdecode(p.rstrip(b"\r") if not nul else p) for p in data.split(sep) if p]


def part_bytes(total: int, threads: int, requested: Optional[int]) -> int:
    if requested:
        return max(1, int(requested))
    want = total // max(1, threads * TASKS_PER_THREAD)
    return max(PART_MIN_BYTES, min(PART_BYTES, want))


def partition(items: Sequence[Item], limit: int, options: dict,
              max_files: int = PART_MAX_FILES) -> List[Part]:
    """Consecutive inputs in tasks of up to limit bytes (a bigger file is a
    task of its own). Each task's key hashes its inputs (path, size, mtime)
    and the options, so a rerun recognises finished work and a changed input
    or option is done again."""
    parts, cur, cur_bytes = [], [], 0
    opts = json.dumps(options, sort_keys=True).encode()

    def close():
        h = hashlib.sha256(opts)
        h.update("\0".join(f"{it.path}\0{it.rel}\0{it.size}\0{it.mtime_ns}" for it in cur)
                 .encode("utf-8", "surrogateescape"))
        parts.append(Part(len(parts), h.hexdigest()[:32], tuple(cur)))

    for it in items:
        if cur and (cur_bytes + it.size > limit or len(cur) >= max_files):
            close()
            cur, cur_bytes = [], 0
        cur.append(it)
        cur_bytes += it.size
    if cur:
        close()
    return parts
