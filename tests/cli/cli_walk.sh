#!/bin/bash
# Walking directories (cmd/walk.c) as check DIR does: symlink loops, links
# out of the tree, special files, /proc, no matching files, hostile names.
# usage: cli_walk.sh TONGWEN WORKDIR
set -u
TW=$1 W=$2
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
export TW_SECRET_MARKER=hunter2-secret

# ---------------------------------------------------------------- loops
mkdir -p loop/sub && printf '我坐的士去。\n' > loop/sub/a.md
ln -s .. loop/sub/up
ln -s . loop/self
timeout 20 "$TW" check loop > out 2> err
check "symlink loops: exit 1 (one finding)" [ $? = 1 ]
check "symlink loops: the file is reported once" [ "$(grep -c '的士\|term/convert' out)" -ge 1 ] && [ "$(grep -c '^loop/sub/a.md:1:3:' out)" = 1 ]
check "symlink loops: nothing else" [ "$(grep -c '^loop' out)" = 1 ]

# ---------------------------------------------------------------- out of the tree
mkdir -p tree outside && printf '我坐的士去。\n' > outside/far.md && printf '我坐的士去。\n' > tree/ok.md
ln -s ../outside/far.md tree/far.md
ln -s ../outside tree/fardir
ln -s ok.md tree/alias.md
ln -s /proc/self/environ tree/env.txt
ln -s /proc/self tree/proc
timeout 20 "$TW" check --format json tree > out 2> err
check "out of the tree: exit 1 (findings inside)" [ $? = 1 ]
check "out of the tree: not read" bash -c "! grep -q far.md out"
check "out of the tree: said so" grep -q 'tree/far.md: symlink out of the tree' err
check "a link inside the tree is followed" grep -q '"tree/alias.md"' out
check "/proc through a link: not read" bash -c "! grep -q hunter2 out err"
"$TW" check tree/env.txt > out 2> err
check "/proc named directly: exit 2" [ $? = 2 ]
check "/proc named directly: message" grep -q 'tree/env.txt: on /proc or /sys, never read' err
check "/proc named directly: not read" bash -c "! grep -q hunter2 out err"
"$TW" convert tree/env.txt > out 2> err
check "convert /proc: exit 2 and not read" [ $? = 2 ] && ! grep -q hunter2 out
timeout 20 "$TW" check /proc/self > out 2> err
check "check /proc/self: exit 2" [ $? = 2 ] && grep -q 'never read' err

# ---------------------------------------------------------------- special files
mkdir -p special && printf '今天天气很好。\n' > special/ok.md
mkfifo special/pipe.md
timeout 20 "$TW" check special > out 2> err
check "a FIFO in the tree is skipped, not opened" [ $? = 0 ]

# ---------------------------------------------------------------- nothing to check
mkdir -p empty/deeper && printf 'x' > empty/image.png && printf 'x' > empty/.hidden.md
"$TW" check empty > out 2> err
check "no matching files: exit 2" [ $? = 2 ]
check "no matching files: message" grep -q 'empty: no files to check' err
mkdir -p ign && printf '我坐的士去。\n' > ign/a.md && printf 'ignore = *.md\n' > ign/.tongwen.ini
"$TW" check ign > out 2> err
check "everything ignored: exit 2" [ $? = 2 ]

# ---------------------------------------------------------------- hostile names
mkdir -p names
evil=$'names/x\nforged.md:1:1: error: forged \e[31mred.md'
printf '我坐的士去。\n' > "$evil"
"$TW" check names > out 2> err
check "hostile name: exit 1" [ $? = 1 ]
check "hostile name: no forged report line" bash -c "! grep -q '^forged.md' out"
check "hostile name: no escape sequence" bash -c "! grep -q $'\e' out"
check "hostile name: escaped" grep -qF 'names/x\x0Aforged.md:1:1: error: forged \x1B[31mred.md:1:3:' out
"$TW" check --format json names > out 2> err
check "hostile name in JSON: exact (JSON escapes it)" python3 -c "
import json,sys; d=json.load(open('out')); sys.exit(d[0]['file'] != sys.argv[1])" "$evil"
bad_utf8=$'names/b\xff.md'
printf '我坐的士去。\n' > "$bad_utf8"
"$TW" check --format json names > out 2> err
check "a name that is not UTF-8: valid JSON" python3 -c "import json; json.load(open('out'))"
rm -f "$bad_utf8"

# stderr: messages, the fix log and diff headers name files; a name's
# control characters are escaped there too, whatever the report format
printf '\xff\n' > "$evil"
"$TW" convert "$evil" > out 2> err
check "hostile name, convert error: exit 2" [ $? = 2 ]
check "hostile name, convert error: escaped on stderr" grep -qF 'names/x\x0Aforged.md:1:1: error: forged \x1B[31mred.md: invalid UTF-8' err
check "hostile name, convert error: one line, no escape" bash -c "[ \$(wc -l < err) = 1 ] && ! grep -q $'\e' err"
"$TW" check "$evil" > out 2> err
check "hostile name, check error: escaped, one line" bash -c "[ \$(wc -l < err) = 1 ] && ! grep -q $'\e' err"
"$TW" annotate "$evil-missing" > out 2> err
check "hostile name, missing file: escaped, one line" bash -c "[ \$(wc -l < err) = 1 ] && ! grep -q $'\e' err"
"$TW" convert $'--no\e[31m-such' > out 2> err
check "hostile option: escaped" bash -c "grep -qF 'no\x1B[31m-such' err && ! grep -q $'\e' err"
printf '我坐的士去。\n' > "$evil"
"$TW" check --fix --diff "$evil" > out 2> err
check "hostile name, --diff: header quoted" grep -qF -e '--- "a/names/x\nforged.md:1:1: error: forged \033[31mred.md"' out
check "hostile name, --diff: no raw escape" bash -c "! grep -q $'\e' out err"
mkdir -p patched/names && cp "$evil" patched/names/
check "hostile name, --diff: patch -p1 applies it" bash -c "cd patched && patch -s -p1 < ../out && grep -q 出租车 names/x*"
"$TW" check --format json --fix "$evil" > out 2> err
check "hostile name, fix log (JSON report): escaped" grep -qF 'names/x\x0Aforged.md:1:1: error: forged \x1B[31mred.md:1:3: fixed' err
check "hostile name, fix log: no raw escape, no forged line" bash -c "! grep -q $'\e' err && ! grep -q '^forged' err"
rm -f "$evil"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
