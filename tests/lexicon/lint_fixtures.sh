#!/bin/bash
# usage: lint_fixtures.sh TWDICT DATA_DIR FIXTURES
# Each fixtures/NAME/ is a small dicts/ tree with one defect; the lint must
# report exactly the lines of fixtures/NAME.expected (paths relative to the
# tree) and exit 1 — or 0 with no lines for the clean tree.
set -u
TWDICT=$1 DATA=$2 FIX=$3
fail=0 n=0
for dir in "$FIX"/*/; do
	name=$(basename "$dir")
	n=$((n + 1))
	out=$("$TWDICT" lint --dicts "$FIX/$name" --data-dir "$DATA")
	rc=$?
	got=$(printf '%s\n' "$out" | grep -E '^[^ ]+:[0-9]+: ' | sed "s|$FIX/$name/||g" | LC_ALL=C sort)
	want=$(LC_ALL=C sort "$FIX/$name.expected")
	want_rc=1
	[ -z "$want" ] && want_rc=0
	if [ "$rc" != "$want_rc" ] || [ "$got" != "$want" ]; then
		echo "FAIL $name: exit $rc (want $want_rc)"
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/  /'
		fail=$((fail + 1))
	else
		echo "ok   $name"
	fi
done
# Usage and I/O errors exit 2.
"$TWDICT" lint --dicts "$FIX/clean" >/dev/null 2>&1
[ $? = 2 ] && echo "ok   usage error" || { echo "FAIL usage error: want exit 2"; fail=$((fail + 1)); }
"$TWDICT" lint --dicts "$FIX/no-such-tree" --data-dir "$DATA" >/dev/null 2>&1
[ $? = 2 ] && echo "ok   missing tree" || { echo "FAIL missing tree: want exit 2"; fail=$((fail + 1)); }
[ "$n" -ge 10 ] || { echo "FAIL only $n fixtures found in $FIX"; fail=$((fail + 1)); }
echo "$((n + 2 - fail)) passed, $fail failed"
[ "$fail" = 0 ]
