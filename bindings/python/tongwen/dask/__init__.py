"""tongwen on a Dask cluster: archives of millions of files or JSON Lines
part-files, converted or checked by every core of every machine.

    from distributed import Client
    from tongwen.dask import convert_files, check_files, convert_jsonl

    client = Client("tcp://scheduler:8786")     # or Client(LocalCluster(...))
    report = convert_files(client, "/archive/**/*.html", "/out")
    print(report.summary, report.manifest)

Inputs are paths, glob patterns (``**`` crosses folders) or folders (every
regular file below, hidden ones skipped), read by the workers: on more than
one machine they must see the same paths (shared storage). Outputs land at
the path ``tongwen convert FILE… -o OUT`` would give them (a folder's files
at their path below it) and are byte for byte what the CLI writes.

Inputs are cut into tasks of a few MB. Each worker process loads the
profile (and lexicon) once and keeps it. A task writes its outputs as
temporary files beside their targets, makes them durable with one syncfs,
renames them into place and records the partition in a journal under
``OUT/.tongwen-dask/``: a rerun after a crash, an interrupt or a killed
worker skips the finished partitions, does the others again and ends with
exactly the outputs of an uninterrupted run, and no temporary file left.

Every run writes a manifest (JSON; by default ``OUT/.tongwen-dask/
manifest.json``): every input with its status, bytes in and out and
findings by severity, then a summary. ``python3 -m tongwen.dask --help``
runs all this from the command line.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
import uuid
from typing import Iterable, Optional, Sequence, Union

import tongwen

from . import _plan, _work
from ._manifest import Summary, Writer

__all__ = ["convert_files", "check_files", "convert_jsonl", "Report"]

Inputs = Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]


@dataclasses.dataclass
class Report:
    """What a run did. ``summary``: files, counts by status, errors, bytes in
    and out, findings by severity (and by rule for checks), tasks and tasks
    reused from an earlier run, seconds. ``manifest``: the manifest's path,
    or None when the records are kept in memory (check_files without
    manifest=)."""

    kind: str
    summary: dict
    manifest: Optional[str]
    _records: Optional[list] = None

    def records(self) -> list:
        """Every input's record, in input order (read from the manifest when
        it was written to a file)."""
        if self._records is not None:
            return self._records
        with open(self.manifest, encoding="utf-8") as f:
            return json.load(f)["inputs"]

    @property
    def ok(self) -> bool:
        return self.summary["errors"] == 0


def _threads(client) -> int:
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def _manifest_path(manifest, out_dir: Optional[str]) -> Optional[str]:
    if manifest == "auto":
        manifest = None if out_dir is None else os.path.join(
            out_dir, _work.JOURNAL_DIR, "manifest.json")
    if manifest is not None:
        manifest = os.fspath(manifest)
        if os.path.lexists(manifest) and not os.path.isfile(manifest):
            raise ValueError(f"{manifest}: exists and is not a regular file")
    return manifest


def _plan_items(inputs: Inputs, out_dir: Optional[str]):
    items = _plan.expand(inputs, out_dir)
    if not items:
        raise FileNotFoundError("no input files")
    if out_dir is not None:
        # an output can only replace its input when the output folder is
        # the input's folder or one of its parents
        out_abs = os.path.abspath(out_dir)
        prefix = out_abs.rstrip("/") + "/"
        inside = {d for d in {it.src.rpartition("/")[0] or "/" for it in items}
                  if d == out_abs or d.startswith(prefix)}
        for it in items if inside else ():
            if (it.src.rpartition("/")[0] or "/") in inside \
                    and os.path.normpath(os.path.join(out_abs, it.rel)) == it.src:
                raise ValueError(f"{it.path}: its output would replace it (output folder "
                                 f"{out_dir})")
    return items


def _drive(client, kind: str, fn, items, opts: dict, out_dir: Optional[str],
           manifest: Optional[str], partition_bytes: Optional[int]) -> Report:
    start = time.monotonic()
    parts = _plan.cut(items, kind, opts, _threads(client), partition_bytes)
    header = {"tongwen_dask": 1, "kind": kind, "tongwen": tongwen.version(),
              "options": opts}
    if out_dir is not None:
        header["out_dir"] = os.path.abspath(out_dir)
    writer = Writer(manifest, header)
    summary = Summary()
    run = uuid.uuid4().hex[:8]
    # workers resolve nothing against their own working folder
    if out_dir is not None:
        out_dir = os.path.abspath(out_dir)
    # the workers encode the manifest's lines (the client only writes them)
    # unless the records are kept in memory
    as_text = manifest is not None
    args = (out_dir, opts, as_text) if out_dir is not None else (opts, as_text)
    futures = {}
    try:
        from distributed import as_completed

        if out_dir is not None:
            # here, not on a worker: the client writes the manifest there too
            _work.sweep_stale(out_dir)
        # one submission for every task: Dask's per-call costs (it reads the
        # caller's source for its dashboard) are paid once
        tasks = [p.task() for p in parts]
        keys = [f"tongwen-{kind}-{p.index}-{run}" for p in parts]
        for p, f in zip(parts, client.map(fn, tasks, *[[a] * len(tasks) for a in args],
                                          key=keys, pure=False)):
            futures[f.key] = (p.index, f)
        done, next_index = {}, 0
        for f in as_completed([f for _, f in futures.values()]):
            index = futures[f.key][0]
            try:
                done[index] = f.result()
            except ModuleNotFoundError as e:
                raise RuntimeError(f"a worker cannot import {e.name}: install tongwen on every "
                                   "worker (cmake --install) or put it on its PYTHONPATH") from e
            f.release()
            while next_index in done:
                result = done.pop(next_index)
                writer.add(result)
                summary.merge(result["summary"], result["reused"])
                next_index += 1
        final = summary.as_dict(time.monotonic() - start, kind != "check")
        writer.finish(final)
    except BaseException:
        for _, f in futures.values():
            f.cancel()
        writer.abort()
        raise
    return Report(kind, final, manifest, writer.records)


def convert_files(client, inputs: Inputs, out_dir: Union[str, os.PathLike],
                  profile: str = "hk2cn", markup: str = "auto", *,
                  encoding: Optional[str] = None, output_encoding: Optional[str] = None,
                  check: bool = True, sync: bool = True, manifest="auto",
                  partition_bytes: Optional[int] = None, data_dir: Optional[str] = None
                  ) -> Report:
    """Converts files on the cluster into out_dir, as ``tongwen convert -p
    PROFILE --markup MARKUP FILE… -o OUT_DIR`` would, byte for byte.

    check: also check each output for the profile's region and record its
    findings by severity in the manifest (False: findings null, faster).
    sync: make outputs durable (one syncfs per task) before they are
    renamed into place. manifest: "auto" (OUT_DIR/.tongwen-dask/
    manifest.json) or a path. partition_bytes: bytes per task, counted as
    inputs of the size typical of a sample of them (default: up to 4 MB,
    smaller when there are few inputs per worker thread).
    A file that cannot be read or converted is an "error" record naming the
    file and the byte offset; the others are converted."""
    out_dir = os.fspath(out_dir)
    # an unknown profile fails here, once; the profile is kept, as a worker
    # keeps it, so a client that runs job after job loads it once
    _work.profile(profile, data_dir)
    if markup not in ("auto", "text", "html", "xml", "markdown", "md"):
        raise ValueError(f"markup must be auto, text, html, xml or markdown, not {markup!r}")
    items = _plan_items(inputs, out_dir)
    os.makedirs(out_dir, exist_ok=True)
    opts = {"profile": profile, "markup": markup, "encoding": encoding,
            "output_encoding": output_encoding, "check": bool(check), "sync": bool(sync),
            "data_dir": data_dir}
    return _drive(client, "convert", _work.convert_part, items, opts, out_dir,
                  _manifest_path(manifest, out_dir), partition_bytes)


def check_files(client, inputs: Inputs, target: Optional[str] = "cn", *,
                markup: str = "auto", encoding: Optional[str] = None, details: bool = True,
                manifest=None, partition_bytes: Optional[int] = None,
                data_dir: Optional[str] = None) -> Report:
    """Checks files on the cluster, as ``tongwen check --target TARGET FILE…``
    (each file's .tongwen.ini applies; target None: the ini's, else cn).

    Returns a Report whose records give, per input, its status ("checked",
    "ignored" by the ini, "error"), findings by severity and by rule, and
    with details=True every finding (rule, severity, message, text,
    suggestions, line/column in code points, offset/length in code points).
    With manifest=PATH the records go to that file as they arrive instead
    of memory (bounded memory on any archive)."""
    if target is not None and target not in ("cn", "hk", "tw"):
        raise ValueError(f"target must be cn, hk or tw, not {target!r}")
    items = _plan_items(inputs, None)
    opts = {"target": target, "markup": markup, "encoding": encoding,
            "details": bool(details), "data_dir": data_dir}
    return _drive(client, "check", _work.check_part, items, opts, None,
                  _manifest_path(manifest, None), partition_bytes)


def convert_jsonl(client, inputs: Inputs, out_dir: Union[str, os.PathLike],
                  fields: Sequence[str] = ("text",), profile: str = "hk2cn", *,
                  on_error: str = "fail", sync: bool = True, manifest="auto",
                  partition_bytes: Optional[int] = None) -> Report:
    """Converts JSON Lines part-files (a Spark or Hadoop export: a folder of
    part-00000…) into out_dir, each as ``tongwen convert --jsonl FIELDS
    PART`` writes it: the named string fields converted, every other byte
    of each record kept. on_error "fail": a bad record makes its part-file
    an error (no output); "skip": the record is left out and counted
    (skipped_records, messages) in the manifest. Small part-files share a
    task; a big one is a task of its own."""
    fields = [fields] if isinstance(fields, str) else list(fields)
    if not fields or any(not f or "," in f for f in fields) or len(set(fields)) != len(fields):
        raise ValueError("fields must be distinct non-empty names without commas, "
                         f"not {fields!r}")
    if on_error not in ("fail", "skip"):
        raise ValueError(f"on_error must be fail or skip, not {on_error!r}")
    out_dir = os.fspath(out_dir)
    _work.profile(profile)  # an unknown profile fails here (kept: see convert_files)
    items = _plan_items(inputs, out_dir)
    os.makedirs(out_dir, exist_ok=True)
    opts = {"profile": profile, "fields": fields, "on_error": on_error, "sync": bool(sync)}
    return _drive(client, "jsonl", _work.jsonl_part, items, opts, out_dir,
                  _manifest_path(manifest, out_dir), partition_bytes)
