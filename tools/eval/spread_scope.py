#!/usr/bin/python3
"""How far one story's sense spreads into its neighbours (lib/convert/spread.h).

A spread core (個案 → 病例 after 確診個案) is rewritten through the scope a
trigger fired in. Converted alone, a story is its own scope; a file of many
stories (an archive's dump, a day's wire copy) holds several in one scope.
This converts every story of STORIES (JSON Lines, the story in "text")
alone, through `tongwen convert --jsonl text`, and PER of them at a time as
one text, joined by blank lines, and counts the stories whose output in
the joined text differs from their output alone, with the most frequent
differences (alone → joined). With a second build (BEFORE) it does the same
for it and counts the stories whose output alone differs between the two.

usage: spread_scope.py STORIES.jsonl TONGWEN [BEFORE] [--per N] [--top N]
"""
import argparse
import collections
import difflib
import json
import os
import subprocess
import sys
import tempfile


def alone(tw, stories):
    """Each story converted as a record of its own."""
    data = "".join(json.dumps({"text": s}, ensure_ascii=False) + "\n" for s in stories)
    r = subprocess.run([tw, "convert", "-p", "hk2cn", "--jsonl", "text"], input=data.encode(),
                       capture_output=True, check=True)
    return [json.loads(line)["text"] for line in r.stdout.decode().splitlines()]


def joined(tw, stories, per):
    """The stories converted per at a time as one text, cut apart again."""
    out = []
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in.txt")
        for i in range(0, len(stories), per):
            with open(src, "w", encoding="utf-8") as f:
                f.write("\n\n".join(stories[i:i + per]) + "\n")
            r = subprocess.run([tw, "convert", "-p", "hk2cn", src], capture_output=True,
                               check=True)
            parts = r.stdout.decode().rstrip("\n").split("\n\n")
            if len(parts) != len(stories[i:i + per]):
                sys.exit(f"spread_scope.py: stories {i}..: the joined output does not cut "
                         "into as many stories (a story holds a blank line?)")
            out += parts
    return out


def differences(a, b):
    for x, y in zip(a, b):
        if x == y:
            continue
        sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op != "equal":
                yield x[i1:i2], y[j1:j2], x[max(0, i1 - 12):i2 + 8]


def report(name, tw, stories, per, top):
    one = alone(tw, stories)
    many = joined(tw, stories, per)
    n = sum(x != y for x, y in zip(one, many))
    print(f"{name}: {n} of {len(stories)} stories differ joined {per} a file from alone")
    c = collections.Counter()
    ex = {}
    for x, y, ctx in differences(one, many):
        c[(x, y)] += 1
        ex.setdefault((x, y), ctx)
    for (x, y), k in c.most_common(top):
        print(f"  {k:5d}  {x} → {y}   …{ex[(x, y)]}…")
    return one


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stories")
    ap.add_argument("tongwen")
    ap.add_argument("before", nargs="?")
    ap.add_argument("--per", type=int, default=200)
    ap.add_argument("--top", type=int, default=10)
    a = ap.parse_args()
    stories = []
    with open(a.stories, encoding="utf-8") as f:
        for line in f:
            s = json.loads(line)["text"].strip()
            # blank lines cut the joined output apart: a story keeps none
            s = "\n".join(x for x in s.split("\n") if x.strip())
            if s:
                stories.append(s)
    now = report("this build", a.tongwen, stories, a.per, a.top)
    if a.before:
        then = report("before", a.before, stories, a.per, a.top)
        n = sum(x != y for x, y in zip(now, then))
        print(f"stories whose output alone differs between the builds: {n} of {len(stories)}")


if __name__ == "__main__":
    main()
