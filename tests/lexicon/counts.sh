#!/bin/bash
# usage: counts.sh LEXICON-REPORT.txt
# Prints the counts the build wrote (`twdict lexicon`) and holds the lexicon
# to the coverage issue 3 asks for.
set -u
REPORT=$1
cat "$REPORT" || exit 1
read -r conv keep rev cant < <(sed -n 's/^lexicon: \([0-9]*\) convert, \([0-9]*\) keep, \([0-9]*\) review, \([0-9]*\) cantonese$/\1 \2 \3 \4/p' "$REPORT")
if [ -z "${cant:-}" ]; then
	echo "FAIL: no counts line in $REPORT"
	exit 1
fi
fail=0
check() { # what have want
	if [ "$2" -lt "$3" ]; then
		echo "FAIL: $2 $1 entries, at least $3 wanted"
		fail=1
	fi
}
check convert "$conv" 800
check keep "$keep" 400
check review "$rev" 150
check cantonese "$cant" 200
[ "$fail" = 0 ] && echo "counts: all at or above 800 convert, 400 keep, 150 review, 200 cantonese"
exit $fail
