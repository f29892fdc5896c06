#!/bin/bash
# usage: pairs.sh TONGWEN PAIRS.tsv WORKDIR
# Converts the first column of PAIRS.tsv with the CLI (hk2cn) and compares
# each line with the second column.
set -u
TW=$1 PAIRS=$2 W=$3
mkdir -p "$W"
grep -v '^#' "$PAIRS" > "$W/pairs"
cut -f1 "$W/pairs" > "$W/in"
"$TW" convert -p hk2cn "$W/in" > "$W/out" || { echo "FAIL: tongwen convert exited $?"; exit 1; }
fail=0 n=0
while IFS=$'\t' read -r src want got; do
	n=$((n + 1))
	if [ "$want" != "$got" ]; then
		echo "FAIL $src -> $got (want $want)"
		fail=$((fail + 1))
	fi
done < <(paste "$W/pairs" "$W/out")
echo "$((n - fail)) passed, $fail failed"
[ "$n" -gt 0 ] && [ "$fail" = 0 ]
