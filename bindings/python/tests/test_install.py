"""cmake --install into a scratch prefix, then the installed package used as
a user would: a clean environment, Debian's python3, no variable pointing at
the library or the data, and the build tree out of sight."""

import os
import subprocess
import sys

from conftest import BUILD

SCRIPT = r"""
import os, sys, tongwen, tongwen._ffi as f
prefix = os.path.realpath(sys.argv[1])
for path in (tongwen.__file__, f.LIBRARY_PATH, tongwen.default_data_dir()):
    assert os.path.realpath(path).startswith(prefix + os.sep), path
with tongwen.Profile("hk2cn") as p:
    print(p.convert("搭的士去數碼港"))
print(tongwen.fix("搭的士", tongwen.Lexicon().check("搭的士")))
import tongwen.dask
assert os.path.realpath(tongwen.dask.__file__).startswith(prefix + os.sep)
"""


def test_install_and_import(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run([os.environ.get("TW_CMAKE", "cmake"), "--install", str(BUILD), "--prefix",
                    str(prefix)], check=True, capture_output=True)
    sites = list(prefix.glob("lib/python3*/dist-packages/tongwen/__init__.py"))
    assert len(sites) == 1, sites
    assert (sites[0].parent / "_paths.py").is_file()
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(sites[0].parent.parent),
           "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(tmp_path)}
    run = subprocess.run([os.environ.get("TW_PYTHON", sys.executable), "-c",
                          SCRIPT, str(prefix)], env=env, cwd=tmp_path, capture_output=True)
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().splitlines() == ["搭出租车去数码港", "搭出租车"]


def test_library_override(tmp_path):
    lib = BUILD / "lib" / "libtongwen.so.0"
    code = "import tongwen._ffi as f, tongwen; print(f.LIBRARY_PATH); print(tongwen.version())"
    env = dict(os.environ, TONGWEN_LIBRARY=str(lib))
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
    assert run.stdout.decode().splitlines()[0] == str(lib)
    env["TONGWEN_LIBRARY"] = str(tmp_path / "libnothing.so")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    assert run.returncode != 0
    assert "cannot load libtongwen from " + str(tmp_path / "libnothing.so") in run.stderr.decode()
