#!/usr/bin/env python3
"""An independent reader of tongwen's annotated XML (Python's ElementTree,
not libxml2): rebuilds the converted text and the source text of each DOC
and compares them byte for byte with the files TARGET and SOURCE.

usage: roundtrip.py DOC TARGET SOURCE [DOC TARGET SOURCE]..."""
import sys
import xml.etree.ElementTree as ET

NS = "{urn:tongwen:annotated:1}"


def cp(el):
    return chr(int(el.get("cp"), 16))


def rebuild(text_el):
    target, source = [text_el.text or ""], [text_el.text or ""]
    for el in text_el:
        if el.tag == NS + "x":
            target.append(cp(el))
            source.append(cp(el))
        elif el.tag == NS + "c":
            if el.get("from") is not None:
                source.append(el.get("from"))
            else:
                source.append("".join(chr(int(h, 16)) for h in el.get("from-cp").split(" ")))
            target.append(el.text or "")
            for x in el:
                if x.tag != NS + "x":
                    raise SystemExit(f"unexpected {x.tag} in <c>")
                target.append(cp(x) + (x.tail or ""))
        else:
            raise SystemExit(f"unexpected {el.tag} in <text>")
        target.append(el.tail or "")
        source.append(el.tail or "")
    return "".join(target), "".join(source)


def check(doc, want_target, want_source):
    root = ET.parse(doc).getroot()
    if root.tag != NS + "document":
        raise SystemExit(f"{doc}: root is {root.tag}")
    target, source = rebuild(root.find(NS + "text"))
    ok = True
    for name, got, path in (("target", target, want_target), ("source", source, want_source)):
        want = open(path, "rb").read()
        if got.encode("utf-8") != want:
            print(f"{doc}: {name} text differs from {path}")
            ok = False
    return ok


def main():
    args = sys.argv[1:]
    if not args or len(args) % 3:
        raise SystemExit(__doc__)
    results = [check(*args[i:i + 3]) for i in range(0, len(args), 3)]
    print(f"roundtrip.py: {results.count(True)} of {len(results)} documents give both texts back")
    sys.exit(0 if all(results) else 1)


main()
