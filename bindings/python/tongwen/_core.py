"""Profile, Lexicon, Finding, fix and the exceptions."""

from __future__ import annotations

import dataclasses
import threading
from typing import Iterable, Mapping, Optional, Sequence, Tuple, Union

from ._ffi import ffi, lib, CHECK_OPTIONS_VERSION, FAMILY_ALL, PROFILE_OPTIONS_VERSION, \
    PROFILE_REGISTER_FLAGS

# ---------------------------------------------------------------- errors


class Error(Exception):
    """A failure reported by libtongwen.

    ``code`` is the negative ``TW_E*`` code, ``offset`` the byte offset of the
    fault in the UTF-8 encoding of the input (0 when the error is not about
    the input) and ``offset_cp`` the same position in code points of the
    Python string (``None`` when the error is not about the input)."""

    def __init__(self, message: str, code: int, offset: int = 0,
                 offset_cp: Optional[int] = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.offset = offset
        self.offset_cp = offset_cp


class OutOfMemoryError(Error, MemoryError):
    """TW_ENOMEM."""


class InvalidArgumentError(Error, ValueError):
    """TW_EINVAL, or an argument this package rejects before calling."""


class InvalidInputError(Error, ValueError):
    """TW_EUTF8: the text is not valid Unicode (a lone surrogate)."""


class NotFoundError(Error, LookupError):
    """TW_ENOTFOUND: an unknown profile, a missing dictionary or file."""


class FormatError(Error):
    """TW_EFORMAT: a malformed profile, dictionary or data file."""


class IOFailure(Error):
    """TW_EIO: a read or write failure."""


class TooBigError(Error):
    """TW_ETOOBIG: the input exceeds a size limit."""


_ERRORS = {-1: OutOfMemoryError, -2: InvalidArgumentError, -3: InvalidInputError,
           -4: NotFoundError, -5: FormatError, -6: IOFailure, -7: TooBigError}

_INPUT_ERRORS = (-3, -7)  # the codes whose offset points into the input


def _raise(code: int, err, data: Optional[bytes] = None) -> None:
    message = ffi.string(err.message).decode("utf-8", "replace") or \
        ffi.string(lib.tw_strerror(code)).decode("utf-8", "replace")
    offset = int(err.offset) if code in _INPUT_ERRORS else 0
    offset_cp = None
    if data is not None and code in _INPUT_ERRORS:
        offset_cp = len(data[:offset].decode("utf-8", "surrogatepass"))
    raise _ERRORS.get(code, Error)(message, code, offset, offset_cp)


def _encode(text: str) -> bytes:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    # surrogatepass: a lone surrogate reaches the library, which rejects it
    # with its byte offset like any other invalid input.
    return text.encode("utf-8", "surrogatepass")


def _str(p) -> Optional[str]:
    return None if p == ffi.NULL else ffi.string(p).decode("utf-8")


class _CodePoints:
    """Byte offsets → code-point offsets in one UTF-8 text. Queries must come
    in non-decreasing order (spans and findings do), so the whole text is
    decoded once in total."""

    def __init__(self, data: bytes):
        self.data = data
        self.byte = 0
        self.cp = 0

    def __call__(self, off: int) -> int:
        if off < self.byte:
            self.byte, self.cp = 0, 0
        self.cp += len(self.data[self.byte:off].decode("utf-8", "surrogatepass"))
        self.byte = off
        return self.cp

    def length(self, off: int, n: int) -> int:
        return len(self.data[off:off + n].decode("utf-8", "surrogatepass"))


def _dir_arg(data_dir) -> object:
    return ffi.NULL if data_dir is None else ffi.new("char[]", str(data_dir).encode())


# ---------------------------------------------------------------- conversion

Span = Tuple[int, int, int, int, int, Optional[str], Optional[str], Optional[str]]


class Profile:
    """A loaded conversion profile ("hk2cn", "hk2s", "t2s", "tw2sp", "s2hk",
    or the path of an OpenCC JSON profile).

    A Profile is immutable once loaded and may be shared by any number of
    threads; the library runs without the GIL, so conversions in several
    threads proceed in parallel. Do not call close() while another thread
    is still converting with it."""

    def __init__(self, name: str = "hk2cn", data_dir: Optional[str] = None,
                 register: str = "auto"):
        """register: for a profile with registers (hk2cn), "auto" reads each
        document's register from its words (Taiwan copy is converted with
        hk2cn-tw); "hk" or "tw" decides for every document."""
        flags = PROFILE_REGISTER_FLAGS.get(register)
        if flags is None:
            raise InvalidArgumentError(f"register must be auto, hk or tw, not {register!r}", -2)
        opts = ffi.new("tw_profile_options *")
        opts.version = PROFILE_OPTIONS_VERSION
        keep = _dir_arg(data_dir)
        opts.data_dir = keep
        opts.flags = flags
        if "\0" in str(name) or (data_dir is not None and "\0" in str(data_dir)):
            raise InvalidArgumentError("a profile name or directory cannot contain NUL", -2)
        out = ffi.new("tw_profile **")
        err = ffi.new("tw_error *")
        rc = lib.tw_profile_open(out, str(name).encode("utf-8"), opts, err)
        if rc != 0:
            _raise(rc, err)
        self._p = ffi.gc(out[0], lib.tw_profile_free)
        self.name = str(name)

    def _handle(self):
        if self._p is None:
            raise InvalidArgumentError("the profile is closed", -2)
        return self._p

    def is_taiwan_copy(self, text: str) -> bool:
        """Whether the document calls (convert_document, tongwen.dask)
        convert a document with this text with the profile's Taiwan register
        (hk2cn-tw): its first 64 KiB hold Taiwan marker words, or pairs of
        characters that weigh for Taiwan copy (dicts/register). convert()
        and convert_aligned() always use the profile as given."""
        data = _encode(text)
        out = ffi.new("const tw_profile **")
        err = ffi.new("tw_error *")
        rc = lib.tw_profile_for_document(out, self._handle(), data, len(data), err)
        if rc != 0:
            _raise(rc, err, data)
        return ffi.cast("uintptr_t", out[0]) != ffi.cast("uintptr_t", self._p)

    def convert(self, text: str) -> str:
        """Converts text and returns the result."""
        data = _encode(text)
        out = ffi.new("char **")
        out_len = ffi.new("size_t *")
        err = ffi.new("tw_error *")
        rc = lib.tw_convert(out, out_len, self._handle(), data, len(data), err)
        if rc != 0:
            _raise(rc, err, data)
        try:
            return ffi.unpack(out[0], out_len[0]).decode("utf-8")
        finally:
            lib.tw_free(out[0])

    def convert_aligned(self, text: str) -> Tuple[str, list]:
        """Converts text and returns ``(result, spans)``.

        Each span is a tuple ``(src_off, src_len, dst_off, dst_len, step,
        dict, kind, guard)``. Offsets and lengths are in code points of the
        Python strings (``text[src_off:src_off + src_len]`` becomes
        ``result[dst_off:dst_off + dst_len]``), not the library's bytes. The
        spans cover both strings in order without gaps. ``step`` is the
        first chain step that changed the span, or -1 if it is unchanged;
        ``dict`` and ``kind`` ("char", "term", "punct", "normalize") name
        the dictionary of that step (None when unchanged); ``guard`` says
        why the name guard kept a term rule off the span, or is None."""
        data = _encode(text)
        out = ffi.new("char **")
        out_len = ffi.new("size_t *")
        spans = ffi.new("tw_span **")
        n_spans = ffi.new("size_t *")
        err = ffi.new("tw_error *")
        rc = lib.tw_convert_aligned(out, out_len, spans, n_spans, self._handle(), data,
                                    len(data), err)
        if rc != 0:
            _raise(rc, err, data)
        try:
            result_bytes = ffi.unpack(out[0], out_len[0])
            src, dst = _CodePoints(data), _CodePoints(result_bytes)
            result = []
            for i in range(n_spans[0]):
                s = spans[0][i]
                result.append((src(s.src_off), src.length(s.src_off, s.src_len),
                               dst(s.dst_off), dst.length(s.dst_off, s.dst_len), s.step,
                               _str(s.dict), _str(s.kind), _str(s.guard)))
            return result_bytes.decode("utf-8"), result
        finally:
            lib.tw_free(out[0])
            lib.tw_free(spans[0])

    def close(self) -> None:
        """Frees the profile now (otherwise when it is garbage-collected)."""
        if self._p is not None:
            ffi.release(self._p)
            self._p = None

    def __enter__(self) -> "Profile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class JsonLines:
    """Converts JSON Lines records (one JSON object a line) with a Profile,
    as ``tongwen convert --jsonl FIELDS`` does: the named top-level string
    fields are converted and written back in place, every other byte of the
    record kept; the register (hk2cn's Taiwan variant) is decided per
    record from the fields' text.

    A converter may be shared by threads (they take turns: one record at a
    time); one per thread converts in parallel. The profile must stay open
    while the converter is used."""

    def __init__(self, profile: Profile, fields: Sequence[str]):
        if isinstance(fields, str):
            fields = [fields]
        names = [str(f).encode("utf-8") for f in fields]
        if not names or any(not n or b"\0" in n for n in names):
            raise InvalidArgumentError(f"fields must be non-empty names, not {fields!r}", -2)
        keep = [ffi.new("char[]", n) for n in names]
        arr = ffi.new("const char *[]", keep)
        out = ffi.new("tw_jsonl **")
        err = ffi.new("tw_error *")
        rc = lib.tw_jsonl_new(out, profile._handle(), arr, len(keep), err)
        if rc != 0:
            _raise(rc, err)
        self._j = ffi.gc(out[0], lib.tw_jsonl_free)
        self._profile = profile  # the library's converter refers to it
        self._lock = threading.Lock()
        self._out = ffi.new("const char **")
        self._out_len = ffi.new("size_t *")
        self._err = ffi.new("tw_error *")

    def convert_line(self, line: bytes) -> bytes:
        """Converts one record: line is its UTF-8 bytes without the line
        break; returns the converted record, also without it. A line that
        is not a JSON object, or a named field that is not a string, raises
        FormatError with the library's message (no line number: the caller
        knows it) and ``offset``, the byte offset in the line."""
        if not isinstance(line, (bytes, bytearray, memoryview)):
            raise TypeError(f"line must be bytes, not {type(line).__name__}")
        with self._lock:
            rc = lib.tw_jsonl_convert(self._j, bytes(line), len(line), self._out,
                                      self._out_len, self._err)
            if rc != 0:
                message = ffi.string(self._err.message).decode("utf-8", "replace")
                raise _ERRORS.get(rc, Error)(message, rc, int(self._err.offset), None)
            return ffi.unpack(self._out[0], self._out_len[0])


# ---------------------------------------------------------------- checking


@dataclasses.dataclass(frozen=True)
class Finding:
    """One finding of Lexicon.check().

    ``offset`` and ``length`` are code points of the checked string
    (``text == checked[offset:offset + length]``); ``line``/``column`` and
    ``end_line``/``end_column`` are 1-based, columns in code points, the end
    just after the span. ``severity`` is "error", "warning" or "info"."""

    rule: str
    severity: str
    message: str
    text: str
    suggestions: Tuple[str, ...]
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    length: int
    note: Optional[str] = None


class Lexicon:
    """The proofreading lexicon (terms, character tables, Cantonese list,
    spelling dictionaries). Immutable once loaded: one Lexicon may be shared
    by any number of threads checking at once, without the GIL."""

    def __init__(self, data_dir: Optional[str] = None):
        if data_dir is not None and "\0" in str(data_dir):
            raise InvalidArgumentError("a directory cannot contain NUL", -2)
        out = ffi.new("tw_lexicon **")
        err = ffi.new("tw_error *")
        rc = lib.tw_lexicon_open(out, _dir_arg(data_dir), err)
        if rc != 0:
            _raise(rc, err)
        self._p = ffi.gc(out[0], lib.tw_lexicon_free)

    def check(self, text: str, target: str = "cn",
              rules: Optional[Union[Mapping[str, str], Iterable[Tuple[str, str]]]] = None,
              accept: Sequence[str] = (), reject: Sequence[str] = ()) -> list:
        """Checks text for the target region ("cn", "hk", "tw") and returns a
        list of Finding, sorted by offset then rule.

        ``rules`` maps rule ids or families to severities
        ({"term/review": "error", "spelling": "off"}); later settings win.
        ``accept`` lists words never flagged, ``reject`` words always
        flagged (rule term/reject)."""
        if self._p is None:
            raise InvalidArgumentError("the lexicon is closed", -2)
        data = _encode(text)
        keep = []
        opts = ffi.new("tw_check_options *")
        opts.version = CHECK_OPTIONS_VERSION
        t = lib.tw_target_parse(str(target).encode())
        if t < 0:
            raise InvalidArgumentError(f"unknown target {target!r} (cn, hk, tw)", -2)
        opts.target = t
        opts.families = FAMILY_ALL
        opts.directives = 1
        items = list((rules.items() if isinstance(rules, Mapping) else rules) or ())
        if items:
            settings = ffi.new("tw_rule_setting[]", len(items))
            for i, (rule, sev) in enumerate(items):
                rb = ffi.new("char[]", str(rule).encode())
                if not lib.tw_rule_name_known(rb):
                    raise InvalidArgumentError(f"unknown rule {rule!r}", -2)
                s = lib.tw_severity_parse(str(sev).encode())
                if s == -2:
                    raise InvalidArgumentError(
                        f"unknown severity {sev!r} (error, warning, info, off)", -2)
                keep.append(rb)
                settings[i].rule = rb
                settings[i].severity = s
            keep.append(settings)
            opts.rules = settings
            opts.n_rules = len(items)
        for field, words in (("accept", accept), ("reject", reject)):
            if isinstance(words, str):
                raise TypeError(f"{field} must be a sequence of words, not a str")
            words = [ffi.new("char[]", _encode(w)) for w in words]
            if words:
                arr = ffi.new("char *[]", words)
                keep += words
                keep.append(arr)
                setattr(opts, field, arr)
                setattr(opts, "n_" + field, len(words))
        out = ffi.new("tw_findings **")
        err = ffi.new("tw_error *")
        rc = lib.tw_check(out, self._p, data, len(data), opts, err)
        if rc != 0:
            _raise(rc, err, data)
        try:
            return _findings(out[0], data)
        finally:
            lib.tw_findings_free(out[0])

    def close(self) -> None:
        """Frees the lexicon now (otherwise when it is garbage-collected)."""
        if self._p is not None:
            ffi.release(self._p)
            self._p = None

    def __enter__(self) -> "Lexicon":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _findings(f, data: bytes) -> list:
    cp = _CodePoints(data)
    result = []
    for i in range(f.count):
        x = f.items[i]
        text = data[x.offset:x.offset + x.length].decode("utf-8", "surrogatepass")
        result.append(Finding(
            rule=_str(x.rule), severity=_str(lib.tw_severity_name(x.severity)),
            message=_str(x.message), text=text,
            suggestions=tuple(_str(x.suggestions[k]) for k in range(x.n_suggestions)),
            line=x.line, column=x.column, end_line=x.end_line, end_column=x.end_column,
            offset=cp(x.offset), length=len(text), note=_str(x.note)))
    return result


def fix(text: str, findings: Iterable[Finding]) -> str:
    """Applies the safe fixes, as ``tongwen check --fix`` does (the library's
    tw_fix): every finding of severity "error" with exactly one suggestion,
    except term/review, in one pass; where fixes overlap the longer wins and
    a character-for-character fix still changes its characters outside the
    winner. Offsets are the code points of ``text``, the string the findings
    came from; findings outside it are left alone."""
    data = text.encode("utf-8")
    # byte offset of each code point, and of the end
    starts = [0]
    for ch in text:
        starts.append(starts[-1] + len(ch.encode("utf-8")))
    keep = []  # cffi objects the C structs point into
    chosen = [x for x in findings if x.offset + x.length <= len(text)]
    items = ffi.new("tw_finding[]", max(len(chosen), 1))
    for i, x in enumerate(chosen):
        c = items[i]
        rule = ffi.new("char[]", x.rule.encode("utf-8"))
        sugg = [ffi.new("char[]", s.encode("utf-8")) for s in x.suggestions]
        arr = ffi.new("const char *[]", sugg or [ffi.NULL])
        keep += [rule, arr] + sugg
        c.rule = rule
        c.severity = {"error": 2, "warning": 1}.get(x.severity, 0)
        c.offset = starts[x.offset]
        c.length = starts[x.offset + x.length] - starts[x.offset]
        c.suggestions = arr
        c.n_suggestions = len(sugg)
    fs = ffi.new("tw_findings *", {"items": items, "count": len(chosen)})
    out = ffi.new("char **")
    out_len = ffi.new("size_t *")
    err = ffi.new("tw_error *")
    rc = lib.tw_fix(ffi.NULL, out, out_len, data, len(data), fs, ffi.NULL, err)
    if rc:
        _raise(rc, err, data)
    try:
        return ffi.unpack(out[0], out_len[0]).decode("utf-8")
    finally:
        lib.tw_free(out[0])


def version() -> str:
    """The version of the loaded libtongwen."""
    return _str(lib.tw_version())


def default_data_dir() -> str:
    """The data directory the library uses when none is given."""
    return _str(lib.tw_default_data_dir())
