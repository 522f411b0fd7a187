"""DataSet: a directory of lazily importable items with metadata, safe for
concurrent processes.

    <path>/<name>/
        _this_dir_is_a_DataSet      marks the directory
        __init__.py                 _info_dict: metadata, one block per key
        x.py                        the item x: importing it gives the object
        x_data/<digest>/            its external arrays (or x_data/<digest>.h5)

``import <name>`` gives only ``_info_dict``; ``import <name>.x`` loads x. The
package imports with nothing but Python and numpy.

Concurrency and crash safety:

- Writers hold a ``filelock`` lock (an OS lock, released if the holder dies)
  around every change: item files and ``__init__.py`` are read, modified and
  replaced under it, so concurrent writers never lose each other's keys.
- Every file is replaced atomically, through a temporary file beside it. A
  writer killed before the replacement leaves that file behind; the next
  write of the same file removes it (under the lock, no other write is under
  way, so every temporary file found then is a dead writer's).
- An item's arrays are written first under a name derived from their
  content, then the item module that points to them is replaced. The
  generation it no longer points to is *retired*, not removed: a reader (a
  plain ``import`` too) may have read the old module and not yet opened its
  arrays, however many versions the writer adds meanwhile. A later write of
  the item removes generations retired more than ``RETIRED_GRACE`` seconds
  before (the previous one always stays; ``persist.store.generations``). A
  reader sees the old item or the new one, never a mix, and never a missing
  file, unless it stalls longer than the grace between reading an item
  module and opening its arrays.
- Readers take no lock. Metadata is re-read whenever ``__init__.py`` changed on
  disk (its text is compared on every access), so updates are seen at once.
- ``__init__.py`` holds one block per key, so writing one key costs the same
  however many keys there are, and one broken value leaves the others readable.
"""

from __future__ import annotations

import contextlib
import keyword
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from persist.archive import _SINGLE_ITEM
from persist.dataset_files import (
    check_item_module,
    check_key,
    check_names_fit,
    file_exists,
)
from persist.errors import ArchiveError, InvalidNameError, LoadError
from persist.load import load
from persist.metadata import (
    assemble,
    block_text,
    has_block,
    read_metadata,
    splice,
    written_by_blocks,
)
from persist.options import Options
from persist.pipeline import compile_archive
from persist.store.arrays import check_format, loader_source
from persist.store.atomic import (
    is_temporary_of,
    remove_temporaries,
    write_bytes,
    write_module,
)
from persist.store.generations import (
    digest,
    generation_of,
    remove_old_generations,
    retire,
    write_generation,
)
from persist.store.layout import check_normal_form

__all__ = ["DataSet", "DataSetError", "DataSetLockedError"]

MARKER = "_this_dir_is_a_DataSet"
LOCK = ".persist.lock"
OWNER = ".persist.lock.owner"
# what creating a DataSet writes, the marker last
_CREATED = ("__init__.py", "__pycache__", MARKER)


class DataSetError(ArchiveError, ValueError):
    """A DataSet cannot be opened or changed (missing, not a DataSet, read-only,
    locked by another process).

    Also a ValueError: persist 3.2 raised ValueError for these, and code
    written for it catches that."""


class DataSetLockedError(DataSetError, TimeoutError):
    """Another process held the DataSet's lock for longer than ``timeout``.

    Also a TimeoutError, hence an OSError: persist 3.2 raised IOError here."""


class DataSet:
    """A directory of named items that load lazily, with metadata.

    ``ds.x = value`` stores an item, ``ds.x`` loads it (anew on every access),
    ``ds['x'] = info`` stores metadata and ``ds['x']`` reads it.

    Parameters
    ----------
    module_name : str
        Name of the directory (and importable package) under ``path``.
    mode : {'r', 'w', 'a'}
        'r' reads only; 'w' and 'a' create the DataSet if missing and otherwise
        open it for writing, keeping its items.
    path : str
        Directory that holds the DataSet.
    array_threshold : int
        Arrays with more elements are stored in ``.npy`` or HDF5 files.
    data_format : {'npy', 'hdf5'}
        Format of those files.
    timeout : float
        Seconds to wait for another writer's lock before raising
        DataSetLockedError.
    synchronize : bool
        True (default): lock around each change. False: a writable DataSet
        holds the lock from opening until ``close()``.
    backup_data : bool
        Keep the previous version of an overwritten item as ``<key>.py.bak``.
    scoped : bool
        Write item modules in the scoped style.
    mmap : bool
        Open large ``.npy`` arrays of items memory-mapped (read-only).
    name_prefix : str
        Prefix of names generated by ``_insert``.
    """

    def __init__(
        self,
        module_name: str,
        mode: str = "r",
        path: str | os.PathLike[str] = ".",
        synchronize: bool = True,
        _reload: bool = False,
        array_threshold: float = 100,
        data_format: str = "npy",
        backup_data: bool = False,
        name_prefix: str = "x_",
        timeout: float = 60,
        scoped: bool = False,
        mmap: bool = False,
    ) -> None:
        if not (
            isinstance(module_name, str) and module_name.isidentifier()
        ) or keyword.iskeyword(module_name):
            raise InvalidNameError(
                f"DataSet name {module_name!r} is not a valid identifier"
            )
        check_normal_form(module_name, "DataSet name")
        if mode not in ("r", "w", "a"):
            raise ValueError(f"mode must be 'r', 'w' or 'a', not {mode!r}")
        check_format(data_format)
        state = self.__dict__
        state["_name"] = module_name
        state["_mode"] = mode
        state["_path"] = Path(path)
        state["_dir"] = Path(path) / module_name
        state["_synchronize"] = synchronize
        state["_array_threshold"] = array_threshold
        state["_data_format"] = data_format
        state["_backup_data"] = backup_data
        state["_name_prefix"] = name_prefix
        state["_timeout"] = timeout
        state["_scoped"] = scoped
        state["_mmap"] = mmap
        state["_cache"] = (None, {}, {})  # (stat key, info, broken keys)
        # the process that holds the lock from opening until close()
        # (synchronize=False): not a forked child of it
        state["_held"] = None
        if mode == "r":
            self._check_exists()
        else:
            self._create()
            if not synchronize:
                self._acquire(self._lock())
                state["_held"] = os.getpid()

    # -- opening ------------------------------------------------------------------
    def _check_exists(self) -> None:
        directory = self._dir
        if directory.exists() and not directory.is_dir():
            raise DataSetError(f"{str(directory)!r} is not a DataSet (not a directory)")
        if not directory.is_dir():
            raise DataSetError(f"DataSet {str(directory)!r} does not exist")
        if not (directory / MARKER).exists():
            raise DataSetError(
                f"{str(directory)!r} is not a DataSet (no {MARKER} file); "
                "refusing to use it"
            )
        if not (directory / "__init__.py").exists():
            raise DataSetError(
                f"DataSet {str(directory)!r} has lost its __init__.py; "
                "refusing to treat it "
                f"as empty (restore the file, or remove the directory to start anew)"
            )

    def _create(self) -> None:
        directory = self._dir
        if directory.exists() and not (directory / MARKER).exists():
            # a creator (another process now, or one killed) takes the lock
            # before it writes anything: with the lock file there, the check
            # under the lock decides
            if not directory.is_dir() or _foreign_entries(directory, unless=LOCK):
                raise DataSetError(
                    f"{str(directory)!r} exists and is not a DataSet (no {MARKER} file)"
                )
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataSetError(
                f"cannot create DataSet {str(directory)!r}: {exc}"
            ) from exc
        with self._locked():
            if (directory / MARKER).exists():
                self._check_exists()
                return
            # the marker is written last: a creator killed before it may
            # have left the rest, which this creation completes
            if _foreign_entries(directory, also=_CREATED):
                raise DataSetError(
                    f"{str(directory)!r} exists and is not a DataSet (no {MARKER} file)"
                )
            for name in _CREATED:
                remove_temporaries(directory / name)
            write_module(directory / "__init__.py", assemble(self._name, {}))
            write_bytes(directory / MARKER, b"")

    # -- locking ------------------------------------------------------------------
    def _lock(self) -> FileLock:
        """This process's lock of the DataSet.

        One (reentrant) lock per DataSet: a change made while this DataSet
        already holds it (``_insert`` writing its item) must not wait for
        itself. And one per process: a forked child cannot use its parent's
        (filelock refuses it), it takes the lock for itself."""
        owned = self.__dict__.get("_filelock")
        if owned is None or owned[0] != os.getpid():
            owned = (
                os.getpid(),
                FileLock(str(self._dir / LOCK), timeout=self._timeout),
            )
            self.__dict__["_filelock"] = owned
        lock: FileLock = owned[1]
        return lock

    def _holding(self) -> bool:
        """Whether this process holds the lock from opening until ``close()``."""
        return bool(self.__dict__.get("_held") == os.getpid())

    def _acquire(self, lock: FileLock) -> None:
        try:
            lock.acquire()
        except Timeout:
            holder = ""
            with contextlib.suppress(OSError):
                holder = (self._dir / OWNER).read_text().strip()
            who = f" by process {holder}" if holder else ""
            raise DataSetLockedError(
                f"DataSet {str(self._dir)!r} is locked{who}; "
                f"gave up after {self._timeout} s"
            ) from None
        except OSError as exc:  # a read-only directory or file system
            raise DataSetError(
                f"DataSet {str(self._dir)!r} cannot be written: its lock file "
                f"cannot be opened ({exc.strerror or exc}); mode='r' reads it"
            ) from exc
        with contextlib.suppress(OSError):
            (self._dir / OWNER).write_text(f"{os.getpid()}\n")

    def _locked(self) -> _Locked:
        return _Locked(self)

    def close(self) -> None:
        """Release the lock a ``synchronize=False`` writer holds."""
        if self._holding():
            self._lock().release()
        self.__dict__["_held"] = None

    _close = close  # persist 3.2's name

    def __enter__(self) -> DataSet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()

    # -- pickling (for worker processes) -------------------------------------------
    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _reopen,
            (
                self._name,
                "a" if self._mode != "r" else "r",
                str(self._path),
                {
                    "array_threshold": self._array_threshold,
                    "data_format": self._data_format,
                    "backup_data": self._backup_data,
                    "name_prefix": self._name_prefix,
                    "timeout": self._timeout,
                    "scoped": self._scoped,
                    "mmap": self._mmap,
                },
            ),
        )

    # -- metadata -------------------------------------------------------------------
    def _metadata(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The current ``_info_dict`` and the keys whose value failed to load."""
        init = self._dir / "__init__.py"
        try:
            text = init.read_text(encoding="utf-8")
        except FileNotFoundError:
            self._check_exists()
            raise
        # compared by content: a stat can miss a change (a replacement may get
        # the freed inode number back, and the same size and mtime)
        cached_text, info, broken = self.__dict__["_cache"]
        if cached_text == text:
            return info, broken
        info, broken = read_metadata(init, text)
        self.__dict__["_cache"] = (text, info, broken)
        return info, broken

    def _keys(self) -> list[str]:
        info, broken = self._metadata()
        return list(info) + [k for k in broken if k not in info]

    def __getitem__(self, key: str) -> Any:
        info, broken = self._metadata()
        if key in broken:
            raise DataSetError(
                f"metadata {key!r} of DataSet {str(self._dir)!r} is broken: "
                f"{broken[key]}"
            )
        try:
            return info[key]
        except KeyError:
            raise KeyError(f"DataSet {str(self._dir)!r} has no key {key!r}") from None

    def __setitem__(self, key: str, value: Any) -> None:
        self._writable()
        check_key(key, self._dir)
        with self._locked():
            self._set_metadata(key, value, replace=True)

    def _set_metadata(self, key: str, value: Any, replace: bool) -> None:
        """Add or replace ``key``'s block in ``__init__.py`` (lock held).

        Only that block is compiled and spliced in, so the cost does not grow
        with the number of other keys (beyond copying the text)."""
        init = self._dir / "__init__.py"
        text = init.read_text(encoding="utf-8")
        if not replace and has_block(text, key):
            return
        if not written_by_blocks(text):  # hand-written or persist 3.2: rebuild
            info, broken = read_metadata(init)
            if broken:
                raise DataSetError(
                    f"cannot rewrite {init}: keys {sorted(broken)} do not load; "
                    "fix them first"
                )
            blocks = {k: block_text(k, v) for k, v in info.items()}
            blocks[key] = block_text(key, value)
            _rewrite(init, assemble(self._name, blocks))
            return
        _rewrite(init, splice(text, key, block_text(key, value)))

    def __contains__(self, key: object) -> bool:
        info, broken = self._metadata()
        return key in info or key in broken

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def keys(self) -> list[str]:
        """The keys, in the order they were added."""
        return self._keys()

    def __dir__(self) -> list[str]:
        return sorted(set(self._keys()) | set(object.__dir__(self)))

    def __repr__(self) -> str:
        # the path as joined by os.path, as persist 3.2 showed it ('./runs')
        shown = os.path.join(str(self._path), self._name)
        return f"DataSet {shown!r} containing {sorted(self._keys())}"

    __str__ = __repr__

    # -- items ------------------------------------------------------------------------
    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self._load_item(key, self._mmap)

    def load(self, key: str, mmap: bool | None = None) -> Any:
        """Load item ``key`` (memory-mapped if asked, else as the DataSet says)."""
        return self._load_item(key, self._mmap if mmap is None else mmap)

    def _load_item(self, key: str, mmap: bool) -> Any:
        module = self._dir / f"{key}.py"
        for attempt in range(5):
            if not file_exists(module):
                if key in self:
                    return None  # metadata without data
                raise AttributeError(f"DataSet {str(self._dir)!r} has no item {key!r}")
            try:
                check_item_module(module, key)
                return load(module, mmap=mmap)
            except LoadError as exc:
                # a writer replaced the item while we read it: read the new one
                if attempt == 4 or "array" not in str(exc):
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def __setattr__(self, key: str, value: Any) -> None:
        if key.startswith("_"):
            raise AttributeError(f"names starting with '_' are reserved: {key!r}")
        if hasattr(type(self), key):
            raise InvalidNameError(
                f"{key!r} is a DataSet method, so ds.{key} would not read the item "
                f"back: store it with ds.update({key}=...), read it with "
                f"ds.load({key!r})"
            )
        self._writable()
        check_key(key, self._dir)
        self._write_item(key, value)

    def _insert(self, *objs: Any, info: Any = None, **named: Any) -> list[str]:
        """Store items, each with ``info`` as its metadata, under one hold of
        the lock; return their names.

        The persist 3.2 forms: ``_insert(a=obj, info=info)`` stores ``obj``
        as ``a``; ``_insert(obj, info=info)`` under a fresh
        ``<name_prefix><n>``. ``_insert(obj, name='a')`` names the one
        positional object; without one, ``name=`` is an item called
        ``name``, as it was in 3.2.
        """
        self._writable()
        chosen = named.pop("name", None) if objs else None
        if chosen is not None:
            if len(objs) != 1:
                raise TypeError(f"name={chosen!r} names one object, not {len(objs)}")
            named, objs = {chosen: objs[0], **named}, ()
        for key in named:
            check_key(key, self._dir)
        with self._locked():
            pairs = list(named.items()) + list(
                zip(self._fresh(len(objs)), objs, strict=True)
            )
            for key, obj in pairs:
                self._write_item(key, obj)
                self._set_metadata(key, info, replace=True)
        return [key for key, _ in pairs]

    def _fresh(self, count: int) -> list[str]:
        """``count`` names ``<name_prefix><n>`` that no key has (lock held)."""
        taken = set(self._keys())
        names: list[str] = []
        n = 0
        while len(names) < count:
            name = f"{self._name_prefix}{n}"
            if name not in taken:
                check_key(name, self._dir)
                names.append(name)
            n += 1
        return names

    def update(self, items: Mapping[str, Any] | None = None, /, **more: Any) -> None:
        """Store several items, with a progress bar when stderr is a terminal."""
        self._writable()
        pairs = list(dict(items or {}, **more).items())
        for key, _ in pairs:
            check_key(key, self._dir)
        shown: Iterable[tuple[str, Any]] = pairs
        if len(pairs) > 1 and sys.stderr.isatty():
            from tqdm import tqdm

            # (only then: even a disabled bar starts tqdm's monitor thread,
            # which lives on, and forking a process with threads is unsafe)
            shown = tqdm(pairs, desc=f"DataSet {self._name}")
        for key, value in shown:
            self._write_item(key, value)

    def _writable(self) -> None:
        if self._mode == "r":
            raise DataSetError(
                f"DataSet {str(self._dir)!r} is opened read-only (mode='r')"
            )

    def _write_item(self, key: str, value: Any) -> None:
        fmt = self._data_format
        digests: list[str] = []

        def loader(arrays: dict[str, Any]) -> str:
            digests.append(digest(arrays))
            location = f"{key}_data/{digests[0]}" + ("" if fmt == "npy" else ".h5")
            return loader_source(fmt, location, list(arrays), "_arrays")

        compiled = compile_archive(
            [(key, value)],
            Options(scoped=self._scoped, array_threshold=self._array_threshold),
            prologue=loader,
            epilogue=_SINGLE_ITEM.format(name=key),
        )
        if fmt == "npy":  # (an HDF5 store is one file, named by a digest)
            files = [f"{name}.npy" for name in compiled.arrays]
            check_names_fit(key, files, self._dir)
        with self._locked():
            module = self._dir / f"{key}.py"
            previous = generation_of(module)
            store = None
            if compiled.arrays:
                store = f"{key}_data/{digests[0]}" + ("" if fmt == "npy" else ".h5")
                (self._dir / f"{key}_data").mkdir(exist_ok=True)
                write_generation(self._dir / store, compiled.arrays, fmt)
            if self._backup_data and module.exists():
                shutil.copy2(module, module.with_name(module.name + ".bak"))
            now = time.time()
            if previous is not None and previous != store:
                # stamped before the module stops pointing to it: a crash in
                # between leaves it current with a fresh stamp, which is harmless
                retire(self._dir / previous, now)
            _rewrite(module, compiled.text)
            self._set_metadata(key, None, replace=False)
            remove_old_generations(self._dir, key, keep={store, previous}, now=now)


class _Locked:
    """The dataset's lock as a context manager (a no-op when already held)."""

    def __init__(self, dataset: DataSet) -> None:
        self.dataset = dataset
        self.lock: FileLock | None = None

    def __enter__(self) -> None:
        if not self.dataset._holding():
            self.lock = self.dataset._lock()
            self.dataset._acquire(self.lock)

    def __exit__(self, *exc: object) -> None:
        if self.lock is not None:
            self.lock.release()


def _rewrite(module: Path, text: str) -> None:
    """Write ``module`` (lock held), removing first the temporary files that
    killed writes of it left: every write of a DataSet's files is made under
    the lock, so none found while holding it belongs to a live write."""
    remove_temporaries(module)
    write_module(module, text)


def _foreign_entries(
    directory: Path, also: tuple[str, ...] = (), unless: str | None = None
) -> bool:
    """Whether ``directory`` holds anything but the lock files, ``also`` and
    the temporary files of ``also``; never when it holds ``unless`` (one
    listing decides both: a file that appears meanwhile changes nothing)."""
    with os.scandir(directory) as entries:
        names = [e.name for e in entries]
    if unless is not None and unless in names:
        return False
    return any(
        name not in (LOCK, OWNER, *also)
        and not any(is_temporary_of(name, made) for made in also)
        for name in names
    )


def _reopen(name: str, mode: str, path: str, options: dict[str, Any]) -> DataSet:
    return DataSet(name, mode, path, **options)
