"""Loading archives written before a class or module moved.

    persist.load(path, renames={'old.module.Name': 'new.module.Name',
                                'old.module': 'new.module'})

The archive runs with an ``__import__`` that looks every imported name up
through ``renames`` first: an exact entry for the dotted name wins, otherwise
the longest renamed prefix (a module) is replaced. Nothing in the file changes;
save the loaded objects again to write the new names.
"""

from __future__ import annotations

import builtins
import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from persist.errors import LoadError


def rename(dotted: str, renames: Mapping[str, str]) -> str:
    """``dotted`` after applying ``renames`` (exact name, else longest prefix)."""
    if dotted in renames:
        return renames[dotted]
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in renames:
            return ".".join([renames[prefix], *parts[cut:]])
    return dotted


def resolve(dotted: str) -> Any:
    """Import the longest importable module prefix of ``dotted``, then follow
    attributes for the rest."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attribute in parts[cut:]:
                obj = getattr(obj, attribute)
        except AttributeError as exc:
            raise ImportError(f"cannot import {dotted}: {exc}") from exc
        return obj
    raise ImportError(f"no module named {parts[0]!r} (while importing {dotted})")


class _Renamed:
    """Stands for a module whose attributes are looked up through renames."""

    def __init__(self, dotted: str, renames: Mapping[str, str]) -> None:
        self._dotted = dotted
        self._renames = renames

    def __getattr__(self, name: str) -> Any:
        full = f"{self._dotted}.{name}"
        target = rename(full, self._renames)
        try:
            return resolve(target)
        except ImportError:
            if target != full:
                raise
            return _Renamed(full, self._renames)  # a package on the way down


def builtins_with_renames(renames: Mapping[str, str] | None) -> Any:
    """The builtins an archive runs with: the real ones, or a copy whose
    ``__import__`` applies ``renames``."""
    if not renames:
        return builtins
    table = dict(renames)
    real_import = builtins.__import__

    def renaming_import(
        name: str,
        globals: Mapping[str, Any] | None = None,
        locals: Mapping[str, Any] | None = None,
        fromlist: Sequence[str] | None = (),
        level: int = 0,
    ) -> Any:
        touched = rename(name, table) != name or any(
            key.startswith(name + ".") for key in table
        )
        if level or not touched:
            return real_import(name, globals, locals, fromlist or (), level)
        if fromlist:
            return _Renamed(name, table)
        return _Renamed(name.split(".", 1)[0], table)

    namespace = dict(vars(builtins))
    namespace["__import__"] = renaming_import
    return namespace


def check_renames(renames: Mapping[str, str] | None) -> None:
    """Refuse a renames table that is not a mapping of dotted names."""
    if renames is None:
        return
    for old, new in dict(renames).items():
        for name in (old, new):
            if not (
                isinstance(name, str) and all(p.isidentifier() for p in name.split("."))
            ):
                raise LoadError(f"renames: {name!r} is not a dotted name")
