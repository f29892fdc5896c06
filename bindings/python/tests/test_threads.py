"""One Profile and one Lexicon shared by several threads at once, and the GIL
released while the library works."""

import ctypes
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import tongwen
from tongwen import _core


def test_shared_profile_threads(profile, article):
    texts = [article[i:] + "的士" * i for i in range(16)]
    want = [profile.convert(t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(5):
            assert list(pool.map(profile.convert, texts)) == want
            aligned = list(pool.map(profile.convert_aligned, texts))
            assert [a[0] for a in aligned] == want


def test_shared_lexicon_threads(lexicon, article):
    texts = [article[i * 100:] for i in range(8)]
    want = [lexicon.check(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            assert list(pool.map(lexicon.check, texts)) == want


def _call_line(func, needle):
    import linecache
    code = func.__code__
    for n in range(code.co_firstlineno, code.co_firstlineno + 60):
        if needle in linecache.getline(code.co_filename, n):
            return n
    raise AssertionError(f"{needle} not found")


def _longest_seen_in_call(run, name, line, threshold):
    """Runs run() in a worker thread (up to 10 times, until the threshold is
    passed) while this thread watches the worker's innermost Python frame;
    returns the longest time this thread kept seeing it stopped on the given
    line of the function called name, i.e. inside the C call there."""
    best = 0.0
    for _ in range(10):
        done = threading.Event()
        worker = threading.Thread(target=lambda: (run(), done.set()))
        seen = []
        worker.start()
        while not done.is_set():
            frame = sys._current_frames().get(worker.ident)
            if frame is not None and frame.f_code.co_name == name and frame.f_lineno == line:
                seen.append(time.perf_counter())
        worker.join()
        if seen:
            best = max(best, seen[-1] - seen[0])
        if best > threshold:
            break
    return best


def test_gil_released(profile, article):
    # While a worker thread is inside tw_convert, this thread keeps running
    # Python code and sees the worker's frame stopped on the library call for
    # most of the call's duration. Were the GIL held, it could look only in
    # the moments the worker spends in Python around the call (about one
    # switch interval, 5 ms): test_gil_probe_can_fail shows that case.
    big = article * 1500                      # about 16 MB, 100+ ms to convert
    # A quarter of a call: the call also encodes the text and decodes the
    # result with the GIL held, about as long as the library's part since
    # that part got faster; held, the frame shows for one switch interval.
    start = time.perf_counter()
    profile.convert(big)
    threshold = max((time.perf_counter() - start) / 4, 0.03)
    line = _call_line(_core.Profile.convert, "lib.tw_convert(")
    best = _longest_seen_in_call(lambda: profile.convert(big), "convert", line, threshold)
    assert best > threshold


def _sleep_in_c(dll):
    dll.usleep(200000)


def test_gil_probe_can_fail():
    # The same probe on a C call that keeps the GIL (ctypes.PyDLL) sees
    # almost nothing; on one that releases it (ctypes.CDLL), the whole call.
    line = _call_line(_sleep_in_c, "dll.usleep(")
    held = _longest_seen_in_call(lambda: _sleep_in_c(ctypes.PyDLL(None)), "_sleep_in_c",
                                 line, 1.0)
    free = _longest_seen_in_call(lambda: _sleep_in_c(ctypes.CDLL(None)), "_sleep_in_c",
                                 line, 0.1)
    # Relative, not absolute: on a loaded machine the watcher's own wake-ups
    # stretch what it sees of a held call, but not to half of a free one.
    assert free > 0.1 and held < free / 2
