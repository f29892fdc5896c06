#!/bin/bash
# Validates every document test_xml renders (the sample article, random
# inputs, hand-built escapes) against the installed RELAX NG schema, and
# shows that the schema rejects documents that break the format.
# usage: xml_schema.sh TEST_XML XMLLINT SCHEMA SRCDIR WORKDIR
set -u
TEST_XML=$1 XMLLINT=$2 RNG=$3 SRC=$4 W=$5
rm -rf "$W" && mkdir -p "$W/docs" || exit 2
"$TEST_XML" "$W/docs" >"$W/test.log" 2>&1 || { cat "$W/test.log"; echo "FAIL: test_xml"; exit 1; }
n=$(ls "$W/docs" | wc -l)
[ "$n" -ge 40 ] || { echo "FAIL: only $n documents emitted"; exit 1; }
"$XMLLINT" --noout --relaxng "$RNG" "$W"/docs/*.xml 2>"$W/valid.log" \
	|| { grep -v ' validates$' "$W/valid.log" | head -20; echo "FAIL: documents do not validate"; exit 1; }
fail=0
for f in "$SRC"/invalid/*.xml; do
	if "$XMLLINT" --noout --relaxng "$RNG" "$f" 2>/dev/null; then
		echo "FAIL: schema accepts $(basename "$f")"
		fail=1
	fi
done
[ "$fail" = 0 ] && echo "ok: $n documents valid, $(ls "$SRC"/invalid/*.xml | wc -l) invalid ones rejected"
exit $fail
