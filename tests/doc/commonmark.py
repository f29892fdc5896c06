#!/usr/bin/env python3
"""The CommonMark/GFM spec examples against cmark-gfm, the reference renderer.

Each example of the GFM spec that Debian's cmark-gfm ships
(/usr/share/doc/cmark-gfm/spec.txt.gz) gets Traditional Chinese words in
place of its placeholder words (foo, bar, baz …), then goes two ways:
  A: tongwen convert --markup markdown, then cmark-gfm
  B: cmark-gfm, then tongwen convert --markup html
Where tongwen's Markdown scanner finds code, destinations and HTML exactly as
cmark-gfm parses them, A and B are the same bytes. tongwen converts all the
examples of each way in one batch process (convert --files-from -o DIR, which
is byte for byte a run per file: the cli batch tests); cmark-gfm runs once
an example. The examples where they
differ by design are listed, with the reason, in commonmark-expected.txt; any
other difference fails, and so does a listed example that no longer differs.

usage: commonmark.py TONGWEN EXPECTED [SPEC]
"""
import gzip, os, re, subprocess, sys, tempfile

TW, EXPECTED = sys.argv[1], sys.argv[2]
if os.sep in TW:  # the batch runs in its own folder
    TW = os.path.abspath(TW)
SPEC = sys.argv[3] if len(sys.argv) > 3 else "/usr/share/doc/cmark-gfm/spec.txt.gz"
CMARK = ["cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough",
         "-e", "tasklist"]
WORDS = {"foo": "的士", "bar": "數碼", "baz": "網絡", "bim": "軟件", "quux": "質素",
         "Foo": "的士", "Bar": "數碼", "Baz": "網絡"}
INJECT = re.compile(r"\b(" + "|".join(WORDS) + r")\b")

def examples(text):
    fence = "`" * 32
    lines = text.split("\n")
    n, i = 0, 0
    while i < len(lines):
        if lines[i].startswith(fence + " example"):
            n += 1
            j = i + 1
            md = []
            while lines[j] != ".":
                md.append(lines[j])
                j += 1
            while not lines[j].startswith(fence):
                j += 1
            yield n, "\n".join(md).replace("\u2192", "\t") + "\n"
            i = j
        i += 1

def run(cmd, data):
    r = subprocess.run(cmd, input=data, capture_output=True)
    if r.returncode:
        raise SystemExit(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.decode()[:300]}")
    return r.stdout

def main():
    spec = gzip.open(SPEC, "rt", encoding="utf-8").read()
    expected = {}
    for line in open(EXPECTED, encoding="utf-8"):
        line = line.split("#")[0].strip()
        if line:
            num, _, why = line.partition(" ")
            expected[int(num)] = why
    differ, total = [], 0
    with tempfile.TemporaryDirectory(prefix="tw-commonmark-") as tmp:
        docs = []
        for n, md in examples(spec):
            total += 1
            md = INJECT.sub(lambda m: WORDS[m.group(1)], md).encode()
            docs.append((n, md))
            with open(os.path.join(tmp, f"{n:04d}.md"), "wb") as f:
                f.write(md)
            with open(os.path.join(tmp, f"{n:04d}.html"), "wb") as f:
                f.write(run(CMARK, md))
        converted = {}
        for markup in ("markdown", "html"):
            ext = "md" if markup == "markdown" else "html"
            names = [f"{n:04d}.{ext}" for n, _ in docs]
            with open(os.path.join(tmp, f"list-{ext}"), "w") as f:
                f.write("".join(name + "\n" for name in names))
            out = os.path.join(tmp, f"out-{ext}")
            r = subprocess.run([TW, "convert", "--markup", markup, "--no-sync", "--files-from",
                                f"list-{ext}", "-o", out], cwd=tmp, capture_output=True)
            if r.returncode:
                raise SystemExit(f"tongwen convert --markup {markup} --files-from: exit "
                                 f"{r.returncode}: {r.stderr.decode()[:300]}")
            for name in names:
                with open(os.path.join(out, name), "rb") as f:
                    converted[name] = f.read()
        for n, md in docs:
            a = run(CMARK, converted[f"{n:04d}.md"])
            b = converted[f"{n:04d}.html"]
            if a != b:
                differ.append(n)
                if n not in expected or "-v" in sys.argv:
                    print(f"example {n}: differs\n--- markdown\n{md.decode()}--- A\n{a.decode()}"
                          f"--- B\n{b.decode()}")
    unexpected = [n for n in differ if n not in expected]
    stale = [n for n in expected if n not in differ]
    print(f"commonmark: {total} examples, {len(differ)} differ ({len(expected)} expected), "
          f"unexpected: {unexpected}, listed but equal now: {stale}")
    return 1 if unexpected or stale or total < 600 else 0

sys.exit(main())
