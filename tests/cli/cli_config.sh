#!/bin/bash
# .tongwen.ini lines of any length (lib/config): long lists, long comments,
# and line numbers in messages after them.
# usage: cli_config.sh TONGWEN WORKDIR
set -u
TW=$1 W=$2
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"

words=$(for i in $(seq 1 400); do printf '词语%03d ' "$i"; done)
comment=$(for i in $(seq 1 80); do printf '很长的注释'; done)
{
	echo "; $comment"
	echo "target = cn"
	echo "accept = $words DeepSeek 的士   ; $comment 软件"
	echo "# $comment"
	echo "ignore = $(for i in $(seq 1 60); do printf 'drafts/old-%03d/ ' "$i"; done) skip-me.md"
} > .tongwen.ini
printf '我坐的士去，用软件。\n' > a.md
"$TW" check --format json a.md > out 2> err
rc=$?
check "long lines: no error ($(head -c 200 err))" [ $rc != 2 ]
check "long accept list: its last words are read" bash -c "! grep -q '的士' out"
check "long lines: no bogus invalid UTF-8" bash -c "! grep -q 'invalid UTF-8' err"
cp a.md skip-me.md
"$TW" check a.md skip-me.md > out 2> err
check "long ignore list: its last pattern is read" bash -c "! grep -q skip-me out"

printf '[rules]\nspelling = bogus\n' >> .tongwen.ini
"$TW" check a.md > out 2> err
check "a bad line after long ones: exit 2" [ $? = 2 ]
check "a bad line after long ones: its line number" grep -q '\.tongwen\.ini:7: severity of spelling' err

printf 'target = %s\n' "$(printf 'x%.0s' $(seq 1 300))" > .tongwen.ini
"$TW" check a.md > out 2> err
check "a long value that is not a list: a clear error on line 1" grep -q '\.tongwen\.ini:1: line longer than' err

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
