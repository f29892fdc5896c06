#!/bin/bash
# Batch benchmark: N small files (1–3 KB cut from the sample) converted by one
# tongwen process per file (each with -o, an fsync each, as a shell loop does
# it) vs one batch process (convert -r, -j 1 and -j 2, one syncfs), and
# check: one process per file vs one --files-from run. Prints files/s, MB/s
# and the ratios; medians of RUNS runs interleaved. The per-file runs take
# the first PF files only (default 400: a check process per file costs a
# lexicon load each), and are compared by rate.
# usage: bench/batch_bench.sh [TONGWEN] [N] [RUNS] [PF]
set -eu
TW=${1:-build/bin/tongwen} N=${2:-4000} RUNS=${3:-3} PF=${4:-400}
TW=$(readlink -f "$TW")
SRC=$(dirname "$0")/../testdata/takungpao-hk-ai-2025.txt
W=$(mktemp -d /tmp/tw-batch-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
python3 - "$SRC" "$W/in" "$N" <<'PY'
import os, random, sys
text = open(sys.argv[1], encoding="utf-8").read()
random.seed(7)
n = int(sys.argv[3])
for i in range(n):
    size = random.randint(1000, 3000)  # bytes
    start = random.randrange(0, max(1, len(text) - size))
    chunk = text[start:start + size // 3]
    d = os.path.join(sys.argv[2], "d%02d" % (i % 40))
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "f%05d.txt" % i), "w", encoding="utf-8").write(chunk)
PY
BYTES=$(find "$W/in" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
(cd "$W/in" && find . -type f | sort) > "$W/list"
head -n "$PF" "$W/list" > "$W/pflist"
PFN=$(wc -l < "$W/pflist")
PFBYTES=$(cd "$W/in" && xargs stat -c %s < "$W/pflist" | awk '{s += $1} END {print s}')
t() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
per_file_convert() { cd "$W/in" && while read -r f; do mkdir -p "$W/o1/${f%/*}"; "$TW" convert -o "$W/o1/$f" "$f"; done < "$W/pflist"; }
per_file_check() { cd "$W/in" && while read -r f; do "$TW" check --fail-on never "$f"; done < "$W/pflist"; }
declare -A times
for r in $(seq "$RUNS"); do
	rm -rf "$W"/o*
	times[pf]+="$(t per_file_convert) "
	times[j1]+="$(t "$TW" convert -r "$W/in" -o "$W/o2" -j 1) "
	times[j2]+="$(t "$TW" convert -r "$W/in" -o "$W/o3" -j 2) "
	times[cpf]+="$(t per_file_check) "
	times[cb]+="$(t bash -c "cd '$W/in' && '$TW' check --fail-on never -j 2 --files-from '$W/list'") "
done
diff -r "$W/o2" "$W/o3" > /dev/null || { echo "outputs differ"; exit 1; }
(cd "$W/o1" && find . -type f | sort | while read -r f; do cmp -s "$f" "$W/o2/$f" || echo "$f"; done) | grep -q . && { echo "per-file and batch outputs differ"; exit 1; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# line LABEL SECONDS FILES BYTES
line() { printf '%-42s %8.2f s %9.0f files/s %7.2f MB/s\n' "$1" "$2" "$(echo "$3 / $2" | bc -l)" "$(echo "$4 / $2 / 1000000" | bc -l)"; }
pf=$(echo "${times[pf]}" | median) j1=$(echo "${times[j1]}" | median) j2=$(echo "${times[j2]}" | median)
cpf=$(echo "${times[cpf]}" | median) cb=$(echo "${times[cb]}" | median)
echo "$N files, $BYTES bytes, median of $RUNS runs"
line "convert: one process per file (-o), $PFN files" "$pf" "$PFN" "$PFBYTES"
line "convert -r, one process, -j 1" "$j1" "$N" "$BYTES"
line "convert -r, one process, -j 2" "$j2" "$N" "$BYTES"
line "check: one process per file, $PFN files" "$cpf" "$PFN" "$PFBYTES"
line "check --files-from -j 2, one process" "$cb" "$N" "$BYTES"
rate() { echo "($2 / $1) / ($4 / $3)" | bc -l; } # (files/s of A) / (files/s of B)
printf 'files/s ratio: batch -j 1 / per file %.1fx; -j 2 / per file %.1fx; -j 2 / -j 1 %.2fx\n' \
	"$(rate "$j1" "$N" "$pf" "$PFN")" "$(rate "$j2" "$N" "$pf" "$PFN")" "$(echo "$j1 / $j2" | bc -l)"
printf 'files/s ratio: check batch / per file %.1fx\n' "$(rate "$cb" "$N" "$cpf" "$PFN")"
