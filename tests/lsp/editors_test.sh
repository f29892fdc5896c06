#!/bin/sh
# The editor set-ups in editors/ parse: the VS Code client as JavaScript,
# its manifest and the Sublime settings as JSON (Sublime allows comments),
# the Helix file as TOML, and each starts `tongwen lsp`.
# usage: editors_test.sh EDITORS_DIR
set -u
E=$1
fail=0
bad() { echo "FAIL: $*"; fail=1; }
if command -v node >/dev/null; then
	node --check "$E/vscode/extension.js" || bad "vscode/extension.js does not parse"
	node -e '
		const p = require(process.argv[1]);
		if (p.main !== "./extension.js" || !p.contributes.configuration.properties["tongwen.debounce"]) process.exit(1);
	' "$E/vscode/package.json" || bad "vscode/package.json"
	node -e '
		const t = require("fs").readFileSync(process.argv[1], "utf8").replace(/^\s*\/\/.*$/mg, "");
		const c = JSON.parse(t).clients.tongwen;
		if (c.command.join(" ") !== "tongwen lsp") process.exit(1);
	' "$E/sublime/LSP.sublime-settings" || bad "sublime/LSP.sublime-settings"
fi
python3 -c '
import sys, tomllib
d = tomllib.load(open(sys.argv[1], "rb"))
s = d["language-server"]["tongwen"]
assert s["command"] == "tongwen" and s["args"] == ["lsp"]
assert any("tongwen" in l["language-servers"] for l in d["language"])
' "$E/helix/languages.toml" || bad "helix/languages.toml"
grep -q '"tongwen" "lsp"' "$E/emacs/tongwen-eglot.el" || bad "emacs/tongwen-eglot.el"
if command -v emacs >/dev/null; then
	emacs -Q --batch -l "$E/emacs/tongwen-eglot.el" || bad "emacs/tongwen-eglot.el does not load"
fi
[ $fail = 0 ] && echo "ok - editor set-ups parse"
exit $fail
