"""Random object graphs over many kinds of values, for round-trip tests.

``graph(seed)`` and ``tangled(seed)`` return the same objects for the same
seed: built-in containers, plain, slotted and dataclass instances, named
tuples, deques, defaultdicts, Counters, subclasses of list and dict, numpy
arrays (object arrays too), enums, dates, fractions, awkward atoms (nan,
-0.0, huge ints, ints past decimal text's limit, odd strings), shared
values, and reference cycles. ``tangled`` adds many more cycles, through
tuples, attributes, dataclass fields and object arrays.

The classes live here, at module level, so archives can import them.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import decimal
import enum
import fractions
import random
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np


class Plain:
    pass


class Slotted:
    __slots__ = ("a", "b")


class Both:
    __slots__ = ("s", "__dict__")


@dataclasses.dataclass
class Pair:
    x: Any
    y: Any = 0


@dataclasses.dataclass(frozen=True)
class Frozen:
    x: Any


Named = collections.namedtuple("Named", "p q")


class Color(enum.Enum):
    RED = 1
    BLUE = 2


class ListSub(list):  # type: ignore[type-arg]
    pass


class DictSub(dict):  # type: ignore[type-arg]
    pass


def atom(rng: random.Random) -> Any:
    huge = 10**5000 if rng.random() < 0.02 else 7  # past decimal text's limit
    return rng.choice(
        [
            rng.randint(-(10**6), 10**6),
            rng.random(),
            f"s{rng.randint(0, 99)}",
            None,
            True,
            b"b",
            float("nan"),
            float("inf"),
            -0.0,
            1 << 70,
            -(1 << 200),
            "z" * rng.choice([3, 700]),
            1 + 2j,
            complex(0, -0.0),
            "",
            "a'b\"c\n",
            "\u00e9\U0001f600",
            Ellipsis,
            huge,
        ]
    )


def hashable(rng: random.Random, depth: int) -> Any:
    r = rng.random()
    if r < 0.5 or depth <= 0:
        value = atom(rng)
        return value if value == value else 1.5  # (a nan key: legal, unequal)
    if r < 0.7:
        return tuple(hashable(rng, depth - 1) for _ in range(rng.randint(0, 3)))
    if r < 0.8:
        return frozenset(hashable(rng, depth - 1) for _ in range(rng.randint(0, 3)))
    if r < 0.9:
        return Named(hashable(rng, depth - 1), 1)
    return rng.choice(
        [Color.RED, Color.BLUE, fractions.Fraction(2, 7), datetime.date(2021, 3, 4)]
    )


def make(rng: random.Random, depth: int, pool: list[Any]) -> Any:
    """One value, ``depth`` levels at most; some are put in ``pool`` to be
    referred to again (shared) or to close cycles."""
    if depth <= 0 or rng.random() < 0.25:
        if pool and rng.random() < 0.2:
            return rng.choice(pool)
        return atom(rng)
    k = rng.randint(0, 6)
    kind = rng.choice(KINDS)

    def m() -> Any:
        return make(rng, depth - 1, pool)

    value = _MAKERS[kind](rng, k, m)
    if rng.random() < 0.3:
        pool.append(value)
    return value


def _plain(rng: random.Random, k: int, m: Callable[[], Any]) -> Any:
    value = Plain()
    for i in range(k):
        setattr(value, rng.choice("abcdefg") + str(i), m())
    return value


def _both(rng: random.Random, k: int, m: Callable[[], Any]) -> Any:
    value = Both()
    value.s = m()
    value.extra = m()  # type: ignore[attr-defined]
    return value


def _slotted(rng: random.Random, k: int, m: Callable[[], Any]) -> Any:
    value = Slotted()
    value.a = m()
    if rng.random() < 0.5:
        value.b = 1
    return value


def _array(rng: random.Random, k: int, m: Callable[[], Any]) -> Any:
    return rng.choice(
        [
            np.arange(rng.choice([0, 3, 5000]), dtype=float),
            np.zeros((2, 3), dtype=np.int8),
            np.array([1.5, np.nan, np.inf]),
            np.array(["a", "bc"]),
            np.float32(1.25),
            np.int64(7),
        ]
    )


def _object_array(rng: random.Random, k: int, m: Callable[[], Any]) -> Any:
    value = np.empty(2, dtype=object)
    value[0], value[1] = m(), m()
    return value


def _chain(rng: random.Random, k: int, m: Callable[[], Any]) -> Any:
    value: Any = [m()]
    for _ in range(rng.choice([5, 120])):
        value = [value] if rng.random() < 0.5 else {"n": value}
    return value


def _misc(rng: random.Random, k: int, m: Callable[[], Any]) -> Any:
    return rng.choice(
        [
            Color.RED,
            fractions.Fraction(1, 3),
            datetime.date(2020, 1, 2),
            range(3),
            decimal.Decimal("1.10"),
            uuid.UUID(int=rng.randint(0, 1 << 64)),
            datetime.datetime(2020, 1, 2, 3, 4, 5, 6),
            slice(1, None, 2),
        ]
    )


_MAKERS: dict[str, Callable[[random.Random, int, Callable[[], Any]], Any]] = {
    "list": lambda rng, k, m: [m() for _ in range(k)],
    "dict": lambda rng, k, m: {f"k{i}": m() for i in range(k)},
    "tuple_keys": lambda rng, k, m: {hashable(rng, 2): m() for _ in range(k)},
    "tuple": lambda rng, k, m: tuple(m() for _ in range(k)),
    "plain": _plain,
    "both": _both,
    "slotted": _slotted,
    "dataclass": lambda rng, k, m: Pair(m(), m()),
    "frozen": lambda rng, k, m: Frozen(m()),
    "set": lambda rng, k, m: {hashable(rng, 2) for _ in range(k)},
    "frozenset": lambda rng, k, m: frozenset(hashable(rng, 2) for _ in range(k)),
    "odict": lambda rng, k, m: collections.OrderedDict(
        (f"o{i}", m()) for i in range(k)
    ),
    "deque": lambda rng, k, m: collections.deque(m() for _ in range(k)),
    "defaultdict": lambda rng, k, m: collections.defaultdict(
        list, {f"d{i}": m() for i in range(k)}
    ),
    "counter": lambda rng, k, m: collections.Counter(
        {f"c{i}": rng.randint(0, 9) for i in range(k)}
    ),
    "named": lambda rng, k, m: Named(m(), m()),
    "listsub": lambda rng, k, m: ListSub(m() for _ in range(k)),
    "dictsub": lambda rng, k, m: DictSub((f"m{i}", m()) for i in range(k)),
    "bytearray": lambda rng, k, m: bytearray(b"xy" * k),
    "array": _array,
    "object_array": _object_array,
    "chain": _chain,
    "misc": _misc,
}
KINDS = tuple(_MAKERS)


def graph(seed: int) -> dict[str, Any]:
    """Named roots of one random graph, with a few cycles."""
    rng = random.Random(seed)
    pool: list[Any] = []
    root = [make(rng, 4, pool) for _ in range(rng.randint(1, 5))]
    for value in list(pool):
        r = rng.random()
        if isinstance(value, list) and r < 0.3:
            value.append(root)
        elif isinstance(value, Plain) and r < 0.3:
            value.back = value  # type: ignore[attr-defined]
        elif isinstance(value, dict) and r < 0.3:
            value["up"] = rng.choice(pool)
        elif isinstance(value, Pair) and r < 0.3:
            value.y = rng.choice(pool)
        elif isinstance(value, collections.deque) and r < 0.3:
            value.append(rng.choice(pool))
        elif isinstance(value, Slotted) and r < 0.3:
            value.b = value
    return {"a": root, "b": pool[:3], "c": tuple(pool[3:6])}


def tangled(seed: int) -> dict[str, Any]:
    """Named roots of one random graph with many cycles."""
    rng = random.Random(seed)
    pool: list[Any] = []
    root = [make(rng, 5, pool) for _ in range(rng.randint(1, 4))]
    pool.append(root)
    for value in list(pool):
        if rng.random() > 0.6:
            continue
        other = rng.choice(pool)
        if isinstance(value, list):
            value.insert(rng.randint(0, len(value)), other)
        elif isinstance(value, collections.deque):
            value.appendleft(other)
        elif isinstance(value, dict):
            value[rng.choice(["up", "k0", hashable(rng, 1)])] = other
        elif isinstance(value, (Plain, Both)):
            link = other if rng.random() < 0.5 else (other, 1)
            setattr(value, rng.choice(["back", "z"]), link)
        elif isinstance(value, Pair):
            value.x = (other,) if rng.random() < 0.5 else other
        elif isinstance(value, Slotted):
            value.b = other
        elif isinstance(value, np.ndarray) and value.dtype == object and value.size:
            value[0] = other
    return {"a": root, "b": pool[:4], "c": tuple(pool[4:8])}
