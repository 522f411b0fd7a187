"""The classes that the safe-loading tests (test_safe_*.py) archive and allow.

The archives in those tests import these classes from this module, named by
``MOD``. ``Canary`` is allowed and counts its instances; ``Evil`` may be in no
archive, and any of its code that runs touches the marker file ``Evil.mark``.
``_touch`` is a module-level function that an attack tries to call, and
``_Pickled`` a pickle payload that calls it when unpickled.
"""

from __future__ import annotations

import collections
import dataclasses
import enum
from pathlib import Path
from typing import Any


def _touch(path: Any) -> None:
    if path is not None:
        Path(path).touch()


class Canary:
    """An allowed class: counts its instances; its statics are not callable."""

    count = 0

    def __init__(self) -> None:
        Canary.count += 1

    @staticmethod
    def touch(path: str) -> None:
        _touch(path)

    def __getitem__(self, key: Any) -> Any:
        _touch(Evil.mark)
        return key


class Evil:
    """No archive may use this class: any of its code running is an escape."""

    mark: str | None = None
    INSTANCE: Evil

    def __new__(cls, *args: Any, **kwargs: Any) -> Evil:
        _touch(Evil.mark)
        return super().__new__(cls)

    def __iter__(self) -> Any:
        _touch(Evil.mark)
        return iter(())

    @staticmethod
    def run(path: str) -> None:
        _touch(path)


Evil.INSTANCE = object.__new__(Evil)


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Perm(enum.Flag):
    R = 1
    W = 2


@dataclasses.dataclass
class Point:
    x: Any
    y: Any = None


class Plain:
    def __init__(self) -> None:
        self.a = 1
        self.me = self


class WithState:
    def __init__(self) -> None:
        self.v = [1]

    def __getstate__(self) -> dict[str, Any]:
        return {"v": self.v}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


class Slotted:
    __slots__ = ("p", "q")


class Guarded:
    def __setattr__(self, key: str, value: Any) -> None:
        object.__setattr__(self, key, value)


class MyList(list):  # type: ignore[type-arg]
    pass


class MyDict(dict):  # type: ignore[type-arg]
    pass


class Outer:
    class Inner:
        def __init__(self) -> None:
            self.v = 1


Pair = collections.namedtuple("Pair", "a b")
ALLOW = [Canary, Color, Perm, Point, Plain, WithState, Slotted, Guarded, MyList, MyDict]
ALLOW += [Outer.Inner, Pair]
MOD = Canary.__module__


class _Pickled:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> Any:
        return (_touch, (self.path,))
