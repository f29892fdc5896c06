#!/bin/bash
# usage: compile_within.sh TWDICT WORKDIR
# twdict compile --within SEG: compiles when every key is a key of SEG and
# records SEG's id in the image; refuses (exit 2, nothing written) when a
# key is missing from SEG, or when SEG is not a dictionary.
set -u
TWDICT=$1 W=$2
mkdir -p "$W"
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
printf '的士\t出租车\n數碼港元\t数字港元\n' > "$W/terms.txt"
printf '的士\t的士\n數碼港元\t數碼港元\n數碼港\t數碼港\n' > "$W/seg.txt"
printf '的士\t的士\n' > "$W/small-seg.txt"
"$TWDICT" compile "$W/seg.txt" "$W/seg.twd" || bad "compile seg"
"$TWDICT" compile "$W/small-seg.txt" "$W/small-seg.twd" || bad "compile small seg"
rm -f "$W/terms.twd"
"$TWDICT" compile --within "$W/seg.twd" "$W/terms.txt" "$W/terms.twd" && [ -s "$W/terms.twd" ] &&
	ok "keys within: compiled" || bad "keys within: not compiled"
# the header's id (offset 80) of seg.twd is the `within` (offset 88) of terms.twd
[ "$(od -An -tx8 -j80 -N8 "$W/seg.twd")" = "$(od -An -tx8 -j88 -N8 "$W/terms.twd")" ] &&
	ok "within records the segmentation's id" || bad "within is not the segmentation's id"
[ "$(od -An -tx8 -j88 -N8 "$W/seg.twd" | tr -d ' ')" = "0000000000000000" ] &&
	ok "a dictionary compiled alone claims nothing" || bad "seg.twd claims a within"
rm -f "$W/terms2.twd"
"$TWDICT" compile --within "$W/small-seg.twd" "$W/terms.txt" "$W/terms2.twd" 2> "$W/err"
rc=$?
[ $rc -eq 2 ] && grep -q "not a key of the --within dictionary" "$W/err" && [ ! -e "$W/terms2.twd" ] &&
	ok "a key outside: refused, nothing written" || bad "a key outside: exit $rc, $(cat "$W/err")"
printf 'not a dictionary' > "$W/junk.twd"
"$TWDICT" compile --within "$W/junk.twd" "$W/terms.txt" "$W/terms2.twd" 2> "$W/err"
rc=$?
[ $rc -eq 2 ] && grep -q "junk.twd" "$W/err" && [ ! -e "$W/terms2.twd" ] &&
	ok "not a dictionary: refused, named" || bad "junk: exit $rc, $(cat "$W/err")"
exit $fail
