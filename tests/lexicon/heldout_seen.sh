#!/bin/bash
# usage: heldout_seen.sh SEEN.py WORKDIR
# tools/eval/heldout_seen.py on a made-up repository and held-out set: a
# document from a repository the dictionaries name, one that shares the
# corpus's text and one a note from an earlier held-out set quotes are
# SEEN; one a round's note quotes is "check"; the rest unseen; and no text
# of a held-out document is printed.
set -u
S=$1 W=$2/heldout-seen
rm -rf "$W"
mkdir -p "$W/repo/dicts/terms" "$W/repo/dicts/gazetteers" "$W/repo/testdata/corpus" \
         "$W/repo/tools/eval" "$W/set/A"
printf 'source\tmainland\taction\tregion\tdomain\tnote\n' > "$W/repo/dicts/terms/x.tsv"
printf '甲乙\t甲乙\tconvert\thk\tx\tseen in 電車駛過北角碼頭附近 (lex99-test 2025-01)\n' >> "$W/repo/dicts/terms/x.tsv"
printf '丙丁\t丙丁\tconvert\thk\tx\tfrom 颱風襲港天文台發出八號 (eval3 A/x)\n' >> "$W/repo/dicts/terms/x.tsv"
printf '# source: names in github owner/minedrepo, read 2026-01-01\n名稱\n' > "$W/repo/dicts/gazetteers/body.tsv"
corpus='立法會財務委員會今日批准撥款興建新的公共圖書館及體育館設施並會於明年動工預計三年後落成啟用市民可以使用'
printf '%s\n' "$corpus" > "$W/repo/testdata/corpus/doc.txt"
printf '# eval\n' > "$W/repo/tools/eval/README.md"
printf '昨日下午電車駛過北角碼頭附近時發生意外。\n' > "$W/set/A/quoted.txt"
printf '本文來自一個公開倉庫的議會文件全文。\n' > "$W/set/A/repo.txt"
printf '據悉%s。\n' "$corpus" > "$W/set/A/shared.txt"
printf '颱風襲港天文台發出八號風球。\n' > "$W/set/A/earlier.txt"
printf '獨一無二的測試句子在這裡。\n' > "$W/set/A/clean.txt"
printf 'file\toutlet\tdate\taddress\nrepo.txt\tLegCo\t2026-01\thttps://github.com/owner/minedrepo/blob/main/x.md\n' > "$W/set/A/MANIFEST-A.tsv"
: > "$W/set/annotations.tsv"
python3 "$S" --repo "$W/repo" "$W/set/annotations.tsv" > "$W/out" 2> "$W/err"
rc=$?
fail=0
check() { if ! eval "$1"; then echo "FAIL: $2"; fail=1; fi; }
verdict() { awk -v f="$1" '$2 == f { print $1 }' "$W/out"; }
check '[ "$rc" = 0 ]' "exit status $rc: $(cat "$W/err")"
check '[ "$(verdict A/repo.txt)" = SEEN ]' "a document of a mined repository is not SEEN: $(cat "$W/out")"
check 'grep -q "A/repo.txt.*owner/minedrepo named in dicts/gazetteers/body.tsv" "$W/out"' "the file naming the repository is not given"
check '[ "$(verdict A/shared.txt)" = SEEN ]' "a document sharing the corpus's text is not SEEN"
check '[ "$(verdict A/earlier.txt)" = SEEN ]' "a document an earlier held-out set's note quotes is not SEEN"
check '[ "$(verdict A/quoted.txt)" = check ]' "a document a round's note quotes is not to be checked"
check 'grep -q "A/quoted.txt.*citing lex99-test 2025-01" "$W/out"' "the quoting note's citation is not printed"
check '[ "$(verdict A/clean.txt)" = unseen ]' "a clean document is not unseen"
check 'grep -q "^5 documents, 3 seen$" "$W/out"' "the count is wrong: $(tail -1 "$W/out")"
check '! grep -q "獨一無二\|電車\|颱風\|立法會\|議會" "$W/out"' "held-out text was printed"
exit $fail
