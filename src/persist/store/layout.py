"""Saving archives as importable modules and packages.

    package=True                       package=False
    <dir>/<name>/__init__.py           <dir>/<name>.py
    <dir>/<name>/_arrays/x.npy         <dir>/<name>_arrays/x.npy
    (or <dir>/<name>/_arrays.h5)       (or <dir>/<name>_arrays.h5)

What is atomic:

- package layout: the whole package. It is built complete in a twin directory
  and exchanged with the old one in one rename, so a crash leaves the old
  package or the new one, never a mix, plus a hidden ``.<name>.*.new`` twin
  that the next save removes. ``persist.load`` sees the old archive or the new
  one (it reads again when the package was exchanged while it read); a plain
  ``import`` racing a save reads the text, then the arrays by path, and can
  get arrays of the next version.
- module layout: each file (the ``.py``, each ``.npy``, the ``.h5``) and the
  ``_arrays`` directory are replaced atomically, the arrays first and the
  module last. A reader catching the moment between the two steps can see new
  arrays under the old text; use the package layout when readers run
  concurrently with writers.

Files whose bytes would not change are left alone (same mtime), unchanged
arrays are hard-linked into the new package, and a save that changes nothing
touches nothing.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from persist.errors import ArchiveError, InvalidNameError
from persist.store.arrays import (
    FORMATS,
    HDF5_SUFFIX,
    NPY,
    check_format,
    link_store,
    npy_writer,
    same_npy,
    store_named,
    store_path,
    write_hdf5,
    write_npy_dir,
)
from persist.store.atomic import (
    compile_checked,
    link_or_copy,
    remove_temporaries,
    replace_directory,
    same_content,
    twin_directory,
    write_module,
    write_stream,
)

PACKAGE_STORE = "_arrays"


def check_module_name(name: str) -> None:
    import keyword

    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise InvalidNameError(f"module name {name!r} is not a valid Python identifier")
    check_normal_form(name, "module name")


def is_normal_form(name: str) -> bool:
    """Whether Python reads the identifier ``name`` as itself: it reads
    identifiers in NFKC normal form, so ``ﬁt`` (a ligature) is ``fit`` and a
    micro sign is a Greek mu."""
    return unicodedata.normalize("NFKC", name) == name


def check_normal_form(name: str, what: str) -> None:
    """Refuse a name that Python would read as another (``is_normal_form``):
    two such names merge into one, and ``import ﬁle`` looks for ``file.py``."""
    if not is_normal_form(name):
        normal = unicodedata.normalize("NFKC", name)
        raise InvalidNameError(
            f"{what} {name!r} is read as {normal!r} in Python source (identifiers "
            f"are NFKC-normalised); use {normal!r}"
        )


def store_location(data_format: str, package: bool, name: str) -> str:
    """The store's file or directory name, relative to the module's directory."""
    base = PACKAGE_STORE if package else f"{name}_arrays"
    return base if data_format == "npy" else base + ".h5"


def is_own_store(location: Path, text: str | None) -> bool:
    """Whether ``location`` is a store persist wrote, which a save may replace
    or remove: the archive's old text ``text`` reads it, and it holds only
    what persist writes there (``.npy`` files; an HDF5 store is one file). A
    folder named like a store may be the user's (another archive, their own
    data): it is never replaced or removed."""
    if text is None or store_named(text) != location.name or location.is_symlink():
        return False
    if location.suffix == HDF5_SUFFIX:
        return location.is_file()
    return _holds_only_npy(location)


def _holds_only_npy(location: Path) -> bool:
    """Whether ``location`` is a directory of ``.npy`` files and nothing else."""
    return (
        location.is_dir()
        and not location.is_symlink()
        and all(
            entry.suffix == NPY and entry.is_file() and not entry.is_symlink()
            for entry in location.iterdir()
        )
    )


def check_own_store(location: Path, text: str | None) -> None:
    """Refuse, before anything is written, to replace a store that persist did
    not write (``is_own_store``)."""
    if not (location.exists() or location.is_symlink()):
        return
    if is_own_store(location, text):
        return
    why = (
        "the archive there does not read it"
        if text is None or store_named(text) != location.name
        else "it holds files persist does not write there"
    )
    raise ArchiveError(
        f"cannot write the archive's arrays to {location}: it exists and is not"
        f" a store persist wrote ({why}); move it away or choose another name"
    )


def module_text(path: Path) -> str | None:
    """The text of the archive module at ``path``, or None if there is none."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _write_store(
    location: Path, arrays: Mapping[str, Any], data_format: str, previous: Path | None
) -> bool:
    if data_format == "npy":
        return write_npy_dir(location, arrays, previous)
    if previous is not None and previous.exists():
        link_or_copy(previous, location)
    return write_hdf5(location, arrays)


def _sweep_twins(target: Path) -> None:
    """Remove half-built twins a crashed save left behind."""
    for stale in target.parent.glob(f".{target.name}.*.new"):
        shutil.rmtree(stale, ignore_errors=True)


def save_package(
    directory: Path,
    name: str,
    text: str,
    arrays: Mapping[str, Any],
    data_format: str,
    backup: bool,
) -> Path:
    """Write ``<directory>/<name>/`` atomically; return its path."""
    target = directory / name
    if target.exists() and not target.is_dir():
        raise ArchiveError(f"cannot write the archive at {target}: not a directory")
    _sweep_twins(target)
    twin = twin_directory(target)
    try:
        changed = _fill_package(twin, target, text, arrays, data_format)
        if not changed:
            shutil.rmtree(twin)
            return target
        replace_directory(
            twin, target, target.with_name(name + ".bak") if backup else None
        )
    except BaseException:
        shutil.rmtree(twin, ignore_errors=True)
        raise
    return target


def _fill_package(
    twin: Path, target: Path, text: str, arrays: Mapping[str, Any], data_format: str
) -> bool:
    existed = target.is_dir()
    init, old_init = twin / "__init__.py", target / "__init__.py"
    old_text = module_text(old_init) if existed else None
    stores = (PACKAGE_STORE, PACKAGE_STORE + HDF5_SUFFIX)
    wanted = store_location(data_format, True, "") if arrays else None
    if wanted is not None:
        check_own_store(target / wanted, old_text)
    # the stores the old archive read; any other is the user's, and kept
    own = {n for n in stores if existed and is_own_store(target / n, old_text)}
    changed = not existed
    if existed and same_content(old_init, text.encode("utf-8")):
        link_or_copy(old_init, init)
        compile_checked(init, text)
    else:
        write_module(init, text)
        changed = True
    ours = {"__init__.py", "__pycache__"} | own
    if wanted is not None:
        previous = target / wanted if wanted in own else None
        if _write_store(twin / wanted, arrays, data_format, previous):
            changed = True
    if existed:
        for entry in target.iterdir():
            if entry.name in ours:
                continue
            # keep what the user put in the package
            if entry.is_dir():
                shutil.copytree(entry, twin / entry.name, copy_function=os.link)
            else:
                link_or_copy(entry, twin / entry.name)
        if own != ({wanted} if wanted else set()):
            changed = True
    return changed


def save_module(
    directory: Path,
    name: str,
    text: str,
    arrays: Mapping[str, Any],
    data_format: str,
    backup: bool,
) -> Path:
    """Write ``<directory>/<name>.py`` and its sibling store; return the module path.

    With ``backup``, a save that changes anything keeps the previous version
    whole: its text as ``<name>.py.bak`` and the store it read as
    ``<store>.bak``, an unchanged store hard-linked (a text and a store of
    different versions do not make an archive)."""
    module = directory / f"{name}.py"
    base = directory / f"{name}_arrays"
    # temporary files and stashes a crashed save of this module left behind
    for path in (module, base):
        remove_temporaries(path)
    old_text = module_text(module)
    wanted = store_path(base, data_format) if arrays else None
    if wanted is not None:
        if _unread_leftover(wanted, old_text):
            _set_aside(wanted)
        check_own_store(wanted, old_text)
    owned = [store_path(base, f) for f in FORMATS]
    old_store = next((s for s in owned if is_own_store(s, old_text)), None)
    keep = backup and old_text is not None
    if keep:
        _check_backups_free([_backup_of(p) for p in (module, *owned)])
    stashes: dict[Path, Path] = {}  # backup -> the stash holding it meanwhile
    try:
        text_stash = _stash(module) if keep else None
        store_changed = old_store != wanted
        if wanted is not None:
            stash = _stash_path(wanted) if keep and wanted == old_store else None
            store_changed |= _replace_store(wanted, arrays, data_format, stash)
            if stash is not None and store_changed:
                stashes[_backup_of(wanted)] = stash
        changed = write_module(module, text) or store_changed
        if old_store is not None and old_store != wanted:
            # a store the new text no longer reads
            if keep:
                stashes[_backup_of(old_store)] = _stash_path(old_store)
                os.replace(old_store, stashes[_backup_of(old_store)])
            else:
                _remove(old_store)
        if keep and changed:
            if old_store is not None and not store_changed:
                stashes[_backup_of(old_store)] = _stash(old_store)
            if text_stash is not None:
                stashes[_backup_of(module)] = text_stash  # last: text after arrays
            _keep_backups(stashes, [_backup_of(s) for s in owned])
    finally:
        for path in (module, *owned):
            _remove(_stash_path(path))
    return module


def _unread_leftover(location: Path, text: str | None) -> bool:
    """Whether ``location`` looks like a store persist writes (``.npy`` files
    only, or one HDF5 file) that the archive's text does not read: what a
    save killed between writing its store and its module leaves (the store
    is written first), or arrays of the user's under that name."""
    if location.is_symlink() or (
        text is not None and store_named(text) == location.name
    ):
        return False
    if location.suffix == HDF5_SUFFIX:
        return location.is_file()
    return _holds_only_npy(location)


def _set_aside(location: Path) -> Path:
    """Move ``location`` to the first free ``<name>.unread``, ``.unread-2``, ...
    beside it, saying so: not read by the archive, it may still be someone's,
    so it is kept, not removed."""
    aside = location.with_name(location.name + ".unread")
    n = 2
    while aside.exists() or aside.is_symlink():
        aside = location.with_name(f"{location.name}.unread-{n}")
        n += 1
    os.replace(location, aside)
    warnings.warn(
        f"{location} is not read by the archive saved there; it was moved to"
        f" {aside.name} to make room for the archive's arrays",
        stacklevel=4,
    )
    return aside


def _keep_backups(stashes: Mapping[Path, Path], store_backups: list[Path]) -> None:
    """Move each stash to its backup name; remove the backups of stores that
    the previous version did not read (they belong to an older one)."""
    for old in store_backups:
        if old not in stashes and (old.is_file() or _holds_only_npy(old)):
            _remove(old)
    for backup, stash in stashes.items():
        if backup.is_dir() and _holds_only_npy(backup):
            shutil.rmtree(backup)
        os.replace(stash, backup)


def _replace_store(
    location: Path, arrays: Mapping[str, Any], data_format: str, stash: Path | None
) -> bool:
    """Write the store at ``location``; True if it changed. With ``stash``,
    the store it replaces is kept there."""
    if data_format == "hdf5":
        if stash is not None and location.exists():
            _remove(stash)
            link_or_copy(location, stash)
        return write_hdf5(location, arrays)
    _sweep_twins(location)
    twin = twin_directory(location)
    try:
        previous = location if location.is_dir() else None
        shutil.rmtree(twin)
        if _write_store(twin, arrays, data_format, previous):
            replace_directory(twin, location, stash)
            return True
        shutil.rmtree(twin)
        return False
    except BaseException:
        shutil.rmtree(twin, ignore_errors=True)
        raise


def _check_backups_free(backups: list[Path]) -> None:
    """Refuse, before anything is written, a save whose backups could not be
    put in place: a directory holding other files than a store's where a
    backup goes (found only after the new version was written, the previous
    one was lost)."""
    for backup in backups:
        if backup.is_symlink() or (backup.is_dir() and not _holds_only_npy(backup)):
            raise ArchiveError(
                f"cannot keep the previous version as {backup}: it exists and is"
                " not a backup persist wrote; move it away, or save with"
                " backup_data=False"
            )


def _backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _stash_path(path: Path) -> Path:
    """A hidden temporary name beside ``path`` for its old contents, kept
    while ``path`` is replaced, then renamed to the backup in one step."""
    return path.with_name(f".{path.name}.{os.getpid()}.bak.tmp")


def _stash(path: Path) -> Path:
    """Hard-link ``path`` (a file or a store directory) to its stash."""
    stash = _stash_path(path)
    _remove(stash)
    link_store(path, stash)
    return stash


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def save_store(
    datafile: Path, arrays: Mapping[str, Any], data_format: str, backup: bool
) -> Path:
    """Write only the arrays (``Archive.save_data``): ``<key>.npy`` files in the
    directory ``datafile``, or one HDF5 file (``.h5`` added when the name has
    no HDF5 suffix). The directory may hold other files, which stay: each
    array file is replaced by itself, an unchanged one not at all; with
    ``backup`` the file it replaces is kept as ``<key>.npy.bak``."""
    check_format(data_format)
    datafile = Path(datafile)
    if data_format == "hdf5":
        if datafile.suffix.lower() not in (".h5", ".hdf5", ".hd5", ".hf5"):
            datafile = datafile.with_name(datafile.name + ".h5")
        datafile.parent.mkdir(parents=True, exist_ok=True)
        stash = _stash_path(datafile) if backup else None
        try:
            changed = _replace_store(datafile, arrays, data_format, stash)
            if changed and stash is not None and stash.exists():
                os.replace(stash, _backup_of(datafile))
        finally:
            if stash is not None:
                _remove(stash)
        return datafile
    datafile.mkdir(parents=True, exist_ok=True)
    for key, array in arrays.items():
        array = np.asanyarray(array)
        target = datafile / (key + NPY)
        if same_npy(target, array):
            continue
        if backup and target.exists():
            old = target.with_name(target.name + ".bak")
            old.unlink(missing_ok=True)
            link_or_copy(target, old)
        write_stream(target, npy_writer(array))
    return datafile


def wrap_os_error(path: Path, exc: OSError) -> ArchiveError:
    return ArchiveError(f"cannot write the archive at {path}: {exc.strerror or exc}")
