#!/bin/bash
# Long inputs through `tongwen check` and `annotate`: the text report quotes
# a window around each span, not the whole line; the annotated XML takes a
# multi-MB single line in linear time (ctest's TIMEOUT for this test is far
# below what the quadratic column count took: 25 s for 1 MB, ~400 s for
# 4 MB); a file checked in pieces reports what a whole check reports.
# Memory and time bounds of the annotated XML: xml_bounded.py.
# usage: cli_check_long.sh TONGWEN TESTDATA WORKDIR SRCDIR
set -u
TW=$1 DATA=$2 W=$3 SRC=$4
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
PY=python3

# One line of 200,000 characters with 的士 in the middle, and one line of
# 700 KB holding 10,000 findings (corner quotes).
$PY - <<'EOF'
mid = "今" * 100000 + "的士" + "天" * 100000 + "\n"
open("mid.txt", "w").write(mid)
open("many.txt", "w").write(("「今天天气很好」" + "今天" * 20) * 10000 + "\n")
EOF
"$TW" check mid.txt > mid.out 2> mid.err
[ $? = 1 ] && ok || bad "mid.txt: exit status ($(cat mid.err))"
grep -q '^mid.txt:1:100001: error: .*\[term/convert\]$' mid.out && ok || bad "mid.txt header: $(head -c 300 mid.out)"
# the quote: "…", 60 characters, the span, 60 characters, "…"
$PY - <<'EOF' && ok || bad "mid.txt window: $(head -c 600 mid.out)"
import sys
lines = open("mid.out", encoding="utf-8").read().split("\n")
i = next(k for k, l in enumerate(lines) if l.startswith("mid.txt:1:100001:"))
quote, carets = lines[i + 1], lines[i + 2]
want = "…" + "今" * 60 + "的士" + "天" * 60 + "…"
if quote != want:
    sys.exit(1)
# carets under 的士: "…" is one cell, each Han character two
if carets != " " * (1 + 120) + "^^^^":
    sys.exit(1)
EOF
"$TW" check many.txt > many.out 2> many.err
[ $? = 1 ] && ok || bad "many.txt: exit status ($(cat many.err))"
n=$(grep -c '\[punct/corner-quote\]$' many.out)
[ "$n" = 20000 ] && ok || bad "many.txt: $n corner-quote findings, want 20000"
size=$(stat -c %s many.out)
# each finding quotes at most 121 characters of its line: a few MB, not 20,000 copies of 700 KB
[ "$size" -lt 20000000 ] && ok || bad "many.txt: text report of $size bytes"

# A 4 MB single line through check --format xml and annotate: linear time.
$PY - "$DATA/takungpao-hk-ai-2025.txt" <<'EOF'
import sys
d = open(sys.argv[1], encoding="utf-8").read().replace("\n", "")
s = d * (4_000_000 // len(d.encode()) + 1)
open("line4m.txt", "w").write(s)
EOF
"$TW" check --format xml line4m.txt > line4m.xml 2> line4m.err
[ $? = 1 ] && ok || bad "check --format xml on a 4 MB line: $(cat line4m.err)"
grep -c '<finding' line4m.xml | grep -qv '^0$' && ok || bad "check --format xml: no findings"
"$TW" annotate line4m.txt > line4m-annotated.xml 2> annotate.err
[ $? = 0 ] && ok || bad "annotate on a 4 MB line: $(cat annotate.err)"
# the last finding's source column is the code-point column, counted once
$PY - <<'EOF' && ok || bad "annotate: wrong columns on a long line"
import re, sys
x = open("line4m-annotated.xml", encoding="utf-8").read()
src = open("line4m.txt", encoding="utf-8").read()
pos = re.findall(r'<source line="(\d+)" column="(\d+)"[^>]*offset="(\d+)"', x)
if not pos:
    sys.exit(1)
raw = src.encode()
for line, col, off in pos[-50:]:
    if line != "1" or int(col) != len(raw[: int(off)].decode()) + 1:
        sys.exit(1)
EOF

# A file over 1 MiB is checked in pieces, and so is a large standard input
# (through a temporary file); --fix --dry-run checks it whole: the same
# findings (the order may differ: consistency comes last).
$PY - "$DATA/takungpao-hk-ai-2025.txt" <<'EOF'
import sys
d = open(sys.argv[1], encoding="utf-8").read()
open("big.txt", "w").write((d + "他說：「跨行的引文，\n下一行才完。」\n") * 400)
EOF
"$TW" check --format json big.txt > big-pieces.json
[ $? = 1 ] && ok || bad "big.txt in pieces: exit status"
# one file, its pieces on two threads (-j 2) and on one: the same report, byte for byte
"$TW" check -j 2 --format json big.txt > big-two.json
[ $? = 1 ] && ok || bad "big.txt on two threads: exit status"
"$TW" check -j 1 --format json big.txt | cmp -s - big-two.json && ok || bad "check -j 1 and -j 2 differ"
"$TW" check --format json - < big.txt > big-stdin.json
[ $? = 1 ] && ok || bad "big.txt on stdin: exit status"
cp big.txt big-fix.txt
"$TW" check --fix --dry-run --format json big-fix.txt > big-whole.json 2> /dev/null
[ $? = 1 ] && ok || bad "big.txt whole: exit status"
cmp -s big.txt big-fix.txt && ok || bad "--dry-run changed the file"
$PY - <<'EOF' && ok || bad "big.txt: pieces, stdin and whole differ"
import json, sys
def load(p):
    v = json.load(open(p))
    for d in v:
        d.pop("file")
    return sorted(json.dumps(d, sort_keys=True, ensure_ascii=False) for d in v)
a, b, c = load("big-pieces.json"), load("big-whole.json"), load("big-stdin.json")
sys.exit(0 if a == b == c and len(a) > 1000 else 1)
EOF

# annotate and check --format xml on 1.5 MB of it go in pieces; a directive
# (which may reach across pieces) sends the same text the whole way: the
# same text and changes, the same findings (in pieces, late quotes and
# consistency come later), both read back by an independent reader.
head -c 1500000 big.txt | $PY -c 'import sys; b = sys.stdin.buffer.read(); sys.stdout.buffer.write(b[: b.rindex(b"\n") + 1])' > mid.txt
cat mid.txt > mid-whole.txt && printf '# tongwen-enable\n' >> mid-whole.txt
"$TW" annotate mid.txt > mid-ann.xml 2> mid-ann.err
[ $? = 0 ] && ok || bad "annotate mid.txt: $(cat mid-ann.err)"
"$TW" annotate mid-whole.txt > mid-whole-ann.xml 2> mid-ann.err
[ $? = 0 ] && ok || bad "annotate mid-whole.txt: $(cat mid-ann.err)"
"$TW" check --format xml mid.txt > mid-chk.xml
[ $? = 1 ] && ok || bad "check --format xml mid.txt: exit status"
"$TW" check --format xml mid-whole.txt > mid-whole-chk.xml
[ $? = 1 ] && ok || bad "check --format xml mid-whole.txt: exit status"
"$TW" convert mid.txt > mid.conv
python3 "$SRC/../xml/roundtrip.py" mid-ann.xml mid.conv mid.txt \
	&& ok || bad "mid.txt: the annotated document does not read back"
$PY - <<'EOF' && ok || bad "mid.txt: pieces and whole documents differ"
import re, sys
def parts(p, drop):
    x = open(p, encoding="utf-8").read()
    text = x[x.index("<text>"):x.index("</text>")]
    if drop:
        text = text[: text.rindex("# tongwen-enable")]
    f = re.findall(r"<finding .*?</finding>", x)
    # the directive's own line (the last) is no text of mid.txt
    last = text.count("\n") + 1
    f = sorted(g for g in f if 'target line="%d"' % last not in g)
    return text, f
for kind in ("ann", "chk"):
    a = parts(f"mid-{kind}.xml", False)
    b = parts(f"mid-whole-{kind}.xml", True)
    if a != b or len(a[1]) < 100:
        print(kind, len(a[1]), len(b[1]), a[0] == b[0], file=sys.stderr)
        sys.exit(1)
EOF

echo "cli_check_long: $pass passed, $fail failed"
[ "$fail" = 0 ]
