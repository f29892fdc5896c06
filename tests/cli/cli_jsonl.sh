#!/bin/bash
# JSON Lines (cmd/jsonl.c): convert --jsonl and check --jsonl --id: order,
# untouched bytes, Unicode escapes, errors with line numbers, --on-error,
# and --line-buffered answering a record before the end of input.
# usage: cli_jsonl.sh TONGWEN WORKDIR
set -u
TW=$1 W=$2
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"

cat > in.jsonl <<'J'
{"id":1,"title":"的士司機","n":1.50,"body":"「數碼港」","tags":["的士"]}
{ "id" : 2 , "title" : "\u8eca\u7ad9\ud840\udc0b" , "x":[1,{"title":"的士"}], "e":1e5 }
{"id":3,"title":null,"body":"line\nbreak \"q\" 的士\t"}
{"body":"只有正文","id":4}
J
"$TW" convert --jsonl title,body in.jsonl > out.jsonl
check "convert --jsonl: exit 0" [ $? = 0 ]
cat > want.jsonl <<'J'
{"id":1,"title":"出租车司机","n":1.50,"body":"“数码港”","tags":["的士"]}
{ "id" : 2 , "title" : "\u8f66\u7ad9\ud840\udc0b" , "x":[1,{"title":"的士"}], "e":1e5 }
{"id":3,"title":null,"body":"line\nbreak \"q\" 出租车\t"}
{"body":"只有正文","id":4}
J
check "convert --jsonl: only the named fields change, byte for byte" cmp -s out.jsonl want.jsonl
python3 -c "
import json,sys
a=[json.loads(l) for l in open('in.jsonl')]; b=[json.loads(l) for l in open('out.jsonl')]
assert len(a)==len(b)
for x,y in zip(a,b):
    assert list(x)==list(y), 'key order'
    for k in x:
        if k not in ('title','body'): assert x[k]==y[k], k
" && ok || bad "convert --jsonl: keys, order and other values"
"$TW" convert --jsonl title < in.jsonl > out-stdin.jsonl
check "convert --jsonl from stdin, one field" [ "$(sed -n 1p out-stdin.jsonl)" = '{"id":1,"title":"出租车司机","n":1.50,"body":"「數碼港」","tags":["的士"]}' ]
"$TW" convert --jsonl title -o out-file.jsonl in.jsonl
check "convert --jsonl -o" cmp -s out-file.jsonl out-stdin.jsonl

# errors name the line; fail (default) stops, skip goes on
printf '{"id":1,"title":"的士"}\n{"id":2,"title":\n{"id":3,"title":7}\n{"id":4,"title":"的士"}\n' > bad.jsonl
"$TW" convert --jsonl title bad.jsonl > out 2> err
check "malformed line: exit 2" [ $? = 2 ]
check "malformed line: named" grep -q 'bad.jsonl:2: invalid JSON' err
check "malformed line: nothing more written" [ "$(cat out)" = '{"id":1,"title":"出租车"}' ]
"$TW" convert --jsonl title --on-error skip bad.jsonl > out 2> err
check "--on-error skip: exit 0" [ $? = 0 ]
check "--on-error skip: the good records, in order" [ "$(cat out)" = $'{"id":1,"title":"出租车"}\n{"id":4,"title":"出租车"}' ]
check "--on-error skip: a non-string field is named" grep -q 'bad.jsonl:3: field "title" is not a string' err
"$TW" convert --jsonl title -o never.jsonl bad.jsonl 2>/dev/null
check "fail with -o: no file" [ ! -e never.jsonl ]
printf '{"id":1,"title":"\xff"}\n' | "$TW" convert --jsonl title > out 2> err
check "invalid UTF-8 in a record: exit 2 with the line" [ $? = 2 ] && grep -q '<stdin>:1:' err
printf '[1,2]\n' | "$TW" convert --jsonl title 2> err >/dev/null
check "not an object" grep -q '<stdin>:1: not a JSON object' err

# check --jsonl --id
"$TW" check --jsonl title,body --id id in.jsonl > chk.jsonl
check "check --jsonl: exit 1 (errors found)" [ $? = 1 ]
python3 -c "
import json
rows=[json.loads(l) for l in open('chk.jsonl')]
assert [r['id'] for r in rows]==[1,2,3,4], rows
f=rows[0]['findings']
assert f[0]['field']=='title' and f[0]['rule']=='term/convert' and f[0]['line']==1 and f[0]['column']==1, f[0]
assert any(x['field']=='body' and x['rule']=='punct/corner-quote' for x in f)
assert rows[3]['findings']==[]
" && ok || bad "check --jsonl: ids, fields and findings as in --format json"
printf '{"title":"的士"}\n' | "$TW" check --jsonl title --id id > /dev/null 2> err
check "check --jsonl: a record without the id" [ $? = 2 ] && grep -q '<stdin>:1: no field "id"' err

# --line-buffered: each record answered before the input ends (a co-process)
python3 - "$TW" <<'PY' && ok || bad "--line-buffered: no answer before end of input"
import subprocess, sys, select
for args in (["convert", "--jsonl", "title"], ["check", "--jsonl", "title", "--id", "id"]):
    p = subprocess.Popen([sys.argv[1]] + args + ["--line-buffered"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    for i in range(3):
        p.stdin.write(('{"id":%d,"title":"的士"}\n' % i).encode()); p.stdin.flush()
        r, _, _ = select.select([p.stdout], [], [], 10)
        assert r, "no answer for record %d" % i
        line = p.stdout.readline().decode()
        assert ('"id":%d' % i) in line, line
    p.stdin.close(); p.wait()
PY

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
