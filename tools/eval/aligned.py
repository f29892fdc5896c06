"""The lines of text files as hk2cn converts them, aligned: shared by the
tools that read every rewrite of real copy (boundaries.py, rewrites.py)."""
import sys


def aligned_lines(profile, paths, who):
    """(line, output, spans) for each non-blank line of each UTF-8 file,
    converted with profile.convert_aligned; exits naming the file when one
    cannot be opened."""
    for path in paths:
        try:
            f = open(path, encoding="utf-8")
        except OSError as e:
            sys.exit(f"{who}: {path}: {e.strerror}")
        with f:
            for line in f:
                line = line.rstrip("\n")
                if line.strip():
                    out, spans = profile.convert_aligned(line)
                    yield line, out, spans
