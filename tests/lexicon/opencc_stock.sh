#!/bin/bash
# usage: opencc_stock.sh TONGWEN HK2CN.json WORKDIR FILE…
# The hk2cn profile we ship runs in stock OpenCC: `opencc -c hk2cn.json`
# must give tongwen's output, byte for byte, on every FILE — tongwen without
# its name guard, the layer of its own that stock OpenCC does not have (the
# differential test checks the guard's differences from libopencc).
set -u
TW=$1 PROFILE=$2 W=$3
shift 3
if ! command -v opencc > /dev/null; then
	echo "SKIP: the opencc command is not installed (Debian package opencc); cannot compare"
	exit 77
fi
mkdir -p "$W"
fail=0 n=0
for f in "$@"; do
	n=$((n + 1))
	name=$(basename "$(dirname "$f")")-$(basename "$f")
	"$TW" convert --opencc-only -p "$PROFILE" -o "$W/$name.tongwen" "$f" || { echo "FAIL $f: tongwen exited $?"; fail=$((fail + 1)); continue; }
	opencc -c "$PROFILE" -i "$f" -o "$W/$name.opencc" || { echo "FAIL $f: opencc exited $?"; fail=$((fail + 1)); continue; }
	if cmp -s "$W/$name.tongwen" "$W/$name.opencc"; then
		echo "ok   $f"
	else
		echo "FAIL $f: stock opencc and tongwen differ (- opencc, + tongwen):"
		diff "$W/$name.opencc" "$W/$name.tongwen" | grep '^[<>]' | sed 's/^</-/; s/^>/+/' | head -20
		fail=$((fail + 1))
	fi
done
echo "$((n - fail)) passed, $fail failed"
[ "$n" -gt 0 ] && [ "$fail" = 0 ]
