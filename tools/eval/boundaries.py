#!/usr/bin/env python3
"""List hk2cn's term rewrites that cut a word of the plain conversion.

  PYTHONPATH=build/python python3 tools/eval/boundaries.py [--min N] [--profile P] FILE...

A term rule that begins or ends inside a word of the sentence rewrites that
word too: 展延 → 延期 in 香港書展延期 gave 香港书延期期, 登入 → 登录 in 拜登入主白宮
gave 拜登录主白宫. This finds the candidates on any amount of copy, without
annotation. For each line of each FILE (UTF-8 text) it converts with hk2cn
(--profile hk2cn-tw: as Taiwan copy, as hk2cn converts a document it finds
Taiwanese), aligned (tongwen.Profile.convert_aligned), and with hk2s-std
(plain character conversion), and segments the plain line with jieba (Debian's
python3-jieba, a Mainland word list). A term span (a rewrite by a term
table) is listed when a jieba word runs across its start (side L) or its end
(side R) and the rewrite changes the characters that word shares with the
term: a rewrite that leaves them as the plain conversion writes them (大部份
→ 大部分, 銀行帳戶 → 银行账户) keeps the word whole and is not listed. Lines
whose plain conversion changes their length are skipped (offsets would not
line up).

Output, most frequent first, one line per (term, side, word):
COUNT<TAB>TERM<TAB>SIDE<TAB>JIEBA WORD<TAB>up to three contexts
"12[源→译]34". Most lines are jieba's own misreadings (指數收市報 read as
收市报); a reader decides each, and a real one gets a keep or a framed
row in dicts/terms (the thirty-fourth session's rows cite this tool). The
copy read stays outside the repository, as for audit.py.
"""
import collections
import sys

from aligned import aligned_lines  # beside this script


def main():
    args = sys.argv[1:]
    least, profile = 1, "hk2cn"
    while args[:1] in (["--min"], ["--profile"]) and len(args) > 1:
        if args[0] == "--min":
            least = int(args[1])
        else:
            profile = args[1]
        args = args[2:]
    if not args:
        sys.exit(__doc__)
    try:
        import jieba
        import tongwen
    except ImportError as e:
        sys.exit(f"boundaries: {e} (python3-jieba, and PYTHONPATH=build/python for tongwen)")
    jieba.setLogLevel(60)
    cn, std = tongwen.Profile(profile), tongwen.Profile("hk2s-std")
    hits = collections.defaultdict(list)
    lines = skipped = 0
    for line, out, spans in aligned_lines(cn, args, "boundaries"):
        lines += 1
        terms = [s for s in spans if s[6] == "term"]
        if not terms:
            continue
        plain = std.convert(line)
        if len(plain) != len(line):
            skipped += 1
            continue
        inside = {}  # offset -> (start, end, word) of a word covering it, not at its start
        pos = 0
        for w in jieba.cut(plain, HMM=False):
            for k in range(pos + 1, pos + len(w)):
                inside[k] = (pos, pos + len(w), w)
            pos += len(w)
        for s in terms:
            a, b = s[0], s[0] + s[1]
            o, p = out[s[2]:s[2] + s[3]], plain[a:b]
            cut = []
            if a in inside and inside[a][0] < a:
                k = min(inside[a][1], b) - a
                if not o.startswith(p[:k]):
                    cut.append(("L", inside[a][2]))
            if b in inside and inside[b][1] > b:
                k = b - max(inside[b][0], a)
                if not o.endswith(p[-k:]):
                    cut.append(("R", inside[b][2]))
            for side, w in cut:
                hits[(line[a:b], side, w)].append(
                    f"{line[max(0, a - 12):a]}[{line[a:b]}→{o}]{line[b:b + 12]}")
    print(f"boundaries: {lines} lines, {skipped} skipped (plain conversion changed their "
          f"length), {len(hits)} (term, side, word) listed", file=sys.stderr)
    for (src, side, w), ex in sorted(hits.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(ex) >= least:
            print(f"{len(ex)}\t{src}\t{side}\t{w}\t" + " | ".join(ex[:3]))


if __name__ == "__main__":
    main()
