#!/bin/bash
# usage: symbols_test.sh LIBTONGWEN.a LIBTONGWEN.so INCLUDE BUILD_INCLUDE CC WORKDIR
set -u
A=$1 SO=$2 INC=$3 BINC=$4 CC=$5 W=$6
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
fail=0
for lib in "$A" "$SO"; do
	flags=-g
	[ "${lib##*.}" = so ] && flags=-D
	others=$(nm $flags --defined-only "$lib" | awk 'NF == 3 && $2 ~ /[A-Z]/ {print $3}' | grep -v '^tw_' | sort -u)
	if [ -n "$others" ]; then
		echo "FAIL: $(basename "$lib") exports $(echo "$others" | wc -l) symbols without the tw_ prefix:"
		echo "$others" | head -20
		fail=1
	fi
	nm $flags --defined-only "$lib" | grep -q ' T tw_convert$' || { echo "FAIL: $(basename "$lib") lacks tw_convert"; fail=1; }
done
cat > main.c <<'C'
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "tongwen.h"
int main(void)
{
	json_t *j = json_string("\xe6\xb8\xaf"); /* jansson's own utf8 helpers run */
	size_t bad;
	int ok = j && tw_utf8_validate("abc", 3, &bad) == TW_OK && strlen(tw_version()) > 0;
	json_decref(j);
	puts(ok ? "ok" : "bad");
	return !ok;
}
C
if [ -e /usr/lib/x86_64-linux-gnu/libjansson.a ] || [ -e /usr/lib/libjansson.a ]; then
	libs=$(pkg-config --libs --static libxml-2.0 hunspell inih 2>/dev/null)
	if "$CC" -DTW_STATIC -I"$INC" -I"$BINC" main.c -o static-link \
		-Wl,-Bstatic "$A" -ljansson -Wl,-Bdynamic $libs -lstdc++ -lm -lpthread -ldl 2> link.err; then
		[ "$(./static-link)" = ok ] || { echo "FAIL: the static program does not run"; fail=1; }
	else
		echo "FAIL: static link with libjansson.a:"; head -5 link.err; fail=1
	fi
else
	echo "skipped: static link (no libjansson.a)"
fi
[ $fail = 0 ] && echo "symbols: only tw_ exported" 
exit $fail
