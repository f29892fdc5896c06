#!/bin/bash
# Allocation failures are errors, never end of input, a crash or a silently
# wrong result. For each command, the N-th allocation made by tongwen's own
# code fails (the first ones, a spread, and the last ones, where the checks and
# the report renderers run): the run must either exit 2 with a
# message, leaving any output untouched and no temporary file, or succeed
# with exactly the output of a normal run. Never a half-written file.
# usage: faults_alloc.sh TONGWEN LIBFAILALLOC TESTDATA WORKDIR
set -u
TW=$1 LIB=$2 DATA=$3 W=$4
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"

printf '我坐的士去「数码港」。\n质素很好。\nHello wrold.\n' > a.md
head -n 12 "$DATA/takungpao-hk-ai-2025.txt" > in.txt

# points N to try for a run that makes COUNT allocations of its own
# (HEAD first ones, a spread, TAIL last ones)
points() {
	local count=$1 head=${HEAD:-150} tail=${TAIL:-150} n
	for ((n = 1; n <= head && n <= count; n++)); do echo $n; done
	for ((n = head + 1; n < count - tail; n = n * 2 + 7)); do echo $n; done
	for ((n = count - tail; n <= count; n++)); do [ $n -gt $head ] && echo $n; done
}

# sweep NAME OUTFILE -- command…: OUTFILE is the file the command writes
# ("-" for stdout); it is reset to "precious" before each run when not "-"
# (to $PREP's output when PREP is set).
reset() {
	[ "$1" = - ] && return
	if [ -n "${PREP:-}" ]; then printf "$PREP" > "$1"; else printf precious > "$1"; fi
	cp "$1" "$W/before"
}
sweep() {
	local name=$1 outf=$2; shift 3
	local ref="$W/ref-$name" rc n errs=0
	reset "$outf"
	"$@" > "$ref.stdout" 2>/dev/null
	local ref_rc=$?
	[ "$outf" = - ] || cp "$outf" "$ref"
	reset "$outf"
	TW_FAIL_COUNT="$W/count" LD_PRELOAD="$LIB" "$@" >/dev/null 2>&1
	local count; count=$(cat "$W/count")
	[ "$count" -gt 0 ] || { bad "$name: no allocations counted"; return; }
	local tried=0
	for n in $(points "$count"); do
		tried=$((tried + 1))
		reset "$outf"
		TW_FAIL_NTH=$n LD_PRELOAD="$LIB" "$@" > "$W/stdout" 2> "$W/stderr"
		rc=$?
		local why=
		if [ $rc = 2 ]; then
			grep -q '^tongwen: ' "$W/stderr" || why="exit 2 without a message"
			# the output is untouched, or complete (--fix wrote the file and a
			# later step, the report, failed)
			[ "$outf" = - ] || cmp -s "$outf" "$W/before" || cmp -s "$outf" "$ref" ||
				why="output half-written on failure"
		elif [ $rc = "$ref_rc" ]; then
			cmp -s "$W/stdout" "$ref.stdout" || why="exit $rc with different output"
			[ "$outf" = - ] || cmp -s "$outf" "$ref" || why="exit $rc with a different file"
		else
			why="exit $rc ($(head -c 200 "$W/stderr"))"
		fi
		ls -A | grep -q twtmp && why="$why; temporary left" && rm -f ./*twtmp*
		if [ -n "$why" ]; then
			bad "$name: allocation $n of $count failed: $why"
			errs=$((errs + 1))
			[ $errs -ge 5 ] && return
		fi
	done
	ok
	echo "$name: $tried of $count allocation points failed in turn"
}

HEAD=60 TAIL=40 sweep convert-o out.txt -- "$TW" convert -o out.txt in.txt
HEAD=0 TAIL=30 sweep convert-stdout - -- "$TW" convert in.txt
# the lexicon loads in the first ~32,000 allocations of every check: swept
# once, then only the checks and renderers at the end
HEAD=40 TAIL=80 sweep check-json - -- "$TW" check --format json a.md
HEAD=0 TAIL=40 sweep check-text - -- "$TW" check a.md
HEAD=0 TAIL=40 sweep check-sarif - -- "$TW" check --format sarif a.md
HEAD=0 TAIL=40 sweep check-github - -- "$TW" check --format github a.md
HEAD=0 TAIL=40 sweep check-xml - -- "$TW" check --format xml a.md
HEAD=0 TAIL=40 PREP='我坐的士去。\n' sweep check-fix fix.md -- "$TW" check --fix fix.md
HEAD=0 TAIL=100 sweep annotate-o ann.xml -- "$TW" annotate -o ann.xml in.txt

# A failed realloc while reading is not the end of the input: --fix on a
# 2.4 MB file when, once, the reader cannot have a buffer of 2 MB must fail
# and leave the file alone (it used to be cut to its first 1 MiB, fixed, and
# exit 0).
# (16-byte lines, one finding, so the old cut at 1 MiB was silent)
{ printf '我坐的士去\n'; for i in $(seq 1 150000); do printf '我坐出租车\n'; done; } > big.md
cp big.md big.orig
TW_FAIL_SIZE=2000000 TW_FAIL_ONCE=1 TW_FAIL_CLI=1 LD_PRELOAD="$LIB" "$TW" check --fix big.md > /dev/null 2> err
rc=$?
[ $rc = 2 ] && ok || bad "--fix under memory pressure: exit $rc, want 2 ($(head -c 200 err))"
grep -q 'big.md: out of memory' err && ok || bad "--fix under memory pressure: message $(head -c 200 err)"
cmp -s big.md big.orig && ok || bad "--fix under memory pressure changed the file ($(wc -c < big.md) bytes)"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
