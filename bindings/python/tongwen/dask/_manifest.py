"""The manifest: one JSON document listing every input with its status,
bytes in and out and findings by severity, written as the partitions finish
(in input order, so the client holds at most the partitions that finished
early) into a temporary file renamed into place at the end."""

from __future__ import annotations

import json
import os
import uuid
from typing import Optional

SEVERITIES = ("error", "warning", "info")


_encoder = json.JSONEncoder(ensure_ascii=False)  # json.dumps makes one a call


def encode(records) -> str:
    """A partition's records as the manifest's lines (without the separator
    before the first): JSON is made on the workers, in parallel, and the
    client only writes it."""
    return ",\n  ".join(map(_encoder.encode, records))


def count(records) -> dict:
    """A partition's share of the summary (Summary.merge adds them up)."""
    status, findings, rules = {}, {}, {}
    errors = bytes_in = bytes_out = 0
    for r in records:
        status[r["status"]] = status.get(r["status"], 0) + 1
        errors += r["status"] == "error"
        bytes_in += r.get("bytes_in") or 0
        bytes_out += r.get("bytes_out") or 0
        for s, n in (r.get("findings") or {}).items():
            findings[s] = findings.get(s, 0) + n
        for rule, n in (r.get("rules") or {}).items():
            rules[rule] = rules.get(rule, 0) + n
    return {"files": len(records), "status": status, "errors": errors, "bytes_in": bytes_in,
            "bytes_out": bytes_out, "findings": findings, "rules": rules}


class Summary:
    def __init__(self):
        self.files = 0
        self.status = {}
        self.errors = 0
        self.bytes_in = 0
        self.bytes_out = 0
        self.findings = {s: 0 for s in SEVERITIES}
        self.rules = {}
        self.tasks = 0
        self.tasks_reused = 0

    def merge(self, part: dict, reused: bool) -> None:
        self.tasks += 1
        self.tasks_reused += reused
        self.files += part["files"]
        self.errors += part["errors"]
        self.bytes_in += part["bytes_in"]
        self.bytes_out += part["bytes_out"]
        for mine, theirs in ((self.status, part["status"]), (self.findings, part["findings"]),
                             (self.rules, part["rules"])):
            for k, n in theirs.items():
                mine[k] = mine.get(k, 0) + n

    def as_dict(self, seconds: float, with_bytes_out: bool) -> dict:
        d = {"files": self.files, "status": dict(sorted(self.status.items())),
             "errors": self.errors, "bytes_in": self.bytes_in}
        if with_bytes_out:
            d["bytes_out"] = self.bytes_out
        d["findings"] = self.findings
        if self.rules:
            d["rules"] = dict(sorted(self.rules.items()))
        d.update(tasks=self.tasks, tasks_reused=self.tasks_reused, seconds=round(seconds, 3))
        return d


class Writer:
    """Streams records into path (None: keeps them in memory instead)."""

    def __init__(self, path: Optional[str], header: dict):
        self.path = path
        self.records = [] if path is None else None
        self._f = None
        self._first = True
        if path is not None:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            self._tmp = f"{path}.{uuid.uuid4().hex[:8]}.tw-tmp"
            self._f = open(self._tmp, "w", encoding="utf-8")
            head = json.dumps(header, ensure_ascii=False, indent=1)
            self._f.write(head[:head.rfind("}")].rstrip() + ',\n "inputs": [')

    def add(self, result: dict) -> None:
        """A partition's result: its lines (manifest written to a file) or
        its records (kept in memory)."""
        if self._f is None:
            self.records.extend(result["records"])
            return
        if result["text"]:
            self._f.write(("\n  " if self._first else ",\n  ") + result["text"])
            self._first = False

    def finish(self, summary: dict) -> None:
        if self._f is None:
            return
        self._f.write("\n ],\n \"summary\": " + json.dumps(summary, ensure_ascii=False) + "\n}\n")
        self._f.flush()
        os.fsync(self._f.fileno())
        self._f.close()
        self._f = None
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None
            os.unlink(self._tmp)
