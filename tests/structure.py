"""Deep comparison of two object graphs: types, values and identity structure.

``assert_same_structure(a, b)`` walks both graphs side by side with an explicit
stack (any depth), and fails unless every pair of objects has the same exact
type and value, and the sharing is the same: an object reached twice in ``a``
corresponds to one object reached twice in ``b``, and distinct mutable objects
stay distinct. Floats compare by bits (``-0.0 != 0.0``, ``nan == nan``).
"""

from __future__ import annotations

import math
import types
from typing import Any

import numpy as np

from persist.lower.sort import canonical_order

_VALUES = (int, float, complex, str, bytes, bool, type(None), type(Ellipsis))


def _same_float(x: float, y: float) -> bool:
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return x == y and math.copysign(1.0, x) == math.copysign(1.0, y)


def _same_atom(x: Any, y: Any) -> bool:
    if type(x) is float:
        return _same_float(x, y)
    if type(x) is complex:
        return _same_float(x.real, y.real) and _same_float(x.imag, y.imag)
    return bool(x == y)


def _same_array(x: np.ndarray, y: np.ndarray) -> bool:
    if x.dtype != y.dtype or x.shape != y.shape:
        return False
    if x.ndim > 1 and x.flags.f_contiguous != y.flags.f_contiguous:
        return False
    if x.dtype.hasobject:
        return True  # elements are compared as children
    if x.dtype.names:  # field by field, so NaT and -0.0 fields are judged as above
        return all(_same_array(x[name], y[name]) for name in x.dtype.names)
    if x.dtype.kind in "mM":  # NaT != NaT: compare the underlying integers
        return bool(np.array_equal(x.view(np.int64), y.view(np.int64)))
    if x.dtype.kind in "fc":
        same_sign = np.array_equal(
            np.signbit(x.real), np.signbit(y.real)
        ) and np.array_equal(
            np.signbit(x.imag), np.signbit(y.imag)
        )  # -0.0 == 0.0 for array_equal
        return bool(np.array_equal(x, y, equal_nan=True)) and bool(same_sign)
    return bool(np.array_equal(x, y))


def _state(obj: Any) -> dict[str, Any]:
    state: dict[str, Any] = {}
    if hasattr(obj, "__dict__"):
        state.update(vars(obj))
    for cls in type(obj).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            if slot not in ("__dict__", "__weakref__") and hasattr(obj, slot):
                state[slot] = getattr(obj, slot)
    return state


def _key_label(key: Any, i: int) -> str:
    """``[key]``, or ``<value i>`` for a key without text (an int too long
    for decimal text, a ``__repr__`` that raises)."""
    try:
        return f"[{key!r}]"
    except Exception:
        return f"<value {i}>"


def _children(x: Any) -> list[tuple[str, Any]] | None:
    """Labelled parts of ``x`` to compare, or None when ``x`` is compared whole."""
    tp = type(x)
    if isinstance(x, (list, tuple)) or tp.__name__ == "deque":
        parts = [(f"[{i}]", v) for i, v in enumerate(x)]
    elif isinstance(x, dict):
        parts = []
        for i, (k, v) in enumerate(x.items()):
            parts.append((f"<key {i}>", k))
            parts.append((_key_label(k, i), v))
        if tp.__name__ == "defaultdict":
            parts.append((".default_factory", x.default_factory))
    elif isinstance(x, (set, frozenset)):
        parts = [(f"{{{i}}}", v) for i, v in enumerate(canonical_order(x))]
    elif isinstance(
        x, types.MethodType
    ):  # bound methods compare their objects by identity
        parts = [(".__self__", x.__self__), (".__func__", x.__func__)]
    elif isinstance(x, types.BuiltinMethodType) and not isinstance(
        x.__self__, (types.ModuleType, type(None))
    ):  # [].append, {}.get
        parts = [(".__self__", x.__self__), (".__name__", x.__name__)]
    elif isinstance(x, np.ndarray):
        parts = (
            [(f"[{i}]", v) for i, v in enumerate(x.ravel(order="K"))]
            if x.dtype.hasobject
            else []
        )
    elif isinstance(x, np.void) and x.dtype.hasobject:  # a record holding objects
        parts = [(f"[{name!r}]", x[name]) for name in x.dtype.names or ()]
    else:
        return None
    if isinstance(x, (list, dict, set)) and tp not in (list, dict, set):
        parts.extend((f".{k}", v) for k, v in _state(x).items())
    return parts


def assert_same_structure(a: Any, b: Any, path: str = "root") -> None:
    """Fail with the first path where ``a`` and ``b`` differ."""
    seen_a: dict[int, int] = {}
    seen_b: dict[int, int] = {}
    keep: list[Any] = []
    stack: list[tuple[Any, Any, str]] = [(a, b, path)]
    while stack:
        x, y, where = stack.pop()
        assert type(x) is type(y), (
            f"{where}: type {type(x).__name__} != {type(y).__name__}"
        )
        if type(x) in _VALUES:
            assert _same_atom(x, y), f"{where}: {x!r} != {y!r}"
            continue
        ix, iy = id(x), id(y)
        if ix in seen_a or iy in seen_b:
            assert seen_a.get(ix) == iy and seen_b.get(iy) == ix, (
                f"{where}: sharing differs"
            )
            continue
        if not isinstance(x, tuple):  # tuples are values; their identity may merge
            seen_a[ix], seen_b[iy] = iy, ix
        keep.append((x, y))
        if isinstance(x, np.ndarray):
            assert _same_array(x, y), f"{where}: arrays differ: {x!r} != {y!r}"
            assert y.flags.writeable, f"{where}: loaded array is read-only"
        parts_x = _children(x)
        if parts_x is None:
            if isinstance(x, (type, types.ModuleType, np.dtype, np.generic)) or (
                callable(x) and not _state(x)
            ):
                assert x == y or (x != x and y != y), (
                    f"{where}: {x!r} != {y!r}"
                )  # nan, NaT
                if isinstance(x, np.generic):  # -0.0, NaT; not by bytes: a long
                    # double's padding bytes are whatever memory held
                    assert _same_array(np.asarray(x), np.asarray(y)), (
                        f"{where}: {x!r} != {y!r}"
                    )
                continue
            state_x, state_y = _state(x), _state(y)
            if not state_x and not state_y:
                if type(x).__eq__ is object.__eq__:
                    continue  # an instance with no state: its type is all there is
                assert x == y or (x != x and y != y), (
                    f"{where}: {x!r} != {y!r}"
                )  # Decimal nan
                continue
            assert list(state_x) == list(state_y), (
                f"{where}: attributes {list(state_x)} != {list(state_y)}"
            )
            stack.extend(
                (state_x[k], state_y[k], f"{where}.{k}")
                for k in reversed(list(state_x))
            )
            continue
        parts_y = _children(y)
        assert parts_y is not None and len(parts_x) == len(parts_y), (
            f"{where}: sizes differ"
        )
        for (label, vx), (_, vy) in zip(
            reversed(parts_x), reversed(parts_y), strict=False
        ):
            stack.append((vx, vy, where + label))
