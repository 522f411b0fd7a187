"""Crash-safe file system operations.

Every file is written to a temporary name in its final directory, flushed,
fsynced and ``os.replace``d over the target, so a reader or a crash sees the old
file or the new one, never half of one. A directory is replaced as a whole by
exchanging it with a fully written twin (``renameat2(RENAME_EXCHANGE)`` on
Linux); where the kernel lacks it, by two renames with a short window in which
the directory is missing (never mixed).

Unchanged files are never rewritten: same bytes, same mtime. When a directory is
rebuilt, unchanged files are hard-linked into the new twin, so they keep their
inode and mtime too.

``durability(False)`` drops the fsyncs for a block (``Archive.save(...,
durable=False)``): each replacement is still atomic for every reader, as a
rename is, but a power cut or a kernel crash may lose the new data before it
reaches the disk (a file may then be found empty or half written).

Python's bytecode cache is kept honest: each module written gets a
checked-hash ``.pyc`` (PEP 552), validated against the source's hash on every
import, so a stale ``.pyc`` never shadows a rewritten ``.py`` however fast and
however size-preserving the rewrite.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib.util
import marshal
import os
import py_compile
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO

from persist.pieces import pieces

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def same_content(path: Path, data: bytes) -> bool:
    """Whether ``path`` exists and holds exactly ``data``."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


# whether writes are fsynced (per thread and task: one save's choice never
# reaches another's)
_DURABLE: ContextVar[bool] = ContextVar("persist_durable", default=True)


@contextlib.contextmanager
def durability(durable: bool) -> Iterator[None]:
    """Within the block, fsync each write (``durable``) or not: without, the
    writes are still atomic for readers, no longer safe from a power cut."""
    token = _DURABLE.set(durable)
    try:
        yield
    finally:
        _DURABLE.reset(token)


def _fsync(fd: int) -> None:
    if _DURABLE.get():
        os.fsync(fd)


def _fsync_dir(directory: Path) -> None:
    if not _DURABLE.get():
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temporary_affixes(name: str) -> tuple[str, str]:
    """The prefix and suffix of the temporary files of ``name`` (random letters
    go between)."""
    return f".{name}.", ".tmp"


# the random letters mkstemp puts between a temporary file's prefix and suffix
_RANDOM_LETTERS = 8


def temporary_name_bytes(name: str) -> int:
    """The length in bytes of the names of the temporary files of ``name``."""
    prefix, suffix = _temporary_affixes(name)
    return len(os.fsencode(prefix + suffix)) + _RANDOM_LETTERS


def is_temporary_of(entry: str, name: str) -> bool:
    """Whether ``entry`` is named as a temporary file of ``name`` in the same
    directory (one that a write of ``name`` killed before its replace leaves)."""
    prefix, suffix = _temporary_affixes(name)
    return entry.startswith(prefix) and entry.endswith(suffix)


def remove_temporaries(path: Path) -> None:
    """Remove the temporary files of ``path`` left by writes that were killed
    (and directories: a save's stash of a store is one).

    A live write's temporary file looks the same: only for a caller that
    knows no write of ``path`` is under way (a DataSet writer holds the lock
    under which every write of its files is made)."""
    with os.scandir(path.parent) as entries:
        stale = [
            (e.path, e.is_dir(follow_symlinks=False))
            for e in entries
            if is_temporary_of(e.name, path.name)
        ]
    for name, is_dir in stale:
        with contextlib.suppress(FileNotFoundError):
            if is_dir:
                shutil.rmtree(name)
            else:
                os.unlink(name)


def write_stream(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` atomically through ``write(file)``."""
    path = Path(path)
    prefix, suffix = _temporary_affixes(path.name)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            _fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path, 0o666))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless ``path`` already holds it; True if written."""
    path = Path(path)
    if same_content(path, data):
        return False

    def fill(handle: BinaryIO) -> None:
        handle.write(data)

    write_stream(path, fill)
    return True


def write_module(path: Path, text: str) -> bool:
    """Write a Python module atomically, keeping its bytecode cache hash-checked.

    The first time, a checked-hash ``.pyc`` is compiled beside it. Afterwards it
    is left as it is: a checked-hash ``.pyc`` whose source changed is detected
    on import (the source hash differs) and rewritten by the import system,
    again as a checked-hash ``.pyc`` (importlib keeps the mode). So no rewrite
    ever pays for compiling, and no stale cache is ever used.

    A large module is the exception: its ``.pyc`` is written by ``pieces_pyc``
    on every change, because the import system would compile the whole text
    at once (gigabytes for tens of megabytes of source).
    """
    changed = write_bytes(path, text.encode("utf-8"))
    cache = Path(importlib.util.cache_from_source(str(path)))
    if _piecewise(text):
        if changed or not is_checked_pyc(cache):
            compile_checked(path, text)
    elif not is_checked_pyc(cache):
        compile_checked(path)
    return changed


def is_checked_pyc(cache: Path) -> bool:
    """Whether ``cache`` is a checked-hash ``.pyc`` (PEP 552 flags == 0b11)."""
    try:
        with open(cache, "rb") as handle:
            header = handle.read(8)
    except OSError:
        return False
    return len(header) == 8 and int.from_bytes(header[4:8], "little") == 0b11


def compile_checked(path: Path, text: str | None = None) -> None:
    """Write ``path``'s bytecode as a checked-hash ``.pyc`` (atomically);
    ``text``, when given, is the module's source (for a large one, compiled a
    piece at a time)."""
    cache = importlib.util.cache_from_source(str(path))
    try:
        if text is not None and _piecewise(text):
            Path(cache).parent.mkdir(parents=True, exist_ok=True)
            write_bytes(Path(cache), pieces_pyc(path, text))
            return
        py_compile.compile(
            str(path),
            cfile=cache,
            doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
        )
    except (OSError, SyntaxError, ValueError, py_compile.PyCompileError):
        # no cache is fine: the import system compiles from source; a stale
        # timestamp cache must not survive, so remove it
        with contextlib.suppress(OSError):
            os.unlink(cache)


_RUN_PIECES = """\
for _persist_piece in ('pieces',):
    exec(_persist_piece)
del _persist_piece
"""


# A .pyc's pieces: importing it takes the same time whatever their size (n=1e4
# archives of bench/, ``python -m bench.pieces --pyc``), so they are larger
# than a load's (persist.pieces.PIECE), for fewer code objects, and small
# enough that saving compiles in ~25 MB; a module up to twice this size is
# compiled whole.
PYC_PIECE = 256 * 1024


def _piecewise(text: str) -> bool:
    """Whether a module is large enough to be compiled in pieces, and names
    nothing the piece loop uses (``exec``, ``_persist_piece``)."""
    return (
        len(text) > 2 * PYC_PIECE
        and "_persist_piece" not in text
        and re.search(r"\bexec\b", text) is None
    )


def pieces_pyc(path: Path, text: str) -> bytes:
    """A checked-hash ``.pyc`` for ``text`` whose code runs the code of its
    pieces (``persist.pieces``) one after the other in the module's namespace:
    compiling never holds the syntax tree of the whole text, and line numbers
    are those of the file. The import system validates the source hash as for
    any checked-hash ``.pyc``; nothing else differs from a whole compile but
    one loop frame in a traceback."""
    filename = str(path)
    codes = tuple(pieces(text, filename, piece=PYC_PIECE))
    loop = compile(_RUN_PIECES, filename, "exec", dont_inherit=True)
    consts = list(loop.co_consts)
    consts[consts.index(("pieces",))] = codes
    code = loop.replace(co_consts=tuple(consts))
    return (
        importlib.util.MAGIC_NUMBER
        + (0b11).to_bytes(4, "little")  # PEP 552: hash-based, checked
        + importlib.util.source_hash(text.encode("utf-8"))
        + marshal.dumps(code)
    )


def _renameat2() -> Callable[[str, str], bool] | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    func.restype = ctypes.c_int

    def exchange(a: str, b: str) -> bool:
        result = func(
            _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE
        )
        return bool(result == 0)

    return exchange


_EXCHANGE = _renameat2()


def replace_directory(new: Path, target: Path, keep_backup: Path | None = None) -> None:
    """Put the fully written directory ``new`` in place of ``target``.

    With ``keep_backup``, the old directory is moved there instead of deleted.
    """
    if not target.exists():
        os.replace(new, target)
        _fsync_dir(target.parent)
        return
    _keep_modes(new, target)
    if _EXCHANGE is not None and _EXCHANGE(str(new), str(target)):
        old = new  # after the exchange, ``new`` holds the old contents
    else:
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(new, target)
    _fsync_dir(target.parent)
    if keep_backup is not None:
        if keep_backup.exists():
            shutil.rmtree(keep_backup)
        os.replace(old, keep_backup)
    else:
        shutil.rmtree(old, ignore_errors=True)


def twin_directory(target: Path) -> Path:
    """A fresh empty directory beside ``target`` to build its replacement in."""
    twin = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent)
    )
    # mkdtemp makes it private (0o700); it becomes the archive
    os.chmod(twin, _mode_for(target, 0o777))
    return twin


def _keep_modes(new: Path, old: Path) -> None:
    """Give each entry of ``new`` the permissions of its namesake in ``old``
    (those that have one): replacing a directory keeps who may read it."""
    for entry in [new, *new.rglob("*")]:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE((old / entry.relative_to(new)).lstat().st_mode)
            if not entry.is_symlink() and stat.S_IMODE(entry.stat().st_mode) != mode:
                os.chmod(entry, mode)


def _mode_for(path: Path, new: int) -> int:
    """The permissions ``path`` has, or ``new`` less the umask for a new
    path: a rewrite neither widens nor narrows who may read an archive."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return new & ~_umask()


def _umask() -> int:
    try:  # Linux: read it without changing it (another thread may be creating files)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def link_or_copy(source: Path, destination: Path) -> None:
    """Hard-link ``source`` to ``destination`` (same inode and mtime), or copy."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
