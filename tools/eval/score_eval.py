#!/usr/bin/env python3
"""Score hk2cn against a Mainland desk editor's annotations of held-out copy.

Usage:
    score_eval.py ANNOTATIONS.tsv TONGWEN [--opencc OPENCC] [--misses N] [--why DICTS]

ANNOTATIONS.tsv holds one "place that matters" a line:

    doc_path <TAB> kind <TAB> source <TAB> accepted <TAB> note

doc_path is relative to the annotations file's folder; kind is one of
term, name, punct, char; source is the phrase as written in the original
Traditional text; accepted lists the Mainland forms the editor accepts,
'|'-separated (for a name: its plain-converted form, which must survive).
Blank lines and lines starting with '#' are ignored.

Each annotated document is converted twice: by `TONGWEN convert -p hk2cn`
and by stock `opencc -c hk2s` (plain character conversion, the baseline).

How a place is judged.  A place is right when it is right at every
occurrence of its source phrase in the document.  To find what a system
wrote for one occurrence, the occurrence's span in the original is carried
to the system's output through two character alignments: original -> plain
hk2s output (identity when the lengths agree, which is nearly always, as
OpenCC's HK tables map character for character), then plain output ->
system output with difflib.SequenceMatcher (autojunk off).  Aligning the
system against the plain conversion rather than the Traditional original
makes nearly every character an exact match, so the blocks difflib finds are
long and the edits between them are exactly the converter's rewrites; a span
whose ends fall inside an edit is widened to the whole edit, and a span
the converter left whole but wrote text right beside (合資格 -> 符合资格: 符
inserted before it) takes that text in.  The occurrence
is right when the output there is exactly the plain conversion and that
is accepted (names; the rare term plain conversion gets right), or when the
output there differs from the plain conversion and one of the accepted forms
occurs in the output overlapping that mapped span (for a span the converter
deleted, touching its position).
Overlap rather than equality keeps the judgement robust when a rewrite
spills over the phrase's edge (e.g. the converter rewrites a longer word
that contains the phrase) while still failing any output where the phrase
was left alone or rewritten to something the editor does not accept.

Nesting: an occurrence lying inside an occurrence of a longer annotated
source phrase in the same document is judged by that longer place only
(季候風 the term versus 強烈季候風信號 the signal's name).

punct places list quote characters pairwise (source 「」, accepted “”):
the place is right when every occurrence of each source character comes
out as its counterpart (where a rewrite beside the mark widens the span to
the whole edit, the edit must hold the counterpart and not the mark).

Output: places and right by kind, the overall share right, for each
system; the names damaged; the most frequent misses of hk2cn.  With --why
DICTS (the repository's dicts/ folder), the term places hk2cn left as plain
conversion writes them are counted by what the lexicon says of them (counts
only, so it may be run on a held-out set): a `review` row covers the place
(a key inside the source or the source inside a key: the checker flags it,
conversion never rewrites it); a `convert` or `convert-tw` row has the
source as a key of its own but did not fire there (the name guard, the
register or a longer match kept it); convert rows hold the source only in
other frames (X in {a|b}X: the frames did not reach this context); the word is
in the Cantonese list (flagged, not converted, by design); it was decided as
Mainland usage or a name in a mined list (dicts/mined/ok-*, names-*,
read-*); none of these (the lexicon does not know it).
Standard library only.
"""

import argparse
import bisect
import collections
import difflib
import glob
import os
import re
import subprocess
import sys
import unicodedata

KINDS = ("term", "name", "punct", "char")


class Place:
    def __init__(self, lineno, doc, kind, source, accepted, note):
        self.lineno = lineno
        self.doc = doc
        self.kind = kind
        self.source = source
        self.accepted = accepted
        self.note = note


def read_annotations(path):
    places = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                sys.exit(f"{path}:{lineno}: expected at least 4 tab-separated columns")
            doc, kind, source, accepted = cols[:4]
            note = cols[4] if len(cols) > 4 else ""
            if kind not in KINDS:
                sys.exit(f"{path}:{lineno}: unknown kind {kind!r}")
            forms = [a for a in accepted.split("|") if a]
            if not source or not forms:
                sys.exit(f"{path}:{lineno}: empty source or accepted form")
            if kind == "punct" and len(forms[0]) != len(source):
                sys.exit(f"{path}:{lineno}: punct source and accepted must pair character by character")
            places.append(Place(lineno, doc, kind, source, forms, note))
    return places


def run(cmd, data=None):
    r = subprocess.run(cmd, input=data, capture_output=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.decode(errors='replace').strip()}")
    return r.stdout.decode("utf-8")


class Aligner:
    """Maps spans of string a onto string b."""

    def __init__(self, a, b):
        self.identity = len(a) == len(b) and a == b
        if self.identity:
            return
        ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        # for each position of a: (tag, i1, j1, j2) of the block holding it
        self.block = [None] * (len(a) + 1)
        for tag, i1, i2, j1, j2 in ops:
            for i in range(i1, i2):
                self.block[i] = (tag, i1, j1, j2)
        self.block[len(a)] = ("equal", len(a), len(b), len(b))
        self.ops = ops

    def span(self, s, e):
        if self.identity:
            return s, e
        tag, i1, j1, j2 = self.block[s]
        start = j1 + (s - i1) if tag == "equal" else j1
        tag, i1, j1, j2 = self.block[e - 1] if e > s else self.block[s]
        end = j1 + (e - i1) if tag == "equal" else j2
        return start, max(start, end)

    def inserted_at(self, i):
        """The output span of text inserted at position i of a (nothing
        taken from a), or None."""
        if self.identity:
            return None
        for tag, i1, i2, j1, j2 in self.ops:
            if tag == "insert" and i1 == i2 == i:
                return j1, j2
        return None


class LengthAligner(Aligner):
    """Original -> plain hk2s: identity when the lengths agree."""

    def __init__(self, a, b):
        if len(a) == len(b):
            self.identity = True
        else:
            super().__init__(a, b)


def occurrences(text, phrase):
    out, i = [], text.find(phrase)
    while i >= 0:
        out.append((i, i + len(phrase)))
        i = text.find(phrase, i + 1)
    return out


def form_overlaps(out, s, e, form):
    lo = max(0, s - len(form))
    hi = min(len(out), e + len(form))
    i = out.find(form, lo, hi)
    while i >= 0:
        fe = i + len(form)
        if (i < e and fe > s) if e > s else (i <= s <= fe):
            return True
        i = out.find(form, i + 1, hi)
    return False


def unify(text):
    """CJK compatibility ideographs and Kangxi radicals -> unified ideographs.

    Both map one code point to one, so positions are kept."""
    out = []
    for ch in text:
        c = ord(ch)
        if 0xF900 <= c <= 0xFAFF or 0x2F00 <= c <= 0x2FDF:
            n = unicodedata.normalize("NFKC", ch)
            out.append(n if len(n) == 1 else ch)
        else:
            out.append(ch)
    return "".join(out)


def judge_doc(places, raw_src, raw_plain, raw_out):
    """Returns {place: (right, [(expected, got, context, left_plain, line) per wrong
    occurrence], n_occ, lines of the right occurrences)}.

    term, name and punct places are judged on text whose compatibility
    ideographs are unified (a phrase is the same phrase however a PDF encoded
    its characters); char places, which are about those code points, on the
    raw text.  Unifying keeps positions, so one alignment serves both."""
    u_src, u_plain, u_out = unify(raw_src), unify(raw_plain), unify(raw_out)
    a1 = LengthAligner(u_src, u_plain)
    a2 = Aligner(u_plain, u_out)

    def to_out(s, e):
        ps, pe = a1.span(s, e)
        return a2.span(ps, pe)

    def texts(p):
        return (raw_src, raw_plain, raw_out) if p.kind == "char" else (u_src, u_plain, u_out)

    # occurrences of every non-punct source phrase, to resolve nesting
    spans = {}
    for p in places:
        if p.kind != "punct":
            src = texts(p)[0]
            spans[p] = occurrences(src, p.source if p.kind == "char" else unify(p.source))
    # line breaks of the source, for the line of each occurrence (unifying
    # keeps positions: one list serves both texts)
    breaks = [i for i, c in enumerate(u_src) if c == "\n"]
    results = {}
    for p in places:
        src, plain, out = texts(p)
        wrong = []
        right_lines = set()
        n = 0
        if p.kind == "punct":
            for k, ch in enumerate(p.source):
                want = p.accepted[0][k]
                for s, e in occurrences(src, ch):
                    n += 1
                    os_, oe = to_out(s, e)
                    got = out[os_:oe]
                    # A rewrite next to the mark (「買樓」 -> “买房”) is one
                    # edit with it, and the span widens to the edit: right
                    # when the edit holds the counterpart and not the mark.
                    if want not in got or (ch != want and ch in got):
                        wrong.append((want, got, got, got == ch, bisect.bisect(breaks, s)))
        else:
            for s, e in spans[p]:
                inside = any(q is not p and len(q.source) > len(p.source) and
                             any(qs <= s and e <= qe for qs, qe in spans[q])
                             for q in spans)
                if inside:
                    continue
                n += 1
                ps, pe = a1.span(s, e)
                os_, oe = a2.span(ps, pe)
                forms = p.accepted if p.kind == "char" else [unify(f) for f in p.accepted]
                # Text the converter inserted right at the phrase's edge
                # (合資格 -> 符合资格: 符 inserted, 合资格 kept) is its edit.
                for edge in (ps, pe):
                    ins = a2.inserted_at(edge)
                    if ins:
                        os_, oe = min(os_, ins[0]), max(oe, ins[1])
                if out[os_:oe] == plain[ps:pe]:
                    # left as plain conversion wrote it: right only if that is accepted
                    ok = plain[ps:pe] in forms
                else:
                    ok = any(form_overlaps(out, os_, oe, f) for f in forms)
                line = bisect.bisect(breaks, s)
                if not ok:
                    ctx = out[max(0, os_ - 2):oe + 2]
                    left = out[os_:oe] == plain[ps:pe]
                    wrong.append(("|".join(p.accepted), out[os_:oe] or "(deleted)", ctx, left, line))
                else:
                    right_lines.add(line)
        results[p] = (n > 0 and not wrong, wrong, n, right_lines)
    return results


WHY_KINDS = ("review row", "convert row of this very key that did not fire",
             "convert rows only in other frames", "Cantonese list",
             "decided as shared or a name", "unknown to the lexicon")


def expand_key(key):
    """The keys a term row's source stands for: every {a|b=c} group
    expanded to its alternatives (the part before '=')."""
    m = re.search(r"\{([^{}]*)\}", key)
    if not m:
        return [key]
    out = []
    for alt in m.group(1).split("|"):
        out += expand_key(key[:m.start()] + alt.split("=")[0] + key[m.end():])
    return out


def lexicon_says(dicts, sources, opencc):
    """Counts, by WHY_KINDS, what the lexicon in dicts says of each source."""
    review, convert, canto, shared = set(), set(), set(), set()
    for path in glob.glob(os.path.join(dicts, "terms", "*.tsv")):
        for line in open(path, encoding="utf-8"):
            c = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(c) < 3:
                continue
            target = review if c[2] == "review" else convert if c[2].startswith("convert") else None
            if target is not None:
                target.update(expand_key(c[0]))
    for path in glob.glob(os.path.join(dicts, "cantonese", "*.tsv")):
        for line in open(path, encoding="utf-8"):
            if not line.startswith("#") and line.strip():
                canto.update(expand_key(line.split("\t")[0]))
    for pat in ("ok-*", "names-*", "read-*"):
        for path in glob.glob(os.path.join(dicts, "mined", pat)):
            for line in open(path, encoding="utf-8"):
                if not line.startswith("#") and line.strip():
                    shared.add(line.split("\t")[0])
    simp = run([opencc, "-c", "hk2s"], "\n".join(sources).encode("utf-8")).split("\n")
    counts = collections.Counter()

    def covers(keys, s):
        return any(k and (k in s or s in k) for k in keys if len(k) <= 4 * len(s) + 8)

    for s, t in zip(sources, simp):
        if covers(review, s):
            counts["review row"] += 1
        elif s in convert:
            counts["convert row of this very key that did not fire"] += 1
        elif covers(convert, s):
            counts["convert rows only in other frames"] += 1
        elif s in canto or any(k in s for k in canto if len(k) > 1):
            counts["Cantonese list"] += 1
        elif s in shared or t in shared:
            counts["decided as shared or a name"] += 1
        else:
            counts["unknown to the lexicon"] += 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("annotations")
    ap.add_argument("tongwen", help="the tongwen binary to evaluate")
    ap.add_argument("--opencc", default="opencc", help="stock opencc binary (baseline)")
    ap.add_argument("--misses", type=int, default=20, help="how many frequent misses to list (0: totals only, the damaged names "
                         "not listed either)")
    ap.add_argument("--verbose", action="store_true", help="list every wrong place")
    ap.add_argument("--opencc-only", action="store_true",
                    help="also score `tongwen convert --opencc-only -p hk2cn` (hk2cn's dictionaries "
                         "without tongwen's own layers), to show what the name guard and normalisation do")
    ap.add_argument("--why", metavar="DICTS",
                    help="count the term places left as plain conversion by what the lexicon in DICTS says of them")
    args = ap.parse_args()

    places = read_annotations(args.annotations)
    base = os.path.dirname(os.path.abspath(args.annotations))
    by_doc = collections.OrderedDict()
    for p in places:
        by_doc.setdefault(p.doc, []).append(p)

    systems = ("hk2cn", "hk2s") + (("hk2cn-dicts",) if args.opencc_only else ())
    tally = {s: collections.Counter() for s in systems}
    occ_right = collections.Counter()
    occ_total = 0
    dom_total = collections.Counter()
    dom_right = {s: collections.Counter() for s in systems}
    damaged_by = collections.Counter()
    total = collections.Counter()
    damaged = []
    misses = collections.Counter()      # places missed, by source phrase
    miss_occ = collections.Counter()    # occurrences missed, by source phrase
    miss_example = {}
    miss_how = collections.Counter()    # missed term places: left as written, rewritten otherwise, partly right
    plain_missed = []                   # term places left as plain conversion writes them
    partly_plain = 0                    # right at some occurrences, plain at the others
    partly_plain_line = 0               # ... each plain one on a line with a right one
    problems = []

    for doc, dplaces in by_doc.items():
        path = os.path.join(base, doc)
        with open(path, "rb") as f:
            raw = f.read()
        src = raw.decode("utf-8")
        plain = run([args.opencc, "-c", "hk2s"], raw)
        outs = {
            "hk2cn": run([args.tongwen, "convert", "-p", "hk2cn", path]),
            "hk2s": plain,
        }
        if args.opencc_only:
            outs["hk2cn-dicts"] = run([args.tongwen, "convert", "--opencc-only", "-p", "hk2cn", path])
        res = {s: judge_doc(dplaces, src, plain, outs[s]) for s in systems}
        for p in dplaces:
            ok, wrong, n, right_lines = res["hk2cn"][p]
            if n == 0:
                problems.append(f"line {p.lineno}: {doc}: {p.source!r} does not occur (or only inside a longer place)")
                continue
            total[p.kind] += 1
            dom = doc.split("/")[0]
            dom_total[dom] += 1
            occ_total += n
            for s in systems:
                if res[s][p][0]:
                    tally[s][p.kind] += 1
                    dom_right[s][dom] += 1
                elif p.kind == "name":
                    damaged_by[s] += 1
                occ_right[s] += n - len(res[s][p][1])
            if p.kind == "name" and not res["hk2s"][p][0]:
                problems.append(f"line {p.lineno}: {doc}: name {p.source!r} is not its plain form {p.accepted[0]!r} in hk2s output")
            if p.kind == "term" and res["hk2s"][p][0]:
                problems.append(f"line {p.lineno}: {doc}: plain hk2s already gets {p.source!r} right")
            if not ok:
                if p.kind == "name":
                    damaged.append((doc, p.source, p.accepted[0], wrong[0][1]))
                if p.kind == "char" and len(p.source) == 1 and 0xF900 <= ord(p.source) <= 0xFAFF:
                    # one line for all of them: they share one cause and one fix
                    key = ("char", "(CJK compatibility ideographs)")
                else:
                    key = (p.kind, p.source)
                misses[key] += 1
                miss_occ[key] += len(wrong)
                if p.kind == "term":
                    if len(wrong) < n:
                        miss_how["right at some occurrences, not all"] += 1
                        # What one sense per document would fix: the
                        # word rewritten right somewhere in the document
                        # and left as plain conversion writes it elsewhere.
                        if all(w[3] for w in wrong):
                            partly_plain += 1
                            # ... and each on a line that also holds a
                            # right one: what one sense per line would fix
                            if all(w[4] in right_lines for w in wrong):
                                partly_plain_line += 1
                        if args.verbose:
                            print(f"PART {doc}\t{p.source}\t{n - len(wrong)} of {n} right\t"
                                  f"others {'plain' if all(w[3] for w in wrong) else 'rewritten'}")
                    elif all(w[3] for w in wrong):
                        miss_how["left as plain conversion writes it"] += 1
                        plain_missed.append(p.source)
                    else:
                        miss_how["rewritten, to a form not accepted"] += 1
                miss_example.setdefault(key, ("|".join(p.accepted),) + wrong[0][1:2])
                if args.verbose:
                    print(f"MISS {doc}\t{p.kind}\t{p.source}\texpected {'|'.join(p.accepted)}\tgot {wrong[0][1]!r}")

    for line in problems:
        print("note: " + line, file=sys.stderr)
    n_all = sum(total.values())
    print(f"documents: {len(by_doc)}   places: {n_all}")
    print(f"{'kind':<8}{'places':>8}" + "".join(f"{s + ' right':>20}" for s in systems))
    for k in KINDS:
        print(f"{k:<8}{total[k]:>8}" + "".join(f"{tally[s][k]:>20}" for s in systems))
    for s in systems:
        r = sum(tally[s].values())
        share = r / n_all if n_all else 0.0
        print(f"share right, {s:<11}: {r}/{n_all} = {share:.1%}"
              f"   (occurrences: {occ_right[s]}/{occ_total} = {occ_right[s] / max(occ_total, 1):.1%})")
    for dom in sorted(dom_total):
        print(f"  {dom:<12} {dom_total[dom]:>4} places" +
              "".join(f"   {s} {dom_right[s][dom]:>4} {dom_right[s][dom] / dom_total[dom]:6.1%}"
                      for s in systems))
    for s in systems[2:]:
        print(f"names damaged by {s}: {damaged_by[s]}")
    print(f"names damaged by hk2cn: {len(damaged)}")
    if miss_how:
        print("term places missed by hk2cn: " +
              "; ".join(f"{how} {k}" for how, k in sorted(miss_how.items(), key=lambda x: -x[1])))
    if miss_how["right at some occurrences, not all"]:
        print(f"right at some occurrences, not all: the others all left as plain conversion writes "
              f"them {partly_plain} (each on a line that holds a right one: {partly_plain_line})")
    if args.why:
        why = lexicon_says(args.why, plain_missed, args.opencc)
        print("left as plain conversion, by what the lexicon says: " +
              "; ".join(f"{k} {why[k]}" for k in WHY_KINDS))
    # --misses 0 prints totals only: the damaged names themselves are held-out
    # text too (a session that tunes against held-out copy only reads counts)
    for doc, source, want, got in (damaged if args.misses else []):
        why = ""
        if run([args.opencc, "-c", "hk2s"], got.encode("utf-8")) == want:
            why = "  [a Traditional character left in it, no rule fired]"
        print(f"  {doc}: {source} -> {got!r} (keep {want}){why}")
    if args.misses:
        print("most frequent hk2cn misses (documents, occurrences, kind, source, expected, got):")
        ranked = sorted(misses, key=lambda k: (-misses[k], -miss_occ[k], k))
        for key in ranked[:args.misses]:
            acc, got = miss_example[key]
            print(f"  {misses[key]:>3} {miss_occ[key]:>4}  {key[0]:<5} {key[1]}\t{acc}\t{got}")


if __name__ == "__main__":
    main()
