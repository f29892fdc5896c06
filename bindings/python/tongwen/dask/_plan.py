"""The client's side of a run: which files, where each output goes, and how
they are cut into tasks."""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import json
import os
import stat
from typing import Iterable, List, Optional, Sequence, Union

# A task holds consecutive inputs up to this many bytes: large enough that
# Dask's per-task cost (a few ms) is noise, small enough that a killed worker
# costs little work and the cluster stays busy to the end.
PART_BYTES = 4 << 20
PART_MIN_BYTES = 256 << 10
PART_MAX_FILES = 5000
TASKS_PER_THREAD = 8


@dataclasses.dataclass(frozen=True)
class Item:
    path: str        # as given (or found), for reading and for messages
    rel: str         # the output's path under the output folder
    size: int
    mtime_ns: int


@dataclasses.dataclass(frozen=True)
class Part:
    index: int
    key: str         # names the work: inputs as they are now and the options
    items: tuple


def _has_magic(s: str) -> bool:
    return any(c in s for c in "*?[")


def _walk(root: str) -> List[str]:
    """Regular files below root in name order; hidden entries skipped, as
    ``tongwen convert -r`` does."""
    found = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for f in sorted(files):
            p = os.path.join(d, f)
            if not f.startswith(".") and os.path.isfile(p):
                found.append(p)
    return found


def _plain(p: str) -> bool:
    return not (p.startswith("/") or p.startswith("../") or "/../" in p or p == ".."
                or p.endswith("/.."))


def _strip_dot(p: str) -> str:
    while p.startswith("./"):
        p = p[2:].lstrip("/")
    return p


def relative_paths(paths: Sequence[str]) -> List[str]:
    """Where each listed input's output goes under the output folder, as
    ``tongwen convert FILE… -o DIR`` decides: relative paths without ".." as
    given (less a leading "./"); otherwise, for every input, the path below
    the inputs' common parent folder."""
    if all(_plain(p) for p in paths):
        return [_strip_dot(p) for p in paths]
    absolute = [os.path.abspath(p) for p in paths]
    common = os.path.commonpath([os.path.dirname(a) for a in absolute])
    cut = len(common) + (0 if common.endswith("/") else 1)
    return [a[cut:] for a in absolute]


def expand(inputs: Union[str, os.PathLike, Iterable]) -> List[Item]:
    """Every input file: a path names a file; a glob pattern (``*``, ``?``,
    ``[…]``, ``**`` across folders) the files it matches, in name order; a
    folder every regular file under it (hidden ones skipped), each at its
    path below the folder. Raises FileNotFoundError for a path or pattern
    that names nothing, so a typo is not an empty run. One stat per file:
    on an archive of millions, the client's planning is that stat."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    listed, from_dirs = [], []
    for x in inputs:
        x = os.fspath(x)
        try:
            st = os.stat(x)
        except FileNotFoundError:
            st = None
        except OSError:
            st = False  # unreadable: the task says why
        if st and stat.S_ISDIR(st.st_mode):
            for p in _walk(x):
                from_dirs.append((p, os.path.relpath(p, x), None))
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
    rels = relative_paths([p for p, _ in listed])
    pairs = [(p, rel, st) for (p, st), rel in zip(listed, rels)] + from_dirs
    items = []
    for path, rel, st in pairs:
        if st is None:
            try:
                st = os.stat(path)
            except OSError:
                st = None
        items.append(Item(path, rel, st.st_size if st else 0, st.st_mtime_ns if st else 0))
    return items


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

    def close():
        h = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
        for it in cur:
            h.update(json.dumps([it.path, it.rel, it.size, it.mtime_ns]).encode())
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
