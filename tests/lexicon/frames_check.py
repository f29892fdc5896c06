#!/usr/bin/env python3
"""Checks every value of hk2cn's term table with tongwen's own checker.

usage: frames_check.py DATA_DIR HKCNTerms.txt KNOWN.tsv

hk2cn matches term keys longest first, and when a long key (a frame:
{李|陳|…}官續指, 0架旅遊巴) fires, the rows for the words inside it do not:
its value is all that is written. A value that holds a word another row
converts (法官续指 while 續指 → 还指出) leaves that word in the Mainland
output, and `tongwen check --target cn` then flags tongwen's own
conversion. This lists every key whose value the checker flags with
term/convert, except the keys of KNOWN.tsv ("key TAB why", each read and
left on purpose), and fails if there is one.
"""
import sys

import tongwen


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2])
    data_dir, table, known_path = sys.argv[1:]
    known = {}
    for line in open(known_path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            key, why = line.rstrip("\n").split("\t", 1)
            known[key] = why
    lex = tongwen.Lexicon(data_dir)
    checked = flagged = 0
    seen_known = set()
    for line in open(table, encoding="utf-8"):
        key, _, value = line.rstrip("\n").partition("\t")
        value = value.split(" ")[0]
        checked += 1
        found = [f for f in lex.check(value, target="cn") if f.rule == "term/convert"]
        if not found:
            continue
        if key in known:
            seen_known.add(key)
            continue
        flagged += 1
        print(f"FAIL {key} → {value}: the checker flags "
              + "; ".join(f"{f.text} → {'/'.join(f.suggestions)}" for f in found))
    for key in sorted(set(known) - seen_known):
        flagged += 1
        print(f"FAIL {key}: listed in {known_path} but no longer flagged (remove it)")
    print(f"{checked} term keys checked, {len(seen_known)} known, {flagged} flagged")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
