#!/usr/bin/python3
"""Words a rule wrote twice: 控罪罪成 → 罪名罪名成立.

    doubled.py TONGWEN FILE|DIR… [--data-dir DIR] [--allow FILE] [--top N] [--fail]

Converts each file with hk2cn and with plain conversion (hk2s, the same
engine without tongwen's terms) and, line by line, counts each pair of Han
characters written twice in a row (XYXY) that hk2cn's line holds more often
than the plain one: a rewrite beside a neighbour that already says the same
(本港證監會 → 本港 → 香港 beside 證監會 → 香港证监会). Doubling the writer
wrote (說着說着) is in both and is not counted. Prints each doubled pair with
its count and one context, most frequent first. A DIR stands for every
.txt file under it. --allow: a file of pairs not counted, one per line
(pair<TAB>why; '#' comments): doubling across two words (未来 + 越来越). --fail:
exit 1 when any other is found (the test lexicon_doubled uses it).
--data-dir sets TONGWEN_DATA_DIR. Standard library only."""

import argparse
import collections
import os
import re
import subprocess
import sys

DOUBLE = re.compile(r"([\u3400-\u9fff]{2})\1")


def convert(tongwen, profile, path):
    r = subprocess.run([tongwen, "convert", "-p", profile, path], capture_output=True)
    if r.returncode:
        sys.exit(f"doubled.py: {path}: {r.stderr.decode('utf-8', 'replace').strip()}")
    return r.stdout.decode("utf-8").split("\n")


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for d, dirs, names in os.walk(p):
                dirs.sort()
                yield from (os.path.join(d, n) for n in sorted(names) if n.endswith(".txt"))
        else:
            yield p


def allowed(path):
    if not path:
        return set()
    with open(path, encoding="utf-8") as f:
        return {line.split("\t")[0].strip() for line in f
                if line.strip() and not line.startswith("#")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tongwen")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--data-dir")
    ap.add_argument("--allow")
    ap.add_argument("--top", type=int, default=60)
    ap.add_argument("--fail", action="store_true")
    a = ap.parse_args()
    if a.data_dir:
        os.environ["TONGWEN_DATA_DIR"] = a.data_dir
    allow = allowed(a.allow)
    count, where = collections.Counter(), {}
    for path in files(a.files):
        cn = convert(a.tongwen, "hk2cn", path)
        plain = convert(a.tongwen, "hk2s", path)
        for n, (c, p) in enumerate(zip(cn, plain), 1):
            got = collections.Counter(DOUBLE.findall(c))
            if not got:
                continue
            base = collections.Counter(DOUBLE.findall(p))
            for w, k in got.items():
                if k > base[w] and w not in allow:
                    count[w] += k - base[w]
                    if w not in where:
                        i = c.find(w + w)
                        where[w] = f"{path}:{n}: …{c[max(0, i - 12):i + 16]}…"
    for w, k in count.most_common(a.top):
        print(f"{k:5} {w}{w}  {where[w]}")
    print(f"doubled.py: {sum(count.values())} places, {len(count)} pairs", file=sys.stderr)
    return 1 if a.fail and count else 0


if __name__ == "__main__":
    sys.exit(main())
