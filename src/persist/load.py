"""The short API: ``dump``/``dumps`` to write, ``load``/``loads`` to read.

    >>> import persist
    >>> text = persist.dumps(x=[1, 2], y={'a': 1})
    >>> persist.loads(text)
    {'x': [1, 2], 'y': {'a': 1}}

``load`` runs a saved module without importing it: ``sys.modules`` is left
alone, the arrays come from the store beside the module (memory-mapped on
request), and any failure is a LoadError naming the file and line.
``safe=True`` checks an untrusted archive before running it (``persist.safe``).
"""

from __future__ import annotations

import ast
import builtins
import collections
import linecache
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import CodeType
from typing import Any

from persist.archive import Archive
from persist.errors import LoadError, UnsafeArchiveError
from persist.gcpause import no_cycle_collection
from persist.pieces import pieces
from persist.renames import builtins_with_renames, check_renames
from persist.safe import Verified, verify
from persist.source import read_source
from persist.store.arrays import HDF5_SUFFIX, ArrayStore, store_named
from persist.store.layout import PACKAGE_STORE

__all__ = ["dump", "dumps", "load", "loads"]

_SINGLE_ITEM_MARK = "__import__('sys').modules[__name__] = "
# persist 3.2 ended a single-item module (and each DataSet item) with these
# two lines, run whatever the module's name, so they also bind ``sys``
_SINGLE_ITEM_32 = re.compile(
    r"^import sys\nsys\.modules\[__name__\] = (\w+)\s*\Z", re.MULTILINE
)
_LOAD_NAME = "__persist_load__"
# every archive persist 3.2 wrote has this line (this version splits it in two)
_WRITTEN_BY_32 = re.compile(r"^try: del __builtins__, _arrays$", re.MULTILINE)


def dumps(*, scoped: bool = False, **objects: Any) -> str:
    """The archive text of ``objects`` (all arrays inline).

    Use ``Archive`` directly for external arrays or for an object whose name is
    ``scoped``.
    """
    archive = Archive(scoped=scoped)
    archive.insert(**objects)
    return str(archive)


def dump(
    path: str | os.PathLike[str],
    *,
    scoped: bool = False,
    array_threshold: float | None = None,
    data_format: str = "npy",
    **objects: Any,
) -> Path:
    """Save ``objects`` at ``path``: ``dir/name.py`` writes a module, any other
    path a package directory. Returns the module or package path."""
    path = Path(path)
    archive = Archive(scoped=scoped, array_threshold=array_threshold, backup_data=False)
    archive.insert(**objects)
    if path.suffix == ".py":
        return archive.save(
            path.parent, path.stem, package=False, data_format=data_format
        )
    return archive.save(path.parent, path.name, package=True, data_format=data_format)


def loads(
    text: str,
    arrays: Mapping[str, Any] | None = None,
    *,
    data_name: str = "_arrays",
    filename: str = "<archive>",
    safe: bool = False,
    allow: Iterable[Any] = (),
    allow_modules: Iterable[str] = (),
    renames: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Run archive ``text`` and return the names it defines.

    ``arrays`` supplies the external arrays (``Archive.data``). With
    ``safe=True`` the text is first checked against the allow-list of
    ``persist.safe`` (callable classes and functions added by ``allow``, classes
    of whole modules by ``allow_modules``); UnsafeArchiveError if it fails.
    ``renames`` maps old dotted names to new ones (see ``persist.renames``)."""
    check_renames(renames)
    tree = None
    if safe:
        tree = _verify(text, filename, data_name, allow, allow_modules, renames).tree
    namespace: dict[str, Any] = {
        "__name__": _LOAD_NAME,
        # a verified tree has the renames in its imports already
        "__builtins__": builtins if safe else builtins_with_renames(renames),
    }
    if arrays is not None:
        namespace[data_name] = arrays
    _run(text, filename, namespace, tree)
    return {
        k: v
        for k, v in namespace.items()
        if k not in ("__name__", "__file__", "__builtins__", data_name)
    }


def load(
    path: str | os.PathLike[str],
    *,
    mmap: bool = False,
    data_name: str = "_arrays",
    safe: bool = False,
    allow: Iterable[Any] = (),
    allow_modules: Iterable[str] = (),
    renames: Mapping[str, str] | None = None,
) -> Any:
    """Load a saved archive (module file, package directory, or either without
    the ``.py``) and return a dict of its names, or the object itself for a
    single-item archive.

    With ``mmap=True`` external ``.npy`` arrays (and contiguous HDF5 datasets)
    are memory-mapped read-only instead of read: opening is O(1) whatever their
    size, and pages are read when touched.

    With ``safe=True`` (for archives from untrusted sources) the module is
    checked against the allow-list of ``persist.safe`` before anything runs or
    any array is read, and refused with UnsafeArchiveError otherwise. ``allow``
    adds classes and functions it may call, ``allow_modules`` every class of
    the named modules. Arrays are read with ``allow_pickle=False`` either way.

    ``renames`` rebuilds archives written before a class or module moved:
    ``{'old.module.Name': 'new.module.Name', 'old.module': 'new.module'}``.

    A package that is saved again while it is being read is read again, so
    the result is the old archive or the new one, never a mix.
    """
    check_renames(renames)
    path = Path(path)
    allow, allow_modules = tuple(allow), tuple(allow_modules)
    for _ in range(_ATTEMPTS):
        before = _identity(path)
        try:
            result = load_with(
                path,
                lambda location: ArrayStore(location, mmap=mmap),
                data_name=data_name,
                safe=safe,
                allow=allow,
                allow_modules=allow_modules,
                renames=renames,
            )
        except LoadError:
            if before is not None and _identity(path) != before:
                continue  # replaced while we read it
            raise
        if before is None or _identity(path) == before:
            return result
    raise LoadError(f"{path}: the archive kept changing while it was read", str(path))


_ATTEMPTS = 50


def _identity(path: Path) -> tuple[int, int, int] | None:
    """Which directory sits at ``path``, or None when it is not a directory.

    A saved package is only ever replaced as a whole, by a fresh directory
    (store/layout.py), so the same identity before and after reading means
    the text and every array were read from one version."""
    try:
        st = path.stat()
    except OSError:
        return None
    if not path.is_dir():
        return None
    return st.st_dev, st.st_ino, st.st_ctime_ns


def load_with(
    path: str | os.PathLike[str],
    open_store: Callable[[Path], Mapping[str, Any]],
    *,
    data_name: str = "_arrays",
    safe: bool = False,
    allow: Iterable[Any] = (),
    allow_modules: Iterable[str] = (),
    renames: Mapping[str, str] | None = None,
) -> Any:
    """``load`` once (no retry when the archive is replaced meanwhile), the
    module's external arrays coming from ``open_store(location)``.

    ``location`` is where the archive's store should be; it may not exist.
    Tools that look at archives without trusting their stores use this:
    ``persist diff`` substitutes placeholders for a store git does not have.
    """
    module, store = locate(Path(path))
    text = read_module(module)
    tree = None
    if safe:
        checked = _verify(text, str(module), data_name, allow, allow_modules, renames)
        tree = checked.tree
        if checked.store is not None:
            store = module.parent / checked.store
    else:
        named = store_named(text)  # by the array loader the module starts with
        if named is not None:
            store = module.parent / named
    namespace: dict[str, Any] = {
        "__name__": _LOAD_NAME,
        "__file__": str(module),
        "__builtins__": builtins if safe else builtins_with_renames(renames),
        data_name: open_store(store),
    }
    _run(text, str(module), namespace, tree)
    names = {
        k: v
        for k, v in namespace.items()
        if k not in ("__name__", "__file__", "__builtins__", data_name)
    }
    return _single_item(text, names)


def _single_item(text: str, names: dict[str, Any]) -> Any:
    """The object of a single-item archive (one written by persist 4, or by
    3.2, whose ending also leaves ``sys`` among the names), else ``names``."""
    if _SINGLE_ITEM_MARK in text and len(names) == 1:
        return next(iter(names.values()))
    ending = _SINGLE_ITEM_32.search(text)
    if ending is not None and ending[1] in names:
        return names[ending[1]]
    return names


def read_module(module: Path) -> str:
    """The text of an archive's module, decoded as ``import`` decodes it (a
    byte-order mark, an encoding declaration; see ``persist.source``)."""
    try:
        return read_source(module)
    except (OSError, SyntaxError, UnicodeDecodeError) as exc:
        raise LoadError(f"{module}: cannot read: {exc}", str(module)) from exc


def locate(path: Path) -> tuple[Path, Path]:
    """The module of the archive at ``path`` (a module, with or without its
    ``.py``, or a package directory) and where its array store should be."""
    beside = path.with_name(path.name + ".py")
    if path.is_dir() and not (path / "__init__.py").exists() and beside.exists():
        path = beside  # a plain folder is no package: import finds the module
    if path.is_dir():
        module = path / "__init__.py"
        if not module.exists():
            raise LoadError(
                f"{path}: not an archive package (no __init__.py)", str(path)
            )
        base = path / PACKAGE_STORE
    else:
        if path.suffix != ".py" and path.with_suffix(path.suffix + ".py").exists():
            path = path.with_suffix(path.suffix + ".py")
        if not path.exists():
            raise LoadError(f"{path}: no such archive", str(path))
        module = path
        base = path.with_name(path.stem + "_arrays")
    hdf5 = base.with_name(base.name + HDF5_SUFFIX)
    return module, hdf5 if hdf5.exists() and not base.exists() else base


def _syntax_error(exc: SyntaxError, filename: str) -> LoadError:
    line = (exc.text or "").rstrip("\n")
    caret = " " * max((exc.offset or 1) - 1, 0) + "^"
    return LoadError(
        f"{filename}:{exc.lineno}: {exc.msg}\n    {line}\n    {caret}",
        filename,
        exc.lineno,
    )


def _verify(
    text: str,
    filename: str,
    data_name: str,
    allow: Iterable[Any],
    allow_modules: Iterable[str],
    renames: Mapping[str, str] | None,
) -> Verified:
    try:
        return verify(
            text,
            filename,
            allow=allow,
            allow_modules=allow_modules,
            data_name=data_name,
            renames=renames,
        )
    except SyntaxError as exc:
        raise _syntax_error(exc, filename) from exc
    except UnsafeArchiveError as exc:
        if _WRITTEN_BY_32.search(text) is None:
            raise
        raise UnsafeArchiveError(
            f"{exc}\n(written by persist 3.2: safe loading reads archives written "
            "by persist 4; load it without safe=True if you trust it, and save it "
            "again with this version)",
            exc.filename,
            exc.lineno,
            exc.construct,
        ) from exc


class _Lines(list[str]):
    """The lines of a text, split only when first read: ``linecache`` needs
    them only for a traceback or a warning, and a large archive's split lines
    cost as much memory as its text, several times over."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text: str | None = text

    def _split(self) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            self.extend(text.splitlines(True))

    def __len__(self) -> int:
        self._split()
        return super().__len__()

    def __getitem__(self, index: Any) -> Any:
        self._split()
        return super().__getitem__(index)

    def __iter__(self) -> Iterator[str]:
        self._split()
        return super().__iter__()


def _whole(tree: ast.Module, filename: str) -> Iterator[CodeType]:
    yield compile(tree, filename, "exec", dont_inherit=True)


def _run(
    text: str, filename: str, namespace: dict[str, Any], tree: ast.Module | None = None
) -> None:
    """Compile and run ``text`` (or its already verified ``tree``).

    A large text is compiled and run a piece at a time (``persist.pieces``),
    so the compiler never holds the syntax tree of all of it; a syntax error
    in a later piece is found after the earlier pieces ran.

    While it runs, ``linecache`` knows the text under ``filename``, for
    warnings and tracebacks that show lines. The entry goes when the run
    succeeds; a failure keeps it for its traceback (``_keep_for_traceback``).

    A module that puts itself in ``sys.modules`` under the name it runs as
    (persist 3.2's single-item ending does so unconditionally) is taken out
    again: loading is not importing.
    """
    codes = pieces(text, filename) if tree is None else _whole(tree, filename)
    lines = _Lines(text)
    entry = (len(text), None, lines, filename)
    previous = linecache.cache.get(filename)
    linecache.cache[filename] = entry
    try:
        with no_cycle_collection():  # the objects it builds all stay alive
            while True:
                try:
                    code = next(codes)
                except StopIteration:
                    break
                except SyntaxError as exc:
                    raise _syntax_error(exc, filename) from exc
                exec(code, namespace)
    except BaseException as exc:
        _keep_for_traceback(filename, entry)
        if isinstance(exc, LoadError) or not isinstance(exc, Exception):
            raise
        lineno = None
        for frame, frame_line in traceback.walk_tb(sys.exc_info()[2]):
            if frame.f_code.co_filename == filename:
                lineno = frame_line
        where = f"{filename}:{lineno}" if lineno else filename
        source = ""
        if lineno and 0 < lineno <= len(lines):
            source = lines[lineno - 1].strip()
        raise LoadError(
            f"{where}: {type(exc).__name__}: {exc}"
            + (f"\n    {source}" if source else ""),
            filename,
            lineno,
        ) from exc
    finally:
        sys.modules.pop(_LOAD_NAME, None)
    if linecache.cache.get(filename) is entry:
        if previous is None:
            del linecache.cache[filename]
        else:
            linecache.cache[filename] = previous


# The texts of the last failed runs stay in linecache for their tracebacks,
# which are printed after the run; older ones go, so that repeated failures
# of big texts do not pile up.
_KEPT_FAILURES = 8
_kept: collections.deque[tuple[str, object]] = collections.deque()
_kept_lock = threading.Lock()


def _keep_for_traceback(filename: str, entry: object) -> None:
    with _kept_lock:
        _kept.append((filename, entry))
        while len(_kept) > _KEPT_FAILURES:
            old_name, old_entry = _kept.popleft()
            if linecache.cache.get(old_name) is old_entry:
                del linecache.cache[old_name]
