#!/usr/bin/env python3
"""Audit hk2cn on a corpus for the two promises that need no annotation.

  audit.py [--read FILE] TONGWEN DATA_DIR DICTS_DIR PATH...

PATH: text files, or directories searched for *.txt. For every file it
converts with `tongwen convert -p hk2cn` and with `-p hk2s-std` (plain
character conversion in standard characters), line by line (conversion keeps
line breaks), and counts:

- non-standard characters introduced: a Han character of the output that is
  outside the Mainland standard list (DATA_DIR/mainland-standard.txt) and
  does not occur in the same input line (a character with no standard form
  that the source wrote, 嗰, stays as written and is not counted);
- gazetteer names damaged: an occurrence of a name of DICTS_DIR/gazetteers in
  an input line whose plain form (hk2s-std of the name) occurs fewer times in
  the hk2cn output line than the name in the input line (a term rule rewrote
  inside it). An occurrence that is part of a longer term-table phrase (數碼港
  in 數碼港元, 伊利 in 伊利沙伯) is that phrase's, not the name's. A shortfall
  is converted again: the whole document (so that its register is read as
  before) with a mark on both sides of each occurrence of the name in that
  line (|行會|). When every occurrence then keeps its plain form, the rule
  that took it began or ended outside the name, and the occurrence is
  counted apart as straddled. Mostly the text there reads as other words (遊行會否 is
  遊行 + 會否, 新地盤 is 新 + 地盤, not the names 行會 and 新地), but a phrase
  of OpenCC's own tables can also begin before a name (對帳 + 帳委會), so each
  is listed for a reader and counts in the exit status, unless --read FILE
  lists it as read: lines `PATH<TAB>NAME<TAB>why`, PATH the end of the
  file's path (a straddle read in one file is not taken as read in another).
  Names inside a web address are not counted: hk2cn copies an address as it
  is (archive copy links stories by their Traditional headlines).

Prints the counts with examples; exits 1 when any is not zero, 2 on a
usage or conversion error.
"""
import os
import re
import subprocess
import sys


# A web address, which hk2cn copies as it is (README, "Names survive").
ADDRESS = re.compile(r"(?:https?|ftp)://[^\s()（）「」『』\"“”，。、]+")


def han(c):
    o = ord(c)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x2E80 <= o <= 0x2FDF
            or 0x20000 <= o <= 0x3FFFF)


def expand(source):
    """The phrases of a term-table source: a productive row's {a|b=B} group
    stands for one phrase per alternative (dicts/README.md)."""
    m = re.search(r"\{([^}]*)\}", source)
    if not m:
        return [source]
    return [source[:m.start()] + a.split("=")[0] + source[m.end():] for a in m.group(1).split("|")]


def convert(tw, profile, text):
    r = subprocess.run([tw, "convert", "-p", profile], input=text.encode(),
                       capture_output=True, check=False)
    if r.returncode:
        sys.exit(f"audit: tongwen convert -p {profile} failed: {r.stderr.decode()}")
    return r.stdout.decode()


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in sorted(os.walk(p)):
                for n in sorted(names):
                    if n.endswith(".txt") and not n.startswith("MANIFEST"):
                        yield os.path.join(root, n)
        else:
            yield p


def read_straddles(path):
    """The straddles a reader has looked at: {(path end, name)}."""
    read = set()
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            c = line.rstrip("\n").split("\t")
            if len(c) < 3 or not c[0] or not c[1] or not c[2]:
                sys.exit(f"audit: {path}: a line needs PATH, NAME and why: {line!r}")
            read.add((c[0], c[1]))
    return read


def main():
    args = sys.argv[1:]
    read = set()
    if args[:1] == ["--read"] and len(args) > 1:
        read, args = read_straddles(args[1]), args[2:]
    if len(args) < 4:
        sys.exit(__doc__)
    tw, data, dicts = args[:3]
    std = set(open(os.path.join(data, "mainland-standard.txt"), encoding="utf-8").read().split())
    names = []
    gdir = os.path.join(dicts, "gazetteers")
    for n in sorted(os.listdir(gdir)):
        if n.endswith(".tsv"):
            for line in open(os.path.join(gdir, n), encoding="utf-8"):
                if line.strip() and not line.startswith("#"):
                    names.append(line.split("\t")[0])
    terms = []
    tdir = os.path.join(dicts, "terms")
    for n in sorted(os.listdir(tdir)):
        if n.endswith(".tsv"):
            for line in open(os.path.join(tdir, n), encoding="utf-8"):
                if line.strip() and not line.startswith("#"):
                    terms.extend(expand(line.split("\t")[0]))
    longer = {name: [t for t in terms if name in t and t != name] for name in names}
    plain_names = convert(tw, "hk2s-std", "\n".join(names) + "\n").split("\n")
    # hk2cn's punctuation step is no term rule: a name quoted with 「」 is
    # expected with “” (電動車「一換一」計劃).
    quotes = str.maketrans("「」『』", "“”‘’")
    plain = {n: p.translate(quotes) for n, p in zip(names, plain_names)}
    docs = chars = introduced = occurrences = damaged = straddled = read_seen = 0
    examples_c, examples_n, examples_s = [], [], []
    for path in files(args[3:]):
        try:
            text = open(path, encoding="utf-8").read()
        except (OSError, UnicodeDecodeError) as e:
            sys.exit(f"audit: {path}: {e}")
        docs += 1
        out = convert(tw, "hk2cn", text).split("\n")
        src = text.split("\n")
        if len(out) != len(src):
            sys.exit(f"audit: {path}: line count changed by conversion")
        for i, (s, o) in enumerate(zip(src, out)):
            chars += len(s)
            for c in set(o):
                if han(c) and c not in std and c not in s:
                    introduced += o.count(c)
                    if len(examples_c) < 10:
                        examples_c.append(f"{path}: {c} in {o[:60]}")
            s_text, o_text = ADDRESS.sub(" ", s), ADDRESS.sub(" ", o)
            for name in names:
                k = s_text.count(name)
                if not k:
                    continue
                # occurrences inside a longer term phrase belong to it
                for t in longer[name]:
                    at = s_text.find(t)
                    while at >= 0:
                        k -= t.count(name)
                        at = s_text.find(t, at + len(t))
                if k <= 0:
                    continue
                occurrences += k
                if o_text.count(plain[name]) >= k:
                    continue
                # the document again with the line marked, so that its
                # register is read as before: only the marks differ
                marked = src[:i] + [s.replace(name, f"|{name}|")] + src[i + 1:]
                m = convert(tw, "hk2cn", "\n".join(marked)).split("\n")[i]
                if m.count(f"|{plain[name]}|") >= k:
                    if any(path.endswith(p) and n == name for p, n in read):
                        read_seen += 1
                        continue
                    straddled += 1
                    if len(examples_s) < 30:
                        examples_s.append(f"{path}: {name} in {o[:80]}")
                    continue
                damaged += 1
                if len(examples_n) < 10:
                    examples_n.append(f"{path}: {name} (expected {plain[name]}) in {o[:80]}")
    print(f"audit: {docs} documents, {chars} characters")
    print(f"audit: non-standard characters introduced by conversion: {introduced}")
    for e in examples_c:
        print("  " + e)
    print(f"audit: gazetteer name occurrences: {occurrences}, damaged by a term rule: {damaged}")
    for e in examples_n:
        print("  " + e)
    print(f"audit: gazetteer names straddled by a rule that began or ended outside them "
          f"(read each: mostly other words, 遊行 + 會否): {straddled}"
          + (f", and {read_seen} listed as read" if read else ""))
    for e in examples_s:
        print("  " + e)
    return 1 if introduced or damaged or straddled else 0


if __name__ == "__main__":
    sys.exit(main())
