#!/bin/bash
# usage: bad_context.sh TONGWEN DATA_DIR WORKDIR
# A compiled lexicon whose Cantonese context names an unknown class (or is
# malformed) is refused when the checker loads it: exit status 2 and a
# message naming the file, line and byte offset.
set -u
TW=$1 DATA=$2 W=$3
rm -rf "$W" && mkdir -p "$W/data" || exit 1
for f in "$DATA"/*; do ln -s "$f" "$W/data/$(basename "$f")"; done
rm "$W/data/lexicon.tsv"
fail=0
try() { # NAME SED-EXPRESSION EXPECTED-MESSAGE-PART
	sed "$2" "$DATA/lexicon.tsv" > "$W/data/lexicon.tsv"
	if cmp -s "$DATA/lexicon.tsv" "$W/data/lexicon.tsv"; then
		echo "FAIL $1: the edit changed nothing"; fail=$((fail + 1)); return
	fi
	out=$(echo 佢 | TONGWEN_DATA_DIR="$W/data" "$TW" check - 2>&1)
	rc=$?
	if [ "$rc" = 2 ] && printf '%s' "$out" | grep -q "lexicon.tsv:[0-9]* (byte offset [0-9]*): $3"; then
		echo "ok   $1"
	else
		echo "FAIL $1: exit $rc: $out"; fail=$((fail + 1))
	fi
}
try "unknown class" 's/^\(架\t.*\)before:vehicle /\1before:vehicles /' 'context of 架: unknown class "vehicles"'
try "bad condition" 's/^\(蚊\t.*\)after:numeral$/\1sometimes/' 'context of 蚊: unknown condition "sometimes"'
try "empty alternative" 's/^\(蚊\t.*\)after:numeral$/\1after:numeral |/' 'context of 蚊: empty alternative'
echo "$((3 - fail)) passed, $fail failed"
[ "$fail" = 0 ]
