#!/usr/bin/env python3
"""List places where hk2cn's term rules fire inside what may be a name.

  name_candidates.py TONGWEN DICTS_DIR DIR... [--tsv OUT] [--top N] [--cache DIR]

DIR: corpus folders; every *.txt directly inside DIR or inside its
subfolders (DIR/*.txt, DIR/*/*.txt; hidden folders skipped) is one document.

Each document is converted with `TONGWEN convert -p hk2cn` (per document, so
its register is read as hk2cn reads it), with stock `opencc -c hk2s` and with
`TONGWEN convert -p hk2s-std` (plain conversion in standard characters). Line by
line, hk2s and hk2cn are aligned on characters (difflib); every span where they
differ, with a Han character on one side, is a place where a term rule fired
(a span where hk2cn equals hk2s-std is only the standard-character step and is
skipped). The span is mapped back to the original line and the run of Han
characters around it is tested; the place is a candidate when

- suffix: a name ending starts inside the span or at most GAP (4) characters
  after it, within the run: every suffix of DICTS_DIR/guard/name-suffixes.txt
  (weak `?` ones and title `^ > = "` ones included; its `!`/`~` exceptions
  applied to one-character endings) and the extra endings below; failing
  that (kind "far"), a suffix of the guard of two characters or more up to
  FAR (14) characters after it, with no breaker (breakers.txt) between;
- quote: the span lies inside 「」, 『』, 《》, 〈〉, “” or "" quotes, the text of a
  Markdown link [...] or 【】 brackets, of at most 40 characters;
- person: the span starts right after a surname of
  DICTS_DIR/guard/person-names.txt (a character before it at most), and a title
  or a reporting verb follows the span or precedes the surname.

Prints the candidates grouped by the rewrite (original span, hk2s form, hk2cn
form), ranked by frequency, each with its most frequent runs and one context
line. --tsv writes every candidate occurrence (kinds, span, hk2s form, hk2cn
form, the name as it reads with the rewritten span in 【】, document, line
number, context). --cache keeps the hk2cn output there (default: a temporary
folder, removed). Standard library only; needs `opencc`. The eighteenth
session ran it as

  name_candidates.py build/bin/tongwen dicts /work/corpus/dev17 /work/corpus/dev18 --tsv c.tsv

and read every candidate; most are generic phrases (送院, 急症室, 收市報), the
rest were decided in dicts/gazetteers/ (lex18-names commits).
"""
import argparse
import collections
import difflib
import glob
import os
import shutil
import subprocess
import sys
import tempfile

EXTRA_SUFFIXES = """中心 計劃 計畫 基金 大會 獎 節 展 盃 杯 賽 站 綫 線 路 街 道 邨 苑 園 村 廣場 大廈
平台 平臺 系統 網 台 臺 社 隊 團 黨 會 所 室 科 組 部 處 署 局 院 庭 司 條例 規例 法 公司
集團 銀行 學校 大學 學院 書院 中學 小學 醫院 協會 委員會 基金會 聯盟 辦事處 辦公室 行動 運動
工程 項目 專案 方案 比賽 大賽 論壇 峰會 展覽 博覽會 節目 頻道 雜誌 報 電台 電視台 商場 酒店
中學 聯會 總會 商會 工會 學會 研究所 實驗室 醫療中心 服務處 計劃書 獎學金 津貼 資助
酒樓 酒家 餐廳 茶餐廳 戲院 影院 球會 會所 工作室 事務所 律師行 藥房 醫務所 書店 書局 出版社
日報 週刊 周刊 頻道 隧道 公路 大橋 橋 碼頭 灣 山 樓 閣 軒 居 花園 山莊 豪園 商業中心 廣場""".split()

TITLES = """先生 女士 小姐 太太 議員 主席 局長 署長 司長 處長 部長 總裁 總監 經理 主任 教授 博士
醫生 律師 法官 警司 督察 記者 校長 老師 副主席 行政總裁 董事 院長 會長 理事長 市長 委員 發言人
表示 說 指 稱 認為 透露 強調 解釋 回應 直言 坦言 笑言 承認 指出 稱讚""".split()

QUOTES = {"「": "」", "『": "』", "《": "》", "〈": "〉", "“": "”", '"': '"', "[": "]",
          "【": "】"}
GAP = 4
FAR = 14


def han(c):
    o = ord(c)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x2E80 <= o <= 0x2FDF
            or 0x20000 <= o <= 0x3FFFF)


def load_suffixes(dicts):
    strong, weak, starts_ex, ends_ex = set(), set(), set(), set()
    with open(os.path.join(dicts, "guard", "name-suffixes.txt"), encoding="utf-8") as f:
        for line in f:
            # "*": a body's ending (any kind); "+": a far one (strong)
            line = line.strip().lstrip("*")
            if not line or line.startswith("#"):
                continue
            if line[0] == "!":
                starts_ex.add(line[1:])
            elif line[0] == "~":
                ends_ex.add(line[1:])
            elif line[0] == "?":
                weak.add(line[1:])
            elif line[0] in "^>":
                strong.add(line[1:])
            elif line[0] in "=\"":
                weak.add(line[1:])
            else:
                strong.add(line.lstrip("+"))
    for s in EXTRA_SUFFIXES:
        if s not in strong:
            weak.add(s)
    return strong, weak, starts_ex, ends_ex


def load_surnames(dicts):
    with open(os.path.join(dicts, "guard", "person-names.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("surnames "):
                return set(line.split()[1:])
    return set()


def documents(dirs):
    files = []
    for d in dirs:
        for pat in ("*.txt", "*/*.txt"):
            for p in sorted(glob.glob(os.path.join(d, pat))):
                if "/." not in p[len(d):]:
                    files.append(os.path.abspath(p))
    return sorted(set(files))


def read(p):
    with open(p, encoding="utf-8", errors="replace") as f:
        t = f.read()
    return t if t.endswith("\n") else t + "\n"


def convert_all(tw, files, cache):
    """hk2cn per document (tongwen -o DIR), hk2s and hk2s-std of all
    documents at once (plain conversion does not depend on the document)."""
    texts = [read(p) for p in files]
    out = {}
    os.makedirs(cache, exist_ok=True)
    cn_dir = os.path.join(cache, "hk2cn")
    # tongwen writes each input at its path below the inputs' common parent
    r = subprocess.run([tw, "convert", "-p", "hk2cn", "-j", "2", "-o", cn_dir + "/", *files],
                       capture_output=True)
    if r.returncode:
        sys.exit("name_candidates: hk2cn failed: " + r.stderr.decode())
    parent = os.path.commonpath(files) if len(files) > 1 else os.path.dirname(files[0])
    joined = "".join(texts)
    s = subprocess.run(["opencc", "-c", "hk2s"], input=joined.encode(), capture_output=True)
    std = subprocess.run([tw, "convert", "-p", "hk2s-std"], input=joined.encode(),
                         capture_output=True)
    if s.returncode or std.returncode:
        sys.exit("name_candidates: plain conversion failed")
    s_lines = s.stdout.decode().split("\n")
    std_lines = std.stdout.decode().split("\n")
    k = 0
    for p, t in zip(files, texts):
        lines = t.split("\n")[:-1]
        n = len(lines)
        cn_path = os.path.join(cn_dir, os.path.relpath(p, parent))
        cn = read(cn_path).split("\n")[:-1]
        if len(cn) != n:
            print(f"name_candidates: {p}: line count differs, skipped", file=sys.stderr)
            k += n
            continue
        out[p] = (lines, s_lines[k:k + n], cn, std_lines[k:k + n])
        k += n
    return out


def to_orig(orig, s):
    """Map positions of the hk2s line to the original line."""
    if len(orig) == len(s):
        return list(range(len(s) + 1))
    m = [None] * (len(s) + 1)
    sm = difflib.SequenceMatcher(None, orig, s, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        for j in range(j1, j2 + 1):
            m[j] = i1 + min(j - j1, i2 - i1) if j2 > j1 else i1
    return m


def quoted(line, a, b):
    """The quotation (without marks) holding line[a:b], if any, ≤ 40 chars."""
    for i in range(a - 1, max(-1, a - 41), -1):
        c = line[i]
        if c in QUOTES:
            close = QUOTES[c]
            j = line.find(close, b)
            if j != -1 and j - i - 1 <= 40 and close not in line[i + 1:a]:
                return line[i + 1:j]
            return None
        if c in QUOTES.values():
            return None
    return None


def suffix_hit(run, a, b, strong, weak, starts_ex, ends_ex, far=None, breakers=""):
    """A name ending starting in run[a:b] or at most GAP characters after b
    (or, with far, a guard suffix of two characters or more up to FAR on)."""
    best = None
    for p in range(a, min(len(run), b + GAP + 1)):
        for n in (6, 5, 4, 3, 2, 1):
            suf = run[p:p + n]
            if len(suf) < n or (suf not in strong and suf not in weak):
                continue
            if p + n <= a:
                continue
            if suf in weak and p + n <= b:
                continue  # a weak ending wholly inside the rewrite (送院 → 送医)
            if n == 1:
                if any(run.startswith(x, p) for x in starts_ex):
                    continue
                if any(run[max(0, p + 1 - len(x)):p + 1] == x for x in ends_ex):
                    continue
            kind = "suffix" if suf in strong else "weak"
            if best is None or (kind == "suffix" and best[0] == "weak"):
                best = (kind, suf, p + n)
            break
    if best is None and far:
        # a guard suffix (strong, of name-suffixes.txt) up to FAR characters
        # on, with no breaker between: a long name whose term sits early
        # (新界豁免管制屋宇僭建物申報計劃)
        for p in range(b + GAP + 1, min(len(run), b + FAR + 1)):
            if run[p - 1] in breakers:
                break
            for n in (6, 5, 4, 3, 2):
                if run[p:p + n] in far:
                    return ("far", run[p:p + n], p + n)
    return best


def person_hit(run, a, b, surnames):
    for k in (1, 2):
        if a - k < 0:
            continue
        for sl in (2, 1):
            sur = run[a - k - sl + 1:a - k + 1]
            if len(sur) == sl and sur in surnames:
                after = run[b:b + 4]
                before = run[max(0, a - k - sl + 1 - 4):a - k - sl + 1]
                if any(after.startswith(t) for t in TITLES) or any(before.endswith(t) for t in TITLES):
                    return sur
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tongwen")
    ap.add_argument("dicts")
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--tsv")
    ap.add_argument("--top", type=int, default=200)
    ap.add_argument("--cache")
    a = ap.parse_args()
    strong, weak, starts_ex, ends_ex = load_suffixes(a.dicts)
    guard_strong = set(s for s in strong if len(s) >= 2 and s not in EXTRA_SUFFIXES)
    with open(os.path.join(a.dicts, "guard", "breakers.txt"), encoding="utf-8") as f:
        breakers = "".join(l.strip() for l in f if not l.startswith("#")).replace(" ", "")
    surnames = load_surnames(a.dicts)
    files = documents(a.dirs)
    if not files:
        sys.exit("name_candidates: no documents")
    cache = a.cache or tempfile.mkdtemp(prefix="name_candidates.")
    try:
        docs = convert_all(a.tongwen, files, cache)
    finally:
        if not a.cache:
            shutil.rmtree(cache, ignore_errors=True)
    groups = collections.defaultdict(list)
    rows = []
    for p, (orig, s_l, cn_l, std_l) in docs.items():
        for ln, (o, s, c, std) in enumerate(zip(orig, s_l, cn_l, std_l), 1):
            if s == c:
                continue
            m = None
            sm = difflib.SequenceMatcher(None, s, c, autojunk=False)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag == "equal":
                    continue
                if not any(han(x) for x in s[i1:i2] + c[j1:j2]):
                    continue
                if (len(std) == len(s) and i2 - i1 == j2 - j1
                        and std[i1:i2] == c[j1:j2]):
                    continue
                if i1 == i2 and i2 < len(s) and j2 < len(c) and s[i2] == c[j2]:
                    i2, j2 = i2 + 1, j2 + 1  # an insertion: show the character after it
                elif j1 == j2 and i2 < len(s) and j2 < len(c) and s[i2] == c[j2]:
                    i2, j2 = i2 + 1, j2 + 1
                if m is None:
                    m = to_orig(o, s)
                oa, ob = m[i1], m[i2]
                if oa is None or ob is None:
                    continue
                # widen to the Han run
                ra = oa
                while ra > 0 and han(o[ra - 1]):
                    ra -= 1
                rb = ob
                while rb < len(o) and han(o[rb]):
                    rb += 1
                run = o[ra:rb]
                kinds = []
                hit = suffix_hit(run, oa - ra, ob - ra, strong, weak, starts_ex, ends_ex,
                                 guard_strong, breakers)
                name = None
                sa, sb = oa - ra, ob - ra

                def shown(x, y):
                    """run[x:y] with the rewritten span marked 【】"""
                    return run[x:sa] + "【" + run[sa:sb] + "】" + run[sb:y]
                if hit:
                    kinds.append(hit[0] + ":" + hit[1])
                    name = shown(max(0, sa - 8), max(hit[2], sb))
                q = quoted(o, oa, ob)
                if q is not None:
                    kinds.append("quote")
                    name = name or "「" + q + "」"
                sur = person_hit(run, oa - ra, ob - ra, surnames)
                if sur:
                    kinds.append("person:" + sur)
                    name = name or shown(max(0, sa - 4), min(len(run), sb + 4))
                if not kinds:
                    continue
                key = (o[oa:ob], s[i1:i2], c[j1:j2])
                ctx = o[max(0, oa - 30):ob + 30]
                groups[key].append((name, kinds, p, ln, ctx))
                rows.append((",".join(kinds), *key, name, p, ln, ctx))
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    total = sum(len(v) for v in groups.values())
    print(f"{len(files)} documents, {total} candidate places, {len(groups)} distinct rewrites")
    for (src, sf, cf), occ in ranked[:a.top]:
        names = collections.Counter(x[0] for x in occ)
        kinds = collections.Counter(k.split(":")[0] for x in occ for k in x[1])
        print(f"\n{len(occ):5d}  {src} | hk2s {sf} | hk2cn {cf}   "
              + " ".join(f"{k}={n}" for k, n in kinds.most_common()))
        for nm, n in names.most_common(6):
            ex = next(x for x in occ if x[0] == nm)
            print(f"       {n:4d}  {nm}   … {ex[4]} …  [{os.path.basename(ex[2])}:{ex[3]}]")
    if a.tsv:
        with open(a.tsv, "w", encoding="utf-8") as f:
            f.write("kinds\tsource\thk2s\thk2cn\tname\tdocument\tline\tcontext\n")
            for r in rows:
                f.write("\t".join(str(x).replace("\t", " ") for x in r) + "\n")


if __name__ == "__main__":
    main()
