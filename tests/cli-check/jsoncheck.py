"""Assertions on `tongwen check` JSON and SARIF output for cli_check.sh.

usage: jsoncheck.py json FILE EXPR     -- EXPR (Python) must be true; `d` is the document
       jsoncheck.py sarif FILE SCHEMA  -- validates against the SARIF 2.1.0 schema
"""
import json
import sys

mode, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    d = json.load(f)
if mode == "json":
    ok = eval(sys.argv[3], {"d": d})  # the tests' own expressions, not input
    if not ok:
        sys.exit("false: %s\n%s" % (sys.argv[3], json.dumps(d, ensure_ascii=False)[:2000]))
elif mode == "sarif":
    import jsonschema  # Debian: python3-jsonschema
    with open(sys.argv[3], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft4Validator(schema).validate(d)
else:
    sys.exit("unknown mode " + mode)
