#!/bin/bash
# usage: docs_test.sh TONGWEN MANDIR COMPLETIONS
set -u
TW=$1 MAN=$2 COMP=$3
. "${BASH_SOURCE%/*}/../lib/harness.sh"
export PATH="$(dirname "$TW"):$PATH"
# every long option in a command's --help appears in its man page
for cmd in convert check annotate; do
	page=$MAN/tongwen-$cmd.1
	[ -s "$page" ] || { bad "no man page tongwen-$cmd.1"; continue; }
	text=$(MANWIDTH=200 man -l "$page" 2>/dev/null)
	echo "$text" | grep -q "^NAME" && ok || bad "tongwen-$cmd.1 does not render"
	for opt in $("$TW" "$cmd" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
		[ "$opt" = --help ] && continue
		echo "$text" | grep -q -- "$opt" && ok || bad "tongwen-$cmd.1 lacks $opt"
	done
done
[ -s "$MAN/tongwen.1" ] && ok || bad "no tongwen.1"
# bash: commands, options, values
source "$COMP/tongwen.bash"
comp() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _tongwen; echo " ${COMPREPLY[*]} "; }
[[ $(comp tongwen con) == *" convert "* ]] && ok || bad "bash: command"
[[ $(comp tongwen convert --files) == *" --files-from "* ]] && ok || bad "bash: convert option"
[[ $(comp tongwen check --format s) == *" sarif "* ]] && ok || bad "bash: format value"
[[ $(comp tongwen convert -p hk2) == *" hk2cn "* ]] && ok || bad "bash: profiles"
if command -v zsh > /dev/null; then zsh -n "$COMP/_tongwen" && ok || bad "zsh: syntax"; fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
