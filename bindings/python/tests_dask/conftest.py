"""The Dask tests: one LocalCluster of 2 worker processes for the session,
and an archive generated from the repository's sample (2,000 small text
files, the HTML/XML/Markdown documents of testdata/doc, and one file that is
not UTF-8). Run through ctest (python_dask), which points PYTHONPATH at the
build tree; fails if fewer tests ran than the file holds."""

import os
import pathlib
import random
import shutil

import pytest

import tongwen

if "TW_BUILD_DIR" not in os.environ:
    raise RuntimeError("run these tests through ctest (ctest -R python_dask)")
BUILD = pathlib.Path(os.environ["TW_BUILD_DIR"])
SOURCE = pathlib.Path(__file__).resolve().parents[3]
MIN_TESTS = 12
N_TEXT = 2000


def pytest_sessionstart(session):
    pkg = pathlib.Path(tongwen.__file__).resolve()
    if BUILD.resolve() not in pkg.parents:
        raise pytest.UsageError(f"tongwen imported from {pkg}, not from the build tree {BUILD}")


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == 0 and session.testscollected < MIN_TESTS:
        print(f"\nonly {session.testscollected} tests collected, expected ≥ {MIN_TESTS}")
        session.exitstatus = 1
    # the archives and their outputs (tens of MB, maybe in RAM) stay only to
    # look at a failure
    basetemp = session.config.option.basetemp
    if session.exitstatus == 0 and basetemp:
        shutil.rmtree(basetemp, ignore_errors=True)


@pytest.fixture(scope="session")
def cli():
    return os.environ["TW_CLI"]


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    from distributed import Client, LocalCluster

    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                     dashboard_address=":0", silence_logs=40,
                     local_directory=str(tmp_path_factory.mktemp("dask-workers")))
    client = Client(c)
    yield client
    client.close()
    c.close()


@pytest.fixture(scope="session")
def archive(tmp_path_factory):
    """(root, files): N_TEXT text files of 1–3 KB cut from the sample in 20
    folders, the markup documents three times each, and bad.txt (Latin-1)."""
    root = tmp_path_factory.mktemp("archive")
    text = (SOURCE / "testdata" / "takungpao-hk-ai-2025.txt").read_text("utf-8")
    rnd = random.Random(11)
    files = []
    for i in range(N_TEXT):
        n = rnd.randint(1000, 3000) // 3  # mostly 3-byte characters
        start = rnd.randrange(0, len(text) - n)
        p = root / f"d{i % 20:02d}" / f"f{i:05d}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_text(text[start:start + n], "utf-8")
        files.append(str(p))
    for k in range(3):
        for doc in sorted((SOURCE / "testdata" / "doc").iterdir()):
            p = root / f"docs{k}" / doc.name
            p.parent.mkdir(exist_ok=True)
            shutil.copyfile(doc, p)
            files.append(str(p))
    bad = root / "bad.txt"
    bad.write_bytes("搭的士".encode("utf-8") + "café".encode("latin-1"))
    files.append(str(bad))
    return root, files
