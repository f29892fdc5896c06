#!/usr/bin/env python3
"""Find term rules that fire across a word boundary.

  straddle.py TONGWEN DICTS_DIR [JIEBA_DICT] [--min-count N] [--per-char K]

hk2cn segments by longest match from the left (OpenCC's method), so a
two-character term key XY fires inside two words A X + Y B unless A X is a
segmentation key (dicts/segment/words.txt). For every bare convert or
convert-tw key of two characters in DICTS_DIR/terms, this puts the K most
frequent two-character words of jieba's Mainland list (count >= N) that end in
X before the K most frequent that start with Y, in Traditional as s2hk writes
them (A X Y B), converts each pair with hk2cn (in the key's register) and with
hk2s-std, and lists the pairs where hk2cn changes the text: a rule fired where
the words are two. Most pairs are nonsense sentences; the list, ranked by the
product of the two words' counts, is for review: a real two-word reading
wants its first word in dicts/segment/words.txt, or the rule narrowed to
contexts. Prints: rank score, register, file, key, pair, hk2cn output.
Exits 2 on a usage or conversion error.
"""
import collections
import glob
import os
import subprocess
import sys


def run(cmd, lines):
    p = subprocess.run(cmd, input="\n".join(lines) + "\n", capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"straddle.py: {' '.join(cmd)} failed: {p.stderr.strip()}")
    out = p.stdout.split("\n")
    return out[:len(lines)]


def main(argv):
    args, opts = [], {"--min-count": 3000, "--per-char": 10}
    it = iter(argv[1:])
    for a in it:
        if a in opts:
            opts[a] = int(next(it, "0"))
        else:
            args.append(a)
    if len(args) not in (2, 3):
        sys.exit(__doc__.strip().split("\n\n")[1])
    tongwen, dicts = args[0], args[1]
    jieba = args[2] if len(args) == 3 else "/usr/lib/python3/dist-packages/jieba/dict.txt"
    counts = {}
    with open(jieba, encoding="utf-8") as f:
        for line in f:
            w, c = line.split()[:2]
            if len(w) == 2 and int(c) >= opts["--min-count"]:
                counts[w] = int(c)
    ends, starts = collections.defaultdict(list), collections.defaultdict(list)
    for w, _ in sorted(counts.items(), key=lambda x: -x[1]):
        if len(ends[w[1]]) < opts["--per-char"]:
            ends[w[1]].append(w)
        if len(starts[w[0]]) < opts["--per-char"]:
            starts[w[0]].append(w)
    keys = []
    for path in sorted(glob.glob(os.path.join(dicts, "terms", "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                c = line.rstrip("\n").split("\t")
                if line.startswith("#") or len(c) < 4 or c[2] not in ("convert", "convert-tw"):
                    continue
                if "{" not in c[0] and len(c[0]) == 2:
                    keys.append((c[0], "tw" if c[2] == "convert-tw" or c[3] == "tw" else "hk",
                                 os.path.basename(path)))
    plain_keys = run([tongwen, "convert", "-p", "hk2s-std"], [k for k, _, _ in keys])
    words = sorted(counts)
    trad = dict(zip(words, run(["opencc", "-c", "s2hk"], words)))
    pairs = []
    for (key, reg, name), s in zip(keys, plain_keys):
        for a in ends.get(s[0], []):
            for b in starts.get(s[1], []):
                pairs.append((counts[a] * counts[b], reg, name, key, trad[a] + trad[b]))
    texts = [p[-1] for p in pairs]
    plain = run([tongwen, "convert", "-p", "hk2s-std"], texts)
    found = []
    for reg in ("hk", "tw"):
        out = run([tongwen, "convert", "-p", "hk2cn", "--register", reg], texts)
        for p, o, q in zip(pairs, out, plain):
            if p[1] == reg and o != q:
                found.append(p + (o,))
    found.sort(key=lambda p: -p[0])
    for p in found:
        print("\t".join(map(str, p)))
    print(f"straddle.py: {len(keys)} two-character keys, {len(pairs)} word pairs, "
          f"{len(found)} where a rule fires across the two words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
