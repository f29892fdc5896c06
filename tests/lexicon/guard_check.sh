#!/bin/bash
# usage: guard_check.sh TONGWEN [--converted] FILE…
# Text already right for the Mainland (our guard paragraphs) must get no
# term or script finding at warning or error level from
# `tongwen check --target cn`. With --converted (the hk2cn golden of the
# sample: Hong Kong copy after conversion) no error of any rule is allowed,
# while review warnings, the decisions left to an editor, are listed. Neither
# may hold a Cantonese finding.
set -u
TW=$1
shift
MODE=guard
if [ "${1:-}" = --converted ]; then
	MODE=converted
	shift
fi
export MODE
out=$("$TW" check --target cn --format json --fail-on error "$@")
rc=$?
if [ "$rc" = 2 ]; then
	echo "FAIL: tongwen check exited 2 (usage or input error)"
	exit 1
fi
printf '%s' "$out" | python3 -c '
import json, os, sys
findings = json.load(sys.stdin)
converted = os.environ["MODE"] == "converted"
bad = 0
for f in findings:
    fam = f["rule"].split("/")[0]
    where = "%s:%d:%d" % (f["file"], f["line"], f["column"])
    if converted:
        failed = f["severity"] == "error" or fam == "cantonese"
    else:
        failed = fam in ("term", "script", "cantonese") and f["severity"] in ("error", "warning")
    if failed:
        print("FAIL %s: %s %s on %s: %s" % (where, f["severity"], f["rule"], f["text"], f["message"]))
        bad += 1
    else:
        print("info %s: %s %s on %s" % (where, f["severity"], f["rule"], f["text"]))
print("%d findings, %d failing (%s)" % (len(findings), bad,
      "errors or Cantonese" if converted else "term/script/Cantonese warnings or errors"))
sys.exit(1 if bad else 0)
'
