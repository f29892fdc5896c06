#!/usr/bin/python3
"""How well hk2cn's register markers tell Taiwan copy from Hong Kong copy.

    PYTHONPATH=build/python tools/eval/register.py [--data-dir build/share/tongwen]
        [--taiwan DIR]… [--quiet] CORPUS_DIR…

Reads every .txt file under the folders, asks the profile which register
each document is in (tongwen.Profile.is_taiwan_copy: what the document calls
decide) and prints the confusion table. A document counts as Taiwan copy
when its file name starts with "tw-" (the development corpus's naming) or
it lies under a --taiwan folder (a folder of Taiwan news, which is also
read), otherwise as Hong Kong copy; the documents read the wrong way are
listed (--quiet: the table only). A file named SOURCES.txt is a list of
sources and is not read."""

import argparse
import os
import sys

import tongwen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--taiwan", action="append", default=[],
                    help="a folder whose documents are all Taiwan copy (repeatable)")
    ap.add_argument("--quiet", action="store_true", help="print the table only")
    ap.add_argument("corpus", nargs="*")
    args = ap.parse_args()
    profile = tongwen.Profile("hk2cn", data_dir=args.data_dir)
    table = {(a, b): 0 for a in (True, False) for b in (True, False)}
    wrong = []
    if not args.corpus and not args.taiwan:
        ap.error("no corpus folder given")
    for root, all_taiwan in [(r, False) for r in args.corpus] + [(r, True) for r in args.taiwan]:
        if not os.path.isdir(root):
            print(f"register.py: {root}: not a folder", file=sys.stderr)
            return 2
        for d, _, files in sorted(os.walk(root)):
            for f in sorted(files):
                if not f.endswith(".txt") or f == "SOURCES.txt":
                    continue
                path = os.path.join(d, f)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
                truth, said = all_taiwan or f.startswith("tw-"), profile.is_taiwan_copy(text)
                table[(truth, said)] += 1
                if truth != said:
                    wrong.append(("read as Taiwan copy: " if said else "read as Hong Kong copy: ")
                                 + path)
    tw, hk = table[(True, True)] + table[(True, False)], table[(False, True)] + table[(False, False)]
    print(f"Taiwan documents read as Taiwan copy:    {table[(True, True)]}/{tw}")
    print(f"Hong Kong documents read as Taiwan copy: {table[(False, True)]}/{hk}")
    for w in [] if args.quiet else wrong:
        print("  " + w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
