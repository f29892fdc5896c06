#!/bin/bash
# CLI tests of `tongwen convert`: output, exit statuses, messages, and -o
# atomicity. usage: cli_convert.sh TONGWEN TESTDATA WORKDIR
set -u
TW=$1 DATA=$2 W=$3
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
# expect STATUS STDOUT STDERR-SUBSTRING -- command…
expect() {
	local status=$1 out=$2 err=$3; shift 4
	"$@" >"$W/out" 2>"$W/err"
	local rc=$?
	if [ "$rc" != "$status" ]; then bad "$* -> exit $rc, want $status ($(head -c 300 "$W/err"))"; return; fi
	if [ "$out" != "*" ] && [ "$(cat "$W/out")" != "$out" ]; then bad "$* -> stdout '$(head -c 200 "$W/out")', want '$out'"; return; fi
	if [ -n "$err" ] && ! grep -qF -- "$err" "$W/err"; then bad "$* -> stderr '$(cat "$W/err")' lacks '$err'"; return; fi
	ok
}

expect 0 "tongwen $("$TW" --version | cut -d' ' -f2)" "" -- "$TW" --version
expect 0 "*" "" -- "$TW" --help
expect 0 "tongwen $("$TW" --version | cut -d' ' -f2)" "" -- "$TW" -V
expect 2 "" "unknown command" -- "$TW" frobnicate
expect 2 "" "usage" -- "$TW"

# stdin to stdout, default profile hk2cn
printf '「的士」經過數碼港' > in1.txt
expect 0 "$("$TW" convert <in1.txt)" "" -- "$TW" convert in1.txt
expect 0 "*" "" -- "$TW" convert - <in1.txt
grep -q '“' out || bad "corner quotes not converted: $(cat out)"
expect 0 "数码港" "" -- bash -c "printf '數碼港' | '$TW' convert"
expect 0 "「的士」经过数码港香港数码港" "" -- "$TW" convert -p hk2s in1.txt /dev/null -- <(printf "香港數碼港")
# empty input is fine
expect 0 "" "" -- "$TW" convert /dev/null
: > empty.txt
expect 0 "" "" -- "$TW" convert -o empty.out empty.txt
[ -f empty.out ] && [ ! -s empty.out ] && ok || bad "empty -o output"

# profiles by name and path, listing
expect 0 "*" "" -- "$TW" convert --list-profiles
grep -qx hk2cn out && grep -qx tw2sp out && grep -qx s2hk out && ok || bad "--list-profiles: $(cat out)"
expect 0 "汉字" "" -- bash -c "printf '漢字' | '$TW' convert -p t2s"
expect 2 "" "profile \"nope\" not found" -- "$TW" convert -p nope in1.txt
expect 2 "" "needs an argument" -- "$TW" convert -p
expect 2 "" "unknown option '--bogus'" -- "$TW" convert --bogus

# missing and unreadable inputs
expect 2 "" "missing.txt: No such file or directory" -- "$TW" convert missing.txt

# invalid UTF-8: file and byte offset, exit 2
printf 'ok line\n香港\xff\xfe' > bad.txt
expect 2 "" "bad.txt: invalid UTF-8 at byte offset 14" -- "$TW" convert bad.txt
expect 2 "" "<stdin>: invalid UTF-8 at byte offset 14" -- bash -c "'$TW' convert < bad.txt"
# … with -o: no output file is created
expect 2 "" "bad.txt: invalid UTF-8 at byte offset 14" -- "$TW" convert -o new.txt bad.txt
[ ! -e new.txt ] && ok || bad "-o created a file on invalid input"
# … and an existing one is left untouched, even when the bad file comes second
printf 'precious' > keep.txt
expect 2 "" "bad.txt: invalid UTF-8" -- "$TW" convert -o keep.txt in1.txt bad.txt
[ "$(cat keep.txt)" = precious ] && ok || bad "-o changed an existing file on failure"
ls | grep -q twtmp && bad "temporary file left behind" || ok
# a truncated sequence at the very end
printf '香\xe6\xb8' > trunc.txt
expect 2 "" "trunc.txt: invalid UTF-8 at byte offset 3" -- "$TW" convert trunc.txt

# -o success replaces atomically and keeps permissions
chmod 640 keep.txt
expect 0 "" "" -- "$TW" convert -o keep.txt in1.txt
[ "$(cat keep.txt)" = "$("$TW" convert in1.txt)" ] && ok || bad "-o content"
[ "$(stat -c %a keep.txt)" = 640 ] && ok || bad "-o lost permissions"
# multiple files are concatenated
expect 0 "数码港数码港" "" -- bash -c "printf '數碼港' > a.txt; printf '數碼港' > b.txt; '$TW' convert a.txt b.txt"

# the sample article through the default profile equals -p hk2cn
"$TW" convert "$DATA/takungpao-hk-ai-2025.txt" > s1 && "$TW" convert -p hk2cn < "$DATA/takungpao-hk-ai-2025.txt" > s2
cmp -s s1 s2 && ok || bad "sample: file vs stdin differ"

# a large input streams (a few MB, many lines) and matches the library's whole conversion
for i in $(seq 1 400); do cat "$DATA/takungpao-hk-ai-2025.txt"; done > big.txt
"$TW" convert big.txt > big.out && [ "$(wc -c < big.out)" -gt 4000000 ] && ok || bad "big input"
head -c "$(wc -c < s1)" big.out | cmp -s - s1 && ok || bad "big input: first copy differs"

# registers (fixture profiles: reg-hk keeps "user", its Taiwan variant
# reg-tw writes "USER"; markers network, software, digital / harbour)
REG="$(cd "${BASH_SOURCE%/*}/../api/fixtures/register" && pwd)/reg-hk.json"
printf 'network software: a user\n' > tw.txt
printf 'harbour: a user\n' > hk.txt
expect 0 "network software: a USER" "" -- "$TW" convert -p "$REG" tw.txt
expect 0 "harbour: a user" "" -- "$TW" convert -p "$REG" hk.txt
expect 0 "network software: a user" "" -- "$TW" convert -p "$REG" --register hk tw.txt
expect 0 "harbour: a USER" "" -- "$TW" convert -p "$REG" --register tw hk.txt
expect 0 "network software: a user" "" -- "$TW" convert -p "$REG" --opencc-only tw.txt
expect 2 "" "--register must be auto, hk or tw" -- "$TW" convert -p "$REG" --register taiwan tw.txt
expect 0 "network software: a USER" "" -- bash -c "'$TW' convert -p '$REG' < tw.txt"
printf '<p>network software</p><p>a user</p>\n' > tw.html
expect 0 "<p>network software</p><p>a USER</p>" "" -- "$TW" convert -p "$REG" tw.html
# each file of a batch, each record of JSON Lines decides for itself
mkdir -p regout
"$TW" convert -p "$REG" -o regout/ --no-sync tw.txt hk.txt 2>/dev/null
[ "$(cat regout/tw.txt)" = "network software: a USER" ] && [ "$(cat regout/hk.txt)" = "harbour: a user" ] \
	&& ok || bad "register per batch file: $(cat regout/tw.txt regout/hk.txt)"
printf '{"t":"network","b":"software user"}\n{"t":"harbour","b":"a user"}\n' > reg.jsonl
expect 0 "$(printf '{"t":"network","b":"software USER"}\n{"t":"harbour","b":"a user"}')" "" -- \
	"$TW" convert -p "$REG" --jsonl t,b reg.jsonl
# markers only after the first 64 KiB: Hong Kong copy, from a file or a pipe
{ for i in $(seq 4000); do printf 'x user line %05d\n' "$i"; done; printf 'network software\n'; } > late.txt
"$TW" convert -p "$REG" late.txt > late.out && ! grep -q USER late.out && ok || bad "late markers decided"
"$TW" convert -p "$REG" < late.txt | cmp -s - late.out && ok || bad "late markers: pipe differs"

# one long plain-text input: two threads (the default on two cores, or -j 2) write what one does
for i in $(seq 400); do cat "$DATA/takungpao-hk-ai-2025.txt"; done > long.txt
"$TW" convert -j 1 -o long1.out long.txt && "$TW" convert -j 2 -o long2.out long.txt &&
	cmp -s long1.out long2.out && "$TW" convert -j 2 < long.txt | cmp -s - long1.out &&
	ok || bad "convert -j 2 of a long file differs from -j 1"
printf '\xff' >> long.txt
expect 2 "" "long.txt: invalid UTF-8 at byte offset $(( $(stat -c %s long.txt) - 1 ))" -- \
	"$TW" convert -j 2 -o long2.out long.txt
cmp -s long1.out long2.out && ok || bad "a failed -j 2 conversion touched its output"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
