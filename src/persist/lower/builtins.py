"""Reducers for built-in containers and other built-in types.

    [1, 'a']          -> Run('list', (1, 'a'))       (atoms only: one node)
    [1, [2]]          -> Run('list', (1, Run('list', (2,))), depth=2)
                         (when nothing else refers to the inner list)
    [1, x, x]         -> Container('list', ...)      (items are nodes)
    range(0, 3)       -> Call(GlobalRef('builtins', 'range'), (0, 3))
    len               -> GlobalRef('builtins', 'len')

Subclasses of these types are not handled here: they go through the pickle
protocol so that their class is kept.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterable
from itertools import chain
from typing import Any

from persist.ir.nodes import ATOM_TYPES, Call, Container, Node, Run, list_runs
from persist.lower.core import Lowerer, item_label
from persist.lower.refs import reduce_global
from persist.lower.registry import reducer
from persist.lower.sort import canonical_order
from persist.options import Options


def all_atoms(values: Any) -> bool:
    """Whether every item is an atom (then the container is one Run node)."""
    return set(map(type, values)) <= ATOM_TYPES


@reducer(list)
def reduce_list(obj: list[Any], ctx: Lowerer) -> Node:
    if all_atoms(obj):
        return Run("list", tuple(obj))
    folded = _fold(obj, ctx, LITERAL_DEPTH) if FOLDING else None
    if folded is not None:
        return folded
    return Container("list", ctx.items(obj))


# Folding unshared lists and dicts into their parent's Run. Whether an object
# is shared is read from its reference count: a list or dict that only its
# parent holds cannot be reached twice, so it needs no node (and no identity
# bookkeeping in the passes). The count a lone item shows is measured once, by
# the same code that reads it; interpreters whose counts are not exact (not
# CPython, or free-threaded) do not fold. Folding never changes the output: the
# folded values are written inline exactly as their nodes would be, and a
# folded Run is never deeper than the nesting budget, so hoisting is the same.
LITERAL_DEPTH = 8  # bracket levels one Run may hold (well under nesting_budget)


def _item_refs(item: Any) -> int:
    return sys.getrefcount(item)


def _lone_item_refs() -> tuple[int, int]:
    """What ``_item_refs`` reports for an item only its list (a dict) holds,
    read through the loops ``_fold`` uses."""
    for item in [object()]:
        in_list = _item_refs(item)
    for value in {0: object()}.values():
        in_dict = _item_refs(value)
    return in_list, in_dict


_LONE_IN_LIST, _LONE_IN_DICT = _lone_item_refs()
_FOLDABLE = frozenset({list, dict})


def _rows_refs(rows: list[Any]) -> set[int]:
    """The reference counts of a table's rows, read in one ``map``."""
    return set(map(sys.getrefcount, rows))


_LONE_ROW = min(_rows_refs([object()]))  # (an item only its list holds)


def _fold(obj: list[Any] | dict[Any, Any], ctx: Lowerer, levels: int) -> Run | None:
    """``obj`` as a Run holding its unshared list and dict items by value, or
    None when some item needs a node: shared, already lowered, not a literal,
    deeper than ``levels``, or holding more values than one statement should
    (``Options.statement_weight``; a node can be named or split, a value
    inside a Run cannot)."""
    facts = ctx.facts
    heights = facts.get(_HEIGHTS)
    if heights is not None and heights.get(id(obj), 0) > levels:
        return None  # nested deeper than a Run holds: measured by an earlier fold
    folded = _fold_weighed(obj, ctx, levels, ctx.options.statement_weight)
    if folded is not None:
        return folded[0]
    if facts.pop(_TOO_DEEP, False):
        if heights is None:
            heights = facts[_HEIGHTS] = {}
        _measure_heights(obj, heights)
    return None


# ``Lowerer.facts`` keys: a fold ran out of levels; the nesting height of the
# lists and dicts measured after that (``_measure_heights``)
_TOO_DEEP = "fold: too deep"
_HEIGHTS = "fold: heights"


def _measure_heights(obj: list[Any] | dict[Any, Any], heights: dict[int, int]) -> None:
    """Record, by ``id``, how many levels a Run needs to hold each list and dict
    nested in ``obj`` (1: no list or dict inside), so a fold known to run out
    of levels is not tried again at each level below (a chain of n nested
    lists would cost n * LITERAL_DEPTH steps). A reference cycle counts as no
    level: a height is never more than the fold needs, so no fold that could
    succeed is skipped."""
    stack: list[tuple[Any, bool]] = [(obj, False)]
    entered: set[int] = set()
    while stack:
        current, done = stack.pop()
        key = id(current)
        items = current if type(current) is list else current.values()
        if done:
            highest = 0
            for item in items:
                if type(item) in _FOLDABLE:
                    height = heights.get(id(item), 0)  # 0: on a cycle
                    if height > highest:
                        highest = height
            heights[key] = highest + 1
            continue
        if key in heights or key in entered:
            continue
        entered.add(key)
        stack.append((current, True))
        stack.extend(
            (item, False)
            for item in items
            if type(item) in _FOLDABLE and id(item) not in heights
        )


def _fold_weighed(
    obj: list[Any] | dict[Any, Any], ctx: Lowerer, levels: int, limit: int
) -> tuple[Run, int] | None:
    """``_fold``, with the number of values the Run holds."""
    if isinstance(obj, list):  # exactly list or dict: _FOLDABLE
        if levels > 1 and obj and set(map(type, obj)) == {list}:
            table = _fold_table(obj, ctx, limit)
            if table is not None:
                return table
        items: Iterable[Any] = obj
        lone = _LONE_IN_LIST
    else:
        if not all_atoms(obj):
            return None
        items = obj.values()
        lone = _LONE_IN_DICT
    memo = ctx.memo
    depth = 0
    total = 0
    weighs = 0  # passes.split.weight of the Run (which counts a dict's keys)
    values: list[Any] = []
    for item in items:  # the loop _lone_item_refs calibrates
        tp = type(item)
        if tp in ATOM_TYPES:
            values.append(item)
            total += 1
            continue
        if tp not in _FOLDABLE or _item_refs(item) != lone or id(item) in memo:
            return None
        if levels <= 1:
            ctx.facts[_TOO_DEEP] = True
            return None
        if tp is list and set(map(type, item)) <= ATOM_TYPES:  # a row: no loop
            if len(item) > limit:
                return None
            values.append(Run("list", tuple(item)))
            total += len(item) or 1
            weighs += (len(item) or 1) - 1  # -1: counted below as an item
            depth = depth or 1
            continue
        found = _fold_weighed(item, ctx, levels - 1, limit)
        if found is None or found[1] > limit:
            return None  # shared inside, or too big to sit in one statement
        run, size = found
        values.append(run)
        total += size
        weighs += run.size - 1
        if run.depth > depth:
            depth = run.depth
    weighs += len(values)
    if isinstance(obj, list):
        return Run("list", tuple(values), depth + 1, weighs or 1), max(total, 1)
    pairs = tuple(chain.from_iterable(zip(obj, values, strict=True)))
    weighs += len(obj)  # the keys
    return Run("dict", pairs, depth + 1, weighs or 1), max(total, 1)


def _fold_table(
    rows: list[list[Any]], ctx: Lowerer, limit: int
) -> tuple[Run, int] | None:
    """A list of rows of atoms (``[[0, 1, 2], [1, 2, 3], ...]``) folded as
    ``_fold_weighed``'s loop would fold it, each check made over all rows at
    once; None when any row needs that loop (it then decides)."""
    if (
        _rows_refs(rows) != {_LONE_ROW}
        or not ctx.memo.keys().isdisjoint(map(id, rows))
        or not set(map(type, chain.from_iterable(rows))) <= ATOM_TYPES
    ):
        return None
    sizes = list(map(len, rows))
    if max(sizes) > limit:
        return None
    total = sum(sizes) + sizes.count(0)  # an empty row weighs 1
    runs = tuple(list_runs(rows))
    return Run("list", runs, 2, total), total


def _folds_only_the_unshared() -> bool:
    """Run the fold on lists and dicts whose items are shared once more, and
    on ones whose items are not: counts that mislead (another interpreter,
    another bytecode) switch folding off instead of folding a shared item."""
    probe = Lowerer(Options())  # (nothing lowered: an empty memo)
    held = [1]
    shared_list = [[0], held]
    shared_dict = {"a": [0], "b": held}
    lone = [[0], [1, {"c": [2]}]]
    lone_table = [[0], [1, 2]]
    return (
        _fold_weighed(shared_list, probe, 4, 100) is None  # a table too
        and _fold_weighed(shared_dict, probe, 4, 100) is None
        and _fold_weighed(lone, probe, 4, 100) is not None
        and _fold_table(lone_table, probe, 100) is not None
        and _fold_table(shared_list, probe, 100) is None
    )


FOLDING = (
    sys.implementation.name == "cpython"
    and getattr(sys, "_is_gil_enabled", lambda: True)()
    and _LONE_IN_LIST >= 2
    and _LONE_IN_DICT >= 2
    and _LONE_ROW >= 2
    and _folds_only_the_unshared()
)


@reducer(tuple)
def reduce_tuple(obj: tuple[Any, ...], ctx: Lowerer) -> Node:
    if all_atoms(obj):
        return Run("tuple", obj)
    return Container("tuple", ctx.items(obj))


@reducer(dict)
def reduce_dict(obj: dict[Any, Any], ctx: Lowerer) -> Node:
    if all_atoms(obj) and all_atoms(obj.values()):
        return Run("dict", tuple(chain.from_iterable(obj.items())))
    folded = _fold(obj, ctx, LITERAL_DEPTH) if FOLDING else None
    if folded is not None:
        return folded
    ref = ctx.ref
    items: list[int] = []
    for i, (key, value) in enumerate(obj.items()):
        items.append(ref(key, f"<key {i}>"))
        shown = type(key) in _SHOWN_KEYS
        items.append(ref(value, item_label(key, i) if shown else f"<value {i}>"))
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
