"""Helpers for the DataSet tests: directory snapshots and fresh interpreters."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

# what a fresh interpreter runs first so that ``import persist`` fails there
BLOCK_PERSIST = "import sys\nsys.modules['persist'] = None\n"


def snapshot(root: str | os.PathLike[str]) -> dict[str, tuple[str, bytes, int, int]]:
    """Every entry under ``root`` (hidden files and ``__pycache__`` included):
    relative path -> (kind, bytes, inode, mtime_ns)."""
    root = Path(root)
    out: dict[str, tuple[str, bytes, int, int]] = {}
    if not root.exists():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            st = path.lstat()
            kind = "dir" if path.is_dir() else "file"
            data = path.read_bytes() if kind == "file" else b""
            out[path.relative_to(root).as_posix()] = (
                kind,
                data,
                st.st_ino,
                st.st_mtime_ns,
            )
    return out


def child_env(bytecode: bool = True) -> dict[str, str]:
    """The environment of a child interpreter; ``bytecode=True`` lets it write
    ``.pyc`` files (this machine sets PYTHONDONTWRITEBYTECODE, which would hide
    every bytecode-cache problem)."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def fresh_python(
    code: str,
    *,
    block_persist: bool = True,
    bytecode: bool = True,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = 120,
) -> str:
    """Run ``code`` in a new interpreter (without persist unless told) and
    return its stdout; fail the test with its stderr unless it exits 0."""
    prefix = BLOCK_PERSIST if block_persist else ""
    result = subprocess.run(
        [sys.executable, "-c", prefix + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={**child_env(bytecode), **(env or {})},
        cwd=cwd,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
