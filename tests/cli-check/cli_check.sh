#!/bin/bash
# CLI tests of `tongwen check`: every report format, exit statuses, input
# errors, configuration discovery, inline directives and --fix.
# usage: cli_check.sh TONGWEN TESTDATA WORKDIR SRCDIR
set -u
TW=$1 DATA=$2 W=$3 SRC=$4
SCHEMA=$DATA/schema/sarif-schema-2.1.0.json
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
# expect STATUS STDOUT STDERR-SUBSTRING -- command…  (STDOUT "*": anything)
expect() {
	local status=$1 out=$2 err=$3; shift 4
	"$@" >"$W/out" 2>"$W/err"
	local rc=$?
	if [ "$rc" != "$status" ]; then bad "$* -> exit $rc, want $status ($(head -c 400 "$W/err"))"; return; fi
	if [ "$out" != "*" ] && [ "$(cat "$W/out")" != "$out" ]; then bad "$* -> stdout '$(head -c 400 "$W/out")', want '$out'"; return; fi
	if [ -n "$err" ] && ! grep -qF -- "$err" "$W/err"; then bad "$* -> stderr '$(cat "$W/err")' lacks '$err'"; return; fi
	ok
}
PY=
for p in /usr/bin/python3 python3; do
	"$p" -c 'import jsonschema' 2>/dev/null && PY=$p && break
done
[ -n "$PY" ] || { echo "FAIL: needs python3 with jsonschema (Debian: python3-jsonschema)"; exit 1; }
# jq_true FILE EXPR: a Python expression over the JSON document d
jtrue() { "$PY" "$SRC/jsoncheck.py" json "$1" "$2" && ok || bad "json: $2"; }

# Simplified text with Hong Kong wording: 的士 (one safe Mainland form),
# corner quotes (error, one suggestion each), 质素 (review: two senses).
printf '我坐的士去「数码港」。\n质素很好。\n' > a.md
printf '今天天气很好。\n' > clean.md

# ---------------------------------------------------------------- text format
expect 1 "*" "" -- "$TW" check a.md
grep -qE '^a\.md:1:3: error: .+ \[term/convert\]$' out && ok || bad "text header: $(cat out)"
# the header is followed by the source line and carets under 的士 (2 wide chars each)
grep -A2 -E '^a\.md:1:3: error:' out | sed -n 2p | grep -qx '我坐的士去「数码港」。' && ok || bad "text source line"
grep -A2 -E '^a\.md:1:3: error:' out | sed -n 3p | grep -qx '    ^^^^' && ok || bad "text carets: $(cat out)"
grep -qE '^a\.md:1:6: error: .+ \[punct/corner-quote\]$' out && ok || bad "corner quote"
grep -qE '^a\.md:2:1: warning: .+ \[term/review\]$' out && ok || bad "review: $(cat out)"
expect 0 "" "" -- "$TW" check clean.md
expect 0 "" "" -- "$TW" check - < clean.md
expect 1 "*" "" -- "$TW" check - < a.md
grep -q '^<stdin>:1:3: error' out && ok || bad "stdin name: $(head -1 out)"
expect 1 "*" "" -- "$TW" check --target=cn clean.md a.md
head -1 out | grep -q '^a\.md:' && ok || bad "two files"

# ---------------------------------------------------------------- --fail-on
expect 0 "*" "" -- "$TW" check --fail-on never a.md
printf '质素很好。\n' > review.md
expect 0 "*" "" -- "$TW" check review.md
expect 1 "*" "" -- "$TW" check --fail-on warning review.md
expect 1 "*" "" -- "$TW" check --fail-on info review.md
expect 0 "*" "" -- "$TW" check --fail-on error review.md

# ---------------------------------------------------------------- JSON
expect 1 "*" "" -- "$TW" check --format json a.md clean.md
cp out a.json
jtrue a.json 'isinstance(d, list) and len(d) >= 4'
jtrue a.json 'all(set(x) >= {"file","rule","severity","message","text","suggestions","line","column","end_line","end_column","byte_offset","byte_length"} for x in d)'
jtrue a.json 'any(x["rule"] == "term/convert" and x["text"] == "的士" and x["suggestions"] == ["出租车"] and (x["line"], x["column"], x["end_line"], x["end_column"], x["byte_offset"], x["byte_length"]) == (1, 3, 1, 5, 6, 6) and x["file"] == "a.md" and x["severity"] == "error" for x in d)'
jtrue a.json 'any(x["rule"] == "term/review" and x["severity"] == "warning" and x["line"] == 2 and len(x["suggestions"]) >= 2 for x in d)'
jtrue a.json 'all(x["file"] == "a.md" for x in d)'
expect 0 "[]" "" -- "$TW" check --format json clean.md

# ---------------------------------------------------------------- SARIF
expect 1 "*" "" -- "$TW" check --format sarif a.md review.md
cp out a.sarif
"$PY" "$SRC/jsoncheck.py" sarif a.sarif "$SCHEMA" && ok || bad "SARIF does not validate against the schema"
jtrue a.sarif 'd["version"] == "2.1.0" and d["runs"][0]["columnKind"] == "unicodeCodePoints"'
jtrue a.sarif 'd["runs"][0]["tool"]["driver"]["name"] == "tongwen" and all("defaultConfiguration" in r and "shortDescription" in r for r in d["runs"][0]["tool"]["driver"]["rules"])'
jtrue a.sarif 'all(d["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in d["runs"][0]["results"])'
jtrue a.sarif 'any(r["ruleId"] == "term/convert" and r["level"] == "error" and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.md" and r["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 3, "endLine": 1, "endColumn": 5, "byteOffset": 6, "byteLength": 6, "snippet": {"text": "的士"}} and r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "出租车" for r in d["runs"][0]["results"])'
jtrue a.sarif 'all("fixes" not in r for r in d["runs"][0]["results"] if r["ruleId"] == "term/review")'
expect 0 "*" "" -- "$TW" check --format sarif clean.md
"$PY" "$SRC/jsoncheck.py" sarif out "$SCHEMA" && ok || bad "empty SARIF does not validate"

# ---------------------------------------------------------------- GitHub
expect 1 "*" "" -- "$TW" check --format github a.md
grep -qE '^::error file=a\.md,line=1,col=3,endLine=1,endColumn=5,title=term/convert::.+' out && ok || bad "github error: $(cat out)"
grep -qE '^::warning file=a\.md,line=2,col=1,endLine=2,endColumn=3,title=term/review::' out && ok || bad "github warning"
mkdir -p 'we,ird' && cp a.md 'we,ird/a:b.md'
expect 1 "*" "" -- "$TW" check --format github 'we,ird/a:b.md'
grep -q '^::error file=we%2Cird/a%3Ab.md,line=1' out && ok || bad "github property escaping: $(head -1 out)"

# ---------------------------------------------------------------- usage and input errors
expect 0 "*" "" -- "$TW" check --help
grep -q 'usage: tongwen check' out && ok || bad "check --help"
expect 2 "" "unknown option '--bogus'" -- "$TW" check --bogus a.md
expect 2 "" "--format must be" -- "$TW" check --format yaml a.md
expect 2 "" "--target must be cn, hk or tw" -- "$TW" check --target mo a.md
expect 2 "" "--fail-on must be" -- "$TW" check --fail-on loud a.md
expect 2 "" "needs an argument" -- "$TW" check a.md --format
expect 2 "" "missing.md: No such file or directory" -- "$TW" check missing.md
printf '好的\n的士\xff\n' > badutf.md
expect 2 "" "tongwen: badutf.md: invalid UTF-8 at byte offset 13" -- "$TW" check badutf.md
expect 2 "" "<stdin>: invalid UTF-8 at byte offset 13" -- bash -c "'$TW' check < badutf.md"
# an input error wins over findings, and the other files are still reported
expect 2 "*" "badutf.md: invalid UTF-8" -- "$TW" check a.md badutf.md
grep -q '^a\.md:1:3: error' out && ok || bad "other files reported after an input error"
expect 2 "" "cannot fix standard input" -- "$TW" check --fix - < a.md

# ---------------------------------------------------------------- directories
mkdir -p tree/sub tree/.hidden
cp a.md tree/one.md; cp a.md tree/sub/two.txt; cp a.md tree/.hidden/x.md; cp a.md tree/sub/img.png
expect 1 "*" "" -- "$TW" check --format json tree
jtrue out 'sorted({x["file"] for x in d}) == ["tree/one.md", "tree/sub/two.txt"]'

# ---------------------------------------------------------------- configuration
mkdir -p proj/docs/deep proj/drafts proj/words other
cp a.md proj/docs/deep/a.md; cp a.md proj/drafts/a.md; cp a.md other/a.md
cat > proj/.tongwen.ini <<'EOF'
; project settings
target = cn
fail-on = warning
ignore = drafts
accept-file = words/accept.lst
[rules]
punct = off
EOF
printf '# words\n的士\n' > proj/words/accept.lst
# found by walking up from the file's directory: punct off, 的士 accepted,
# review warning fails the run
expect 1 "*" "" -- "$TW" check --format json proj/docs/deep/a.md
jtrue out 'not any(x["rule"].startswith("punct/") for x in d)'
jtrue out 'not any(x["text"] == "的士" for x in d)'
jtrue out 'any(x["rule"] == "term/review" for x in d)'
# the command line's --fail-on beats the file's
expect 0 "*" "" -- "$TW" check --fail-on error proj/docs/deep/a.md
# a file outside the project is checked with the defaults
expect 1 "*" "" -- "$TW" check --format json other/a.md
jtrue out 'any(x["rule"] == "punct/corner-quote" for x in d) and any(x["text"] == "的士" for x in d)'
# ignored paths are skipped, given directly or found in a directory
expect 0 "[]" "" -- "$TW" check --format json proj/drafts/a.md
expect 1 "*" "" -- "$TW" check --format json proj
jtrue out 'sorted({x["file"] for x in d}) == ["proj/docs/deep/a.md"]'
# the same from inside the project, through stdin (config found from the cwd)
expect 0 "*" "" -- bash -c "cd proj/docs && '$TW' check --format json --fail-on error - < ../../a.md"
jtrue out 'not any(x["rule"].startswith("punct/") for x in d)'
# --config replaces discovery
printf 'reject = 天气\n[rules]\nterm/review = error\n' > strict.ini
expect 1 "*" "" -- "$TW" check --config strict.ini --format json clean.md review.md
jtrue out 'any(x["rule"] == "term/reject" and x["text"] == "天气" and x["severity"] == "error" for x in d)'
jtrue out 'any(x["rule"] == "term/review" and x["severity"] == "error" for x in d)'
# target from the configuration: for hk, corner quotes are right
printf 'target = hk\n' > hk.ini
printf '他說「好」。\n' > hk.md
"$TW" check --config hk.ini --format json hk.md > out 2>err
jtrue out 'not any(x["rule"] == "punct/corner-quote" for x in d)'
"$TW" check --config hk.ini --target cn --format json hk.md > out 2>err
jtrue out 'any(x["rule"] == "punct/corner-quote" for x in d)'
# malformed configuration: file and line, exit 2
mkdir -p broken/x && printf 'target = cn\n[rules]\nterm/convert = loud\n' > broken/.tongwen.ini && cp a.md broken/x/
expect 2 "" "broken/.tongwen.ini:3: severity of term/convert must be error, warning, info or off, not 'loud'" -- "$TW" check broken/x/a.md
printf 'target = cn\nwhat = ever\n' > broken/.tongwen.ini
expect 2 "" "broken/.tongwen.ini:2: unknown key 'what'" -- "$TW" check broken/x/a.md
expect 2 "" "nope.ini: No such file or directory" -- "$TW" check --config nope.ini a.md

# ---------------------------------------------------------------- directives
cat > dir.md <<'EOF'
<!-- tongwen-disable-next-line -->
我坐的士去。
我坐的士去。
# tongwen-disable term
的士
// tongwen-enable term
的士
<!-- tongwen-disable-next-line punct/corner-quote -->
「的士」
EOF
expect 1 "*" "" -- "$TW" check --format json dir.md
jtrue out 'sorted(x["line"] for x in d if x["rule"] == "term/convert") == [3, 7, 9]'
jtrue out 'not any(x["rule"] == "punct/corner-quote" for x in d)'

# ---------------------------------------------------------------- --fix
cp a.md fix.md && chmod 640 fix.md
expect 0 "*" "fix.md: fixed 3" -- "$TW" check --fix fix.md
[ "$(cat fix.md)" = "$(printf '我坐出租车去“数码港”。\n质素很好。')" ] && ok || bad "--fix content: $(cat fix.md)"
grep -qF 'fix.md:1:3: fixed: 的士 → 出租车 [term/convert]' err && ok || bad "--fix does not list its change: $(cat err)"
# what remains is reported, with positions in the fixed text
grep -qE '^fix\.md:2:1: warning: .+ \[term/review\]$' out && ok || bad "--fix remaining: $(cat out)"
[ "$(stat -c %a fix.md)" = 640 ] && ok || bad "--fix lost permissions"
ls | grep -q twtmp && bad "--fix left a temporary file" || ok
# the exit status is computed on what remains
cp a.md fix2.md
expect 1 "*" "" -- "$TW" check --fix --fail-on warning fix2.md
# overlapping fixes in one run: the term fix covers the script fix (数码港元
# used to need a second --fix), and a second run finds nothing to fix
printf '數碼港元\n' > overlap.txt
expect 0 "*" "overlap.txt: fixed 1, 0 findings remain" -- "$TW" check --fix overlap.txt
[ "$(cat overlap.txt)" = "数字港元" ] && ok || bad "--fix overlap: $(cat overlap.txt)"
# nothing to fix: the file is not rewritten
cp review.md nofix.md && touch -d '2001-01-01' nofix.md
expect 0 "*" "" -- "$TW" check --fix nofix.md
[ "$(stat -c %Y nofix.md)" = "$(date -d 2001-01-01 +%s)" ] && ok || bad "--fix rewrote an unchanged file"
# a write failure leaves the file untouched and no temporary behind
cp a.md fix3.md
bash -c "trap '' XFSZ; ulimit -f 0; exec '$TW' check --fix fix3.md" 2>&1 | cat > fixfail.log
rc=${PIPESTATUS[0]}
[ "$rc" = 2 ] && ok || bad "--fix write failure: exit $rc ($(cat fixfail.log))"
cmp -s a.md fix3.md && ok || bad "--fix write failure changed the file"
ls | grep -q twtmp && bad "--fix write failure left a temporary file" || ok
# review items are never applied, even when configured as errors
printf '[rules]\nterm/review = error\n' > review-error.ini
cp review.md fix4.md
expect 1 "*" "" -- "$TW" check --config review-error.ini --fix fix4.md
cmp -s review.md fix4.md && ok || bad "--fix applied a review item"

# ---------------------------------------------------------------- the sample
# converted with hk2cn, the sample article has no errors
"$TW" convert "$DATA/takungpao-hk-ai-2025.txt" > sample-cn.txt
expect 0 "*" "" -- "$TW" check sample-cn.txt

echo "cli_check: $pass passed, $fail failed"
[ "$fail" = 0 ]
