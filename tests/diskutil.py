"""Helpers for the saving/loading tests: directory snapshots and fresh interpreters.

``snapshot(root)`` records every file and directory under ``root`` with its bytes,
inode and mtime, so a test can assert that an operation left the disk exactly as
it was, or that it rewrote exactly the files it should have.

``fresh_python(code)`` runs ``code`` in a new interpreter. By default
``persist`` cannot be imported there (``sys.modules['persist'] = None`` is set
before anything else runs), so a saved archive that imports in it needs nothing
but Python and numpy (and h5py). ``bytecode=True`` lets the child write
``.pyc`` files: this machine sets ``PYTHONDONTWRITEBYTECODE=1``, which would
hide every bytecode-cache problem.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple


class Entry(NamedTuple):
    kind: str  # 'file' or 'dir'
    data: bytes
    inode: int
    mtime_ns: int


def snapshot(root: str | os.PathLike[str], pycache: bool = True) -> dict[str, Entry]:
    """Every entry under ``root`` (relative path -> Entry), hidden ones included."""
    root = Path(root)
    out: dict[str, Entry] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        if not pycache:
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            st = path.lstat()
            kind = "dir" if path.is_dir() else "file"
            data = path.read_bytes() if kind == "file" else b""
            out[path.relative_to(root).as_posix()] = Entry(
                kind, data, st.st_ino, st.st_mtime_ns
            )
    return out


def files(root: str | os.PathLike[str], pycache: bool = False) -> list[str]:
    """Sorted relative paths of the regular files under ``root``."""
    return sorted(
        k for k, v in snapshot(root, pycache=pycache).items() if v.kind == "file"
    )


def changed(before: dict[str, Entry], after: dict[str, Entry]) -> list[str]:
    """Files whose bytes, inode or mtime differ, or that appeared or vanished."""
    keys = set(before) | set(after)
    return sorted(
        k
        for k in keys
        if before.get(k) != after.get(k)
        and not (k in before and k in after and before[k].kind == "dir")
    )


def child_env(bytecode: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


_BLOCK = "import sys\nsys.modules['persist'] = None\n"


def fresh_python(
    code: str,
    *,
    path: str | os.PathLike[str] | None = None,
    block_persist: bool = True,
    bytecode: bool = False,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``code`` in a new interpreter (with ``path`` first on ``sys.path``);
    fail the test with its stderr unless it exits 0."""
    prefix = _BLOCK if block_persist else "import sys\n"
    if path is not None:
        prefix += f"sys.path.insert(0, {os.fspath(path)!r})\n"
    result = subprocess.run(
        [sys.executable, *args, "-c", prefix + textwrap.dedent(code)],
        capture_output=True,
        env={**child_env(bytecode), **(env or {})},
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result
