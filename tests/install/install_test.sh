#!/bin/bash
# usage: install_test.sh BUILD_DIR WORK_DIR CC
set -eu
BUILD=$1 W=$2 CC=$3
rm -rf "$W" && mkdir -p "$W"
PREFIX=$W/prefix
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
unset TONGWEN_DATA_DIR
cd "$W"
out=$(printf '「數碼港」的士' | env -i PATH=/usr/bin:/bin "$PREFIX/bin/tongwen" convert)
[ "$out" = "“数码港”出租车" ] || { echo "installed binary: got '$out'"; exit 1; }
"$PREFIX/bin/tongwen" convert --list-profiles | grep -qx hk2cn
# stock opencc runs the installed profile
if command -v opencc >/dev/null; then
	out2=$(printf '「數碼港」的士' | opencc -c "$PREFIX/share/tongwen/hk2cn.json")
	[ "$out2" = "$out" ] || { echo "opencc with installed hk2cn.json: got '$out2'"; exit 1; }
fi
cat > use.c <<'C'
#include <stdio.h>
#include <string.h>
#include <tongwen.h>
int main(void)
{
	tw_profile *p;
	char *out;
	size_t n;
	if (tw_profile_open(&p, "hk2cn", NULL, NULL) || tw_convert(&out, &n, p, "數碼港", strlen("數碼港"), NULL))
		return 1;
	puts(out);
	tw_free(out);
	tw_profile_free(p);
	return 0;
}
C
PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig:$(ls -d "$PREFIX"/lib/*/pkgconfig 2>/dev/null | tr '\n' ':')
export PKG_CONFIG_PATH
"$CC" -std=c11 use.c -o use $(pkg-config --cflags --libs tongwen) -Wl,-rpath,"$(pkg-config --variable=libdir tongwen)"
[ "$(./use)" = "数码港" ] || { echo "pkg-config consumer failed"; exit 1; }
mkdir -p cm && cat > cm/CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.25)
project(use C)
find_package(tongwen REQUIRED)
add_executable(use ../use.c)
target_link_libraries(use PRIVATE tongwen::tongwen)
CM
cmake -S cm -B cm/build -DCMAKE_PREFIX_PATH="$PREFIX" >/dev/null
cmake --build cm/build >/dev/null
[ "$(cm/build/use)" = "数码港" ] || { echo "find_package consumer failed"; exit 1; }
echo "install tree OK"
