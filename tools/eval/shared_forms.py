#!/usr/bin/python3
"""Forms of the checker's lexicon whose verdict the word-as-written rule decides.

When one form belongs to several rows of lexicon.tsv, the checker takes a keep
row first, then the row whose source is the form itself over one that reaches
the form through plain conversion (意欲, a word of its own, over the 意慾 row
whose Simplified form it is), then a convert row, then the first in the file
(lib/check/lexicon.c, row_rank). This lists every form where that rule picks
a row with another action or other suggestions than the order without it
(keep, convert, the rest) would, and prints how many there are.

usage: shared_forms.py LEXICON.tsv   (build/share/tongwen/lexicon.tsv)
"""
import collections
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = collections.defaultdict(list)
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) >= 6:
                rows[c[0]].append((c[1], c[2], c[5]))

    def without(form, r):
        return 0 if r[1] == "keep" else 1 if r[1] == "convert" else 2

    def with_rule(form, r):
        if r[1] == "keep":
            return 0
        return 1 + 2 * (r[0] != form) + (r[1] != "convert")

    changed = 0
    for form, rs in rows.items():
        old = min(range(len(rs)), key=lambda i: (without(form, rs[i]), i))
        new = min(range(len(rs)), key=lambda i: (with_rule(form, rs[i]), i))
        if rs[old][1:] != rs[new][1:]:
            changed += 1
            print(f"{form}\twithout the rule: {rs[old][0]} {rs[old][1]} {rs[old][2]}"
                  f"\twith it: {rs[new][0]} {rs[new][1]} {rs[new][2]}")
    print(f"{len(rows)} forms, {changed} decided by the word-as-written rule")


if __name__ == "__main__":
    main()
