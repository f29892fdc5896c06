"""Lexicon.check and fix: findings, code-point positions, options, and the
same results as the CLI."""

import dataclasses
import json
import subprocess

import pytest

import tongwen
from tongwen import Finding

TEXT = "😀搭的士去「數碼港」\n第二行：佢哋搭的士"


def test_findings_positions(lexicon):
    f = lexicon.check(TEXT, target="cn")
    assert f == sorted(f, key=lambda x: x.offset)
    taxi = [x for x in f if x.rule == "term/convert" and x.line == 1][0]
    assert taxi.text == "的士" and taxi.suggestions == ("出租车",)
    assert (taxi.offset, taxi.length) == (2, 2)   # code points: 😀 counts one
    assert (taxi.line, taxi.column, taxi.end_line, taxi.end_column) == (1, 3, 1, 5)
    assert taxi.severity == "error" and "出租车" in taxi.message
    for x in f:
        assert TEXT[x.offset:x.offset + x.length] == x.text
    second = [x for x in f if x.line == 2]
    assert {x.rule for x in second} >= {"term/convert", "cantonese/word"}
    line2 = TEXT.index("\n") + 1
    for x in second:
        assert x.column == x.offset - line2 + 1


def test_finding_is_frozen(lexicon):
    x = lexicon.check("搭的士")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        x.rule = "other"
    assert hash(x) == hash(dataclasses.replace(x))


def test_clean_text(lexicon):
    assert lexicon.check("今天天气很好。") == []
    assert lexicon.check("") == []


def test_target_hk(lexicon):
    f = lexicon.check("今天搭出租车去数码港", target="hk")
    assert any(x.rule == "script/simplified" for x in f)
    assert not any(x.rule == "script/simplified" for x in lexicon.check("數碼港", target="hk"))


def test_rules_accept_reject(lexicon):
    base = lexicon.check(TEXT)
    assert any(x.rule.startswith("punct/") for x in base)
    off = lexicon.check(TEXT, rules={"punct": "off"})
    assert not any(x.rule.startswith("punct/") for x in off)
    warn = lexicon.check(TEXT, rules=[("term/convert", "warning")])
    assert {x.severity for x in warn if x.rule == "term/convert"} == {"warning"}
    acc = lexicon.check(TEXT, accept=["的士"])
    assert not any(x.text == "的士" for x in acc)
    rej = lexicon.check("今天天气很好。", reject=["天气"])
    assert [(x.rule, x.text, x.severity) for x in rej] == [("term/reject", "天气", "error")]


def test_bad_options(lexicon):
    with pytest.raises(tongwen.InvalidArgumentError):
        lexicon.check("x", target="mars")
    with pytest.raises(tongwen.InvalidArgumentError):
        lexicon.check("x", rules={"no/such-rule": "error"})
    with pytest.raises(tongwen.InvalidArgumentError):
        lexicon.check("x", rules={"punct": "loud"})
    with pytest.raises(TypeError):
        lexicon.check("x", accept="的士")


def test_invalid_input(lexicon):
    with pytest.raises(tongwen.InvalidInputError) as e:
        lexicon.check("的士\udfff")
    assert (e.value.code, e.value.offset, e.value.offset_cp) == (-3, 6, 2)


def test_matches_cli(lexicon, article, cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(article, "utf-8")
    run = subprocess.run([cli, "check", "--format", "json", "--fail-on", "never", str(path)],
                         capture_output=True, check=True)
    want = [(x["rule"], x["severity"], x["text"], tuple(x["suggestions"]), x["line"],
             x["column"], x["end_line"], x["end_column"]) for x in json.loads(run.stdout)]
    got = [(x.rule, x.severity, x.text, x.suggestions, x.line, x.column, x.end_line,
            x.end_column) for x in lexicon.check(article)]
    assert got == want
    assert len(got) > 10


def test_fix_matches_cli(lexicon, article, cli, tmp_path):
    text = TEXT + "\n" + article
    path = tmp_path / "b.txt"
    path.write_text(text, "utf-8")
    subprocess.run([cli, "check", "--fix", "--fail-on", "never", str(path)],
                   capture_output=True, check=True)
    fixed = tongwen.fix(text, lexicon.check(text))
    assert fixed == path.read_text("utf-8")
    assert fixed != text
    assert "出租车" in fixed and "「" not in fixed


def _f(offset, length, suggestion, severity="error", rule="term/convert", text="x"):
    return Finding(rule, severity, "m", text, (suggestion,) if suggestion else (), 1,
                   offset + 1, 1, offset + length + 1, offset, length)


def test_fix_semantics():
    text = "abcdef"
    # One pass whatever the list order: of overlapping fixes the longer, then
    # the earlier wins, and a character-for-character fix (XX over "bc")
    # still changes its characters outside the winner; warnings, term/review
    # and findings without exactly one suggestion are left alone.
    findings = [_f(4, 2, "EF"), _f(0, 2, "AB"), _f(1, 2, "XX"),
                _f(2, 1, "C", severity="warning"), _f(2, 1, "C", rule="term/review"),
                _f(3, 1, None)]
    assert tongwen.fix(text, findings) == "ABXdEF"
    # a longer fix wins over a shorter one that comes first
    assert tongwen.fix(text, [_f(0, 1, "Q"), _f(0, 3, "WXYZ")]) == "WXYZdef"
    assert tongwen.fix(text, []) == text
    assert tongwen.fix("😀ab", [_f(1, 1, "A")]) == "😀Ab"


def test_lexicon_errors(tmp_path):
    with pytest.raises(tongwen.NotFoundError) as e:
        tongwen.Lexicon(data_dir=str(tmp_path / "missing"))
    assert e.value.code == -4 and "missing" in str(e.value)
    with pytest.raises(tongwen.InvalidArgumentError):
        tongwen.Lexicon(data_dir="a\0b")
    with pytest.raises(tongwen.InvalidArgumentError):
        tongwen.Profile("hk2\0cn")
    lex = tongwen.Lexicon()
    lex.close()
    with pytest.raises(tongwen.InvalidArgumentError):
        lex.check("的士")
