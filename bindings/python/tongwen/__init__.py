"""tongwen (同文): Hong Kong Traditional → Mainland Simplified conversion and
regional proofreading of Chinese text, over libtongwen.

    >>> import tongwen
    >>> tongwen.Profile("hk2cn").convert("搭的士去數碼港")
    '搭出租车去数码港'
    >>> lex = tongwen.Lexicon()
    >>> findings = lex.check("搭的士", target="cn")
    >>> [(f.rule, f.offset, f.length, f.suggestions) for f in findings]
    [('term/convert', 1, 2, ('出租车',))]
    >>> tongwen.fix("搭的士", findings)
    '搭出租车'

The binding uses cffi in ABI mode: it opens the installed shared library
libtongwen with dlopen and declares its public C API at import time. No C
compiler is needed to install or import it, and there is one shared library
for the CLI, C programs and Python, so the package can never disagree with
the library it was installed with. The library is found without environment
variables: `_paths.py`, written by CMake, records the build tree's library
(for the tests) or the installed one, relative to the package; the
TONGWEN_LIBRARY environment variable overrides it.

Files as the command line reads them (markup by name or content, encodings,
.tongwen.ini): ``convert_document(profile, data, name)`` and
``check_document(lexicon, data, name)`` take a file's bytes and give what
``tongwen convert``/``tongwen check`` would. ``tongwen.dask`` runs them over
archives on a Dask cluster.

Positions: the C API counts UTF-8 bytes; this package converts every offset
and length to code points of the Python strings (span tuples, Finding
offset/length). Errors carry both: ``Error.offset`` is the byte offset in the
UTF-8 input, ``Error.offset_cp`` the code-point offset.

Threads: loaded Profile and Lexicon objects are immutable and may be shared by
any number of threads; cffi releases the GIL during every library call, so
conversions and checks in several threads run in parallel.
"""

from ._core import (Error, FormatError, Finding, InvalidArgumentError, InvalidInputError,
                    IOFailure, JsonLines, Lexicon, NotFoundError, OutOfMemoryError, Profile,
                    Span, TooBigError, default_data_dir, fix, version)
from ._document import Config, check_document, convert_document

__all__ = ["Profile", "JsonLines", "Lexicon", "Finding", "Span", "fix", "version",
           "default_data_dir", "convert_document", "check_document", "Config",
           "Error", "OutOfMemoryError", "InvalidArgumentError", "InvalidInputError",
           "NotFoundError", "FormatError", "IOFailure", "TooBigError"]
