#!/usr/bin/python3
"""Where the converter and the checker disagree on real copy.

Converts every story of STORIES (JSON Lines, the story in "text", one story
a record) with `tongwen convert -p hk2cn --jsonl text` and checks the output
with `tongwen check --target cn --jsonl text`: an error `term/convert` on
hk2cn's own output is a place where the two read the lexicon differently —
a converter miss (a row too narrow, a straddle, a variant character) or a
checker false positive (another sense, a name, a row's own output). Prints
the number of such findings and of their kinds (flagged text and first
suggestion), and the most frequent kinds with a context each; --match keeps
only the kinds whose flagged text matches a regular expression.

usage: disagree.py TONGWEN STORIES.jsonl [--top N] [--match REGEX] [--json OUT]
"""
import argparse
import collections
import json
import re
import subprocess
import sys


def run(args, data):
    r = subprocess.run(args, input=data, capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit(f"disagree.py: {' '.join(args)}: exit {r.returncode}: "
                 f"{r.stderr.decode(errors='replace')[:400]}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tongwen")
    ap.add_argument("stories")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--match")
    ap.add_argument("--json", help="write every kind with up to six contexts here")
    a = ap.parse_args()
    records = []
    with open(a.stories, encoding="utf-8") as f:
        for i, line in enumerate(f):
            records.append(json.dumps({"id": i, "text": json.loads(line)["text"]},
                                      ensure_ascii=False))
    data = ("\n".join(records) + "\n").encode()
    out = run([a.tongwen, "convert", "-p", "hk2cn", "--jsonl", "text"], data)
    texts = {json.loads(l)["id"]: json.loads(l)["text"] for l in out.decode().split("\n") if l}
    found = run([a.tongwen, "check", "--target", "cn", "--jsonl", "text", "--id", "id",
                 "--fail-on", "never"], out)
    counts = collections.Counter()
    contexts = {}
    pattern = re.compile(a.match) if a.match else None
    for line in found.decode().split("\n"):
        if not line:
            continue
        r = json.loads(line)
        for f in r["findings"]:
            if f["rule"] != "term/convert" or (pattern and not pattern.search(f["text"])):
                continue
            k = (f["text"], f["suggestions"][0] if f["suggestions"] else "")
            counts[k] += 1
            b = texts[r["id"]].encode()
            o = f["byte_offset"]
            ctx = b[max(0, o - 30):o + f["byte_length"] + 21].decode("utf-8", "replace")
            contexts.setdefault(k, []).append(ctx.replace("\n", " "))
    print(f"{len(texts)} stories: {sum(counts.values())} term/convert findings on hk2cn's "
          f"output, {len(counts)} kinds")
    for (text, sugg), n in counts.most_common(a.top):
        print(f"  {n:5d}  {text} → {sugg}   …{contexts[(text, sugg)][0]}…")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump([[k[0], k[1], n, contexts[k][:6]] for k, n in counts.most_common()], f,
                      ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
