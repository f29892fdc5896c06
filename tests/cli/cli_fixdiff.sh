#!/bin/bash
# check --fix --dry-run and --fix --diff: nothing changes, the diff applies
# with patch -p1 and gives exactly what --fix writes.
# usage: cli_fixdiff.sh TONGWEN WORKDIR
set -u
TW=$1 W=$2
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"

mkdir docs
for i in $(seq 1 14); do echo "第${i}行，今天天气很好。"; done > docs/a.md
sed -i '2s/.*/我坐的士去「数码港」。/; 12s/.*/搭的士。/' docs/a.md
printf '的士' > docs/b.md            # no final newline
printf '今天天气很好。\n' > docs/clean.md
cp -r docs orig

"$TW" check --fix --dry-run docs > report 2> log
check "--dry-run: exit 1 (errors remain)" [ $? = 1 ]
check "--dry-run: nothing changed" diff -r docs orig
check "--dry-run: lists what it would fix" grep -q '^docs/a.md:2:3: would fix: 的士 → 出租车 \[term/convert\]$' log
check "--dry-run: the report is of the text as it is" grep -q '^docs/a.md:2:3: error' report

"$TW" check --fix --diff docs > d.patch 2> log
check "--diff: nothing changed" diff -r docs orig
check "--diff: headers" grep -q '^--- a/docs/a.md$' d.patch
check "--diff: two hunks for changes ten lines apart" [ "$(grep -c '^@@' d.patch)" = 3 ]
check "--diff: no report mixed in" bash -c "! grep -q 'error:' d.patch"
cp -r orig fixed
"$TW" check --fix fixed >/dev/null 2>&1
patch -s -p1 < d.patch
check "--diff applies with patch -p1 and equals --fix" bash -c "diff -r docs fixed > /dev/null"
check "--diff: the missing final newline kept" cmp -s docs/b.md <(printf '出租车')
"$TW" check --diff docs 2> err
check "--diff without --fix: usage" [ $? = 2 ] && grep -q 'go with --fix' err

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
