#!/bin/bash
# Colour in the text report: --color=always|never|auto, NO_COLOR, and the
# coloured report is the plain one once the escapes are removed.
# usage: cli_color.sh TONGWEN WORKDIR
set -u
TW=$1 W=$2
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
esc=$'\e'
printf '我坐的士去「数码港」。\n质素很好。\n' > a.md

"$TW" check --color=never a.md > plain
"$TW" check --color=always a.md > colored
check "--color=always: escapes" grep -q "$esc\[1;31merror" colored
check "--color=always: carets coloured" grep -q "$esc\[1;32m    ^^^^" colored
check "--color=never: none" bash -c "! grep -q '$esc' plain"
check "colour removed = plain" cmp -s plain <(sed "s/$esc\[[0-9;]*m//g" colored)
"$TW" check a.md > auto-file
check "auto into a file: none" cmp -s plain auto-file
"$TW" check --format json --color=always a.md > json
check "JSON never coloured" bash -c "! grep -q '$esc' json"
if command -v script > /dev/null; then
	script -qec "'$TW' check a.md" /dev/null > tty-out
	check "auto on a terminal: colour" grep -q "$esc\[1;31merror" tty-out
	NO_COLOR=1 script -qec "'$TW' check a.md" /dev/null > tty-nocolor
	check "NO_COLOR on a terminal: none" bash -c "! grep -q '$esc\[1;31m' tty-nocolor"
	NO_COLOR=1 "$TW" check --color=always a.md > forced
	check "NO_COLOR with --color=always: colour" grep -q "$esc\[1;31merror" forced
fi
"$TW" check --color=sometimes a.md 2> err
check "--color=bad: usage" [ $? = 2 ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
