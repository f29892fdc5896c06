#!/bin/bash
# usage: bench/steady_instructions.sh TONGWEN FILE [PROFILE]
# Instructions per byte of `TONGWEN convert -p PROFILE -j 1` in steady state,
# counted by callgrind: FILE converted once and four times, and the
# difference divided by the three copies' bytes, so the load and the first
# fill of the memos drop out. A count, not a time: it does not move with the
# machine's load, so two builds can be compared on a busy machine (the
# thirty-third session compared the name guard's changes this way). It
# also prints the count of the first run less one copy's: the load, the
# start-up and the first fill of the memos, which is what a one-shot call
# of the CLI on a small FILE costs.
set -eu
TW=$1 FILE=$2 PROFILE=${3:-hk2cn}
command -v valgrind > /dev/null || { echo "steady_instructions: valgrind is not installed" >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cat "$FILE" "$FILE" "$FILE" "$FILE" > "$W/four.txt"
count() {
	valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" "$TW" convert -p "$PROFILE" -j 1 \
		< "$1" > /dev/null 2> "$W/vg.err" || { cat "$W/vg.err" >&2; exit 2; }
	sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$W/cg.out"
}
one=$(count "$FILE")
four=$(count "$W/four.txt")
bytes=$(stat -c %s "$FILE")
echo "$TW on $FILE ($PROFILE): $(( (four - one) / 3 )) instructions per copy in steady state," \
     "$(awk -v d=$(( four - one )) -v b=$bytes 'BEGIN { printf "%.1f", d / (3 * b) }') per byte"
echo "$TW on $FILE ($PROFILE): $(( one - (four - one) / 3 )) instructions for the load and start-up" \
     "(one run less one copy)"
