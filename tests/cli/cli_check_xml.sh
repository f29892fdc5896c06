#!/bin/bash
# `tongwen check --format xml`: the annotated document for unconverted text,
# valid against the schema, with the text recoverable and the findings in it.
# usage: cli_check_xml.sh TONGWEN SCHEMA WORKDIR
set -u
TW=$1 RNG=$2 W=$3
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
printf '佢坐的士去「數碼港」\n第二行\n' > in.txt
"$TW" check --format xml in.txt > out.xml
[ $? = 1 ] && ok || bad "exit status should be 1 (errors found)"
xmllint --noout --relaxng "$RNG" out.xml 2>/dev/null && ok || bad "document does not validate"
grep -q 'rule="term/convert"' out.xml && ok || bad "term finding missing"
grep -q 'rule="cantonese/word"' out.xml && ok || bad "cantonese finding missing"
# the text element's string value is the input, exactly (xmllint adds a newline)
xmllint --xpath 'string(/*[local-name()="document"]/*[local-name()="text"])' out.xml > text.out 2>/dev/null
{ cat in.txt; echo; } | cmp -s - text.out && ok || bad "text not recovered exactly"
# one document holds one text
"$TW" check --format xml in.txt in.txt > /dev/null 2> err.txt
[ $? = 2 ] && grep -q "exactly one input" err.txt && ok || bad "two inputs should be refused"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
