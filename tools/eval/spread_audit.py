#!/usr/bin/env python3
"""What one sense per document would write if every frame core spread.

  PYTHONPATH=build/python tools/eval/spread_audit.py [--dicts DIR] [--data-dir DIR]
      [--undecided] [--whole] [--top N] [--examples K] [--cores FILE] FILE...

dicts/sense/spread.tsv lists the frame cores hk2cn spreads through a
document once a frame row has rewritten them there (lib/convert/spread.h).
Deciding a core from its rows alone is guesswork; this shows the rewrites
the layer would make in real copy. Every core of a convert or convert-tw
row whose {…} group stands before or after it (one Mainland form in all its
rows, two characters or more, no bare keep or convert row; with --cores, also
the listed ones) is made a spread core of a scratch copy of the hk2cn
profiles (both registers), its triggers the build's (tools/spread.c), each FILE is
converted with it story by story (stories separated by blank lines; with
--whole, each FILE is one document), and each occurrence the spread wrote is
collected. Prints, by the number of stories: core, Mainland form, stories,
occurrences, whether spread.tsv decides it already, and K contexts of the
source around a spread occurrence with what it became. --undecided leaves
out the cores spread.tsv decides. Nothing is written but the scratch profile,
removed at exit. Exits 2 on a usage or conversion error.
"""
import argparse
import collections
import glob
import json
import os
import re
import shutil
import sys
import tempfile

import tongwen


def expand(group):
    """The alternatives of a {…} group, as written in the source."""
    return [a.split("=", 1)[0] for a in group.split("|")]


def frame_cores(dicts, extra=()):
    """({core: (form, [trigger keys])} for hk2cn, the same for its Taiwan
    register): cores of convert rows (both registers) and convert-tw rows
    (Taiwan register) with the group first or last, and the (core, form)
    pairs of extra; a core's triggers also take the bare rows that hold it
    and write the form (as the build's, tools/spread.c)."""
    forms = collections.defaultdict(set)
    triggers = [collections.defaultdict(list), collections.defaultdict(list)]
    bare = {}
    bare_rows = []
    for path in sorted(glob.glob(os.path.join(dicts, "terms", "*.tsv"))):
        for line in open(path, encoding="utf-8"):
            c = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(c) < 4:
                continue
            src, ml, action = c[0], c[1], c[2]
            if "{" not in src:
                bare[src] = action
                if action in ("convert", "convert-tw"):
                    bare_rows.append((src, ml, action))
                continue
            if action not in ("convert", "convert-tw"):
                continue
            m = re.fullmatch(r"\{([^{}]*)\}([^{}]+)", src)
            n = re.fullmatch(r"\{\}([^{}]+)", ml)
            keys = None
            if m and n:
                core, form = m.group(2), n.group(1)
                keys = [a + core for a in expand(m.group(1))]
            else:
                m = re.fullmatch(r"([^{}]+)\{([^{}]*)\}", src)
                n = re.fullmatch(r"([^{}]+)\{\}", ml)
                if m and n:
                    core, form = m.group(1), n.group(1)
                    keys = [core + a for a in expand(m.group(2))]
            if not keys or len(core) < 2:
                continue
            forms[core].add(form)
            for tw in (0, 1) if action == "convert" else (1,):
                triggers[tw][core] += keys
    for core, form in extra:
        forms[core] = {form}
    for core, f in forms.items():
        form = next(iter(f))
        for src, ml, action in bare_rows:
            if src != core and core in src and form in ml:
                for tw in (0, 1) if action == "convert" else (1,):
                    triggers[tw][core].append(src)
    out = ({}, {})
    for core, f in forms.items():
        if len(f) != 1 or bare.get(core) in ("keep", "convert"):
            continue
        for tw in (0, 1):
            if triggers[tw][core]:
                out[tw][core] = (next(iter(f)), triggers[tw][core])
    return out


def decided(dicts):
    path = os.path.join(dicts, "sense", "spread.tsv")
    rows = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            c = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(c) >= 3:
                rows[c[0]] = c[2]
    return rows


def scratch_profiles(data_dir, cores, tmp):
    """hk2cn.json and hk2cn-tw.json of data_dir in tmp, their spread files
    those of cores; returns the path of hk2cn.json."""
    for name, spread, table in (("hk2cn.json", "audit-spread.txt", cores[0]),
                                ("hk2cn-tw.json", "audit-spread-tw.txt", cores[1])):
        prof = json.load(open(os.path.join(data_dir, name), encoding="utf-8"))
        prof["tongwen_spread"] = {"file": spread}
        json.dump(prof, open(os.path.join(tmp, name), "w", encoding="utf-8"), ensure_ascii=False)
        with open(os.path.join(tmp, spread), "w", encoding="utf-8") as f:
            for core, (form, keys) in sorted(table.items()):
                f.write(f"{core}\t{form}\t{' '.join(keys)}\n")
    for register_file in ("register-markers.tsv", "register-pairs.tsv"):
        path = os.path.join(data_dir, register_file)
        if os.path.exists(path):
            shutil.copy(path, tmp)
    return os.path.join(tmp, "hk2cn.json")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--dicts", default="dicts")
    ap.add_argument("--data-dir", default="build/share/tongwen")
    ap.add_argument("--undecided", action="store_true")
    ap.add_argument("--whole", action="store_true")
    ap.add_argument("--top", type=int, default=400)
    ap.add_argument("--examples", type=int, default=4)
    ap.add_argument("--cores", help="also these cores: lines core<TAB>Mainland form, for words "
                    "that bare rows rewrite but no frame row does (確診個案 → 确诊病例: 個案 → 病例)")
    args = ap.parse_args()
    extra = []
    if args.cores:
        for line in open(args.cores, encoding="utf-8"):
            c = line.rstrip("\n").split("\t")
            if len(c) >= 2 and not line.startswith("#"):
                extra.append((c[0], c[1]))
    cores = frame_cores(args.dicts, extra)
    done = decided(args.dicts)
    tmp = tempfile.mkdtemp(prefix="spread-audit-")
    try:
        try:
            profile = tongwen.Profile(scratch_profiles(args.data_dir, cores, tmp),
                                      data_dir=args.data_dir)
        except tongwen.Error as e:
            sys.exit(f"spread_audit: {e}")
        stories = collections.Counter()
        occ = collections.Counter()
        examples = collections.defaultdict(list)
        n_stories = 0
        for path in args.files:
            text = open(path, encoding="utf-8", errors="replace").read()
            for story in [text] if args.whole else re.split(r"\n\s*\n", text):
                n_stories += 1
                out, spans = profile.convert_aligned(story)
                seen = set()
                for so, sl, do, dl, _step, d, _kind, _g in spans:
                    if d != "tongwen_spread":
                        continue
                    core = story[so:so + sl]
                    if args.undecided and core in done:
                        continue
                    occ[core] += 1
                    if core not in seen:
                        seen.add(core)
                        stories[core] += 1
                        if len(examples[core]) < args.examples:
                            ctx = story[max(0, so - 14):so + sl + 14].replace("\n", " ")
                            examples[core].append(f"{ctx} → {out[do:do + dl]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    forms = {**cores[1], **cores[0]}
    print(f"{n_stories} stories read; {len(cores[0])} frame cores (Hong Kong register), "
          f"{len(cores[1])} (Taiwan register); {len(stories)} spread somewhere")
    print("core\tMainland\tstories\toccurrences\tspread.tsv\tcontexts (source → spread form)")
    for core, n in stories.most_common(args.top):
        print(f"{core}\t{forms[core][0]}\t{n}\t{occ[core]}\t{done.get(core, '-')}\t" +
              " | ".join(examples[core]))


if __name__ == "__main__":
    main()
