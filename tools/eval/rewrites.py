#!/usr/bin/env python3
"""Count hk2cn's term rewrites on real copy, most frequent first, with contexts.

  PYTHONPATH=build/python python3 tools/eval/rewrites.py [--top N] [--contexts K]
      [--min M] [--profile P] FILE...

Every line of every FILE (UTF-8 text) is converted with hk2cn, aligned
(tongwen.Profile.convert_aligned). A span a term table wrote counts as a
rewrite when its output is not what plain character conversion (hk2s-std)
writes for the same source: 本港 → 香港 counts, 數碼港 → 数码港 (a keep) does
not. Prints one line per kind of rewrite:

  count <TAB> source <TAB> output <TAB> context | context | ...

With --vetoed, the spans the name guard kept from a rewrite instead:

  count <TAB> source <TAB> reason (name, suffix, title, quote …) <TAB> contexts

which shows where the guard keeps a word of running text unconverted (web
addresses, copied as they are, are left out).
Either way, with up to K contexts (default 3: the first occurrences met and a late
one), the rewrite marked [source→output] with about a dozen
characters on each side. That is what an audit of the rewrites needs: each
kind read in several contexts of copy the rows were not written from. A
summary goes to standard error. Nothing is written.
"""
import argparse
import collections
import sys

import tongwen

from aligned import aligned_lines  # beside this script


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--top", type=int, default=0, help="print only the N most frequent (0: all)")
    ap.add_argument("--contexts", type=int, default=3)
    ap.add_argument("--min", type=int, default=1, help="leave out kinds seen fewer times")
    ap.add_argument("--profile", default="hk2cn")
    ap.add_argument("--vetoed", action="store_true",
                    help="list the name guard's vetoes instead of the rewrites")
    a = ap.parse_args()
    conv, plain = tongwen.Profile(a.profile), tongwen.Profile("hk2s-std")
    count = collections.Counter()
    seen = collections.defaultdict(list)  # kind -> every context, capped below
    lines = 0
    for line, out, spans in aligned_lines(conv, a.files, "rewrites"):
        lines += 1
        for sp in spans:
            s, sl, d, dl = sp[:4]
            src, dst = line[s:s + sl], out[d:d + dl]
            if a.vetoed:
                if not sp[7] or sp[7] == "url":  # an address is no word
                    continue
                dst = sp[7]
            elif sp[6] != "term" or plain.convert(src) == dst:
                continue
            k = (src, dst)
            count[k] += 1
            ctx = seen[k]
            text = f"{line[max(0, s - 12):s]}[{src}→{dst}]{line[s + sl:s + sl + 10]}"
            # the first K - 1 stay; the last slot takes a later one now and then
            if len(ctx) < max(a.contexts, 1):
                ctx.append(text)
            elif count[k] % 2 == 0:
                ctx[-1] = text
    kinds = [(k, n) for k, n in count.most_common(a.top or None) if n >= a.min]
    for (src, dst), n in kinds:
        print(f"{n}\t{src}\t{dst}\t{' | '.join(seen[(src, dst)][:a.contexts])}")
    print(f"rewrites: {lines} lines, {sum(count.values())} rewrites of {len(count)} kinds, "
          f"{len(kinds)} printed", file=sys.stderr)


if __name__ == "__main__":
    main()
