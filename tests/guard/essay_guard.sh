#!/bin/bash
# usage: essay_guard.sh TONGWEN EXPECTED.tsv LEXICON.tsv WORKDIR [--update]
# Lists the words of Rime's essay.txt that hk2cn converts differently from
# hk2s-std, hk2s with hk2cn's character-standard step (words that are themselves
# lexicon entries excluded) and compares the list with the reviewed
# expectation: the rewrites the term lexicon makes. (The standard step is
# derived by rule from Unicode's and OpenCC's tables and a reviewed variant
# list, and tested on its own.) The word list is no document: it is read as
# Hong Kong copy (--register hk), whose rewrites are the strict ones; left to
# itself the register would depend on which marker words the list holds.
set -eu
TW=$1 EXPECTED=$2 LEX=$3 W=$4 UPDATE=${5:-}
ESSAY=/usr/share/rime-data/essay.txt
if [ ! -r "$ESSAY" ]; then
	echo "guard_essay_words: $ESSAY missing (Debian package rime-essay; scripts/deps installs it)"
	exit 1
fi
mkdir -p "$W"
cut -f1 "$ESSAY" > "$W/words"
"$TW" convert -p hk2s-std "$W/words" > "$W/hk2s"
# Each word is a document of its own (a JSON Lines record): hk2cn spreads a
# frame row's core through the document it fired in (dicts/sense/README.md),
# and a list of unrelated words is no document.
python3 -c 'import json, sys
for w in open(sys.argv[1], encoding="utf-8"):
    print(json.dumps({"w": w.rstrip("\n")}, ensure_ascii=False))' "$W/words" > "$W/words.jsonl"
"$TW" convert -p hk2cn --register hk --jsonl w "$W/words.jsonl" |
	python3 -c 'import json, sys
for line in sys.stdin:
    print(json.loads(line)["w"])' > "$W/hk2cn"
grep -v '^#' "$LEX" | cut -f1 | LC_ALL=C sort -u > "$W/entries"
paste "$W/words" "$W/hk2s" "$W/hk2cn" | awk -F'\t' '$2 != $3 { print $1 "\t" $3 }' |
	LC_ALL=C sort -u | LC_ALL=C join -t "$(printf '\t')" -v 1 - "$W/entries" > "$W/actual"
if [ "$UPDATE" = --update ]; then
	{ echo "# word	hk2cn result (reviewed: each is a correct Mainland rewrite)"; cat "$W/actual"; } > "$EXPECTED"
	echo "updated $EXPECTED ($(wc -l < "$W/actual") words)"
	exit 0
fi
grep -v '^#' "$EXPECTED" | LC_ALL=C sort -u > "$W/expected"
if ! diff "$W/expected" "$W/actual" > "$W/diff"; then
	echo "hk2cn rewrites of essay words differ from the reviewed list ($EXPECTED):"
	echo "(> new or changed rewrite to review, < reviewed rewrite that no longer happens)"
	cat "$W/diff"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "guard: $(wc -l < "$W/words") words checked, $(wc -l < "$W/actual") reviewed rewrites unchanged"
