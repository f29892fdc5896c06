#!/bin/bash
# usage: guard_check.sh TONGWEN FILE…
# Text already right for the Mainland (our guard paragraphs, and the hk2cn
# golden of the sample) must get no term or script finding at warning or
# error level from `tongwen check --target cn`. Info findings are listed.
set -u
TW=$1
shift
out=$("$TW" check --target cn --format json --fail-on error "$@")
rc=$?
if [ "$rc" = 2 ]; then
	echo "FAIL: tongwen check exited 2 (usage or input error)"
	exit 1
fi
printf '%s' "$out" | python3 -c '
import json, sys
findings = json.load(sys.stdin)
bad = 0
for f in findings:
    fam = f["rule"].split("/")[0]
    where = "%s:%d:%d" % (f["file"], f["line"], f["column"])
    if fam in ("term", "script") and f["severity"] in ("error", "warning"):
        print("FAIL %s: %s %s on %s: %s" % (where, f["severity"], f["rule"], f["text"], f["message"]))
        bad += 1
    else:
        print("info %s: %s %s on %s" % (where, f["severity"], f["rule"], f["text"]))
print("%d findings, %d term/script warnings or errors" % (len(findings), bad))
sys.exit(1 if bad else 0)
'
