# Sourced by the shell tests: pass and fail counters, ok/bad to count a
# result (bad prints why), and check WHAT COMMAND… to run a test command.
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
