#!/bin/bash
# CLI tests of `tongwen annotate`: the document of the sample article and of
# random inputs validates against the schema and gives back the converted
# and the source text (read by an independent Python reader); findings with
# source positions; targets; exit statuses, messages and -o atomicity.
# usage: cli_annotate.sh TONGWEN TESTDATA XMLLINT SCHEMA SRCDIR WORKDIR
set -u
TW=$1 DATA=$2 XMLLINT=$3 RNG=$4 SRC=$5 W=$6
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
# expect STATUS STDERR-SUBSTRING -- command…  (stdout in $W/out)
expect() {
	local status=$1 err=$2; shift 3
	"$@" >"$W/out" 2>"$W/err"
	local rc=$?
	if [ "$rc" != "$status" ]; then bad "$* -> exit $rc, want $status ($(head -c 300 "$W/err"))"; return 1; fi
	if [ -n "$err" ] && ! grep -qF -- "$err" "$W/err"; then bad "$* -> stderr '$(cat "$W/err")' lacks '$err'"; return 1; fi
	ok
}
valid() { "$XMLLINT" --noout --relaxng "$RNG" "$@" 2>"$W/lint" && ok || bad "schema: $(grep -v validates "$W/lint" | head -5)"; }
# round_trip DOC INPUT…: each document gives back the hk2cn conversion of its
# input and the input (one Python run for all: it is slow to start)
round_trip() {
	local args=()
	while [ $# -gt 0 ]; do
		"$TW" convert "$2" >"$2.conv" || { bad "convert $2"; return; }
		args+=("$1" "$2.conv" "$2")
		shift 2
	done
	python3 "$SRC/roundtrip.py" "${args[@]}" && ok || bad "round trip"
}

# The sample article.
SAMPLE=$DATA/takungpao-hk-ai-2025.txt
expect 0 "" -- "$TW" annotate "$SAMPLE" && cp out sample.xml
valid sample.xml
cp "$SAMPLE" sample.txt
grep -q '<document [^>]*profile="hk2cn"' sample.xml && grep -q 'target="cn"' sample.xml && ok \
	|| bad "sample: profile/target attributes"
grep -q 'kind="term" dict="HKCNTerms.ocd2"' sample.xml && ok || bad "sample: no term change"
# The sample converted with hk2cn has no errors.
grep -q 'severity="error"' sample.xml && bad "sample has error findings: $(grep -o '<finding rule="[^"]*" severity="error"' sample.xml | sort | uniq -c)" || ok

# -o writes the same document, atomically.
expect 0 "" -- "$TW" annotate -o sample-o.xml "$SAMPLE"
cmp -s sample.xml sample-o.xml && ok || bad "-o output differs from stdout"
[ -s out ] && bad "-o also wrote to stdout" || ok

# Findings on the converted text, with positions in the source: 市民質素 →
# 市民质素 keeps its byte lengths, so 质素 maps to 質素 at the same bytes.
printf '市民質素\n' >review.txt
expect 0 "" -- "$TW" annotate review.txt
grep -q '<finding rule="term/review" severity="warning">' out && ok || bad "no term/review finding: $(cat out)"
grep -q '<target line="1" column="3" end-line="1" end-column="5" offset="6" length="6"/><source line="1" column="3" end-line="1" end-column="5" offset="6" length="6"/>' out \
	&& ok || bad "term/review positions: $(grep -o '<finding.*' out)"
printf '「佢食咗飯」\n' >canto.txt
expect 0 "" -- "$TW" annotate canto.txt
grep -q 'rule="cantonese/' out && ok || bad "no cantonese finding: $(cat out)"
grep -q 'rule="punct/corner-quote"' out && bad "corner quotes flagged after conversion" || ok

# Targets: from the profile, or --target.
printf '數碼港\n' >t.txt
expect 0 "" -- "$TW" annotate -p s2hk t.txt
grep -q 'profile="s2hk" target="hk"' out && ok || bad "s2hk target: $(head -2 out)"
expect 0 "" -- "$TW" annotate -p hk2s --target tw t.txt
grep -q 'profile="hk2s" target="tw"' out && ok || bad "--target tw: $(head -2 out)"
expect 0 "" -- "$TW" annotate --target=hk - <t.txt
grep -q 'target="hk" name="&lt;stdin&gt;"' out && ok || bad "stdin: $(head -2 out)"

# Random inputs: Traditional and Simplified, corner quotes, ASCII, control
# characters, CR/LF, tabs, emoji, non-BMP, XML-special characters.
python3 - <<'PY'
import random
rnd = random.Random(20250607)
pieces = ["的士", "數碼港", "說話", "著", "乾", "頭髮", "質素", "佢", "說话", "发展", "「", "」",
          "『", "』", "，", "a", "Z", "9", "<", "&", "\"", "]]>", " ", "\x01", "\x1b", "\x7f",
          "\x0c", "\r", "\n", "\r\n", "\t", "😀", "𠝹", "\ufffe", "\uffff", "\u2028", "é"]
for i in range(8):
    s = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(60)))
    open(f"rand-{i:02}.txt", "wb").write(s.encode("utf-8"))
PY
pairs=(sample.xml sample.txt)
for f in rand-*.txt; do
	"$TW" annotate -o "${f%.txt}.xml" "$f" 2>"$W/err" || { bad "annotate $f: $(cat "$W/err")"; continue; }
	pairs+=("${f%.txt}.xml" "$f")
done
valid rand-*.xml
round_trip "${pairs[@]}"

# Over 1 MiB of plain text goes in pieces (cut after line feeds, findings
# mapped through each piece's alignment, standard input through a temporary
# file); a directive sends the same text the whole way. Both read back,
# the same text and the same findings (the schema is checked on the small
# documents above: xmllint takes tens of seconds on these).
python3 - "$SAMPLE" <<'PY'
import sys
d = open(sys.argv[1], encoding="utf-8").read()
extra = "他說：「跨行的引文，\n下一行才完。」\n的士\r\n\x01\ufffe 軟件 软件 colour\n"
open("pieces.txt", "w", encoding="utf-8", newline="").write((d + extra) * 110)
PY
cat pieces.txt >pieces-whole.txt && printf '# tongwen-enable\n' >>pieces-whole.txt
expect 0 "" -- "$TW" annotate -o pieces.xml pieces.txt
expect 0 "" -- "$TW" annotate -o pieces-stdin.xml - <pieces.txt
expect 0 "" -- "$TW" annotate -o pieces-whole.xml pieces-whole.txt
# check --format xml on the converted text (findings-dense text: cli_check_long)
"$TW" convert pieces.txt >pieces-cn.txt
cat pieces-cn.txt >pieces-cn-whole.txt && printf '# tongwen-enable\n' >>pieces-cn-whole.txt
"$TW" check --format xml pieces-cn.txt >pieces-chk.xml; [ $? -le 1 ] && ok || bad "check --format xml pieces-cn.txt"
"$TW" check --format xml pieces-cn-whole.txt >pieces-whole-chk.xml; [ $? -le 1 ] && ok || bad "check --format xml pieces-cn-whole.txt"
round_trip pieces.xml pieces.txt pieces-whole.xml pieces-whole.txt
python3 - <<'PY' && ok || bad "pieces: documents in pieces and whole differ"
import re, sys
def parts(p, drop):
    x = open(p, encoding="utf-8").read()
    text = x[x.index("<text>"):x.index("</text>")]
    if drop:
        text = text[: text.rindex("# tongwen-enable")]
    last = text.count("\n") + 1  # the directive's line
    f = sorted(g for g in re.findall(r"<finding .*?</finding>", x, re.S)
               if 'target line="%d"' % last not in g)
    return text, f
a, b = parts("pieces.xml", False), parts("pieces-whole.xml", True)
s = parts("pieces-stdin.xml", False)
c, d = parts("pieces-chk.xml", False), parts("pieces-whole-chk.xml", True)
if a != b or s != a or c != d or len(a[1]) < 100 or len(c[1]) < 100:
    print(len(a[1]), len(b[1]), len(c[1]), len(d[1]), a[0] == b[0], file=sys.stderr)
    sys.exit(1)
PY
# invalid UTF-8 deep in a large file: nothing written, the offset named
cp pieces.txt pieces-bad.txt && printf 'ok\xff\n' >>pieces-bad.txt
off=$(( $(stat -c %s pieces.txt) + 2 ))
expect 2 "pieces-bad.txt: invalid UTF-8 at byte offset $off" -- "$TW" annotate -o pieces-bad.xml pieces-bad.txt
[ -e pieces-bad.xml ] && bad "output created for an invalid large input" || ok
expect 2 "pieces-bad.txt: invalid UTF-8 at byte offset $off" -- "$TW" check --format xml pieces-bad.txt
[ -s out ] && bad "check --format xml wrote for an invalid large input" || ok

# Errors: exit 2, a message naming the file and offset, no output written.
printf 'ab\xffcd' >bad.txt
expect 2 "tongwen: bad.txt: invalid UTF-8 at byte offset 2" -- "$TW" annotate -o new.xml bad.txt
[ -e new.xml ] && bad "output created for invalid input" || ok
echo keep >old.xml
expect 2 "invalid UTF-8 at byte offset 2" -- "$TW" annotate -o old.xml bad.txt
[ "$(cat old.xml)" = keep ] && ok || bad "existing output changed"
expect 2 "no-such-profile" -- "$TW" annotate -p no-such-profile -o old.xml t.txt
[ "$(cat old.xml)" = keep ] && ok || bad "existing output changed by a bad profile"
ls ./*.twtmp* >/dev/null 2>&1 && bad "temporary files left: $(ls ./*.twtmp*)" || ok
expect 2 "missing.txt" -- "$TW" annotate missing.txt
expect 2 "no input file" -- "$TW" annotate
expect 2 "one input file" -- "$TW" annotate t.txt t.txt
expect 2 "--target must be" -- "$TW" annotate --target mars t.txt
expect 2 "unknown option" -- "$TW" annotate --frob t.txt
expect 2 "needs an argument" -- "$TW" annotate t.txt -o
expect 0 "" -- "$TW" annotate --help
grep -q 'usage: tongwen annotate' out && ok || bad "--help"
printf 'x' >dir-target && mkdir -p outdir
expect 2 "outdir" -- "$TW" annotate -o outdir t.txt

echo "cli_annotate: $pass passed, $fail failed"
[ "$fail" = 0 ]
