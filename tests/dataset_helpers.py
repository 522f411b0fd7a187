"""Helpers for the DataSet tests: directory snapshots, fresh interpreters, a
writer killed or stopped at a chosen system call (``killed_at``,
``stopped_at``), and a sample DataSet (``make``) with its check
(``check_items``)."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import sys
import textwrap
import traceback
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from persist import DataSet

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


def _signalled_at(call: str, n: int, action: Callable[[], Any], sig: int) -> int:
    """Fork a child that runs ``action`` and sends itself ``sig`` at its
    ``n``-th call of ``os.<call>`` (``fsync``, ``replace``, ``unlink``, ...),
    before the call is made; return its pid. It exits with status 1 if it gets
    past that point (a traceback on stderr if ``action`` raised)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork + threads
        pid = os.fork()
    if pid:
        return pid
    try:  # pragma: no cover - the child
        real = getattr(os, call)
        calls = itertools.count(1)

        def signalling(*args: Any, **kwargs: Any) -> Any:
            if next(calls) == n:
                os.kill(os.getpid(), sig)
            return real(*args, **kwargs)

        setattr(os, call, signalling)
        action()
    except BaseException:  # pragma: no cover
        traceback.print_exc()
    finally:
        os._exit(1)


def killed_at(call: str, n: int, action: Callable[[], Any]) -> None:
    """Run ``action`` in a forked child killed (SIGKILL) at its ``n``-th call
    of ``os.<call>``: a crash at a chosen point, the same on every run. Fails
    the test unless the child died so."""
    pid = _signalled_at(call, n, action, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
        f"the child was not killed at call {n} of os.{call} (status {status})"
    )


@contextlib.contextmanager
def stopped_at(call: str, n: int, action: Callable[[], Any]) -> Iterator[int]:
    """Within the block, a forked child running ``action`` is stopped
    (SIGSTOP) at its ``n``-th call of ``os.<call>``: a live writer caught in
    the middle of a write, for as long as the block lasts. Yields its pid;
    kills it at the end."""
    pid = _signalled_at(call, n, action, signal.SIGSTOP)
    try:
        _, status = os.waitpid(pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status), (
            f"the child did not stop at call {n} of os.{call} (status {status})"
        )
        yield pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


FORMATS = ["npy", "hdf5"]

# dir() of a freshly imported DataSet package, as the seed's example prints it
SEED_DIR = [
    "__cached__",
    "__doc__",
    "__file__",
    "__loader__",
    "__name__",
    "__package__",
    "__path__",
    "__spec__",
    "_info_dict",
]


def store_files(directory: Path, key: str) -> list[Path]:
    """The external array files of item ``key``."""
    return sorted(p for p in (directory / f"{key}_data").rglob("*") if p.is_file())


def make(tmp_path: Path, fmt: str = "npy", name: str = "ds") -> DataSet:
    ds = DataSet(name, "w", path=tmp_path, array_threshold=12, data_format=fmt)
    ds.a = np.arange(10)
    ds.x = [np.arange(10), np.arange(15)]
    ds.s = {"label": "small", "values": (1, 2.5, None), "big": np.ones((4, 5))}
    ds["a"] = "A small array"
    ds["x"] = "A list with a small and large array"
    ds["s"] = {"units": "m", "n": 3}
    return ds


def check_items(ds: DataSet) -> None:
    np.testing.assert_array_equal(ds.a, np.arange(10))
    x = ds.x
    assert isinstance(x, list) and len(x) == 2
    np.testing.assert_array_equal(x[0], np.arange(10))
    np.testing.assert_array_equal(x[1], np.arange(15))
    s = ds.s
    assert s["label"] == "small" and s["values"] == (1, 2.5, None)
    np.testing.assert_array_equal(s["big"], np.ones((4, 5)))
    assert ds["a"] == "A small array"
    assert ds["x"] == "A list with a small and large array"
    assert ds["s"] == {"units": "m", "n": 3}
