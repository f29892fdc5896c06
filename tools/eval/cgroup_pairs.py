#!/usr/bin/python3
"""Lists the Hong Kong and Taiwan words of Chinese Wikipedia's conversion
groups (Module:CGroup/*) that hk2cn does not write in their Mainland form,
as candidates for review into the term tables.

usage: cgroup_pairs.py TONGWEN CGROUP_DIR [CORPUS_DIR...] > candidates.tsv

CGROUP_DIR holds the groups as JSON files (one object with "name" and
"rules", each rule with "original" and "conv", the layout of zhconv-rs's
data/cgroups, which pulls them from zh.wikipedia). A rule's "conv" is
"zh-cn:X; zh-hk:Y; zh-tw:Z;" (zh-hans and zh-hant stand in for a region
that is not named); one-way parts ("A=>zh-cn:B") are skipped.

For every Hong Kong form (zh-hk, else zh-hant) and Taiwan form (zh-tw,
else zh-hant) that differs from the Mainland form (zh-cn, else zh-hans),
the form is converted by `TONGWEN convert -p hk2cn` in its region's register
(`--register hk` or `tw`), one per line. A row
is printed when that output is not the Mainland form. Columns: region,
source, mainland (Wikipedia's zh-cn), hk2cn (what hk2cn writes), status
(`plain`: hk2cn leaves the word as character conversion writes it;
`other`: hk2cn writes a third form), corpus (occurrences of the source in
the CORPUS_DIRs' .txt files), jieba (frequency of hk2cn's output in
python3-jieba's Mainland dictionary, 0 when absent), group, original.
Rows are sorted by corpus count, then jieba frequency, descending."""
import glob, json, os, re, subprocess, sys

JIEBA = "/usr/lib/python3/dist-packages/jieba/dict.txt"
HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")


def variants(conv):
    """The region → form map of one rule's two-way parts."""
    out = {}
    for part in conv.split(";"):
        part = part.strip()
        if not part or "=>" in part or ":" not in part:
            continue
        tag, _, form = part.partition(":")
        tag, form = tag.strip(), form.strip()
        if tag.startswith("zh-") and form and tag not in out:
            out[tag] = form
    return out


def pairs(cgroup_dir):
    """(region, source, mainland, group, original) for every usable rule."""
    for path in sorted(glob.glob(os.path.join(cgroup_dir, "*.json"))):
        with open(path, encoding="utf-8") as f:
            try:
                data = json.load(f)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}: not JSON: {e}")
        group = " ".join(str(data.get("name") or os.path.basename(path)[:-5]).split())
        for rule in data.get("rules", []):
            v = variants(rule.get("conv", ""))
            cn = v.get("zh-cn") or v.get("zh-hans")
            if not cn or not HAN.search(cn):
                continue
            for region, keys in (("hk", ("zh-hk", "zh-hant")),
                                 ("tw", ("zh-tw", "zh-hant"))):
                src = next((v[k] for k in keys if k in v), None)
                if (src and src != cn and len(src) > 1 and HAN.search(src)
                        and not any(c in src for c in "\t\n")):
                    yield (region, src, cn, group,
                           " ".join(str(rule.get("original") or "").split()))


def through(cmd, words):
    """What cmd writes for each word, given one word a line."""
    text = "".join(w + "\n" for w in words)
    r = subprocess.run(cmd, input=text.encode(), capture_output=True, check=True)
    out = r.stdout.decode().split("\n")
    if len(out) < len(words):
        sys.exit(f"cgroup_pairs.py: {' '.join(cmd)} wrote fewer lines than it read")
    return dict(zip(words, out))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    tongwen, cgroup_dir, corpora = sys.argv[1], sys.argv[2], sys.argv[3:]
    rows = {}
    for region, src, cn, group, original in pairs(cgroup_dir):
        rows.setdefault((region, src, cn), (group, original))
    words = sorted({k[1] for k in rows})
    # Each region's forms in that register: a Taiwan form may have a
    # convert-tw row, which only Taiwan copy rewrites.
    ours = {reg: through([tongwen, "convert", "-p", "hk2cn", "--register", reg], words)
            for reg in ("hk", "tw")}
    stock = through(["opencc", "-c", "hk2s"], words)
    freq = {}
    with open(JIEBA, encoding="utf-8") as f:
        for line in f:
            w, n = line.split()[:2]
            freq[w] = int(n)
    text = []
    for d in corpora:
        for p in glob.glob(os.path.join(d, "**", "*.txt"), recursive=True):
            with open(p, encoding="utf-8", errors="replace") as f:
                text.append(f.read())
    corpus = "\n".join(text)
    out = []
    for (region, src, cn), (group, original) in rows.items():
        got = ours[region][src]
        if got == cn or got.replace("·", "") == cn.replace("·", ""):
            continue
        status = "plain" if got == stock[src] else "other"
        out.append((corpus.count(src) if corpus else 0, freq.get(got, 0),
                    region, src, cn, got, status, group, original))
    out.sort(key=lambda r: (-r[0], -r[1], r[3]))
    print("# region\tsource\tmainland\thk2cn\tstatus\tcorpus\tjieba\tgroup\toriginal")
    for n, fq, region, src, cn, got, status, group, original in out:
        print(f"{region}\t{src}\t{cn}\t{got}\t{status}\t{n}\t{fq}\t{group}\t{original}")


if __name__ == "__main__":
    main()
