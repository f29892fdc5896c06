#!/usr/bin/env python3
"""Which of hk2cn's misses recur across documents.

usage: recurring.py [--top N] TONGWEN ANNOTATIONS.tsv...

Scores each annotation file with score_eval.py --verbose (beside this
script) and groups the missed places of all of them by their source
phrase: a phrase missed in several documents is a word that fresh copy
keeps bringing back; a phrase missed once is the long tail. Prints how many
missed places there are, how many distinct phrases, how many phrases are
missed in two documents or more and how many places those cover, then the
top N of them (default 40) with their document counts and the forms the
annotations accept.

Development and retired sets only: it prints the misses, so never run it on
a held-out set that is still unseen (see README.md). Standard library only.
"""
import collections
import os
import subprocess
import sys


def misses(tongwen, annotations):
    """(document, source, accepted) of each missed place of one file."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        [sys.executable, os.path.join(here, "score_eval.py"), annotations, tongwen,
         "--verbose", "--misses", "0"],
        capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if not line.startswith("MISS "):
            continue
        cols = line[5:].split("\t")
        if len(cols) >= 4:
            yield (annotations + ":" + cols[0], cols[2],
                   cols[3].removeprefix("expected "))


def main(argv):
    top = 40
    if argv[:1] == ["--top"] and len(argv) > 1:
        top, argv = int(argv[1]), argv[2:]
    if len(argv) < 2:
        sys.exit(__doc__)
    tongwen, files = argv[0], argv[1:]
    docs = collections.defaultdict(set)
    accepted = {}
    places = 0
    for f in files:
        for doc, source, acc in misses(tongwen, f):
            places += 1
            docs[source].add(doc)
            accepted[source] = acc
    recurring = [(s, d) for s, d in docs.items() if len(d) >= 2]
    recurring.sort(key=lambda x: (-len(x[1]), x[0]))
    covered = sum(len(d) for _, d in recurring)
    print(f"{len(files)} annotation files: {places} missed places, {len(docs)} distinct "
          f"phrases; {len(recurring)} phrases missed in 2 documents or more, "
          f"covering {covered} documents' places")
    for source, d in recurring[:top]:
        print(f"{len(d):4}  {source}\t{accepted[source]}")


if __name__ == "__main__":
    main(sys.argv[1:])
