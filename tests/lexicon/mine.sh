#!/bin/bash
# usage: mine.sh TWDICT DATA_DIR DICTS CORPUS WORKDIR
# twdict mine on a small corpus of our own sentences: a Hong Kong word
# Mainland usage lacks (山泥傾瀉) is listed with its count, documents and
# source form; ordinary Mainland words are not; twdict coverage recomputes
# decisions from a list. Mined through plain conversion (hk2s-std), so that
# the test does not move as the term tables learn the words.
set -u
TWDICT=$1 DATA=$2 DICTS=$3 CORPUS=$4 W=$5
JIEBA=/usr/lib/python3/dist-packages/jieba/dict.txt ESSAY=/usr/share/rime-data/essay.txt
mkdir -p "$W"
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
"$TWDICT" mine --data-dir "$DATA" --jieba "$JIEBA" --essay "$ESSAY" --dicts "$DICTS" \
	--min-count 2 --profile hk2s-std --out "$W/mined.tsv" "$CORPUS" 2> "$W/err" ||
	bad "twdict mine exited $?"
grep -q 'twdict mine: 2 documents' "$W/err" && ok "summary line" || bad "summary: $(cat "$W/err")"
row=$(grep -P '^山泥倾泻\t' "$W/mined.tsv")
[ "$(printf '%s' "$row" | cut -f2,3,5)" = "$(printf '4\t2\t山泥傾瀉')" ] && ok "山泥傾瀉 listed with count, documents, source" || bad "山泥傾瀉 row: '$row'"
grep -qP '^(市民|风险|政府|安全)\t' "$W/mined.tsv" && bad "Mainland words listed" || ok "Mainland words not listed"
# Coverage with this list as the only mined list, against an empty
# lexicon (a data directory whose lexicon and guard know nothing), so that
# the result does not move with the real tables.
rm -rf "$W/dicts" "$W/data"
mkdir -p "$W/dicts/mined" "$W/data"
cp "$W/mined.tsv" "$W/dicts/mined/candidates-test.tsv"
printf '# form\tsource\taction\tregion\tdomain\tsuggestions\tnote\n' > "$W/data/lexicon.tsv"
printf 'x\tN\n' > "$W/data/guard.txt"
"$TWDICT" compile "$W/data/guard.txt" "$W/data/HKCNGuard.twd" || bad "compile"
"$TWDICT" coverage --dicts "$W/dicts" --data-dir "$W/data" > "$W/cov" || bad "coverage exited $?"
grep -q 'coverage: all lists: [0-9]* of [0-9]* mined' "$W/cov" && ok "coverage line" || bad "coverage: $(cat "$W/cov")"
printf '山泥倾泻\tlandslide (test)\n' > "$W/dicts/mined/ok-test.tsv"
before=$(grep -o 'all lists: [0-9]*' "$W/cov" | grep -o '[0-9]*$')
"$TWDICT" coverage --dicts "$W/dicts" --data-dir "$W/data" > "$W/cov2"
after=$(grep -o 'all lists: [0-9]*' "$W/cov2" | grep -o '[0-9]*$')
[ "$after" = $((before + 1)) ] && ok "an ok line decides a word" || bad "decided $before -> $after"
"$TWDICT" coverage --dicts "$W/dicts" --data-dir "$W/data" --at-least 100.1 > /dev/null 2>&1
[ $? = 1 ] && ok "below the floor exits 1" || bad "floor"
"$TWDICT" mine --data-dir "$DATA" --jieba "$JIEBA" --essay "$ESSAY" /no/such/corpus > /dev/null 2>&1
[ $? = 2 ] && ok "unreadable corpus exits 2" || bad "unreadable corpus"
# Words jieba knows, used here far more often than in jieba's counts.
"$TWDICT" mine --data-dir "$DATA" --jieba "$JIEBA" --essay "$ESSAY" --min-count 2 \
	--profile hk2s-std --overrepresented 20 --out "$W/over.tsv" "$CORPUS" 2> /dev/null
grep -qP '^检视\t3\t.*\toverrepresented\t' "$W/over.tsv" && ok "overrepresented 检视" ||
	bad "overrepresented: $(grep overrep "$W/over.tsv" | head -3)"
# --out writes through a symlink and into a FIFO, never replacing either
# (both made here, in the test's own folder).
rm -f "$W/fifo" "$W/link" "$W/target.tsv"
mkfifo "$W/fifo"
timeout 30 cat "$W/fifo" > "$W/fifo.out" &
reader=$!
"$TWDICT" mine --data-dir "$DATA" --jieba "$JIEBA" --essay "$ESSAY" --min-count 2 \
	--profile hk2s-std --out "$W/fifo" "$CORPUS" 2> /dev/null
wait $reader
[ -p "$W/fifo" ] && grep -q '^山泥倾泻' "$W/fifo.out" && ok "--out into a FIFO" || bad "--out FIFO"
ln -s target.tsv "$W/link"
"$TWDICT" mine --data-dir "$DATA" --jieba "$JIEBA" --essay "$ESSAY" --min-count 2 \
	--profile hk2s-std --out "$W/link" "$CORPUS" 2> /dev/null
[ -L "$W/link" ] && grep -q '^山泥倾泻' "$W/target.tsv" && ok "--out through a symlink" ||
	bad "--out symlink"
echo "$((10 - fail)) passed, $fail failed"
[ "$fail" = 0 ]
