#!/bin/bash
# twdict spellwords: the build's English word list (tools/spellwords.c) takes
# the forms en_US or en_GB accepts, and fails (exit 2, nothing written) when
# a dictionary or the forms cannot be read: Hunspell itself makes a handle
# that knows no word from files it cannot open, which once gave an empty list.
# usage: spellwords.sh TWDICT HUNSPELL_DIR WORKDIR
set -u
TWDICT=$1 DIR=$2 W=$3
rm -rf "$W" && mkdir -p "$W/empty"
fail=0
printf 'centre\ncenter\ncolour\nzorblaaing\n' > "$W/forms"
"$TWDICT" spellwords "$DIR" "$W/forms" "$W/out" || { echo "FAIL: exit $?"; fail=1; }
[ "$(cat "$W/out" 2>/dev/null | tr '\n' ' ')" = "Center Centre Colour center centre colour " ] ||
	{ echo "FAIL: list: $(tr '\n' ' ' < "$W/out" 2>/dev/null)"; fail=1; }
for args in "$W/empty $W/forms $W/out2" "$DIR $W/missing $W/out3"; do
	# shellcheck disable=SC2086
	"$TWDICT" spellwords $args 2>/dev/null
	rc=$?
	out=${args##* }
	[ "$rc" = 2 ] && [ ! -e "$out" ] || { echo "FAIL: spellwords $args: exit $rc"; fail=1; }
done
[ "$fail" = 0 ] && echo "ok   spellwords: both dictionaries, and exit 2 with nothing written"
exit "$fail"
