"""Classes and functions the golden cases archive.

They live in one module with a stable name, ``golden_types``, because an archive
refers to them by import (``from golden_types import Point``): a class defined in
a case's ``input.py`` would be importable under no fixed name. The driver
(``tests/test_golden.py``) puts ``golden/`` on ``sys.path``, both in the pytest
process and in the subprocesses that rerun the cases under other hash seeds.

Every class compares by value where the golden checks need it; the checks
themselves (``tests/structure.py``) compare types, state and sharing.
"""

from __future__ import annotations

import enum
from collections import namedtuple
from dataclasses import dataclass, field
from typing import Any, NamedTuple


def scale(x: float, factor: float = 2.0) -> float:
    """A module-level function, archived by reference."""
    return x * factor


class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = 3


class Level(enum.IntEnum):
    LOW = 10
    HIGH = 20


class Permission(enum.Flag):
    READ = 1
    WRITE = 2
    EXEC = 4


Pair = namedtuple("Pair", ["left", "right"])


class Span(NamedTuple):
    start: int
    stop: int
    label: str = ""


@dataclass
class Point:
    x: float
    y: float


@dataclass
class Run:
    name: str
    points: list[Point] = field(default_factory=list)
    tags: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Frozen:
    key: str
    value: int


@dataclass
class Node:
    """A dataclass that may point back at its owner (a cycle through a call)."""

    name: str
    parent: Any = None
    children: list[Any] = field(default_factory=list)


class Plain:
    """An ordinary class whose state is its ``__dict__``."""

    def __init__(self, **attributes: Any) -> None:
        self.__dict__.update(attributes)

    def total(self) -> Any:
        return sum(v for v in vars(self).values() if isinstance(v, (int, float)))


class Slotted:
    """State in ``__slots__``, no ``__dict__``."""

    __slots__ = ("x", "y", "label")

    def __init__(self, x: Any, y: Any, label: str | None = None) -> None:
        self.x = x
        self.y = y
        if label is not None:
            self.label = label


class SlottedChild(Slotted):
    """Slots of its own on top of its parent's, plus a ``__dict__``."""

    __slots__ = ("z", "__dict__")

    def __init__(self, x: Any, y: Any, z: Any) -> None:
        super().__init__(x, y)
        self.z = z


class Stateful:
    """Pickles its state as a tuple through ``__getstate__``/``__setstate__``."""

    def __init__(self, name: str, values: list[Any]) -> None:
        self.name = name
        self.values = values
        self.cache = {"size": len(values)}  # derived, not archived

    def __getstate__(self) -> tuple[str, list[Any]]:
        return (self.name, self.values)

    def __setstate__(self, state: tuple[str, list[Any]]) -> None:
        self.name, self.values = state
        self.cache = {"size": len(self.values)}


class Interval:
    """Rebuilt by calling its constructor, as ``__reduce__`` says."""

    def __init__(self, low: float, high: float, closed: bool = True) -> None:
        self.low = low
        self.high = high
        self.closed = closed

    def __reduce__(self) -> tuple[Any, ...]:
        return (Interval, (self.low, self.high, self.closed))


class Registry(dict):  # type: ignore[type-arg]
    """A dict subclass with an attribute of its own."""

    def __init__(self, *args: Any, owner: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner


class Stack(list):  # type: ignore[type-arg]
    """A list subclass with an attribute of its own."""

    def __init__(self, items: Any = (), limit: int = 0) -> None:
        super().__init__(items)
        self.limit = limit

    def top(self) -> Any:
        return self[-1]


class Counter3:
    """A class with a method, for bound-method references."""

    def __init__(self, start: int) -> None:
        self.count = start

    def bump(self, by: int = 1) -> int:
        self.count += by
        return self.count

    @classmethod
    def make(cls) -> Counter3:
        return cls(0)

    @staticmethod
    def helper() -> str:
        return "help"
