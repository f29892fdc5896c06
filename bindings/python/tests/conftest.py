"""Shared fixtures. The suite runs from ctest (tests/python) with the build
tree's package on PYTHONPATH; it refuses to run against anything else, and
fails if fewer tests ran than the files hold (a suite that silently collects
nothing must not pass)."""

import os
import pathlib

import pytest

import tongwen

if "TW_BUILD_DIR" not in os.environ:
    raise RuntimeError("run these tests through ctest (ctest -R python_package), which sets "
                       "TW_BUILD_DIR, TW_CLI and PYTHONPATH to the build tree")
BUILD = pathlib.Path(os.environ["TW_BUILD_DIR"])
SOURCE = pathlib.Path(__file__).resolve().parents[3]
MIN_TESTS = 25


def pytest_sessionstart(session):
    pkg = pathlib.Path(tongwen.__file__).resolve()
    if BUILD.resolve() not in pkg.parents:
        raise pytest.UsageError(f"tongwen imported from {pkg}, not from the build tree {BUILD}")


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == 0 and session.testscollected < MIN_TESTS:
        print(f"\nonly {session.testscollected} tests collected, expected ≥ {MIN_TESTS}")
        session.exitstatus = 1


@pytest.fixture(scope="session")
def profile():
    with tongwen.Profile("hk2cn") as p:
        yield p


@pytest.fixture(scope="session")
def lexicon():
    with tongwen.Lexicon() as lex:
        yield lex


@pytest.fixture(scope="session")
def article():
    return (SOURCE / "testdata" / "takungpao-hk-ai-2025.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def cli():
    return os.environ["TW_CLI"]
