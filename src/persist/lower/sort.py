"""A canonical order for set elements, so that output never depends on hash seeds.

Atoms sort by type and value, tuples and frozensets by their elements, other
value objects (enum members, dates, paths) by type and ``repr``; objects whose
repr shows their address keep their relative order (they hash by identity,
which no order can make reproducible across processes, so we do not pretend).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


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
    if tp is tuple:
        return ("tuple", tuple(sort_key(x) for x in obj))
    if tp is frozenset:
        return ("frozenset", tuple(sorted(sort_key(x) for x in obj)))
    name = "~" + tp.__module__ + "." + tp.__qualname__
    try:
        text = repr(obj)  # values (enum members, dates, paths) repr the same everywhere
    except Exception:
        return (name,)
    return (name,) if " at 0x" in text else (name, text)


def canonical_order(items: Iterable[Any]) -> list[Any]:
    """``items`` sorted by ``sort_key`` (stable for keys that tie)."""
    return sorted(items, key=sort_key)
