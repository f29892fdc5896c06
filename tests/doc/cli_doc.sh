#!/bin/bash
# CLI tests of documents: goldens through convert, check on converted
# documents, --markup, detection on standard input, hostile input.
# usage: cli_doc.sh TONGWEN DOCDATA WORKDIR
set -u
TW=$1 DATA=$2 W=$3
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
# expect STATUS STDERR-SUBSTRING -- command…   (stdout in $W/out)
expect() {
	local status=$1 err=$2; shift 3
	"$@" >"$W/out" 2>"$W/err"
	local rc=$?
	if [ "$rc" != "$status" ]; then bad "$* -> exit $rc, want $status ($(head -c 300 "$W/err"))"; return 1; fi
	if [ -n "$err" ] && ! grep -qF -- "$err" "$W/err"; then bad "$* -> stderr '$(cat "$W/err")' lacks '$err'"; return 1; fi
	ok
}
same() { cmp -s "$1" "$2" && ok || bad "$3: $(diff "$1" "$2" | head -20)"; }

# goldens: each input converts to its reviewed .cn twin, by extension and by --markup
for f in "$DATA"/*.cn.*; do
	in=${f/.cn./.}
	ext=${in##*.}
	expect 0 "" -- "$TW" convert "$in" && same out "$f" "golden $(basename "$in")"
	expect 0 "" -- "$TW" convert -o "conv.$ext" "$in" && same "conv.$ext" "$f" "golden -o $(basename "$in")"
	# the converted document checks clean of errors, and nothing is found in
	# markup, code or URLs: every finding's text is readable prose
	expect 0 "" -- "$TW" check --format json "conv.$ext"
	if grep -q '"rule": "spelling/unknown"' out; then bad "spelling finding in converted $(basename "$in"): $(grep -A3 spelling out | head)"; else ok; fi
done

# detection on standard input, and --markup
expect 0 "" -- bash -c "'$TW' convert < '$DATA/news.html'" && same out "$DATA/news.cn.html" "stdin html"
printf '<a href="/的士">的士</a>' > frag.txt
expect 0 "" -- "$TW" convert frag.txt
[ "$(cat out)" = '<a href="/出租车">出租车</a>' ] && ok || bad "a .txt file is text: $(cat out)"
expect 0 "" -- "$TW" convert --markup html frag.txt
[ "$(cat out)" = '<a href="/的士">出租车</a>' ] && ok || bad "--markup html: $(cat out)"
expect 0 "" -- "$TW" convert --markup=html frag.txt
[ "$(cat out)" = '<a href="/的士">出租车</a>' ] && ok || bad "--markup=html: $(cat out)"
expect 0 "" -- bash -c "'$TW' annotate -m html frag.txt"
grep -q 'href=&quot;/的士&quot;' out && ok || bad "annotate -m html"
expect 2 "--markup must be" -- "$TW" convert --markup rtf frag.txt
expect 2 "--markup must be" -- "$TW" check --markup rtf frag.txt

# check: positions in the original file, nothing in code or URLs
expect 1 "" -- "$TW" check --format json "$DATA/news.html"
grep -q '"rule": "spelling/unknown"' out && bad "spelling in news.html: $(grep -B2 -A8 spelling out | head -20)" || ok
python3 - "$DATA/news.html" out <<'PY' && ok || bad "check offsets do not point at the finding's text"
import json, sys
data = open(sys.argv[1], 'rb').read()
for f in json.load(open(sys.argv[2])):
    got = data[f['byte_offset']:f['byte_offset'] + f['byte_length']].decode()
    if got != f['text']:
        sys.exit(f"{f['rule']} at {f['byte_offset']}: {got!r} != {f['text']!r}")
    line = data.split(b'\n')[f['line'] - 1].decode()
    if line[f['column'] - 1:f['end_column'] - 1] != f['text'] and f['line'] == f['end_line']:
        sys.exit(f"{f['rule']} line {f['line']} column {f['column']}: {line!r}")
PY
expect 1 "" -- "$TW" check "$DATA/news.html"
grep -q 'news.html:5:8: error' out && ok || bad "text report position: $(head -3 out)"
# the protected quote is not reported
grep -q '佬' out && bad "directive ignored by check" || ok

# --fix on HTML rewrites prose only
cp "$DATA/news.html" fix.html
expect 1 "" -- "$TW" check --fix fix.html
grep -q 'href="/的士/"' fix.html && grep -q '<code>ChatGPT</code>' fix.html && grep -q '出租车司机' fix.html && ok || bad "--fix on HTML: $(diff "$DATA/news.html" fix.html | head)"

# annotate goes through the document layer: markup is unchanged, lang is a change
expect 0 "" -- "$TW" annotate "$DATA/news.html"
grep -q '<c from="zh-HK" kind="lang"' out && ok || bad "annotate lang: $(head -c 400 out)"
grep -q 'href=&quot;/的士/&quot;' out && ok || bad "annotate changed a URL"

# directives stop convert in plain text too (streamed)
printf '的士\n# tongwen-disable-next-line\n的士\n的士\n' > dir.txt
expect 0 "" -- "$TW" convert dir.txt
[ "$(cat out)" = "$(printf '出租车\n# tongwen-disable-next-line\n的士\n出租车')" ] && ok || bad "text directives: $(cat out)"
printf '# tongwen-disable-next-line\n\xff\n' > dirbad.txt
expect 2 "dirbad.txt: invalid UTF-8 at byte offset 28" -- "$TW" convert -o dirbad.out dirbad.txt
[ -e dirbad.out ] && bad "dirbad.out written" || ok

# encodings: Big5-HKSCS in, UTF-8 or GB18030 out; offsets in the original
printf '的士\n啲嘢\n' | iconv -t BIG5-HKSCS > hk.txt
expect 2 "hk.txt: invalid UTF-8 at byte offset 0" -- "$TW" convert hk.txt
expect 0 "" -- "$TW" convert --encoding big5-hkscs hk.txt
[ "$(cat out)" = "$(printf '出租车\n啲嘢')" ] && ok || bad "big5-hkscs in: $(cat out)"
expect 0 "" -- "$TW" convert -e BIG5-HKSCS --output-encoding gb18030 -o hk.gb hk.txt
[ "$(iconv -f gb18030 hk.gb)" = "$(printf '出租车\n啲嘢')" ] && ok || bad "gb18030 out"
{ printf '的士\n' | iconv -t BIG5-HKSCS; printf '\xff\xff\n'; } > hkbad.txt
expect 2 "hkbad.txt: invalid big5-hkscs at byte offset 5" -- "$TW" convert --encoding=big5-hkscs -o hkbad.out hkbad.txt
[ -e hkbad.out ] && bad "hkbad.out written" || ok
printf '的士' > in1.txt
expect 2 "in1.txt: output line 1, column 3: U+8F66 cannot be written in big5" -- "$TW" convert --output-encoding big5 -o nobig5.out in1.txt
[ -e nobig5.out ] && bad "nobig5.out written" || ok
expect 2 "unknown encoding 'klingon'" -- "$TW" convert --encoding klingon in1.txt
expect 1 "" -- "$TW" check -e big5-hkscs --format json hk.txt
python3 -c 'import json,sys; d=json.load(open("out")); sys.exit(0 if d[0]["text"]=="的士" and d[0]["line"]==1 and d[0]["column"]==1 else 1)' && ok || bad "check big5: $(head -c 300 out)"
expect 0 "" -- "$TW" annotate -e big5-hkscs hk.txt
grep -q '<c from="的士"' out && ok || bad "annotate big5"
# --fix writes the file back in its own encoding
cp hk.txt hkfix.txt
expect 0 "fixed: 的士 → 出租车" -- "$TW" check -e big5-hkscs --fix hkfix.txt
[ "$(iconv -f big5-hkscs hkfix.txt | head -1)" = "出租车" ] && ok || bad "fix not written back in Big5-HKSCS"
# a declared encoding is honoured and rewritten in the output
printf '<html><head><meta charset="big5"><title>的士</title></head></html>\n' | iconv -t big5 > b5.html
expect 0 "" -- "$TW" convert b5.html
[ "$(cat out)" = '<html><head><meta charset="UTF-8"><title>出租车</title></head></html>' ] && ok || bad "meta charset: $(cat out)"
printf '<?xml version="1.0" encoding="Big5"?>\n<doc>的士</doc>\n' | iconv -t big5 > b5.xml
expect 0 "" -- "$TW" convert b5.xml
[ "$(cat out)" = "$(printf '<?xml version="1.0" encoding="UTF-8"?>\n<doc>出租车</doc>')" ] && ok || bad "xml encoding: $(cat out)"
# byte order marks: UTF-16 is read, a UTF-8 BOM takes no column and is kept
printf '的士\n' | iconv -t UTF-16 > u16.txt
expect 0 "" -- "$TW" convert u16.txt
[ "$(cat out)" = "出租车" ] && ok || bad "utf-16 bom: $(cat out)"
printf '\xef\xbb\xbf的士\n' > bom.txt
expect 1 "" -- "$TW" check bom.txt
grep -q '^bom.txt:1:1: error' out && ok || bad "bom column: $(head -1 out)"
expect 0 "" -- "$TW" convert bom.txt
[ "$(cat out)" = "$(printf '\xef\xbb\xbf出租车')" ] && ok || bad "bom kept"

# [document] in .tongwen.ini: an XML vocabulary's skipped elements and converted attributes
mkdir -p vocab && printf '[document]\nskip-elements = sample\nconvert-attributes = label\n' > vocab/.tongwen.ini
printf '<doc><sample>的士</sample><p label="的士" id="的士">的士</p></doc>\n' > vocab/a.xml
expect 0 "" -- "$TW" convert vocab/a.xml
[ "$(cat out)" = '<doc><sample>的士</sample><p label="出租车" id="的士">出租车</p></doc>' ] && ok || bad "[document]: $(cat out)"
expect 1 "" -- "$TW" check --format json vocab/a.xml
[ "$(python3 -c 'import json; print(len([x for x in json.load(open("out")) if x["rule"] == "term/convert"]))')" = 2 ] && ok || bad "[document] check: $(cat out)"
printf '[document]\nskip-classes = keep\n' > vocab/.tongwen.ini
printf '<p class="keep">的士</p><p class="notranslate">的士</p>\n' > vocab/b.html
expect 0 "" -- "$TW" convert vocab/b.html
[ "$(cat out)" = '<p class="keep">的士</p><p class="notranslate">出租车</p>' ] && ok || bad "skip-classes: $(cat out)"
printf '[document]\nskip = x\n' > vocab/.tongwen.ini
expect 2 "unknown key 'skip' in [document]" -- "$TW" convert vocab/a.xml

# the annotated document of a document: valid, records the markup, gives the input back
expect 0 "" -- "$TW" annotate -o news.xml "$DATA/news.html"
xmllint --noout --relaxng "$DATA/../../schema/tongwen.rng" news.xml 2>/dev/null && ok || bad "annotate news.html: not valid against the schema"
grep -q 'markup="html"' news.xml && ok || bad "annotate: no markup attribute"
python3 - news.xml "$DATA/news.html" "$DATA/news.cn.html" <<'PY' && ok || bad "annotate: source or target not recovered"
import sys, xml.etree.ElementTree as ET
NS = "{urn:tongwen:annotated:1}"
text = ET.parse(sys.argv[1]).getroot().find(NS + "text")
def walk(el, source):
    out = el.text or ""
    for c in el:
        if c.tag == NS + "c":
            out += c.get("from") if source else "".join(c.itertext())
        out += c.tail or ""
    return out
src, dst = walk(text, True), walk(text, False)
assert src == open(sys.argv[2], encoding="utf-8").read(), "source"
assert dst == open(sys.argv[3], encoding="utf-8").read(), "target"
PY

# hostile XML: exit 2 with the offset, nothing written
cat > bomb.xml <<'X'
<?xml version="1.0"?>
<!DOCTYPE lolz [
<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<lolz>&lol2;</lolz>
X
expect 2 "bomb.xml: XML byte offset 39: entity declarations are not allowed" -- "$TW" convert -o bomb.out bomb.xml
[ -e bomb.out ] && bad "bomb.out written" || ok
expect 2 "bomb.xml" -- "$TW" check bomb.xml
# 10,000-deep XML: refused (the limit is 256 levels), the limit named, the
# existing output left as it was
python3 -c "print('<a>' * 10000 + '的士' + '</a>' * 10000)" > deep.xml
echo precious > deep.out
expect 2 "deep.xml: XML line 1, column 772 (byte offset 771): elements nested deeper than 256 levels" -- "$TW" convert -o deep.out deep.xml
[ "$(cat deep.out)" = precious ] && ok || bad "deep.out changed"
grep -q XML_PARSE_HUGE err && bad "deep.xml: libxml2's option named" || ok
expect 2 "nested deeper than 256 levels" -- "$TW" check deep.xml
expect 2 "nested deeper than 256 levels" -- "$TW" annotate deep.xml
python3 -c "print('<a>' * 256 + '的士' + '</a>' * 256)" > deep256.xml
expect 0 "" -- "$TW" convert deep256.xml
grep -q 出租车 out && ok || bad "256 levels: not converted"
printf '<a><b>的士</a>' > broken.xml
expect 2 "broken.xml: XML line 1" -- "$TW" convert broken.xml
printf '<p>的士\xff</p>' > bad.html
expect 2 "bad.html: invalid UTF-8 at byte offset 9" -- "$TW" convert -o bad.out bad.html
[ -e bad.out ] && bad "bad.out written" || ok

# the README's before/after examples are what convert writes
python3 - "$TW" "$DATA/../../README.md" <<'PY' && ok || bad "README document examples"
import re, subprocess, sys
s = open(sys.argv[2], encoding="utf-8").read()
sec = s[s.index("## Documents: HTML"):s.index("## The annotated document")]
blocks = re.findall(r"```(html|markdown)\n(.*?)```", sec, re.S)
assert len(blocks) >= 4
for i in range(0, len(blocks), 2):
    kind, src = blocks[i]
    got = subprocess.run([sys.argv[1], "convert", "--markup", kind], input=src.encode(),
                         capture_output=True, check=True).stdout.decode()
    if got != blocks[i + 1][1]:
        sys.exit(f"{kind} example:\n{got}")
PY

echo "cli_doc: $pass passed, $fail failed"
[ "$fail" = 0 ]
