#!/usr/bin/env python3
"""List what tongwen's own checker still flags in hk2cn's output.

  PYTHONPATH=build/python tools/eval/leftover.py [--data-dir DIR] [--top N] FILE...

Converts each line of each FILE (UTF-8 text; lines are converted one at a
time, each read for its own register as hk2cn reads a document) with hk2cn,
checks the result with `--target cn` rules, and keeps the term/convert
findings: places where a convert row's Mainland form is known but
conversion did not write it. With the aligned spans of the line's
conversion each is put in one of four kinds:

  frame  a longer rule fired over the place and wrote the flagged text: a
         frame took part of a word another row converts (陳官續指 came out
         陈法官续指 while 續指 → 还指出); fix the frame's value or add a
         longer one
  plain  no rule touched the place: a segmentation key took a character
         out of the word (書簽 inside 證書 + 簽發予), the copy spells the
         word another way (搜證 beside 蒐證), or the checker misreads
         Simplified text (一台 read as 一枱)
  simp   the source line already had the flagged text (copy pasted in
         Simplified script): nothing for hk2cn to do
  guard  the name guard kept the rule off (read it: a name, or the guard
         misjudging a run)

Prints a summary by kind, then the flagged words by kind and count with one
context and the spans over it, most frequent first (--top N per kind,
default 40). Nothing is written; any amount of copy can be read.
"""

import argparse
import collections
import sys

import tongwen


def classify(line, profile, flagged):
    """(kind, spans) for each flagged (text, start, end) of the line's
    conversion."""
    out, spans = profile.convert_aligned(line)
    result = []
    for text, a, b in flagged:
        over = [(line[so:so + sl], out[do:do + dl], kind, guard)
                for so, sl, do, dl, _step, _dict, kind, guard in spans
                if do < b and do + dl > a]
        source = "".join(s for s, _, _, _ in over)
        if text in source:
            kind = "simp"
        elif any(k == "term" for _, _, k, _ in over):
            kind = "frame"
        elif any(g for _, _, _, g in over):
            kind = "guard"
        else:
            kind = "plain"
        result.append((kind, out[max(0, a - 8):b + 6],
                       [(s, o, k or "", g or "") for s, o, k, g in over if k == "term" or g]))
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    profile = tongwen.Profile("hk2cn", data_dir=args.data_dir)
    lex = tongwen.Lexicon(args.data_dir)
    found = collections.defaultdict(list)
    lines = 0
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip():
                    continue
                lines += 1
                out = profile.convert(line)
                flagged = [(x.text, x.column - 1, x.end_column - 1)
                           for x in lex.check(out, target="cn") if x.rule == "term/convert"]
                if not flagged:
                    continue
                for (text, _, _), (kind, ctx, over) in zip(flagged,
                                                          classify(line, profile, flagged)):
                    found[(kind, text)].append((ctx, over))
    per_kind = collections.Counter()
    for (kind, _), v in found.items():
        per_kind[kind] += len(v)
    print(f"{lines} lines converted and checked; term/convert findings on hk2cn's output: "
          + ", ".join(f"{k} {per_kind[k]}" for k in ("frame", "plain", "guard", "simp")))
    for kind in ("frame", "plain", "guard", "simp"):
        rows = sorted(((t, v) for (k, t), v in found.items() if k == kind),
                      key=lambda tv: (-len(tv[1]), tv[0]))
        for text, v in rows[:args.top]:
            ctx, over = v[0]
            print(f"{kind}\t{text}\t{len(v)}\t{ctx}\t"
                  + "; ".join(f"{s}→{o} ({k}{' guard ' + g if g else ''})" for s, o, k, g in over))


if __name__ == "__main__":
    sys.exit(main())
