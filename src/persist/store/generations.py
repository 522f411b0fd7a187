"""The array generations of DataSet items: content-addressed stores, retired
rather than removed when an item is rewritten.

    <dataset>/x_data/<digest>/a.npy     (or x_data/<digest>.h5)

An item's arrays are written under a name derived from their content, then the
item module that points to them is replaced (``persist.dataset``). The
generation it no longer points to is stamped retired and removed only
``RETIRED_GRACE`` seconds later, so that a reader that has read the old module
still finds its arrays. It is removed by renaming it aside first: a generation
under its own name is always whole, and a write of the same content reuses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from persist.store.arrays import npy_bytes, store_named, write_hdf5
from persist.store.atomic import twin_directory, write_bytes

# seconds an array generation outlives the item module that last pointed to it
# (for readers that have read that module and not yet opened the arrays)
RETIRED_GRACE = 60.0


def digest(arrays: dict[str, Any]) -> str:
    hasher = hashlib.blake2b(digest_size=8)
    for key, array in arrays.items():
        hasher.update(key.encode())
        hasher.update(npy_bytes(np.asanyarray(array)))
    return hasher.hexdigest()


def write_generation(location: Path, arrays: dict[str, Any], fmt: str) -> None:
    if _complete(location, arrays, fmt):
        return  # same content digest: already written
    _discard(location)  # a part of one (removed by hand, or by an older persist)
    if fmt == "hdf5":
        write_hdf5(location, arrays)
        return
    twin = twin_directory(location)
    try:
        for key, array in arrays.items():
            write_bytes(twin / f"{key}.npy", npy_bytes(np.asanyarray(array)))
        os.replace(twin, location)
    except BaseException:
        shutil.rmtree(twin, ignore_errors=True)
        raise


def _complete(location: Path, arrays: dict[str, Any], fmt: str) -> bool:
    """Whether the generation at ``location`` holds every one of ``arrays``
    (each of its files is written whole, so one that is there is complete)."""
    if fmt == "hdf5":
        return location.is_file()
    return all((location / f"{key}.npy").is_file() for key in arrays)


def _discard(generation: Path) -> None:
    """Remove ``generation``, renamed aside first, in one step: a removal
    killed midway then leaves a hidden leftover, which no item module names,
    and the next write of the item removes, never a generation that misses
    some files, which a write of the same content would take as written."""
    aside = generation.with_name(f".{generation.name}.{secrets.token_hex(4)}.gone")
    try:
        os.replace(generation, aside)
    except FileNotFoundError:
        return
    _remove(aside)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def generation_of(module: Path) -> str | None:
    """The generation the item ``module`` reads (``<key>_data/<digest>``,
    ``.h5`` added for HDF5), or None when it has no arrays."""
    try:
        return store_named(module.read_text(encoding="utf-8"))
    except OSError:
        return None


def retire(store: Path, now: float) -> None:
    """Stamp an array generation with the moment it stops being current (its
    mtime; nothing else writes into a generation once it is complete)."""
    with contextlib.suppress(OSError):
        os.utime(store, (now, now))


def remove_old_generations(
    directory: Path, key: str, keep: set[str | None], now: float
) -> None:
    """Remove the array generations of ``key`` other than those in ``keep``
    that were retired more than ``RETIRED_GRACE`` seconds before ``now``.

    A reader doing a plain ``import`` reads the item module, then opens the
    arrays it names; a generation removed in between fails that import with
    FileNotFoundError. Keeping only the previous generation is not enough: a
    reader descheduled for a moment (a loaded machine) lets the writer add
    several versions meanwhile. So removal waits for a time, not a count.

    Hidden entries go at once: twins and temporary files of killed writes,
    generations that a killed removal set aside. Each was made by a writer
    holding the DataSet's lock, as the caller does, so none is in use."""
    folder = directory / f"{key}_data"
    if not folder.is_dir():
        return
    limit = now - RETIRED_GRACE
    old, leftovers = [], []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                leftovers.append(Path(entry.path))
                continue
            if f"{key}_data/{entry.name}" in keep:
                continue
            try:
                retired = entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if retired < limit:
                old.append(Path(entry.path))
    for path in leftovers:
        _remove(path)
    for path in old:
        _discard(path)
    with os.scandir(folder) as entries:
        empty = not any(entries)
    if empty:
        folder.rmdir()
