#!/bin/bash
# usage: filter_heldout.sh FILTER.py WORKDIR
# tools/eval/filter_heldout.py removes the paragraphs that share a
# 16-character run with held-out text, rewrites only regular UTF-8 files,
# and names the others (exit 2) without touching them.
set -u
F=$1 W=$2/filter-heldout
rm -rf "$W"
mkdir -p "$W/heldout" "$W/dev"
printf '零一二三四五六七八九十一二三四五六七八九\n' > "$W/heldout/h.txt"
printf 'abc\n一二三四五六七八九十一二三四五六七八\n其他段落\n' > "$W/dev/x.txt"
printf '一二三四五六七八九十一二三四五六七八\n' > "$W/dev/only.txt"
printf '\xff一二三四五六七八九十一二三四五六七八\n' > "$W/dev/bad.txt"
cp "$W/dev/bad.txt" "$W/bad.orig"
mkfifo "$W/dev/fifo.txt"
python3 "$F" --heldout "$W/heldout/*.txt" "$W/dev" > "$W/out" 2> "$W/err"
rc=$?
fail=0
check() { if ! eval "$1"; then echo "FAIL: $2"; fail=1; fi; }
check '[ "$rc" = 2 ]' "exit status $rc, want 2 (a FIFO and a non-UTF-8 file met)"
check '[ "$(cat "$W/dev/x.txt")" = "$(printf "abc\n其他段落")" ]' "the shared paragraph was not removed"
check '[ ! -e "$W/dev/only.txt" ]' "a file left with no text was kept"
check 'cmp -s "$W/dev/bad.txt" "$W/bad.orig"' "a non-UTF-8 file was changed"
check '[ -p "$W/dev/fifo.txt" ]' "the FIFO was replaced"
check 'grep -q "bad.txt: byte 0: not UTF-8" "$W/err"' "the non-UTF-8 file is not named with its byte offset"
check 'grep -q "2 paragraphs removed in all" "$W/out"' "the count is wrong: $(tail -1 "$W/out")"
check '[ -z "$(ls -A "$W/dev" | grep filter-tmp)" ]' "a temporary file was left"
exit $fail
