"""The allow-list: which callables an archive may call, which modules it may
import from, and which steps the objects those calls return accept.

    Policy().call_flags(list)                 -> MUTABLE (setitem, append, ...)
    Policy(allow=[Point]).call_flags(Point)   -> OWN (setattr, __setstate__ too)
    Policy().call_flags(eval)                 -> None: refused

Nothing here runs code of the objects it is asked about: a class is read
through ``type``'s own descriptors, attributes with ``inspect.getattr_static``.
It does not read archives; ``verifier.py`` does, asking this module.
"""

from __future__ import annotations

import builtins
import collections
import datetime
import decimal
import enum
import fractions
import importlib
import inspect
import pathlib
import sys
import types
import uuid
from collections.abc import Iterable
from typing import Any

import numpy as np

MUTABLE = 1  # setitem, append, extend, update
SETTABLE = 2  # setattr, __setstate__, __dict__.update
OWN = MUTABLE | SETTABLE

# the builtins an archive may call by name, and the steps their results accept
BUILTIN_FLAGS = {
    **dict.fromkeys(
        ("bool", "int", "float", "complex", "str", "bytes", "tuple", "frozenset")
        + ("range", "slice", "object"),
        0,
    ),
    **dict.fromkeys(("list", "dict", "set", "bytearray"), MUTABLE),
}
_DEFAULT_MODULES = frozenset(
    {"builtins", "numpy", "datetime", "decimal", "fractions", "uuid", "collections"}
    | {"pathlib", "scipy.sparse"}
)
_SPARSE = frozenset(
    f"{fmt}_{kind}"
    for fmt in ("csr", "csc", "bsr", "coo", "dia", "lil", "dok")
    for kind in ("matrix", "array")
)


def _defaults() -> dict[int, tuple[Any, int]]:
    table: dict[int, tuple[Any, int]] = {}

    def add(flags: int, *objects: Any) -> None:
        for obj in objects:
            table[id(obj)] = (obj, flags)

    for name, flags in BUILTIN_FLAGS.items():
        add(flags, getattr(builtins, name))
    add(MUTABLE, np.array, np.zeros, np.empty)
    add(0, np.dtype, decimal.Decimal, fractions.Fraction, uuid.UUID)
    add(0, uuid.SafeUUID)  # an enum: UUID(..., is_safe=SafeUUID.safe)
    add(0, datetime.date, datetime.datetime, datetime.time, datetime.timedelta)
    add(0, datetime.timezone, pathlib.PurePath, pathlib.PurePosixPath)
    add(
        0, pathlib.PureWindowsPath, pathlib.Path, pathlib.PosixPath, pathlib.WindowsPath
    )
    add(MUTABLE, collections.OrderedDict, collections.defaultdict)
    add(MUTABLE, collections.Counter, collections.deque)
    # pure Python classes, rebuilt through the pickle protocol with setattr steps
    add(OWN, collections.ChainMap, collections.UserDict, collections.UserList)
    add(OWN, collections.UserString)
    return table


_DEFAULTS = _defaults()


def _within(module: Any, roots: tuple[str, ...]) -> bool:
    return type(module) is str and any(
        module == root or module.startswith(root + ".") for root in roots
    )


def is_class(obj: Any) -> bool:
    """``isinstance(obj, type)`` without asking ``obj`` (no ``__class__`` lookup)."""
    return issubclass(type(obj), type)


def plain_lookup(obj: Any) -> bool:
    """Whether ``obj.name`` at run time finds what ``getattr_static`` finds: no
    ``__getattribute__`` of its own class (metaclass, module subclass)."""
    own = inspect.getattr_static(type(obj), "__getattribute__", None)
    return own is type.__getattribute__ or own is types.ModuleType.__getattribute__


def class_attribute(cls: type, name: str) -> Any:
    """``cls.__module__`` (or ``__name__``, ``__qualname__``) as ``type`` stores it,
    whatever the metaclass says."""
    return type.__dict__[name].__get__(cls, type)


class Policy:
    """Which callables an archive may call, and which modules it may import from.

    Parameters
    ----------
    allow : iterable
        Classes or functions the archive may call, in addition to the defaults.
    allow_modules : iterable of str
        Modules whose classes (those defined in them or in their submodules)
        the archive may call.
    """

    def __init__(
        self, allow: Iterable[Any] = (), allow_modules: Iterable[str] = ()
    ) -> None:
        from persist.lower.refs import find_global

        if isinstance(allow_modules, str):
            allow_modules = (allow_modules,)
        self.modules = tuple(allow_modules)
        for module in self.modules:
            if not isinstance(module, str):
                raise TypeError(f"allow_modules takes module names, not {module!r}")
        if isinstance(allow, type) or callable(allow):
            allow = (allow,)
        self.allowed = {id(obj): obj for obj in allow}
        importable = set(_DEFAULT_MODULES)
        for obj in self.allowed.values():
            home = getattr(obj, "__module__", None)
            if isinstance(home, str):
                importable.add(home)
            found = find_global(obj)
            if found is not None:
                importable.add(found[0])
        self.importable = frozenset(importable)

    def module(self, name: str) -> Any:
        """The module ``name`` if an archive may import from it, else None.

        Only the default modules and ``allow_modules`` are imported here; the
        modules of ``allow`` objects are used only once imported. Importing
        runs the module: never a ``__main__`` (a package's command line); the
        running script's, already imported, may hold allowed classes."""
        found = sys.modules.get(name)
        if found is None and (name in _DEFAULT_MODULES or _within(name, self.modules)):
            if any(part.startswith("__") for part in name.split(".")):
                return None
            found = importlib.import_module(name)
        if name in self.importable or _within(name, self.modules):
            return found
        return None

    def call_flags(self, obj: Any) -> int | None:
        """None if ``obj`` may not be called; else the steps its results accept."""
        found = _DEFAULTS.get(id(obj))
        if found is not None and found[0] is obj:
            return found[1]
        obj_is_class = is_class(obj)
        if obj_is_class:
            module = class_attribute(obj, "__module__")
            if issubclass(obj, np.generic) and module == "numpy":
                return 0
            if _within(module, ("scipy.sparse",)):
                return 0 if class_attribute(obj, "__name__") in _SPARSE else None
        if self.allowed.get(id(obj)) is obj or (
            obj_is_class and _within(class_attribute(obj, "__module__"), self.modules)
        ):
            # enum members are shared singletons: no steps on them
            return 0 if obj_is_class and issubclass(obj, enum.Enum) else OWN
        return None
