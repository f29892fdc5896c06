#!/usr/bin/env python3
"""List words hk2cn rewrites at some occurrences in a document and not at others.

  PYTHONPATH=build/python python3 tools/eval/inconsistent.py [--articles] [--top N] FILE...

A held-out place counts as right only when it is right at every occurrence of
its phrase in the document, and `score_eval.py` counts the places "right at
some occurrences, not all". This finds the same on any copy, without
annotation: each FILE (or, with --articles, each part of a FILE between
blank lines: an archive dump of one article per part) is converted with
hk2cn, aligned (tongwen.Profile.convert_aligned). For every source a term
rule rewrote there (output other than plain hk2s-std conversion), the other
occurrences of the same source in that document that no term span touches
are listed, with the name guard's reason when it vetoed one (name, suffix,
title, quote …; an occurrence inside an official name is right to stay) and
a context. Most frequent first:

  count <TAB> source <TAB> reasons <TAB> documents <TAB> context

Nothing is written.
"""
import argparse
import bisect
import collections
import sys

import tongwen


def documents(paths, articles):
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError as e:
            sys.exit(f"inconsistent: {path}: {e.strerror}")
        if not articles:
            yield path, text
            continue
        for n, part in enumerate(text.split("\n\n")):
            if part.strip():
                yield f"{path}#{n + 1}", part


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--articles", action="store_true",
                    help="each part between blank lines is a document")
    ap.add_argument("--top", type=int, default=100)
    a = ap.parse_args()
    conv, plain = tongwen.Profile("hk2cn"), tongwen.Profile("hk2s-std")
    count, docs = collections.Counter(), collections.defaultdict(set)
    reasons, context = collections.defaultdict(collections.Counter), {}
    ndocs = 0
    for name, text in documents(a.files, a.articles):
        ndocs += 1
        out, spans = conv.convert_aligned(text)
        rewritten = collections.defaultdict(set)  # source -> starts rewritten
        touched = []  # (start, end) of term spans
        veto = {}  # start -> reason
        for sp in spans:
            s, sl, d, dl = sp[:4]
            if sp[7]:
                veto[s] = sp[7]
            if sp[6] == "term":
                touched.append((s, s + sl))
                src = text[s:s + sl]
                if plain.convert(src) != out[d:d + dl]:
                    rewritten[src].add(s)
        touched.sort()
        starts_sorted = [t[0] for t in touched]
        for src, starts in rewritten.items():
            at = text.find(src)
            while at >= 0:
                end = at + len(src)
                # the term spans do not overlap: only the last one starting
                # before end can reach into [at, end)
                k = bisect.bisect_left(starts_sorted, end) - 1
                if at not in starts and not (k >= 0 and touched[k][1] > at):
                    count[src] += 1
                    docs[src].add(name)
                    reasons[src][veto.get(at, "-")] += 1
                    context.setdefault(src, f"{text[max(0, at - 12):at]}[{src}]"
                                            f"{text[end:end + 8]}".replace("\n", "/"))
                at = text.find(src, at + 1)
    for src, n in count.most_common(a.top):
        why = " ".join(f"{r}:{k}" for r, k in reasons[src].most_common())
        print(f"{n}\t{src}\t{why}\t{len(docs[src])}\t{context[src]}")
    print(f"inconsistent: {ndocs} documents, {sum(count.values())} occurrences of "
          f"{len(count)} sources left where the same document rewrites them", file=sys.stderr)


if __name__ == "__main__":
    main()
