"""Files as the command line reads them: markup (HTML, XML, Markdown, text),
encodings and .tongwen.ini, through the library's document layer. The
functions here take a file's bytes and give what ``tongwen convert FILE`` and
``tongwen check FILE`` would, byte for byte, so a program that converts an
archive through Python (tongwen.dask) writes exactly what the CLI writes."""

from __future__ import annotations

import os
import threading
from typing import Optional

from ._core import (Error, InvalidArgumentError, Lexicon, Profile, _findings, _raise, _str)
from ._ffi import ffi, lib, CHECK_OPTIONS_VERSION, DOC_CONVERT_OPTIONS_VERSION, \
    DOC_OPTIONS_VERSION, FAMILY_ALL

# The command line reads a file's first 64 KiB to decide how to read the rest
# (cmd/convert.c); detection here looks at the same bytes.
_FIRST_CHUNK = 1 << 16
MARKUP_TEXT = 1


class Config:
    """A loaded .tongwen.ini (see tongwen/config.h). Immutable; shareable
    between threads."""

    def __init__(self, path: str):
        out = ffi.new("tw_config **")
        err = ffi.new("tw_error *")
        rc = lib.tw_config_load(out, os.fsencode(path), err)
        if rc != 0:
            _raise(rc, err)
        self._p = ffi.gc(out[0], lib.tw_config_free)
        self.path = _str(lib.tw_config_path(self._p))

    @staticmethod
    def find(directory: str) -> Optional[str]:
        """The .tongwen.ini that applies to files in directory (the first in
        it or its parents), or None."""
        out = ffi.new("char **")
        err = ffi.new("tw_error *")
        rc = lib.tw_config_find(out, os.fsencode(directory), err)
        if rc != 0:
            _raise(rc, err)
        if out[0] == ffi.NULL:
            return None
        try:
            return ffi.string(out[0]).decode("utf-8", "surrogateescape")
        finally:
            lib.tw_free(out[0])

    @property
    def target(self) -> Optional[str]:
        t = lib.tw_config_target(self._p)
        return None if t < 0 else ("cn", "hk", "tw")[t]

    def ignores(self, path: str) -> bool:
        """Whether the file's path matches one of the ignore patterns."""
        return bool(lib.tw_config_ignores(self._p, os.fsencode(path)))


class ConfigCache:
    """Configurations by directory, loaded once each, as the command line
    does for one run. Thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_dir = {}
        self._by_path = {}

    def for_file(self, path: str) -> Optional[Config]:
        directory = os.path.dirname(path) or "."
        with self._lock:
            if directory in self._by_dir:
                return self._by_dir[directory]
        found = Config.find(directory)
        with self._lock:
            cfg = self._by_path.get(found) if found else None
            if found and cfg is None:
                cfg = self._by_path[found] = Config(found)
            self._by_dir[directory] = cfg
            return cfg


def _markup(markup) -> int:
    m = lib.tw_markup_parse(str(markup).encode())
    if m < 0:
        raise InvalidArgumentError(
            f"markup must be auto, text, html, xml or markdown, not {markup!r}", -2)
    return m


def _detect(requested: int, name: Optional[str], data: bytes) -> int:
    if requested > 0:
        return requested
    return lib.tw_markup_detect(ffi.NULL if name is None else os.fsencode(name), data,
                                len(data))


def _is_utf8(encoding: Optional[str]) -> bool:
    return encoding is None or bool(lib.tw_encoding_is_utf8(encoding.encode()))


def _sniff(data: bytes, markup: int) -> Optional[str]:
    buf = ffi.new("char[64]")
    return _str(lib.tw_encoding_sniff(buf, 64, data, len(data), markup))


def _decode(data: bytes, name: Optional[str], encoding: Optional[str], requested: int):
    """(UTF-8 bytes, markup, encoding read) as the command line's doc_decode."""
    markup = _detect(requested, name, data)
    enc = encoding or _sniff(data, markup) or "UTF-8"
    if _is_utf8(enc):
        return data, markup, enc
    out = ffi.new("char **")
    out_len = ffi.new("size_t *")
    err = ffi.new("tw_error *")
    rc = lib.tw_decode(out, out_len, data, len(data), enc.encode(), err)
    if rc != 0:
        _raise(rc, err)
    try:
        return ffi.unpack(out[0], out_len[0]), markup, enc
    finally:
        lib.tw_free(out[0])


def profile_target(profile_name: str) -> int:
    """The region a profile writes for, as the command line decides it:
    …2hk → hk, …2tw and …2twp → tw, anything else cn (0 cn, 1 hk, 2 tw)."""
    base = profile_name.rsplit("/", 1)[-1].split(".", 1)[0]
    if base.endswith("2hk"):
        return 1
    if base.endswith("2tw") or base.endswith("2twp"):
        return 2
    return 0


@ffi.callback("int(void *, const char *, size_t)")
def _collect(userdata, buf, n):
    ffi.from_handle(userdata).append(ffi.unpack(buf, n))
    return 0


def _stream_text(profile: Profile, data: bytes) -> bytes:
    """Plain UTF-8 text through the document stream (directives honoured),
    as the command line converts it."""
    parts = []
    handle = ffi.new_handle(parts)
    s = ffi.new("tw_doc_stream **")
    rc = lib.tw_doc_stream_new(s, profile._handle(), _collect, handle)
    if rc != 0:
        raise Error("out of memory", rc)
    stream = ffi.gc(s[0], lib.tw_doc_stream_free)
    err = ffi.new("tw_error *")
    rc = lib.tw_doc_stream_feed(stream, data, len(data), err) if data else 0
    if rc == 0:
        rc = lib.tw_doc_stream_finish(stream, err)
    ffi.release(stream)
    if rc != 0:
        _raise(rc, err, data)
    return b"".join(parts)


def convert_document(profile: Profile, data: bytes, name: Optional[str] = None,
                     markup: str = "auto", encoding: Optional[str] = None,
                     output_encoding: Optional[str] = None,
                     configs: Optional[ConfigCache] = None) -> bytes:
    """Converts a file's bytes as ``tongwen convert [--markup M] [--encoding
    E] [--output-encoding O] NAME`` does and returns the output bytes.

    ``name`` (the file's path) decides the markup by extension when markup
    is "auto" and where the .tongwen.ini of an HTML/XML/Markdown document is
    looked for (``configs`` caches them; None: a fresh cache). Raises
    tongwen.Error (InvalidInputError with the byte offset for invalid
    UTF-8 or bytes invalid in ``encoding``)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    requested = _markup(markup)
    first = data[:_FIRST_CHUNK]
    m = _detect(requested, name, first)
    sniffed = None if encoding else _sniff(first, m)
    if (m == MARKUP_TEXT and _is_utf8(encoding) and _is_utf8(output_encoding)
            and _is_utf8(sniffed)):
        return _stream_text(profile, data)
    text, m, enc = _decode(data, name, encoding, requested)
    cfg = None
    if m != MARKUP_TEXT and name is not None:
        cfg = (configs or ConfigCache()).for_file(name)
    dopts = ffi.new("tw_doc_options *")
    dopts.version = DOC_OPTIONS_VERSION
    dopts.markup = m
    keep_name = ffi.NULL if name is None else ffi.new("char[]", os.fsencode(name))
    dopts.name = keep_name
    dopts.directives = 1
    if cfg is not None:
        lib.tw_config_apply_document(cfg._p, dopts)
    copts = ffi.new("tw_doc_convert_options *")
    copts.version = DOC_CONVERT_OPTIONS_VERSION
    copts.lang = lib.tw_target_lang(profile_target(profile.name))
    out_enc = output_encoding or "UTF-8"
    # a declared encoding is rewritten only when the bytes are transcoded
    keep_charset = ffi.new("char[]", out_enc.encode())
    if _is_utf8(enc) != _is_utf8(out_enc) or (not _is_utf8(out_enc)
                                             and enc.lower() != out_enc.lower()):
        copts.charset = keep_charset
    out = ffi.new("char **")
    out_len = ffi.new("size_t *")
    err = ffi.new("tw_error *")
    rc = lib.tw_convert_document(out, out_len, profile._handle(), text, len(text), dopts,
                                 copts, err)
    if rc != 0:
        _raise(rc, err, text)
    try:
        result = ffi.unpack(out[0], out_len[0])
    finally:
        lib.tw_free(out[0])
    if _is_utf8(out_enc):
        return result
    rc = lib.tw_encode(out, out_len, result, len(result), out_enc.encode(), err)
    if rc != 0:
        _raise(rc, err, result)
    try:
        return ffi.unpack(out[0], out_len[0])
    finally:
        lib.tw_free(out[0])


def check_document(lexicon: Lexicon, data: bytes, name: Optional[str] = None,
                   markup: str = "auto", encoding: Optional[str] = None,
                   target: Optional[str] = None,
                   configs: Optional[ConfigCache] = None) -> list:
    """Checks a file's bytes as ``tongwen check [--target T] NAME`` does: the
    .tongwen.ini that applies to NAME (rules, accept/reject, [document];
    its target unless ``target`` is given), markup by name or content,
    findings in code, URLs and markup left out. Returns Finding objects
    whose offsets are code points of the file's text (decoded). A file the
    configuration ignores gives None."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    cfg = None
    if name is not None:
        cfg = (configs or ConfigCache()).for_file(name)
        if cfg is not None and cfg.ignores(name):
            return None
    text, m, _ = _decode(data, name, encoding, _markup(markup))
    opts = ffi.new("tw_check_options *")
    opts.version = CHECK_OPTIONS_VERSION
    opts.families = FAMILY_ALL
    opts.directives = 1
    if cfg is not None:
        lib.tw_config_apply(cfg._p, opts)
    if target is not None:
        t = lib.tw_target_parse(str(target).encode())
        if t < 0:
            raise InvalidArgumentError(f"unknown target {target!r} (cn, hk, tw)", -2)
        opts.target = t
    dopts = ffi.new("tw_doc_options *")
    dopts.version = DOC_OPTIONS_VERSION
    dopts.markup = m
    keep_name = ffi.NULL if name is None else ffi.new("char[]", os.fsencode(name))
    dopts.name = keep_name
    dopts.directives = 1
    if cfg is not None:
        lib.tw_config_apply_document(cfg._p, dopts)
    if lexicon._p is None:
        raise InvalidArgumentError("the lexicon is closed", -2)
    out = ffi.new("tw_findings **")
    err = ffi.new("tw_error *")
    rc = lib.tw_check_document(out, lexicon._p, text, len(text), dopts, opts, err)
    if rc != 0:
        _raise(rc, err, text)
    try:
        return _findings(out[0], text)
    finally:
        lib.tw_findings_free(out[0])
