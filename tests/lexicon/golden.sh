#!/bin/bash
# usage: golden.sh TONGWEN SAMPLE GOLDEN WORKDIR
# hk2cn on the sample article equals the reviewed golden, and the facts an
# editor checked in it hold: names and Mainland words kept, quotes converted.
set -u
TW=$1 SAMPLE=$2 GOLDEN=$3 W=$4
mkdir -p "$W"
fail=0
"$TW" convert -p hk2cn -o "$W/hk2cn.txt" "$SAMPLE" || { echo "FAIL: tongwen convert exited $?"; exit 1; }
"$TW" convert -p hk2s -o "$W/hk2s.txt" "$SAMPLE" || { echo "FAIL: tongwen convert -p hk2s exited $?"; exit 1; }
if cmp -s "$GOLDEN" "$W/hk2cn.txt"; then
	echo "ok   hk2cn output equals $(basename "$GOLDEN")"
else
	echo "FAIL hk2cn output differs from $GOLDEN (- golden, + now):"
	diff "$GOLDEN" "$W/hk2cn.txt" | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
	fail=$((fail + 1))
fi
count() { grep -o -- "$1" "$2" | wc -l; }
fact() { # description, condition result (0 = holds)
	if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=$((fail + 1)); fi
}
OUT=$W/hk2cn.txt
[ "$(count 数码港 "$OUT")" -gt 0 ]; fact "数码港 (Cyberport) is present" $?
[ "$(count 数字港 "$OUT")" = "$(count 数字港元 "$OUT")" ]; fact "数字港 occurs only in 数字港元" $?
for w in 核心 首席执行官 互动 通道 装置 建立 算力 智能; do
	have=$(count "$w" "$OUT") want=$(count "$w" "$W/hk2s.txt")
	[ "$want" -gt 0 ] && [ "$have" = "$want" ]
	fact "$w kept: $have of $want occurrences" $?
done
[ "$(count '[「」『』]' "$OUT")" = 0 ]; fact "no corner quotes left" $?
[ "$(count '“' "$OUT")" -gt 0 ] && [ "$(count '“' "$OUT")" = "$(count '”' "$OUT")" ]
fact "“” present and balanced" $?
[ "$(count '「' "$SAMPLE")" = "$(count '“' "$OUT")" ]; fact "every 「 became “" $?
echo "$fail failed"
[ "$fail" = 0 ]
