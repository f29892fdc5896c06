"""Profile: conversion, alignment in code points, errors, lifetime."""

import subprocess

import pytest

import tongwen


def test_term_and_name(profile):
    assert profile.convert("搭的士去數碼港") == "搭出租车去数码港"
    # 數碼港 (Cyberport) is a name: its characters are simplified, but the
    # term rule 數碼 → 数字 does not touch it.
    assert profile.convert("數碼港") == "数码港"


def test_empty_and_nul(profile):
    assert profile.convert("") == ""
    assert profile.convert("的士\0的士") == "出租车\0出租车"


def test_matches_cli(profile, article, cli):
    out = subprocess.run([cli, "convert", "-p", "hk2cn"], input=article.encode(),
                         capture_output=True, check=True).stdout.decode()
    assert profile.convert(article) == out
    assert out != article


def test_other_profile():
    with tongwen.Profile("hk2s") as p:
        assert p.convert("數碼港") == "数码港"
        assert p.name == "hk2s"


def _check_tiling(text, result, spans):
    src = dst = 0
    for s in spans:
        so, sl, do, dl, step, dct, kind, guard = s
        assert (so, do) == (src, dst)
        assert sl > 0
        if step == -1:
            assert text[so:so + sl] == result[do:do + dl]
            assert dct is None and kind is None
        else:
            assert isinstance(dct, str) and kind in ("char", "term", "punct", "normalize")
        src, dst = so + sl, do + dl
    assert (src, dst) == (len(text), len(result))


def test_aligned_non_bmp(profile):
    text = "😀的士😀去𠮷數碼港🇭🇰"
    result, spans = profile.convert_aligned(text)
    assert result == profile.convert(text)
    _check_tiling(text, result, spans)
    # The term span 的士 → 出租车 starts after one emoji: code points, not
    # the 4 bytes or 2 UTF-16 units of 😀.
    term = [s for s in spans if s[6] == "term"]
    assert term[0][:5] == (1, 2, 1, 3, term[0][4])
    assert text[term[0][0]:term[0][0] + term[0][1]] == "的士"
    assert result[term[0][2]:term[0][2] + term[0][3]] == "出租车"
    assert term[0][5].startswith("HKCNTerms")


def test_aligned_article(profile, article):
    result, spans = profile.convert_aligned(article)
    assert result == profile.convert(article)
    _check_tiling(article, result, spans)
    assert any(s[4] >= 0 for s in spans)


def test_guard_reported(profile):
    text = "「的士」一詞"
    result, spans = profile.convert_aligned(text)
    _check_tiling(text, result, spans)
    assert all(s[7] in (None, "name", "suffix", "quote", "title") for s in spans)


def test_invalid_input_offsets(profile):
    text = "😀a\ud800b"
    with pytest.raises(tongwen.InvalidInputError) as e:
        profile.convert(text)
    assert e.value.code == -3
    assert e.value.offset == 5          # bytes: 😀 is 4, a is 1
    assert e.value.offset_cp == 2       # code points of the str
    assert isinstance(e.value, ValueError) and isinstance(e.value, tongwen.Error)
    with pytest.raises(tongwen.InvalidInputError) as e:
        profile.convert_aligned(text)
    assert (e.value.offset, e.value.offset_cp) == (5, 2)


def test_unknown_profile():
    with pytest.raises(tongwen.NotFoundError) as e:
        tongwen.Profile("no-such-profile")
    assert e.value.code == -4
    assert "no-such-profile" in str(e.value)


def test_bad_data_dir(tmp_path):
    with pytest.raises(tongwen.NotFoundError):
        tongwen.Profile("hk2cn", data_dir=str(tmp_path / "missing"))


def test_type_error(profile):
    with pytest.raises(TypeError):
        profile.convert(b"bytes")


def test_close():
    p = tongwen.Profile()
    with p:
        assert p.convert("的士") == "出租车"
    with pytest.raises(tongwen.InvalidArgumentError):
        p.convert("的士")
    p.close()  # twice is harmless


def test_version():
    assert tongwen.version().count(".") == 2
    assert tongwen.default_data_dir()


def test_package_docstring_examples():
    import doctest
    result = doctest.testmod(tongwen)
    assert result.attempted >= 4 and result.failed == 0


def test_register(profile):
    # hk2cn reads Taiwan copy from its marker words (dicts/register)
    assert profile.is_taiwan_copy("數位發展部表示，民眾可透過網路下載軟體。")
    assert not profile.is_taiwan_copy("特區政府發言人表示，本港市民可透過網絡申請。")
    assert not profile.is_taiwan_copy("")
    with tongwen.Profile("hk2cn", register="tw") as p:
        assert p.is_taiwan_copy("特區政府發言人表示")
    with tongwen.Profile("hk2cn", register="hk") as p:
        assert not p.is_taiwan_copy("數位發展部表示，民眾可透過網路下載軟體。")
    with pytest.raises(tongwen.InvalidArgumentError):
        tongwen.Profile("hk2cn", register="taiwan")


def test_jsonl_records(profile, cli):
    conv = tongwen.JsonLines(profile, ["title", "text"])
    lines = [b'{"id": 1, "title": "\\u7684\\u58eb", "text": "\xe6\x90\xad\xe7\x9a\x84\xe5\xa3\xab", '
             b'"meta": {"text": "\xe7\x9a\x84\xe5\xa3\xab"}}',
             b'{"text" :  "\xe6\x95\xb8\xe7\xa2\xbc\xe6\xb8\xaf\xe5\x85\x83\\t",  "n": 2.50}',
             b'{"title": null}']
    got = [conv.convert_line(x) for x in lines]
    want = subprocess.run([cli, "convert", "--jsonl", "title,text"], input=b"\n".join(lines),
                          capture_output=True, check=True).stdout.splitlines()
    assert got == want
    # \u escapes in, \u escapes out; other fields and spacing kept
    assert got[0].startswith(b'{"id": 1, "title": "\\u51fa\\u79df\\u8f66", "text": "')
    assert got[0].endswith(b'"meta": {"text": "\xe7\x9a\x84\xe5\xa3\xab"}}')
    assert got[1] == '{"text" :  "数字港元\\t",  "n": 2.50}'.encode()
    assert got[2] == lines[2]


def test_jsonl_errors(profile):
    conv = tongwen.JsonLines(profile, "text")
    with pytest.raises(tongwen.FormatError) as e:
        conv.convert_line(b'{"text": "ok", "x": tru}')
    assert e.value.message.startswith("invalid JSON at column") and e.value.offset > 15
    with pytest.raises(tongwen.FormatError, match='field "text" is not a string'):
        conv.convert_line(b'{"text": 3}')
    with pytest.raises(tongwen.FormatError, match="not a JSON object"):
        conv.convert_line(b'[1]')
    with pytest.raises(tongwen.FormatError, match="invalid JSON"):
        conv.convert_line(b'{"text": "\xff"}')
    assert conv.convert_line(b'{"text": "\xe7\x9a\x84\xe5\xa3\xab"}') == \
        '{"text": "出租车"}'.encode()  # the converter goes on after an error
    with pytest.raises(tongwen.InvalidArgumentError):
        tongwen.JsonLines(profile, [])
    with pytest.raises(tongwen.InvalidArgumentError):
        tongwen.JsonLines(profile, ["text", ""])
