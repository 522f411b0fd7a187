"""A canonical order for set elements, so that output never depends on hash seeds.

Atoms sort by type and value, tuples and frozensets by their elements, other
value objects (enum members, dates, paths) by type and ``repr``. An object whose
repr shows its address (an instance with the default repr, a function) sorts by
what pickle would save of it instead, ``_content``: its iteration order comes
from hashes of strings or of addresses, which differ between processes.

    {Tag('b'), Tag('a')}        ->  {Tag('a'), Tag('b')}    (by their state)
    {helper, assemble}          ->  {assemble, helper}      (by qualified name)

Composites nested deeper than ``_NATURAL_DEPTH`` sort by a digest of their
contents instead (still the same in every process): natural keys of deep values
would recurse, and would cost time quadratic in the depth.
"""

from __future__ import annotations

import copyreg
import hashlib
import types
from collections import deque
from collections.abc import Iterable
from itertools import chain, islice
from typing import Any

import numpy as np

_NATURAL_DEPTH = 20
_COMPOSITES = (tuple, frozenset)


def sort_key(obj: Any) -> tuple[Any, ...]:
    """A key that orders equal-typed atoms by value and composites by parts."""
    tp = type(obj)
    if tp is int or tp is bool:
        return (tp.__name__, obj)
    if tp is str or tp is bytes:
        return (tp.__name__, obj)
    if tp is float or tp is complex:
        return (tp.__name__, repr(obj))
    if obj is None or obj is Ellipsis:
        return (tp.__name__,)
    if tp in _COMPOSITES:
        if _deeper_than(obj, _NATURAL_DEPTH):
            return ("~digest", _digest(obj))
        if tp is tuple:
            return ("tuple", tuple(sort_key(x) for x in obj))
        return ("frozenset", tuple(sorted(sort_key(x) for x in obj)))
    return _other_key(obj)


def _other_key(obj: Any) -> tuple[Any, ...]:
    name = _type_name(obj)
    try:
        text = repr(obj)  # values (enum members, dates, paths) repr the same everywhere
    except Exception:
        text = None
    if text is None or " at 0x" in text:
        return (name, "", _content(obj))
    return (name, text)


def _type_name(obj: Any) -> str:
    tp = type(obj)
    return "~" + tp.__module__ + "." + tp.__qualname__


_NEWOBJ = copyreg.__newobj__  # type: ignore[attr-defined]
_CONTENT_BUDGET = 32  # tokens per element: keys stay cheap, ties stay rare
_ATOMS = frozenset({int, bool, float, complex, str, bytes, type(None), type(Ellipsis)})


def _content(obj: Any) -> tuple[tuple[Any, ...], ...]:
    """What pickle would save of ``obj``, as tokens that compare alike in every
    process: the objects reachable through its reduction, breadth first, up to
    ``_CONTENT_BUDGET`` tokens. An atom is its ``sort_key``; an object met
    again is its number in the walk; a class, function or module is its
    qualified name; a small nested set is the sorted types and atoms it holds
    (its own order would need this very key), a large one its size; an array
    is its dtype and shape (its bytes may hold uninitialised padding). Tags
    start with ``~``, atoms' type names never do: no two kinds of token are
    compared past their first item."""
    tokens: list[tuple[Any, ...]] = []
    seen: dict[int, int] = {}
    keep: list[Any] = []  # so that no id is reused while the walk runs
    queue = deque([obj])
    while queue and len(tokens) < _CONTENT_BUDGET:
        current = queue.popleft()
        tp = type(current)
        if tp in _ATOMS:
            tokens.append(sort_key(current))
            continue
        if id(current) in seen:
            tokens.append(("~again", seen[id(current)]))
            continue
        seen[id(current)] = len(seen)
        keep.append(current)
        if _is_global(current):
            tokens.append(("~global", _global_name(current)))
        elif tp is tuple or tp is list:
            tokens.append(("~" + tp.__name__, len(current)))
            queue.extend(islice(current, _CONTENT_BUDGET))
        elif tp is dict:
            tokens.append(("~dict", len(current)))
            pairs = chain.from_iterable(current.items())
            queue.extend(islice(pairs, _CONTENT_BUDGET))
        elif tp is set or tp is frozenset:
            small = len(current) <= _CONTENT_BUDGET
            held = tuple(sorted(map(_shallow, current))) if small else ()
            tokens.append(("~" + tp.__name__, len(current), held))
        elif isinstance(current, np.ndarray):
            tokens.append(("~array", current.dtype.str, current.shape))
        else:
            if current is not obj:  # (the key names the root's type already)
                tokens.append((_type_name(current),))
            queue.extend(_reduction(current))
    return tuple(tokens)


def _is_global(obj: Any) -> bool:
    """Whether pickle saves ``obj`` by its name: a class, a function, a
    module, a builtin function of a module (``len``, not ``[].append``)."""
    if isinstance(obj, types.BuiltinFunctionType):
        return obj.__self__ is None or isinstance(obj.__self__, types.ModuleType)
    return isinstance(obj, (type, types.FunctionType, types.ModuleType))


def _global_name(obj: Any) -> str:
    """``module.qualname`` of a class or function; a module's name."""
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    module = getattr(obj, "__module__", None)
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    return f"{module}.{name}"


def _shallow(obj: Any) -> tuple[Any, ...]:
    """``obj``'s key if an atom, else its type's name: a set's element, read
    without looking inside."""
    return sort_key(obj) if type(obj) in _ATOMS else (_type_name(obj),)


def _reduction(obj: Any) -> list[Any]:
    """The parts pickle would save of ``obj`` (the lowering's reduction), or
    none if it refuses."""
    reduce = copyreg.dispatch_table.get(type(obj))
    try:
        rv = reduce(obj) if reduce is not None else obj.__reduce_ex__(4)
    except Exception:
        return []
    if not isinstance(rv, tuple):
        return [rv]  # a global's name
    parts = list(rv[:3])
    if parts[0] is _NEWOBJ and parts[1:2] == [(type(obj),)]:
        del parts[:2]  # the usual cls.__new__(cls): the key names the class already
    for items in rv[3:5]:  # list and dict items: iterators, read up to the budget
        if items is not None:
            parts.append(list(islice(items, _CONTENT_BUDGET)))
    return parts


def _deeper_than(obj: Any, limit: int) -> bool:
    """Whether tuples/frozensets nest more than ``limit`` levels inside ``obj``."""
    stack = [(obj, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((x, depth + 1) for x in current if type(x) in _COMPOSITES)
    return False


def _digest(obj: Any) -> str:
    """A process-independent digest of a nested tuple/frozenset, computed
    iteratively (children first), each distinct object once."""
    done: dict[int, bytes] = {}
    stack = [obj]
    while stack:
        current = stack[-1]
        if id(current) in done:
            stack.pop()
            continue
        pending = [x for x in current if type(x) in _COMPOSITES and id(x) not in done]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        parts = [
            done[id(x)] if type(x) in _COMPOSITES else repr(sort_key(x)).encode()
            for x in current
        ]
        if type(current) is frozenset:
            parts.sort()
        hasher = hashlib.blake2b(type(current).__name__.encode(), digest_size=16)
        for part in parts:
            hasher.update(part)
        done[id(current)] = hasher.digest()
    return done[id(obj)].hex()


def canonical_order(items: Iterable[Any]) -> list[Any]:
    """``items`` sorted by ``sort_key`` (stable for keys that tie)."""
    items = list(items)
    if len(items) < 2:
        return items  # nothing to order: compute no key (deep values are costly)
    return sorted(items, key=sort_key)
