#!/bin/sh
# End to end in Neovim 0.7 headless: open a file, wait for tongwen's
# diagnostics, apply the quick fix and "fix all", write, compare.
# usage: neovim_test.sh NVIM TONGWEN SNIPPET
set -u
NVIM=$1 TW=$2 SNIPPET=$3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
printf '😀搭的士去數碼港元\n軟件很好。\n' > "$W/a.txt"
export TW SNIPPET FILE="$W/a.txt" RESULT="$W/result" HOME="$W" XDG_STATE_HOME="$W" XDG_DATA_HOME="$W"
timeout 60 "$NVIM" --headless --clean -n -c "luafile $(dirname "$0")/neovim_test.lua" >"$W/nvim.out" 2>&1
cat "$W/result" 2>/dev/null || { echo "FAIL: neovim gave no result"; cat "$W/nvim.out"; exit 1; }
grep -qx OK "$W/result" || exit 1
want=$(printf '😀搭出租车去数字港元\n软件很好。')
got=$(cat "$W/a.txt")
[ "$got" = "$want" ] || { echo "FAIL: file is '$got', want '$want'"; exit 1; }
echo "ok - neovim quick fix and fix all"
