"""persist as released: this tree's source with setup.py's ``COMPILED``
modules compiled by mypyc, built once per source state.

    python -m bench.compiled          # build (or find) it; print its src folder

The build is a copy of ``setup.py``, ``pyproject.toml`` and ``src/`` under
``bench/.build/<hash of the sources>/``, compiled in place with
``PERSIST_COMPILE=1 python setup.py build_ext --inplace`` (about a minute on
2 cores): put its ``src`` folder first on ``sys.path`` to import the compiled
persist. The benchmark and the test of the compiled build use it; an edit to
any source file makes a new hash, so a stale build is never used.

A build is made in a private folder beside it and renamed into place when
complete (one atomic rename): processes building the same sources at once
(a test run, the benchmark) each make their own, and none sees a half-made
one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ("setup.py", "pyproject.toml", "README.md")


def source_hash(root: Path = ROOT) -> str:
    """A hash of the files the build reads: every ``.py`` file under
    ``src/persist``, ``setup.py`` and ``pyproject.toml``."""
    digest = hashlib.sha256()
    paths = sorted((root / "src" / "persist").rglob("*.py"))
    for path in [root / "setup.py", root / "pyproject.toml", *paths]:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build(root: Path = ROOT, into: Path | None = None) -> Path:
    """The ``src`` folder of the compiled copy of ``root`` (built unless a
    build of the same sources is there). Raises ``RuntimeError`` with the
    build's output when mypyc or the C compiler fails."""
    cache = into or root / "bench" / ".build"
    where = cache / source_hash(root)
    if (where / "done").exists():
        return where / "src"
    cache.mkdir(parents=True, exist_ok=True)
    private = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
    try:
        _compile(root, private)
        (private / "done").write_text("")
        try:
            os.rename(private, where)
        except OSError:  # taken: by a complete build, or a stale unfinished one
            if not (where / "done").exists():
                shutil.rmtree(where, ignore_errors=True)
                with contextlib.suppress(OSError):  # (or taken again, complete)
                    os.rename(private, where)
                if not (where / "done").exists():
                    raise
    finally:
        shutil.rmtree(private, ignore_errors=True)  # (gone once renamed)
    return where / "src"


def _compile(root: Path, where: Path) -> None:
    for name in FILES:
        shutil.copy2(root / name, where / name)
    shutil.copytree(
        root / "src",
        where / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.so"),
    )
    env = dict(os.environ, PERSIST_COMPILE="1")
    proc = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_ext", "--inplace"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"the mypyc build in {where} failed (exit {proc.returncode}):\n"
            + (proc.stdout + proc.stderr)[-4000:]
        )


if __name__ == "__main__":
    print(build())
