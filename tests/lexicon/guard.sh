#!/bin/bash
# usage: guard.sh TONGWEN WORKDIR GUARD.txt…
# Mainland-style Simplified paragraphs are already right: hk2cn must leave
# them byte-identical.
set -u
TW=$1 W=$2
shift 2
mkdir -p "$W"
fail=0
for f in "$@"; do
	name=$(basename "$f")
	if ! "$TW" convert -p hk2cn -o "$W/$name" "$f"; then
		echo "FAIL $name: tongwen convert failed"
		fail=$((fail + 1))
	elif ! cmp -s "$f" "$W/$name"; then
		echo "FAIL $name: hk2cn changed Mainland text (- original, + converted):"
		diff "$f" "$W/$name" | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
		fail=$((fail + 1))
	else
		echo "ok   $name unchanged ($(wc -l < "$f") paragraphs)"
	fi
done
[ "$#" -gt 0 ] || { echo "FAIL: no guard files"; exit 1; }
echo "$(($# - fail)) passed, $fail failed"
[ "$fail" = 0 ]
