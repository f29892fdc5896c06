#!/bin/bash
# libxml2 and Hunspell are opened when first needed (lib/base/libxml.h,
# lib/base/libhunspell.h). Without them (hidelib.so makes their dlopen()
# fail, as on a machine where they are not installed), plain text still
# converts and checks exactly as with them, and what needs one of them
# fails with exit status 2 and a message naming it, writing nothing.
# usage: hidden_libs.sh TONGWEN HIDELIB.so TESTDATA WORKDIR
set -u
TW=$1 LIB=$2 DATA=$3 W=$4
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"

head -n 12 "$DATA/takungpao-hk-ai-2025.txt" > in.txt
printf '政府的Goverment新闻处。\n' > typo.txt
printf '<p>的士</p>\n' > page.xml
"$TW" convert in.txt > ref.txt || bad "convert without hidden libraries"
"$TW" check --format json ref.txt > ref-check.json
ref_rc=$?

hide() { LD_PRELOAD="$LIB" TW_TEST_HIDE_LIBS="$1" "${@:2}"; }

hide libxml2:libhunspell "$TW" convert in.txt > out.txt 2> err && cmp -s out.txt ref.txt &&
	ok || bad "plain text converts as with the libraries"
hide libxml2:libhunspell "$TW" check --format json ref.txt > check.json 2> err
[ $? = $ref_rc ] && cmp -s check.json ref-check.json && ok ||
	bad "a check with no Latin word for Hunspell is as with it"

hide libxml2 "$TW" annotate -o ann.xml in.txt 2> err
rc=$?
[ $rc = 2 ] && grep -q 'libxml2' err && [ ! -e ann.xml ] && ok ||
	bad "annotate without libxml2: exit 2 and a message, no file (exit $rc: $(head -c 300 err))"
hide libxml2 "$TW" convert page.xml > /dev/null 2> err
rc=$?
[ $rc = 2 ] && grep -q 'libxml2' err && ok ||
	bad "an XML document without libxml2: exit 2 and a message (exit $rc: $(head -c 300 err))"

hide libhunspell "$TW" check typo.txt > /dev/null 2> err
rc=$?
[ $rc = 2 ] && grep -q 'Hunspell' err && ok ||
	bad "a word for Hunspell without it: exit 2 and a message (exit $rc: $(head -c 300 err))"
hide libhunspell "$TW" check --format xml typo.txt > /dev/null 2> err
rc=$?
[ $rc = 2 ] && ok || bad "the same in an XML report: exit 2 (exit $rc)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
