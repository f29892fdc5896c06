#!/usr/bin/env python3
"""Converts every example sentence of dicts/examples/ with hk2cn, one
sentence at a time, and checks the result with tongwen's own checker.

usage: examples_check.py DATA_DIR EXAMPLES_DIR KNOWN.tsv

A term/convert finding on hk2cn's output is a place conversion left for the
checker to flag: a longer row took part of a word another row converts
(無牌售酒 + 處所, 愛滋病毒 + 測試), or a segmentation key took a character out
of the word (書簽 inside 證書 + 簽發予). Fails on any such finding except
those of KNOWN.tsv ("file:line TAB flagged text TAB why", read and left).
"""
import glob
import os
import sys

import tongwen


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[3])
    data_dir, examples, known_path = sys.argv[1:]
    known = {}
    for line in open(known_path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            where, text, _why = line.rstrip("\n").split("\t", 2)
            known[(where, text)] = False
    profile = tongwen.Profile("hk2cn", data_dir=data_dir)
    lex = tongwen.Lexicon(data_dir)
    sentences = flagged = 0
    for path in sorted(glob.glob(os.path.join(examples, "*.txt"))):
        name = os.path.basename(path)
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            sentences += 1
            out = profile.convert(line)
            for f in lex.check(out, target="cn"):
                if f.rule != "term/convert":
                    continue
                key = (f"{name}:{n}", f.text)
                if key in known:
                    known[key] = True
                    continue
                flagged += 1
                print(f"FAIL {name}:{n}: {f.text} → {'/'.join(f.suggestions)} in: {out}")
    for (where, text), seen in sorted(known.items()):
        if not seen:
            flagged += 1
            print(f"FAIL {where} {text}: listed in {known_path} but no longer flagged (remove it)")
    print(f"{sentences} example sentences converted and checked, "
          f"{sum(known.values())} known, {flagged} flagged")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
