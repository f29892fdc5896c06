#!/bin/bash
# usage: score_eval.sh SCORE_EVAL.py TONGWEN WORKDIR
# tools/eval/score_eval.py on a made-up two-document set: a quote mark
# next to a word hk2cn rewrites (「買樓」 -> “买房”) is one edit with it,
# and the place is still judged right; a mark left unconverted is wrong;
# a name kept is right, a term left as plain conversion writes it is wrong;
# a term kept whole with text inserted beside it (合資格 -> 符合资格) is right.
set -u
S=$1 TW=$2 W=$3/score-eval
rm -rf "$W" && mkdir -p "$W/d" || exit 2
printf '市民「買樓」前要留意樓價。\n' > "$W/d/a.txt"
printf '他說『好』。\n' > "$W/d/b.txt"
printf '合資格人士可申請。\n' > "$W/d/c.txt"
{
	printf 'd/a.txt\tpunct\t「」\t“”\tquote beside a rewrite\n'
	printf 'd/a.txt\tterm\t樓價\t房价\tterm rewritten\n'
	printf 'd/b.txt\tpunct\t『』\t“”\ta single outer quote, written 『』 (hk2cn gives ‘’)\n'
	printf 'd/b.txt\tterm\t他說\t他表示\ta rewrite hk2cn does not make\n'
	printf 'd/c.txt\tterm\t合資格\t符合资格\ttext inserted beside the phrase (符合资格的人士)\n'
} > "$W/ann.tsv"
python3 "$S" "$W/ann.tsv" "$TW" --misses 0 > "$W/out" 2> "$W/err" || { cat "$W/err"; exit 1; }
fail=0
check() { if ! grep -qE "$1" "$W/out"; then echo "FAIL: $2"; fail=1; fi; }
check '^punct +2 +1 ' "punct: 2 places, 1 right (the quote beside 買樓 right, 『』 → ‘’ wrong)"
check '^term +3 +2 ' "term: 3 places, 2 right (合資格 -> 符合资格: the inserted 符 is the edit)"
check '^share right, hk2cn +: 3/5 = 60.0%' "share 3/5"
# --why: the term left as plain conversion (他說), by what a made-up lexicon says
mkdir -p "$W/dicts/terms" "$W/none/terms"
printf '# source\tmainland\taction\tregion\tdomain\tnote\n他說\t他表示\treview\tboth\tnews\tmade up\n' > "$W/dicts/terms/x.tsv"
python3 "$S" "$W/ann.tsv" "$TW" --misses 0 --why "$W/dicts" > "$W/out" 2> "$W/err" || { cat "$W/err"; exit 1; }
check '^left as plain conversion, by what the lexicon says: review row 1; .*unknown to the lexicon 0$' "--why: a review row covers 他說"
python3 "$S" "$W/ann.tsv" "$TW" --misses 0 --why "$W/none" > "$W/out" 2> "$W/err" || { cat "$W/err"; exit 1; }
check '^left as plain conversion, by what the lexicon says: review row 0; .*unknown to the lexicon 1$' "--why: no list holds 他說"
[ $fail = 0 ] && echo "score_eval: 5 places judged as expected, and why one was missed" || cat "$W/out"
exit $fail
