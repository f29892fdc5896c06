#!/usr/bin/env python3
"""List words the lexicon rewrites only inside frames, and where real copy
uses them outside the frames.

  tools/eval/frame_only.py [--dicts DIR] [--opencc BIN] [--top N] FILE...

A frame row converts a word X only beside its listed neighbours:
{二手|樓市|…}交投 → {}成交 rewrites 交投 after 二手 or 樓市 and nowhere
else. That is right when X alone is Mainland usage in other senses, and a
miss when the copy puts X beside a neighbour the frame never listed
(期指交投). For each such X (the fixed part of a convert row, or with --tw
of a convert-tw row, whose group is at its start or end, which plain
conversion writes otherwise and which has no convert row of its own) this
counts the occurrences of X in the FILEs (UTF-8 text) and those no convert
key covers, and prints, most uncovered first:

  X  Mainland-form  rows  occurrences  uncovered  left  right  context  files

with the most frequent neighbours (two characters; / for a line break) of
the uncovered occurrences, one of them in context and the dicts/terms files
holding the frames: what a reviewer needs to widen a frame or to decide X
alone. Nothing is written.
Standard library only (opencc for plain conversion), and score_eval.py
beside it for the expansion of a row's {a|b} group.
"""

import argparse
import collections
import glob
import os
import re
import subprocess
import sys

from score_eval import expand_key  # beside this script

GROUP = re.compile(r"\{([^{}]*)\}")


def read_rows(dicts):
    """(source, Mainland value, kind, file name) of every term row."""
    rows = []
    for path in sorted(glob.glob(os.path.join(dicts, "terms", "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                c = line.rstrip("\n").split("\t")
                if not line.startswith("#") and len(c) >= 3:
                    rows.append((c[0], c[1], c[2], os.path.basename(path)))
    return rows


def frame_words(rows, kind_wanted):
    """{X: (Mainland form, number of rows, files)} for the fixed part X of
    frame rows whose group is at the start or the end."""
    found = {}
    for src, dst, kind, path in rows:
        if kind != kind_wanted or src.count("{") != 1 or "|" in dst:
            continue
        m = GROUP.search(src)
        if m.start() == 0 and dst.startswith("{}"):
            word, value = src[m.end():], dst[2:]
        elif m.end() == len(src) and dst.endswith("{}"):
            word, value = src[:m.start()], dst[:-2]
        else:
            continue
        if len(word) >= 2 and "{" not in value:
            prev = found.get(word)
            found[word] = (value, (prev[1] if prev else 0) + 1,
                           (prev[2] if prev else set()) | {path})
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--dicts", default="dicts")
    ap.add_argument("--opencc", default="opencc")
    ap.add_argument("--top", type=int, default=200)
    ap.add_argument("--tw", action="store_true",
                    help="frames of convert-tw rows (Taiwan copy) instead of convert rows")
    args = ap.parse_args()

    rows = read_rows(args.dicts)
    convert = [k for src, _, kind, _ in rows if kind.startswith("convert") for k in expand_key(src)]
    bare = set(convert)
    kind = "convert-tw" if args.tw else "convert"
    words = {w: v for w, v in frame_words(rows, kind).items() if w not in bare}
    order = sorted(words)
    plain = subprocess.run([args.opencc, "-c", "hk2s"], input="\n".join(order),
                           capture_output=True, text=True, check=True).stdout.split("\n")
    # a word plain conversion already writes in its Mainland form is no rewrite
    words = {w: words[w] for w, p in zip(order, plain) if p != words[w][0]}

    text = ""
    for path in args.files:
        try:
            with open(path, encoding="utf-8") as f:
                text += f.read() + "\n"
        except (OSError, UnicodeDecodeError) as e:
            sys.exit(f"frame_only.py: {path}: {e}")

    table = []
    for word, (value, nrows, files) in words.items():
        keys = [(k, k.find(word)) for k in convert if word in k]
        total, free, left, right, ctx = 0, 0, collections.Counter(), collections.Counter(), ""
        at = text.find(word)
        while at >= 0:
            total += 1
            if not any(text.startswith(k, at - off) for k, off in keys if off <= at):
                free += 1
                left[text[max(0, at - 2):at]] += 1
                right[text[at + len(word):at + len(word) + 2]] += 1
                ctx = ctx or text[max(0, at - 12):at + len(word) + 12].replace("\n", " ")
            at = text.find(word, at + len(word))
        if free:
            table.append((free, total, word, value, nrows, left, right, ctx,
                          ",".join(sorted(files))))
    table.sort(key=lambda r: (-r[0], r[2]))
    print(f"# {len(words)} words rewritten only in frames; {len(table)} occur outside them "
          f"in {len(args.files)} files ({sum(r[0] for r in table)} occurrences)")
    for free, total, word, value, nrows, left, right, ctx, files in table[:args.top]:
        common = lambda c: " ".join(f"{k.replace(chr(10), '/')}:{n}" for k, n in c.most_common(6))
        print(f"{word}\t{value}\t{nrows}\t{total}\t{free}\t{common(left)}\t{common(right)}"
              f"\t{ctx}\t{files}")


if __name__ == "__main__":
    main()
