"""The reducer registry: which IR node an object becomes, decided by its type.

A reducer is ``def reduce_x(obj, ctx) -> Node``; it refers to the object's parts
with ``ctx.ref(part, label)`` and never recurses itself. Lookup order:

1. a reducer registered for the exact type;
2. the object's own hook (``__persist__``, or persist 3.2's ``get_persistent_rep``);
3. a reducer registered by dotted name for a type whose module is not imported
   (``scipy.sparse`` stays unimported until such an object shows up);
4. a reducer registered with ``subclasses=True`` for a class in the MRO (enums,
   numpy scalars, dtypes);
5. the pickle protocol.

Registering a type twice is an error, so two modules cannot fight over a type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from persist.ir.nodes import Node
    from persist.lower.core import Lowerer

Reducer = Callable[[Any, "Lowerer"], "Node"]

_exact: dict[type, Reducer] = {}
_by_name: dict[str, Reducer] = {}
_subclass: dict[type, Reducer] = {}
_resolved: dict[type, Reducer] = {}
_fallbacks: list[Reducer] = []


def reducer(*types: type, subclasses: bool = False) -> Callable[[Reducer], Reducer]:
    """Register a reducer for ``types`` (and their subclasses if asked)."""

    def register(func: Reducer) -> Reducer:
        table = _subclass if subclasses else _exact
        for tp in types:
            if tp in table:
                raise ValueError(f"a reducer for {tp!r} is already registered")
            table[tp] = func
        _resolved.clear()
        return func

    return register


def reducer_by_name(*names: str) -> Callable[[Reducer], Reducer]:
    """Register a reducer for types named ``module.QualName`` without importing them."""

    def register(func: Reducer) -> Reducer:
        for name in names:
            if name in _by_name:
                raise ValueError(f"a reducer for {name} is already registered")
            _by_name[name] = func
        _resolved.clear()
        return func

    return register


def set_fallbacks(*funcs: Reducer) -> None:
    """The reducers tried last, in order: hooks first, then the pickle protocol.

    ``funcs[0]`` handles the objects' own hooks, ``funcs[-1]`` the pickle protocol.
    """
    _fallbacks[:] = funcs
    _resolved.clear()


def lookup(tp: type) -> Reducer:
    """The reducer for objects of type ``tp`` (cached per type)."""
    found = _resolved.get(tp)
    if found is not None:
        return found
    found = _exact.get(tp)
    if found is None and (
        hasattr(tp, "__persist__") or hasattr(tp, "get_persistent_rep")
    ):
        found = _fallbacks[0]
    if found is None:
        found = _by_name.get(f"{tp.__module__}.{tp.__qualname__}")
    if found is None:
        for base in tp.__mro__:
            found = _subclass.get(base)
            if found is not None:
                break
    if found is None:
        found = _fallbacks[-1]
    _resolved[tp] = found
    return found
