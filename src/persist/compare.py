"""Looking into archives without writing code: summaries and semantic diffs,
used by ``persist show`` and ``persist diff``.

    describe([1, 2, 3])            -> 'list, 3 items'
    differences(old, new)          -> ["x['runs'][2]: 3 != 4", ...]

Both walk values with an explicit stack, so any depth works.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np


def describe(value: Any) -> str:
    """The type and size of a value, in a few words."""
    tp = type(value)
    name = (
        tp.__qualname__
        if tp.__module__ == "builtins"
        else f"{tp.__module__}.{tp.__qualname__}"
    )
    if isinstance(value, np.ndarray):
        return f"{name} {value.dtype} shape {value.shape}"
    if isinstance(value, (str, bytes, bytearray)):
        return (
            f"{name}, {len(value)} characters"
            if isinstance(value, str)
            else f"{name}, {len(value)} bytes"
        )
    if isinstance(value, (Mapping, list, tuple, set, frozenset)):
        return f"{name}, {len(value)} items"
    return name


class Missing:
    """Stands for an external array that is not available (e.g. in a git blob)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"<external array {self.key!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Missing) and other.key == self.key

    __hash__ = None  # type: ignore[assignment]


class MissingArrays(Mapping[str, Any]):
    """An array mapping whose every key is a ``Missing`` placeholder."""

    def __getitem__(self, key: str) -> Any:
        return Missing(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _same_leaf(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (
            a == b and math.copysign(1, a) == math.copysign(1, b)
        )
    if isinstance(a, np.ndarray):
        return (
            a.dtype == b.dtype
            and a.shape == b.shape
            and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        )
    try:
        return bool(a == b)
    except Exception:
        return repr(a) == repr(b)


def _parts(value: Any) -> list[tuple[str, Any]] | None:
    if isinstance(value, (list, tuple)):
        return [(f"[{i}]", v) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return [(f"[{k!r}]", v) for k, v in value.items()]
    if (
        hasattr(value, "__dict__")
        and not isinstance(value, type)
        and not callable(value)
    ):
        return [(f".{k}", v) for k, v in vars(value).items()]
    return None


def differences(
    old: Mapping[str, Any], new: Mapping[str, Any], limit: int = 50
) -> list[str]:
    """Human-readable differences between two archives' names and values."""
    out: list[str] = []
    for name in old:
        if name not in new:
            out.append(f"- {name}: removed ({describe(old[name])})")
    for name in new:
        if name not in old:
            out.append(f"+ {name}: added ({describe(new[name])})")
    seen: set[tuple[int, int]] = set()
    for name in new:
        if name not in old:
            continue
        stack: list[tuple[str, Any, Any]] = [(name, old[name], new[name])]
        while stack and len(out) < limit:
            where, a, b = stack.pop()
            if (id(a), id(b)) in seen:
                continue
            seen.add((id(a), id(b)))
            parts_a, parts_b = _parts(a), _parts(b)
            if parts_a is None or parts_b is None or type(a) is not type(b):
                if not _same_leaf(a, b):
                    out.append(f"~ {where}: {_short(a)} -> {_short(b)}")
                continue
            keys_a = dict(parts_a)
            keys_b = dict(parts_b)
            for label in keys_a:
                if label not in keys_b:
                    out.append(f"- {where}{label}: removed")
            for label in keys_b:
                if label not in keys_a:
                    out.append(f"+ {where}{label}: added ({_short(keys_b[label])})")
            for label in reversed([lab for lab in keys_b if lab in keys_a]):
                stack.append((where + label, keys_a[label], keys_b[label]))
    return out


def _short(value: Any, width: int = 60) -> str:
    text = repr(value) if not isinstance(value, np.ndarray) else describe(value)
    return text if len(text) <= width else text[: width - 3] + "..."
