#!/usr/bin/env python3
"""Find term rules that fire across a word boundary.

  straddle.py TONGWEN DICTS_DIR [JIEBA_DICT] [--min-count N] [--per-char K]
  straddle.py TONGWEN --keys FILE [JIEBA_DICT] [--min-count N] [--per-char K] [--in COPY,...]

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

--keys FILE (one Traditional key a line, any length: the keys a change
adds) looks wider: at every split of each key into a head and a tail, the
K most frequent jieba words of two or three characters (count >= N,
default 20 here) that end in the head but are longer go before the K most
frequent that start with the tail, and a pair is listed when hk2cn (Hong
Kong and Taiwan register) writes it otherwise than its two words converted
apart: a key fired across the two words (the nineteenth session's helpers
found 足球員 in 滿足 + 球員, 業主權益 in 小 + 業主 + 權益, 中心商業區 in 市中心 +
商業區 this way). Prints: register, key, pair, hk2cn output. With --in (text
files, comma-separated), only the pairs real copy holds, each with its number
of occurrences there, most frequent first: most pairs jieba's words make are
sentences nobody writes, and the few that copy holds are the ones to read
(the forty-sixth session found 售賣 + 地氈, 實施 + 襲擊 and 和平 + 機會 this
way on the Citizen News, RTHK and RTI/PTS archives).
Exits 2 on a usage or conversion error.
"""
import collections
import glob
import os
import subprocess
import sys


def fail(message):
    """Exits 2 with message on stderr (a usage or conversion error)."""
    print(message, file=sys.stderr)
    sys.exit(2)


def number(opts, name, default):
    """The integer value of option name, default when not given."""
    try:
        return int(opts[name]) if opts[name] is not None else default
    except ValueError:
        fail(f"straddle.py: {name} wants a number, not {opts[name]!r}")


def run(cmd, lines):
    p = subprocess.run(cmd, input="\n".join(lines) + "\n", capture_output=True, text=True)
    if p.returncode:
        fail(f"straddle.py: {' '.join(cmd)} failed: {p.stderr.strip()}")
    out = p.stdout.split("\n")
    return out[:len(lines)]


def occurrences(paths, texts):
    """How often each string of texts occurs in the files paths (a scan of
    every position for every length the strings have)."""
    lengths = sorted({len(s) for s in texts})
    counts = collections.Counter()
    for path in paths:
        try:
            f = open(path, encoding="utf-8")
        except OSError as e:
            fail(f"straddle.py: {path}: {e.strerror}")
        with f:
            for line in f:
                for i in range(len(line)):
                    for n in lengths:
                        if line[i:i + n] in texts:
                            counts[line[i:i + n]] += 1
    return counts


def keys_mode(tongwen, keyfile, jieba, min_count, per, copy=None):
    """--keys: every split of every key of keyfile, jieba's words around it."""
    keys = [l.strip() for l in open(keyfile, encoding="utf-8") if l.strip() and not l.startswith("#")]
    heads, tails = collections.defaultdict(list), collections.defaultdict(list)
    words = []
    with open(jieba, encoding="utf-8") as f:
        for line in f:
            w, c = line.split()[:2]
            if 2 <= len(w) <= 3 and int(c) >= min_count:
                words.append((int(c), w))
    for _, w in sorted(words, reverse=True):
        for j in range(1, len(w)):
            if len(heads[w[j:]]) < per:
                heads[w[j:]].append(w)       # w ends in w[j:] and is longer
        for j in range(1, len(w) + 1):
            if len(tails[w[:j]]) < per:
                tails[w[:j]].append(w)       # w starts with w[:j]
    simple = run([tongwen, "convert", "-p", "hk2s-std"], keys)
    pairs = []
    for key, s in zip(keys, simple):
        if len(s) != len(key):
            continue
        for i in range(1, len(s)):
            for a in heads.get(s[:i], []):
                for b in tails.get(s[i:], []):
                    pairs.append((key, a, b))
    texts = sorted({a for _, a, _ in pairs} | {b for _, _, b in pairs} | {a + b for _, a, b in pairs})
    trad = dict(zip(texts, run(["opencc", "-c", "s2hk"], texts)))
    found, flagged = 0, []
    for reg in ("hk", "tw"):
        src = sorted(set(trad.values()))
        conv = dict(zip(src, run([tongwen, "convert", "-p", "hk2cn", "--register", reg], src)))
        seen = set()
        for key, a, b in pairs:
            whole = trad[a + b]
            if whole in seen:
                continue
            seen.add(whole)
            if conv[whole] != conv[trad[a]] + conv[trad[b]]:
                found += 1
                flagged.append((reg, key, whole, conv[whole]))
    if copy is None:
        for f in flagged:
            print("\t".join(f))
    else:
        counts = occurrences(copy, {f[2] for f in flagged})
        held = sorted((f for f in flagged if counts[f[2]]), key=lambda f: (-counts[f[2]], f))
        for f in held:
            print(f"{counts[f[2]]}\t" + "\t".join(f))
        print(f"straddle.py --keys: {len({f[2] for f in held})} of the pairs occur in "
              f"{', '.join(copy)}", file=sys.stderr)
    print(f"straddle.py --keys: {len(keys)} keys, {len(pairs)} word pairs; in the Hong Kong and "
          f"Taiwan registers together, {found} readings of a pair that convert otherwise than its "
          f"words apart", file=sys.stderr)
    return 0


def main(argv):
    args, opts = [], {"--min-count": None, "--per-char": None, "--keys": None, "--in": None}
    it = iter(argv[1:])
    for a in it:
        if a in opts:
            opts[a] = next(it, None)
            if opts[a] is None:
                fail(f"straddle.py: {a} wants a value")
        else:
            args.append(a)
    if opts["--keys"]:
        if len(args) not in (1, 2):
            fail(__doc__.strip().split("\n\n")[1])
        jieba = args[1] if len(args) == 2 else "/usr/lib/python3/dist-packages/jieba/dict.txt"
        copy = opts["--in"].split(",") if opts["--in"] else None
        return keys_mode(args[0], opts["--keys"], jieba, number(opts, "--min-count", 20),
                         number(opts, "--per-char", 25), copy)
    opts["--min-count"] = number(opts, "--min-count", 3000)
    opts["--per-char"] = number(opts, "--per-char", 10)
    if len(args) not in (2, 3):
        fail(__doc__.strip().split("\n\n")[1])
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
