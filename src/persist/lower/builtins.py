"""Reducers for built-in containers and other built-in types.

    [1, 'a']          -> Run('list', (1, 'a'))       (atoms only: one node)
    [1, [2]]          -> Container('list', ...)      (items are nodes)
    range(0, 3)       -> Call(GlobalRef('builtins', 'range'), (0, 3))
    len               -> GlobalRef('builtins', 'len')

Subclasses of these types are not handled here: they go through the pickle
protocol so that their class is kept.
"""

from __future__ import annotations

import types
from typing import Any

from persist.ir.nodes import Call, Container, Node, Run
from persist.lower.core import ATOM_TYPES, Lowerer
from persist.lower.refs import reduce_global
from persist.lower.registry import reducer
from persist.lower.sort import canonical_order


def all_atoms(values: Any) -> bool:
    """Whether every item is an atom (then the container is one Run node)."""
    return set(map(type, values)) <= ATOM_TYPES


@reducer(list)
def reduce_list(obj: list[Any], ctx: Lowerer) -> Node:
    if all_atoms(obj):
        return Run("list", tuple(obj))
    ref = ctx.ref
    return Container("list", tuple([ref(item, i) for i, item in enumerate(obj)]))


@reducer(tuple)
def reduce_tuple(obj: tuple[Any, ...], ctx: Lowerer) -> Node:
    if all_atoms(obj):
        return Run("tuple", obj)
    ref = ctx.ref
    return Container("tuple", tuple([ref(item, i) for i, item in enumerate(obj)]))


@reducer(dict)
def reduce_dict(obj: dict[Any, Any], ctx: Lowerer) -> Node:
    if all_atoms(obj) and all_atoms(obj.values()):
        return Run("dict", tuple(x for pair in obj.items() for x in pair))
    ref = ctx.ref
    items: list[int] = []
    for i, (key, value) in enumerate(obj.items()):
        items.append(ref(key, f"<key {i}>"))
        items.append(
            ref(value, f"[{key!r}]" if type(key) in _SHOWN_KEYS else f"<value {i}>")
        )
    return Container("dict", tuple(items))


_SHOWN_KEYS = {str, int, bool, float, bytes, type(None)}


def _set_like(kind: str, obj: set[Any] | frozenset[Any], ctx: Lowerer) -> Node:
    ordered = canonical_order(obj)
    if all_atoms(ordered):
        return Run(kind, tuple(ordered))
    return Container(kind, tuple(ctx.ref(x, f"{{{i}}}") for i, x in enumerate(ordered)))


@reducer(set)
def reduce_set(obj: set[Any], ctx: Lowerer) -> Node:
    return _set_like("set", obj, ctx)


@reducer(frozenset)
def reduce_frozenset(obj: frozenset[Any], ctx: Lowerer) -> Node:
    return _set_like("frozenset", obj, ctx)


@reducer(bytearray)
def reduce_bytearray(obj: bytearray, ctx: Lowerer) -> Node:
    return Call(ctx.global_ref("builtins", "bytearray"), (ctx.atom(bytes(obj)),))


@reducer(range)
def reduce_range(obj: range, ctx: Lowerer) -> Node:
    args = (obj.start, obj.stop) if obj.step == 1 else (obj.start, obj.stop, obj.step)
    return Call(ctx.global_ref("builtins", "range"), tuple(ctx.atom(a) for a in args))


@reducer(slice)
def reduce_slice(obj: slice, ctx: Lowerer) -> Node:
    parts = (obj.start, obj.stop, obj.step)
    return Call(
        ctx.global_ref("builtins", "slice"),
        tuple(
            ctx.ref(p, f".{n}")
            for p, n in zip(parts, ("start", "stop", "step"), strict=False)
        ),
    )


@reducer(
    type,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.ModuleType,
    types.WrapperDescriptorType,
    types.MethodDescriptorType,
    types.ClassMethodDescriptorType,
)
def reduce_named(obj: Any, ctx: Lowerer) -> Node:
    return reduce_global(obj, ctx)


@reducer(types.MethodType)
def reduce_method(obj: types.MethodType, ctx: Lowerer) -> Node:
    from persist.ir.nodes import Attr

    return Attr(ctx.ref(obj.__self__, ".__self__"), obj.__func__.__name__)
