"""Looking into archives without writing code: summaries and semantic diffs,
used by ``persist show`` and ``persist diff``.

    describe([1, 2, 3])            -> 'list, 3 items'
    differences(old, new)          -> ["x['runs'][2]: 3 != 4", ...]

Both walk values with an explicit stack, so any depth works.

An archive read without its array store (git gives a diff driver the old
version as a lone file) has ``Unavailable`` placeholders for its external
arrays; ``differences`` then compares them by store key only, since their
contents are not known.
"""

from __future__ import annotations

import collections
import decimal
import math
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from persist.errors import LoadError
from persist.lower.core import item_label
from persist.store.arrays import chunk_indices


def describe(value: Any) -> str:
    """The type and size of a value, in a few words."""
    if isinstance(value, Unavailable):
        return f"external array {value.key!r}, store not available"
    tp = type(_unmapped(value))
    name = (
        tp.__qualname__
        if tp.__module__ == "builtins"
        else f"{tp.__module__}.{tp.__qualname__}"
    )
    if isinstance(value, np.ndarray):
        return f"{name} {value.dtype} shape {value.shape}"
    if isinstance(value, (str, bytes, bytearray)):
        unit = "character" if isinstance(value, str) else "byte"
        return f"{name}, {_count(len(value), unit)}"
    if isinstance(value, (Mapping, list, tuple, set, frozenset)):
        return f"{name}, {_count(len(value), 'item')}"
    return name


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


class Unavailable:
    """An external array whose store is not at hand, known only by its key.

    git hands a diff driver the old version of a module as a lone temporary
    file: the arrays it reads from ``_arrays`` are not there to compare.
    """

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"<external array {self.key!r}, store not available>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unavailable) and other.key == self.key

    __hash__ = None  # type: ignore[assignment]


class UnavailableArrays(Mapping[str, Any]):
    """The arrays of a module without its store: an ``Unavailable`` per key."""

    def __init__(self) -> None:
        self.asked = False

    def __getitem__(self, key: str) -> Any:
        self.asked = True
        return Unavailable(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class KeyedArrays(Mapping[str, Any]):
    """A store that notes which key each array it hands out was read from, so
    that a diff can match it with an ``Unavailable`` of the same key."""

    def __init__(self, store: Mapping[str, Any]) -> None:
        self._store = store
        self.origins: dict[int, str] = {}  # id(array) -> key
        self._kept: list[Any] = []  # keeps the ids in ``origins`` valid

    def __getitem__(self, key: str) -> Any:
        value = self._store[key]
        self.origins[id(value)] = key
        self._kept.append(value)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)


def load_side(
    path: str | Path, *, use_store: bool = True, safe: bool = False
) -> tuple[dict[str, Any], dict[int, str]]:
    """The names of the archive at ``path``, and the store key of each
    external array it read (by ``id``).

    When ``use_store`` is false, or the store is not where the module says,
    every external array is an ``Unavailable`` placeholder. A single-item
    archive is returned under the name ``'<item>'``.
    """
    from persist.load import load_with
    from persist.store.arrays import ArrayStore

    keyed: list[KeyedArrays] = []
    missing = UnavailableArrays()

    def open_store(location: Path) -> Mapping[str, Any]:
        if not use_store or not location.exists():
            return missing
        # memory-mapped: arrays are compared a chunk at a time, never read whole
        keyed.append(KeyedArrays(ArrayStore(location, mmap=True)))
        return keyed[-1]

    try:
        loaded = load_with(path, open_store, safe=safe)
    except LoadError as exc:
        if not missing.asked:
            raise
        # a placeholder went where a real array was needed (a sparse matrix)
        where = f"{path}:{exc.lineno}" if exc.lineno else str(path)
        raise LoadError(
            f"{where}: cannot be rebuilt without its external arrays "
            f"(their store is not available)",
            str(path),
            exc.lineno,
        ) from exc
    names = loaded if isinstance(loaded, dict) else {"<item>": loaded}
    return names, keyed[0].origins if keyed else {}


def _external_key(value: Any, origins: Mapping[int, str]) -> str | None:
    if isinstance(value, Unavailable):
        return value.key
    return origins.get(id(value))


def _same_leaf(a: Any, b: Any, origins: Mapping[int, str]) -> bool:
    """Whether ``a`` and ``b`` are the same value, a NaN (or NaT) the same as
    a NaN of the same type: an archive compared with itself has no changes."""
    if isinstance(a, Unavailable) or isinstance(b, Unavailable):
        # all that is known: whether both read the same stored array
        key = _external_key(a, origins)
        return key is not None and key == _external_key(b, origins)
    a, b = _unmapped(a), _unmapped(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return _same_float(a, b)
    if isinstance(a, complex):
        return _same_float(a.real, b.real) and _same_float(a.imag, b.imag)
    if isinstance(a, decimal.Decimal) and a.is_nan():
        return bool(b.is_nan() and a.is_snan() == b.is_snan())
    if isinstance(a, (np.ndarray, np.generic)):
        return same_array(np.asarray(a), np.asarray(b))
    if isinstance(a, (set, frozenset)):
        return _same_set(a, b, origins)
    try:
        return bool(a == b)
    except Exception:
        return repr(a) == repr(b)


def _unmapped(value: Any) -> Any:
    """A memory-mapped array as the plain array it is (no copy): an array
    read from a store is the same value as one written in the text."""
    return np.asarray(value) if isinstance(value, np.memmap) else value


def _same_float(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (
        a == b and math.copysign(1, a) == math.copysign(1, b)
    )


def _same_set(a: Any, b: Any, origins: Mapping[int, str]) -> bool:
    """Equal sets, an element the other lacks matched by ``_same_leaf`` (a
    NaN is in no set but the one holding that very object)."""
    if len(a) != len(b):
        return False
    unmatched = [y for y in b if y not in a]
    for x in a:
        if x in b:
            continue
        found = next((y for y in unmatched if _same_leaf(x, y, origins)), _ABSENT)
        if found is _ABSENT:
            return False
        unmatched.remove(found)
    return True


def same_array(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> bool:
    """Same dtype, shape and values, NaN equal to NaN and NaT to NaT (field
    by field for records), a bounded chunk at a time: memory-mapped arrays
    of any size are compared without being read whole."""
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    fields = [(a, b)]
    while fields:
        x, y = fields.pop()
        if x.dtype.names is not None:
            fields.extend((x[name], y[name]) for name in x.dtype.names)
            continue
        kind = x.dtype.kind
        if kind in "mM":  # NaT is one bit pattern, equal to itself
            x, y = x.view(np.int64), y.view(np.int64)
        if kind == "c":  # (numpy's equal_nan takes any complex NaN for any)
            fields.extend(((x.real, y.real), (x.imag, y.imag)))
            continue
        for index in chunk_indices(x.shape, x.dtype.itemsize):
            part_x, part_y = x[index], y[index]
            if not np.array_equal(part_x, part_y, equal_nan=kind == "f"):
                return False
            if kind == "f" and not _same_zero_signs(part_x, part_y):
                return False
    return True


def _same_zero_signs(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> bool:
    """Whether the zeros of two equal float arrays have the same signs
    (``-0.0 == 0.0``, but ``1 / -0.0`` is ``-inf``: a change)."""
    zeros = x == 0
    return bool(np.array_equal(np.signbit(x[zeros]), np.signbit(y[zeros])))


def _parts(value: Any) -> list[tuple[str, Any]] | None:
    """The labelled parts of ``value`` to compare one by one, or None when it
    is compared whole (``_same_leaf``). Parts are what two loads can match:
    items, dict values, the cells of an object array (comparing it whole
    compares the arrays inside with ``==``, or recurses without end when it
    holds itself), an object's attributes, slots included where its class
    compares by identity, and what pickle rebuilds any other object that
    compares by identity from."""
    if isinstance(value, (list, tuple, collections.deque)):
        return [(f"[{i}]", v) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return [(item_label(k, i), v) for i, (k, v) in enumerate(value.items())]
    if isinstance(value, np.ndarray):
        if not value.dtype.hasobject:
            return None
        return [
            (f"[{', '.join(map(str, index))}]", value[index])
            for index in np.ndindex(value.shape)
        ]
    if isinstance(value, type):
        return None
    if isinstance(value, types.MethodType):  # equal when their objects are
        return [(".__self__", value.__self__), (".__func__", value.__func__)]
    if isinstance(value, types.BuiltinMethodType) and not isinstance(
        value.__self__, (types.ModuleType, type(None))
    ):  # [].append
        return [(".__self__", value.__self__), (".__name__", value.__name__)]
    if callable(value):  # a function: the same object in both loads; a
        # partial or itemgetter: equal only to itself, so compared by parts
        return _reduced_parts(value) if _by_identity(type(value)) else None
    has_dict = hasattr(value, "__dict__")
    slots = [name for cls in type(value).__mro__ for name in _slot_names(cls)]
    if not has_dict and not _by_identity(type(value)):
        return None  # an atom, or slots behind an == that says more (Fraction)
    if not has_dict and not slots:  # (a numpy Generator)
        return _reduced_parts(value)
    state = dict(vars(value)) if has_dict else {}
    for name in slots:
        if name not in ("__dict__", "__weakref__") and hasattr(value, name):
            state.setdefault(name, getattr(value, name))
    return [(f".{k}", v) for k, v in state.items()]


def _reduced_parts(value: Any) -> list[tuple[str, Any]] | None:
    """What pickle rebuilds ``value`` from, for a value equal only to
    itself: what makes it, its arguments, its state; None for a value
    pickle takes by name (a function: the same object in both loads)."""
    try:
        reduced = value.__reduce_ex__(4)
    except Exception:
        return None
    if not isinstance(reduced, tuple):
        return None
    labels = ("<made by>", "<arguments>", "<state>", "<items>", "<pairs>")
    parts: list[tuple[str, Any]] = []
    for label, part in zip(labels, reduced, strict=False):
        if label in ("<items>", "<pairs>") and part is not None:
            part = list(part)  # (iterators)
        parts.append((label, part))
    return parts


def _by_identity(tp: type) -> bool:
    """Whether ``tp``'s instances compare equal only to themselves."""
    return tp.__eq__ is object.__eq__  # type: ignore[comparison-overlap]


def _slot_names(cls: type) -> tuple[str, ...]:
    slots = cls.__dict__.get("__slots__", ())
    return (slots,) if isinstance(slots, str) else tuple(slots)


def differences(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    limit: int = 50,
    origins: Mapping[int, str] | None = None,
) -> list[str]:
    """Human-readable differences between two archives' names and values.

    ``origins`` gives the store key of external arrays by ``id`` (from
    ``load_side``): an ``Unavailable`` array counts as unchanged when the
    other side read the array of the same key, since nothing more is known.
    """
    origins = origins or {}
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
            parts_a, parts_b = _parts(a), _parts(b)
            if parts_a is None or parts_b is None or type(a) is not type(b):
                if not _same_leaf(a, b, origins):
                    out.append(f"~ {where}: {_short(a)} -> {_short(b)}")
                continue
            # a pair of containers is walked once (cycles end here); a pair
            # of leaves is compared at every place (1 -> 2 in two places is
            # two differences, though both sides share the objects 1 and 2)
            if (id(a), id(b)) in seen:
                continue
            seen.add((id(a), id(b)))
            keys_a, keys_b = _keyed(a, b, parts_a, parts_b)
            for label in keys_a:
                if label not in keys_b:
                    out.append(f"- {where}{label}: removed")
            for label in keys_b:
                if label not in keys_a:
                    out.append(f"+ {where}{label}: added ({_short(keys_b[label])})")
            for label in reversed([lab for lab in keys_b if lab in keys_a]):
                stack.append((where + label, keys_a[label], keys_b[label]))
    return out


def _keyed(
    a: Any, b: Any, parts_a: list[tuple[str, Any]], parts_b: list[tuple[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The parts of ``a`` and ``b`` by label, the labels matching where the
    parts do. A dict's value is matched by its key: two equal keys may show
    different texts (a frozenset's order is its hashes' and its history's),
    so ``b``'s key takes ``a``'s label where ``a`` has it."""
    keys_a = dict(parts_a)
    if not isinstance(a, dict):
        return keys_a, dict(parts_b)
    own = {key: key for key in b}  # b's key objects, found by equal keys
    labels = {}  # id of b's key -> a's label for it
    for (label, _), key in zip(parts_a, a, strict=True):
        match = own.get(key, _ABSENT)
        if match is not _ABSENT:
            labels[id(match)] = label
    keys_b = {
        labels.get(id(key), label): value
        for (label, value), key in zip(parts_b, b, strict=True)
    }
    return keys_a, keys_b


_ABSENT = object()


def _short(value: Any, width: int = 60) -> str:
    text = repr(value) if not isinstance(value, np.ndarray) else describe(value)
    return text if len(text) <= width else text[: width - 3] + "..."
