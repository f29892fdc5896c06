#!/bin/bash
# Fuzzes targets one after another (nice'd, one process at a time) and
# records what the fuzzer printed: tests/fuzz/results.tsv gets one row a
# run, and the table in tests/fuzz/README.md is written anew from it.
# Inputs that add coverage are merged into the replay corpus
# (tests/fuzz/corpus/TARGET, replayed by ctest); a crash or timeout leaves
# its input in build-fuzz/artifacts/ and fails the script.
#   tests/fuzz/run.sh SECONDS TARGET…    (targets: convert check config xml
#                                         doc_html doc_xml doc_markdown lsp)
#   tests/fuzz/run.sh --record TARGET LOG   records a run from its log
#   tests/fuzz/run.sh --merge TARGET…       merges the working corpora again
# Needs the fuzz build (tests/fuzz/CMakeLists.txt) in build-fuzz/ and the
# data of a normal build in build/share/tongwen (or TONGWEN_DATA_DIR).
set -uo pipefail
cd "$(dirname "$0")/../.."
B=${FUZZ_BUILD:-build-fuzz}
export TONGWEN_DATA_DIR=${TONGWEN_DATA_DIR:-$PWD/build/share/tongwen}
results=tests/fuzz/results.tsv
[ -f "$results" ] || printf 'date\ttarget\tseconds\texecutions\tedges\tfeatures\tinstrumented\tcorpus\tresult\n' > "$results"

# record TARGET LOG: one row of libFuzzer's own figures
record() {
	local t=$1 log=$2 execs rate ran last edges ft corp counters result unit
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	ran=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
	# a run cut short prints no "Done": its time is executions / rate
	[ -z "$ran" ] && [ -n "$execs" ] && [ "${rate:-0}" -gt 0 ] && ran=$((execs / rate))
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	edges=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
	corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<< "$last")
	counters=$(sed -n 's/.*Loaded 1 modules *(\([0-9]*\) inline 8-bit counters).*/\1/p' "$log" | head -n 1)
	unit=$(grep -o 'Test unit written to .*' "$log" | grep -v slow-unit | tail -n 1 | sed 's/Test unit written to //')
	if grep -q '^SUMMARY: libFuzzer: timeout' "$log"; then
		result="timeout: $(basename "$unit")"
	elif grep -qE '^SUMMARY: |deadly signal' "$log"; then
		result="crash: $(basename "$unit") ($(grep -m1 '^SUMMARY: ' "$log" | cut -c10-80))"
	else
		result=ok
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u -r "$log" +%Y-%m-%dT%H:%MZ)" "$t" \
		"${ran:-?}" "${execs:-?}" "${edges:-?}" "${ft:-?}" "${counters:-?}" "${corp:-?}" \
		"$result" >> "$results"
	echo "fuzz_$t: ${execs:-?} executions in ${ran:-?} s, cov ${edges:-?} of ${counters:-?} counters, $result"
	[ "$result" = ok ]
}

# merge TARGET: inputs of the fuzzer's working corpus that reach edges the
# replay corpus does not (edges only, not hit counts: the replay runs in
# every test run and stays small)
merge() {
	nice -n 19 "$B/bin/fuzz_$1" -merge=1 -use_counters=0 -use_value_profile=0 \
		"tests/fuzz/corpus/$1" "$B/fuzz-work/$1" > "$B/fuzz-logs/$1.merge.log" 2>&1
}

if [ "${1:-}" = --merge ]; then
	shift
	for t in "$@"; do merge "$t"; done
	exit
fi
if [ "${1:-}" = --record ]; then
	record "$2" "$3"
	rc=$?
	python3 tests/fuzz/summary.py "$results" tests/fuzz/README.md
	exit $rc
fi

secs=${1:?usage: tests/fuzz/run.sh SECONDS TARGET...}
shift
mkdir -p "$B/artifacts" "$B/fuzz-logs"
status=0
for t in "$@"; do
	bin=$B/bin/fuzz_$t
	[ -x "$bin" ] || { echo "run.sh: no $bin (build the fuzz build first)" >&2; exit 2; }
	work=$B/fuzz-work/$t
	mkdir -p "$work"
	log=$B/fuzz-logs/$t.log
	nice -n 19 "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=20 \
		-rss_limit_mb=2048 -artifact_prefix="$B/artifacts/$t-" "$work" "tests/fuzz/corpus/$t" > "$log" 2>&1
	record "$t" "$log" || status=1
	merge "$t"
done
python3 tests/fuzz/summary.py "$results" tests/fuzz/README.md
exit $status
