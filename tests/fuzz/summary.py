#!/usr/bin/env python3
"""Writes the per-target table of tests/fuzz/README.md from results.tsv
(one row per fuzzing run, as tests/fuzz/run.sh recorded libFuzzer's own
figures), between the <!-- results --> markers."""
import csv
import sys

results, readme = sys.argv[1], sys.argv[2]
order = ["convert", "check", "config", "xml", "doc_html", "doc_xml", "doc_markdown", "lsp"]
per = {}
with open(results, newline="") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        per.setdefault(row["target"], []).append(row)


def total(rows, key):
    return sum(int(r[key]) for r in rows if r[key].isdigit())


lines = [
    "| target | runs | seconds fuzzed | executions | edges covered (last run) | "
    "instrumented counters | findings |",
    "|---|---:|---:|---:|---:|---:|---|",
]
for t in sorted(per, key=lambda t: (order.index(t) if t in order else 99, t)):
    rows = per[t]
    found = [r["result"] for r in rows if r["result"] != "ok"]
    lines.append("| fuzz_%s | %d | %d | %d | %s | %s | %s |" % (
        t, len(rows), total(rows, "seconds"), total(rows, "executions"),
        rows[-1]["edges"], rows[-1]["instrumented"],
        "; ".join(found) if found else "none"))
table = "\n".join(lines)

text = open(readme).read()
start, end = "<!-- results -->", "<!-- /results -->"
i, j = text.index(start) + len(start), text.index(end)
open(readme, "w").write(text[:i] + "\n" + table + "\n" + text[j:])
