"""What a DataSet's files must be: keys that name files (and modules) well,
and item modules that bind their object.

A key is checked before anything is written: a key Python would read as
another name, or one too long for the file system's names, failed in the
middle of a write before.
"""

from __future__ import annotations

import keyword
import os
from pathlib import Path

from persist.errors import InvalidNameError, LoadError
from persist.store.atomic import temporary_name_bytes
from persist.store.layout import check_normal_form


def check_item_module(module: Path, key: str) -> None:
    """An item module binds its object in ``sys.modules``; one that does not
    (emptied or cut short) would load as a dict of whatever names it defines."""
    try:
        text = module.read_text(encoding="utf-8")
    except FileNotFoundError:
        return  # replaced meanwhile: load() reads the new one
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(
            f"{module}: cannot read item {key!r}: {exc}", str(module)
        ) from exc
    if "modules[__name__]" not in text:
        raise LoadError(
            f"{module}: item {key!r} is damaged or truncated (it never binds the "
            f"item in sys.modules)",
            str(module),
        )


def check_key(key: str, directory: Path) -> None:
    if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
        raise InvalidNameError(f"DataSet key {key!r} is not a valid identifier")
    if key.startswith("_"):
        raise InvalidNameError(
            f"DataSet key {key!r}: names starting with '_' are reserved"
        )
    check_normal_form(key, "DataSet key")
    check_names_fit(key, [f"{key}.py"], directory)


def check_names_fit(key: str, names: list[str], directory: Path) -> None:
    """Refuse ``key`` when a file it names (of ``names``, in ``directory``)
    would be too long for the file system: before writing, not in the middle
    of a write. Each is written through a temporary file whose name is 17
    bytes longer (``.x.py.<random>.tmp``); the bytecode cache's can be longer
    still, but a cache that cannot be written is no error."""
    try:
        limit = os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # (no pathconf on Windows)
        limit = 255
    longest = max(names, key=temporary_name_bytes, default=None)
    if longest is not None and temporary_name_bytes(longest) > limit:
        raise InvalidNameError(
            f"DataSet key {key!r} is too long: the temporary file of {longest!r} "
            f"would have a name of {temporary_name_bytes(longest)} bytes, and "
            f"names in {str(directory)!r} have at most {limit}"
        )


def file_exists(path: Path) -> bool:
    """``path.exists()``, False for a name too long to be a file's: asking for
    such an item is asking for one that is not there (hasattr(ds, long)
    raised OSError)."""
    try:
        return path.exists()
    except OSError:
        return False
