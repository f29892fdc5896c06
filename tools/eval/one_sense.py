#!/usr/bin/env python3
"""List the frame cores that one document both rewrites and leaves as written.

  PYTHONPATH=build/python tools/eval/one_sense.py [--dicts DIR] [--top N] FILE...

A frame row rewrites a word only beside the neighbours it lists
(`{剛|日前|…}開畫 → {}上映`: the core 開畫 → 上映), because the word alone
may mean something else. But a news story seldom uses a word in two senses:
where a frame rewrote the core at one place of a story and the same story
leaves it as plain conversion writes it at another, the other place most
likely wants the same rewrite. score_eval.py counts such places among the
misses of the held-out sets ("right at some occurrences, not all: the others
all left as plain conversion writes them").

Each FILE is read as stories separated by blank lines (with --whole, as one
document). For every core of a
convert row whose {…} group is at its start or end (and whose Mainland form
is the same in every such row), each story that holds the core twice or
more is converted with alignment, and each occurrence is sorted: rewritten
(a term span over it writes the Mainland form) or plain (no term span over
it). Prints the cores by the number of stories that have both, with the
plain occurrences' count, whether a bare row of the core exists (keep,
review), and contexts of plain occurrences: candidates for wider frames or
a bare row with keeps. Nothing is written.
"""
import argparse
import collections
import glob
import os
import re

import tongwen


def frame_cores(dicts):
    """{core: (Mainland form, bare action or "")} for convert rows whose
    group is at the start or the end; a core with two forms is left out."""
    forms = collections.defaultdict(set)
    bare = {}
    for path in glob.glob(os.path.join(dicts, "terms", "*.tsv")):
        for line in open(path, encoding="utf-8"):
            c = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(c) < 4:
                continue
            src, ml, action, region = c[0], c[1], c[2], c[3]
            if "{" not in src:
                bare[src] = action
                continue
            if action != "convert" or region == "tw":
                continue
            m = re.fullmatch(r"\{[^{}]*\}([^{}]+)", src)
            n = re.fullmatch(r"\{\}([^{}]+)", ml)
            if not (m and n):
                m = re.fullmatch(r"([^{}]+)\{[^{}]*\}", src)
                n = re.fullmatch(r"([^{}]+)\{\}", ml)
            if m and n and len(m.group(1)) >= 2:
                forms[m.group(1)].add(n.group(1))
    return {core: (next(iter(f)), bare.get(core, ""))
            for core, f in forms.items() if len(f) == 1 and bare.get(core) != "convert"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--dicts", default="dicts")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--top", type=int, default=200)
    ap.add_argument("--whole", action="store_true",
                    help="each FILE is one document (not stories separated by blank lines)")
    args = ap.parse_args()
    cores = frame_cores(args.dicts)
    by_head = collections.defaultdict(list)
    for core in cores:
        by_head[core[:2]].append(core)
    profile = tongwen.Profile("hk2cn", data_dir=args.data_dir)
    mixed = collections.Counter()      # stories with both, by core
    plain_occ = collections.Counter()  # plain occurrences in those stories
    examples = collections.defaultdict(list)
    stories = 0
    for path in args.files:
        text = open(path, encoding="utf-8", errors="replace").read()
        for story in [text] if args.whole else re.split(r"\n\s*\n", text):
            stories += 1
            found = collections.defaultdict(list)
            for i in range(len(story) - 1):
                for core in by_head.get(story[i:i + 2], ()):
                    if story.startswith(core, i):
                        found[core].append(i)
            found = {c: v for c, v in found.items() if len(v) >= 2}
            if not found:
                continue
            out, spans = profile.convert_aligned(story)
            for core, starts in found.items():
                target = cores[core][0]
                done, left = 0, []
                for s in starts:
                    e = s + len(core)
                    over = [(kind, out[do:do + dl]) for so, sl, do, dl, _st, _d, kind, _g in spans
                            if so < e and so + sl > s]
                    if any(k == "term" for k, _ in over):
                        done += target in "".join(o for _, o in over)
                    else:
                        left.append(s)
                if done and left:
                    mixed[core] += 1
                    plain_occ[core] += len(left)
                    if len(examples[core]) < 3:
                        s = left[0]
                        examples[core].append(story[max(0, s - 12):s + len(core) + 12].replace("\n", " "))
    print(f"{stories} stories read; {len(cores)} frame cores; {len(mixed)} both rewritten and "
          f"left as written in one story")
    print("core\tMainland\tstories\tplain occurrences\tbare row\tcontexts of plain occurrences")
    for core, n in mixed.most_common(args.top):
        target, bare = cores[core]
        print(f"{core}\t{target}\t{n}\t{plain_occ[core]}\t{bare or '-'}\t" + " | ".join(examples[core]))


if __name__ == "__main__":
    main()
