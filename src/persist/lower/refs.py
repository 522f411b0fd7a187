"""References to module-level objects: classes, functions, modules, builtins.

    numpy.sin      -> GlobalRef('numpy', 'sin')
    os.path        -> GlobalRef('os.path', None)
    Outer.Inner    -> GlobalRef('pkg.mod', 'Outer.Inner')

A reference is written only if importing it gives back the very same object;
lambdas and functions defined inside functions cannot be imported and are
reported with their place in the object graph.
"""

from __future__ import annotations

import importlib
import os
import pickle
import sys
import types
from typing import Any

from persist.ir.nodes import Attr, GlobalRef, Node
from persist.lower.core import Lowerer, unarchivable


def resolve(module: str, qualname: str) -> Any:
    """The object ``qualname`` of ``module``, importing it if needed."""
    mod = sys.modules.get(module) or importlib.import_module(module)
    obj: Any = mod
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def find_global(obj: Any, name: str | None = None) -> tuple[str, str] | None:
    """``(module, qualname)`` under which ``obj`` can be imported, or None."""
    qualname = (
        name or getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    )
    if not isinstance(qualname, str) or "<" in qualname:
        return None
    module = getattr(obj, "__module__", None)
    if not isinstance(module, str):
        self_ = getattr(obj, "__self__", None)
        module = (
            getattr(self_, "__name__", None)
            if isinstance(self_, types.ModuleType)
            else None
        )
    candidates = [module] if module else []
    if module and "._" in module:
        # prefer the public package that re-exports it (scipy.sparse, not ._csr)
        candidates.insert(0, module.split("._", 1)[0])
    if module is None or module == "__main__":
        try:
            candidates.append(pickle.whichmodule(obj, qualname))  # type: ignore[attr-defined]
        except Exception:  # pragma: no cover - whichmodule is defensive already
            pass
    for candidate in candidates:
        if not candidate:
            continue
        try:
            if resolve(candidate, qualname) is obj:
                return candidate, qualname
        except Exception:
            continue
    if module == "builtins" and isinstance(obj, type):
        # type(None), type(...), the function type: importable only from types
        for public, value in vars(types).items():
            if value is obj:
                return "types", public
    return None


def reduce_global(obj: Any, ctx: Lowerer) -> Node:
    """A GlobalRef for an importable module-level object."""
    if isinstance(obj, types.ModuleType):
        if obj is os.path:
            return GlobalRef("os.path", None)  # portable: not posixpath or ntpath
        name = obj.__name__
        if sys.modules.get(name) is not obj:  # made by hand, or not this import
            why = f"it is not sys.modules[{name!r}]: 'import {name}' would not give it"
            raise unarchivable(ctx, obj, why)
        return GlobalRef(name, None)
    self_ = getattr(obj, "__self__", None)
    if (
        isinstance(obj, types.BuiltinFunctionType)
        and self_ is not None
        and not isinstance(self_, types.ModuleType)
    ):
        # a bound builtin method such as ``[].append``
        found = find_global(obj)
        if found is None:
            return Attr(ctx.ref(self_, ".__self__"), obj.__name__)
    found = find_global(obj)
    if found is None:
        qualname = getattr(obj, "__qualname__", repr(obj))
        why = (
            "it is defined inside a function or is a lambda, so it cannot be imported"
            if "<" in str(qualname)
            else f"{qualname} cannot be imported from its module "
            f"{getattr(obj, '__module__', None)!r}"
        )
        raise unarchivable(ctx, obj, why)
    return GlobalRef(*found)
