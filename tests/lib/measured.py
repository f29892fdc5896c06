"""What the bounded-memory test drivers share: a tongwen process run to its
end with its peak RSS and CPU time from wait4 (its own, not this process's:
the child is exec'd), its standard output hashed as it streams, and the
ok/FAIL lines of a test counted."""
import hashlib
import os
import subprocess
import sys


def run(argv, stdin_path=None, ok=(0,), digest=False):
    """Runs argv to its end; returns (peak RSS in KiB, CPU seconds, md5 of
    its standard output, or None without digest). An exit status outside
    ok fails the test at once."""
    h = hashlib.md5() if digest else None
    with open(stdin_path or os.devnull, "rb") as inp:
        p = subprocess.Popen(argv, stdin=inp,
                             stdout=subprocess.PIPE if digest else subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        while digest and (chunk := p.stdout.read(1 << 20)):
            h.update(chunk)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        print(f"FAIL: {' '.join(argv)}: exit {code}: {err.decode(errors='replace')[:300]}")
        sys.exit(1)
    return ru.ru_maxrss, ru.ru_utime + ru.ru_stime, h.hexdigest() if digest else None


class Checks:
    """check(ok, what) prints an ok or FAIL line; done() exits 1 after any
    FAIL."""

    def __init__(self):
        self.failed = 0

    def __call__(self, ok, what):
        print(("ok  " if ok else "FAIL") + " " + what)
        self.failed += not ok

    def done(self):
        sys.exit(1 if self.failed else 0)
