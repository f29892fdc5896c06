#!/bin/bash
# usage: spelling_pairs.sh TWDICT DATA_DIR DICTS TEXT_DIR WORKDIR
# twdict lexicon refuses a reviewed spelling pair that plain conversion writes
# apart (著 and 着 are two words to a Mainland reader) or a malformed line,
# naming the file and line, and builds with the pairs as they are: a spread
# core's trigger keys (HKCNSpread.txt) list each key's other spellings beside
# it, as the term table matches them.
set -u
TWDICT=$1 DATA=$2 DICTS=$3 TEXT=$4 W=$5
rm -rf "$W"
mkdir -p "$W/out"
cp -r "$DICTS" "$W/dicts"
run() {
	"$TWDICT" lexicon --dicts "$W/dicts" --data-dir "$DATA" --phrases "$TEXT/TSPhrases.txt" \
		--out "$W/out" --lexicon "$W/out/lexicon.tsv" --report "$W/out/report.txt" \
		--variants "$TEXT/HKVariants.txt,$TEXT/TWVariants.txt" --segwords "$DATA/segwords.txt" \
		> "$W/stdout" 2> "$W/stderr"
}
fail=0
run; rc=$?
if [ "$rc" != 0 ] || ! grep -q "^other spellings: [1-9][0-9]* character pairs, [1-9][0-9]* term keys added" "$W/stdout"; then
	echo "FAIL: the tables as they are (exit $rc)"; cat "$W/stderr"; fail=1
fi
# Every trigger key written with 稟 is listed with 禀 too (a reviewed pair).
awk -F'\t' '!/^#/ { n = split($3, k, " "); for (i = 1; i <= n; i++) print k[i] }' \
	"$W/out/HKCNSpread.txt" > "$W/triggers"
with=$(grep -c '稟' "$W/triggers")
missing=$(grep '稟' "$W/triggers" | sed 's/稟/禀/g' | grep -vxF -f "$W/triggers" | head -3)
if [ "$with" = 0 ] || [ -n "$missing" ]; then
	echo "FAIL: trigger keys with 稟: $with; their 禀 spelling not listed: $missing"; fail=1
fi
printf '# a test\n著\t着\ttwo words in Simplified\n' > "$W/dicts/standard/spelling-pairs.tsv"
run; rc=$?
if [ "$rc" != 2 ] || ! grep -q "spelling-pairs.tsv:2: 著 and 着 are not written alike" "$W/stderr"; then
	echo "FAIL: a pair written apart was not refused (exit $rc)"; cat "$W/stderr"; fail=1
fi
printf '內\t内\n' > "$W/dicts/standard/spelling-pairs.tsv"
run; rc=$?
if [ "$rc" != 2 ] || ! grep -q "spelling-pairs.tsv:1: not \"character TAB character TAB note\"" "$W/stderr"; then
	echo "FAIL: a line without a note was not refused (exit $rc)"; cat "$W/stderr"; fail=1
fi
[ "$fail" = 0 ] && echo "4 passed, 0 failed"
exit $fail
