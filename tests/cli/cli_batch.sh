#!/bin/bash
# Batches in one process (cmd/batch.c): convert FILE… -o DIR/, --files-from
# (-0), -j N, convert -r IN_DIR -o OUT_DIR; check --files-from -j N.
# usage: cli_batch.sh TONGWEN TESTDATA WORKDIR
set -u
TW=$1 DATA=$2 W=$3
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
notmp() { ! find "$1" -name '*twtmp*' | grep -q .; }

# a tree of 60 files cut from the sample, in nested folders, plus others
mkdir -p in
n=0
while IFS= read -r line; do
	n=$((n + 1))
	d=in/d$((n % 4))/e$((n % 3))
	mkdir -p "$d"
	printf '%s\n' "$line" > "$d/f$n.txt"
	[ $n -ge 60 ] && break
done < <(grep -v '^$' "$DATA/takungpao-hk-ai-2025.txt")
printf '# 標題\n\n「的士」\n' > in/readme.md
printf '\x89PNG\r\n\x1a\n\x00\x01' > in/d0/image.png
mkdir -p in/.git && printf '的士' > in/.git/hidden.txt
mkdir -p outside && printf '的士' > outside/far.txt && ln -s ../outside/far.txt in/far.txt

# reference: one process per file
(cd in && find . -type f \( -name '*.txt' -o -name '*.md' \) ! -path './.git/*' | sort) > list
while read -r f; do mkdir -p "ref/$(dirname "$f")"; "$TW" convert "in/$f" > "ref/$f"; done < list

# ---------------------------------------------------------------- convert -r
"$TW" convert -r in -o out -j 2 2> err
check "convert -r: exit 0" [ $? = 0 ]
for f in $(cat list); do cmp -s "ref/$f" "out/$f" || { bad "convert -r: $f differs from a per-file run"; break; }; done && ok
check "convert -r: other files copied unchanged" cmp -s in/d0/image.png out/d0/image.png
check "convert -r: hidden entries skipped" [ ! -e out/.git ]
check "convert -r: symlink out of the tree not followed" [ ! -e out/far.txt ]
nconv=$(wc -l < list)
check "convert -r: summary" grep -q "tongwen: $((nconv + 1)) files, .* MB: $nconv converted (.* changed), 1 copied, 0 skipped, 0 errors" err
check "convert -r: no temporary left" notmp out
"$TW" convert -r in -o out-skip --other skip 2> err
check "--other skip" [ ! -e out-skip/d0/image.png ] && grep -q '1 skipped' err
"$TW" convert -r in -o in/sub 2> err
check "-o inside the tree it mirrors: refused" [ $? = 2 ] && grep -q 'inside the tree' err
"$TW" convert -r in 2> err
check "-r without -o: usage" [ $? = 2 ]

# formats by extension: HTML through the document layer (links untouched)
mkdir -p doc-in && printf '<p><a href="/的士/司機.html" title="的士">的士司機</a></p>\n' > doc-in/page.html
"$TW" convert -r doc-in -o doc-out 2>/dev/null
check "convert -r: HTML as a document (link kept, text converted)" grep -qF '<a href="/的士/司機.html" title="出租车">出租车司机</a>' doc-out/page.html
check "convert -r: HTML equals a single-file run" cmp -s doc-out/page.html <("$TW" convert doc-in/page.html)

# one bad file does not stop the run; exit 2 at the end
cp -r in in-bad && printf 'ok\n\xff\n' > in-bad/d1/bad.txt
"$TW" convert -r in-bad -o out-bad -j 2 2> err
check "one bad file: exit 2" [ $? = 2 ]
check "one bad file: named with its offset" grep -q 'in-bad/d1/bad.txt: invalid UTF-8 at byte offset 3' err
check "one bad file: the others written" cmp -s ref/d1/e1/f1.txt out-bad/d1/e1/f1.txt
check "one bad file: not written" [ ! -e out-bad/d1/bad.txt ]
check "one bad file: summary counts it" grep -q '1 error$' err
check "one bad file: no temporary left" notmp out-bad

# ---------------------------------------------------------------- listed files
"$TW" convert in/d1/e1/f1.txt in/d2/e2/f2.txt -o listed/ 2>/dev/null
check "FILE… -o DIR/: relative paths kept" cmp -s ref/d1/e1/f1.txt listed/in/d1/e1/f1.txt && cmp -s ref/d2/e2/f2.txt listed/in/d2/e2/f2.txt
"$TW" convert "$W/in/d1/e1/f1.txt" "$W/in/d2/e2/f2.txt" -o abs/ 2>/dev/null
check "absolute inputs: below their common parent" cmp -s ref/d1/e1/f1.txt abs/d1/e1/f1.txt && cmp -s ref/d2/e2/f2.txt abs/d2/e2/f2.txt
sed 's|^\./|in/|' list > list-nl
"$TW" convert --files-from list-nl -o from-list 2>/dev/null
check "--files-from FILE -o DIR" cmp -s ref/d3/e0/f3.txt from-list/in/d3/e0/f3.txt
tr '\n' '\0' < list-nl | "$TW" convert --files-from - -0 -o from-nul 2>/dev/null
check "--files-from - -0" cmp -s ref/readme.md from-nul/in/readme.md
# a name with a newline only works NUL-separated
printf '的士' > $'in/odd\nname.txt'
printf 'in/odd\nname.txt\0' | "$TW" convert --files-from - -0 -o odd 2>/dev/null
check "-0: a name with a newline" [ "$(cat $'odd/in/odd\nname.txt')" = 出租车 ]
rm -f $'in/odd\nname.txt'

# to stdout: order preserved with any number of threads
while read -r f; do cat "ref/$f"; done < list > concat.ref
"$TW" convert --files-from list-nl -j 4 > concat.j4
check "-j 4 to stdout: input order" cmp -s concat.ref concat.j4
"$TW" convert $(cat list-nl) > concat.args
check "many files to stdout, one thread: same bytes" cmp -s concat.ref concat.args

# durability: one syncfs per run, no fsync per file; --no-sync: none
if command -v strace > /dev/null; then
	strace -f -e trace=fsync,fdatasync,syncfs -o trace "$TW" convert -r in -o out-sync 2>/dev/null
	check "batch: no fsync per file" [ "$(grep -c 'fsync(' trace)" = 0 ]
	check "batch: one syncfs" [ "$(grep -c 'syncfs(' trace)" = 1 ]
	strace -f -e trace=fsync,fdatasync,syncfs -o trace "$TW" convert -r in -o out-nosync --no-sync 2>/dev/null
	check "--no-sync: no sync at all" [ "$(grep -cE 'sync(fs)?\(' trace)" = 0 ]
	strace -f -e trace=fsync,fdatasync,syncfs -o trace "$TW" convert -o single.txt in/readme.md
	check "single -o: the file and its folder fsynced" [ "$(grep -c 'fsync(' trace)" = 2 ]
	# each input opened once (the changed count hashes it as it is read), and
	# a folder made once, not a mkdir of every folder on the path per file
	strace -f -e trace=openat,open,mkdir,mkdirat -o trace "$TW" convert --files-from list-nl -o out-calls 2>/dev/null
	check "batch: each input opened once" [ "$(grep -c '"in/d1/e1/f1.txt"' trace)" = 1 ] && [ "$(grep -c '"in/readme.md"' trace)" = 1 ]
	folders=$(cd out-calls && find . -mindepth 1 -type d | wc -l)
	check "batch: mkdir only while making folders ($folders)" [ "$(grep -cE 'mkdir(at)?\(' trace)" -le $((folders * 4 + 2)) ]
else
	echo "skipped: sync and system call counts (no strace)"
fi

# the changed count: a file conversion leaves as it is counts as unchanged
mkdir -p same && printf 'plain ASCII text\n' > same/a.txt && printf '的士\n' > same/b.txt
"$TW" convert -r same -o same-out 2> err
check "changed count: one of two" grep -q ': 2 converted (1 changed)' err

# ---------------------------------------------------------------- check
printf '我坐的士去。\n' > in/d0/dirty.md
"$TW" check --format json -j 1 $(cat list-nl) in/d0/dirty.md > check.j1
"$TW" check --format json -j 4 --files-from <(cat list-nl; echo in/d0/dirty.md) > check.j4
check "check -j 4 --files-from equals -j 1" cmp -s check.j1 check.j4
check "check batch: finds the finding" grep -q 'in/d0/dirty.md' check.j4
(cat list-nl; echo in/d0/dirty.md) | tr '\n' '\0' | "$TW" check --format json --files-from - -0 -j 2 > check.nul
check "check --files-from - -0" cmp -s check.j1 check.nul

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
