#!/bin/bash
# How every command writes a named output (cmd/fileio.c): a non-regular OUT
# is written, never replaced; symlinks are followed and hard links kept; mode
# and owner are kept and set-id bits dropped when the owner cannot be; inputs
# are read once, so a pipe works with -o; a signal removes the temporary.
# Never touches the real /dev/null: devices are made with mknod in WORKDIR.
# usage: cli_output.sh TONGWEN WORKDIR
set -u
TW=$1 W=$2
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 2
. "${BASH_SOURCE%/*}/../lib/harness.sh"
notmp() { ! ls -A "${1:-.}" | grep -q twtmp; }

printf '「的士」經過數碼港\n' > in.txt
want=$("$TW" convert in.txt)

# ---------------------------------------------------------------- non-regular OUT
# a FIFO stays a FIFO and its reader gets the output
mkfifo fifo
timeout 10 cat fifo > from-fifo &
reader=$!
timeout 10 "$TW" convert -o fifo in.txt
check "convert -o FIFO: exit status" [ $? = 0 ]
check "convert -o FIFO: still a FIFO" [ -p fifo ]
[ -p fifo ] || { timeout 2 cat fifo >/dev/null 2>&1 & }  # unblock a stuck reader
wait "$reader"
check "convert -o FIFO: reader got the output" [ "$(cat from-fifo)" = "$want" ]
timeout 10 cat fifo > from-fifo2 &
reader=$!
timeout 10 "$TW" annotate -o fifo in.txt
wait "$reader"
check "annotate -o FIFO" [ -p fifo ]
check "annotate -o FIFO: document" grep -q '<document' from-fifo2
check "FIFO: no temporary left" notmp

# a character device (a private copy of the null device) stays a device
if [ "$(id -u)" = 0 ] && mknod nulldev c 1 3 2>/dev/null; then
	"$TW" convert -o nulldev in.txt
	check "convert -o device: exit status" [ $? = 0 ]
	check "convert -o device: still a character device" [ -c nulldev ]
	check "device: no temporary left" notmp
else
	echo "skipped: character device (needs root and mknod)"
fi

# the standard output named as a file: written through, never replaced
ln -s /proc/self/fd/1 fd1
"$TW" convert -o fd1 in.txt > via-fd1
check "-o symlink to /proc/self/fd/1: still a symlink" [ -L fd1 ]
check "-o symlink to /proc/self/fd/1: output on stdout" [ "$(cat via-fd1)" = "$want" ]
if [ -z "${TW_TEST_NO_DEV:-}" ]; then
	"$TW" convert -o /dev/stdout in.txt > via-stdout
	check "-o /dev/stdout" [ "$(cat via-stdout)" = "$want" ]
	check "/dev/stdout still a symlink" [ -L /dev/stdout ]
	"$TW" convert -o /dev/stdout in.txt | cat > via-pipe
	check "-o /dev/stdout into a pipe" [ "$(cat via-pipe)" = "$want" ]
	# appending through the shell keeps what was there
	echo first > appended
	"$TW" convert -o /dev/stdout in.txt >> appended
	check "-o /dev/stdout under >>" [ "$(head -1 appended)" = first ]
fi

# ---------------------------------------------------------------- inputs read once
"$TW" convert -o from-pipe.txt <(printf '數碼港')
check "-o with a process substitution: exit" [ $? = 0 ]
check "-o with a process substitution: content" [ "$(cat from-pipe.txt)" = 数码港 ]
printf '數碼港' | "$TW" convert -o from-stdin.txt /dev/stdin
check "-o with /dev/stdin" [ "$(cat from-stdin.txt)" = 数码港 ]
printf '數碼港' | "$TW" convert -o from-dash.txt -
check "-o with -" [ "$(cat from-dash.txt)" = 数码港 ]
printf 'ok\n\xff' | "$TW" convert -o never.txt /dev/stdin 2>err
check "-o, bad piped input: exit 2" [ $? = 2 ]
check "-o, bad piped input: offset" grep -q 'invalid UTF-8 at byte offset 3' err
check "-o, bad piped input: no file" [ ! -e never.txt ]

# ---------------------------------------------------------------- links
printf 'old' > real.txt
ln -s real.txt link.txt
"$TW" convert -o link.txt in.txt
check "-o symlink: still a symlink" [ -L link.txt ]
check "-o symlink: target written" [ "$(cat real.txt)" = "$want" ]
mkdir -p sub other
printf 'old' > other/real2.txt
ln -s ../other/real2.txt sub/link2.txt
"$TW" convert -o sub/link2.txt in.txt
check "-o relative symlink in a subdirectory" [ -L sub/link2.txt ] && [ "$(cat other/real2.txt)" = "$want" ]
check "symlink: temporary beside the target, removed" notmp other
ln -s nowhere.txt dangling.txt
"$TW" convert -o dangling.txt in.txt
check "-o dangling symlink creates its target" [ -L dangling.txt ] && [ "$(cat nowhere.txt)" = "$want" ]
ln -s loop1 loop2 && ln -s loop2 loop1
"$TW" convert -o loop1 in.txt 2>err
check "-o symlink loop: exit 2" [ $? = 2 ]
check "-o symlink loop: message" grep -q 'loop1: cannot write: Too many levels of symbolic links' err

printf 'old' > hard1.txt
ln hard1.txt hard2.txt
ino=$(stat -c %i hard1.txt)
"$TW" convert -o hard2.txt in.txt
check "-o hard link: both names see the output" [ "$(cat hard1.txt)" = "$want" ] && [ "$(cat hard2.txt)" = "$want" ]
check "-o hard link: same inode" [ "$(stat -c %i hard2.txt)" = "$ino" ] && [ "$(stat -c %h hard1.txt)" = 2 ]
printf 'precious' > hard1.txt
printf '\xff' > bad.txt
"$TW" convert -o hard2.txt in.txt bad.txt 2>/dev/null
check "-o hard link, failed run: untouched" [ "$(cat hard1.txt)" = precious ]
check "hard link: no temporary left" notmp

# check --fix writes through the same module
printf '我坐的士去。\n' > fixme.md
ln -s fixme.md fixlink.md
"$TW" check --fix fixlink.md >/dev/null 2>&1
check "check --fix on a symlink: still a symlink" [ -L fixlink.md ]
check "check --fix on a symlink: target fixed" grep -q 出租车 fixme.md

# ---------------------------------------------------------------- mode and owner
printf 'old' > mode.txt && chmod 640 mode.txt
"$TW" convert -o mode.txt in.txt
check "-o keeps the mode" [ "$(stat -c %a mode.txt)" = 640 ]
if [ "$(id -u)" = 0 ]; then
	printf 'old' > owned.txt && chown nobody:nogroup owned.txt && chmod 6755 owned.txt
	"$TW" convert -o owned.txt in.txt
	check "-o as root keeps owner and set-id bits" [ "$(stat -c '%U:%G %a' owned.txt)" = "nobody:nogroup 6755" ]
	printf '我坐的士去。\n' > owned.md && chown nobody:nogroup owned.md && chmod 6755 owned.md
	"$TW" check --fix owned.md >/dev/null 2>&1
	check "check --fix as root keeps owner" [ "$(stat -c '%U:%G %a' owned.md)" = "nobody:nogroup 6755" ]
	# a user who cannot keep the owner: the set-id bits go
	mkdir shared && chmod 777 shared
	printf 'old' > shared/suid.txt && chmod 6755 shared/suid.txt
	cp in.txt shared/in.txt && chmod 644 shared/in.txt
	if setpriv --reuid=nobody --regid=nogroup --clear-groups "$TW" --version >/dev/null 2>&1; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$TW" convert -o shared/suid.txt shared/in.txt
		check "-o by another user: written" [ "$(cat shared/suid.txt)" = "$want" ]
		m=$(stat -c %a shared/suid.txt)
		check "-o by another user: set-id dropped (mode $m)" [ "$m" = 755 ]
	else
		echo "skipped: set-id as another user (nobody cannot run $TW)"
	fi
fi

# ---------------------------------------------------------------- signals
# job control, so background jobs do not start with SIGINT ignored
set -m
for sig in TERM INT; do
	mkfifo slow-$sig
	(printf '數碼港\n'; sleep 30) > slow-$sig &
	feeder=$!
	"$TW" convert -o sig-$sig.txt slow-$sig &
	pid=$!
	for _ in $(seq 100); do ls | grep -q "sig-$sig.txt.twtmp" && break; sleep 0.05; done
	check "SIG$sig: the temporary existed" bash -c "ls | grep -q sig-$sig.txt.twtmp"
	kill -$sig $pid
	wait $pid
	check "SIG$sig: killed by the signal" [ $? -gt 128 ]
	kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
	check "SIG$sig: temporary removed" notmp
	check "SIG$sig: no output" [ ! -e sig-$sig.txt ]
done

# a failed read is an error, never the end of the input: standard input
# opened for writing only makes every read fail (EBADF)
echo data > wronly
for cmd in "convert -o rd.out -" "convert --markup html -o rd.out -" "convert --jsonl body -o rd.out -" \
           "check -" "annotate -o rd.out -" "check --files-from -" "convert --files-from - -o rd-dir/"; do
	echo precious > rd.out
	"$TW" $cmd 0>>wronly > out 2> err
	check "read error ($cmd): exit 2" [ $? = 2 ]
	check "read error ($cmd): said so" grep -q 'read error' err
	check "read error ($cmd): output untouched" [ "$(cat rd.out)" = precious ]
done
check "read error: no directory made" [ ! -e rd-dir ]

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
