"""A canonical order for set elements, so that output never depends on hash seeds.

Atoms sort by type and value, tuples and frozensets by their elements, other
value objects (enum members, dates, paths) by type and ``repr``; objects whose
repr shows their address keep their relative order (they hash by identity,
which no order can make reproducible across processes, so we do not pretend).

Composites nested deeper than ``_NATURAL_DEPTH`` sort by a digest of their
contents instead (still the same in every process): natural keys of deep values
would recurse, and would cost time quadratic in the depth.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

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
    tp = type(obj)
    name = "~" + tp.__module__ + "." + tp.__qualname__
    try:
        text = repr(obj)  # values (enum members, dates, paths) repr the same everywhere
    except Exception:
        return (name,)
    return (name,) if " at 0x" in text else (name, text)


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
