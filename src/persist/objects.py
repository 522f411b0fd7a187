"""Small base classes that archive themselves, as in persist 3.2.

``Archivable`` subclasses are written as ``ClassName(key=value, ...)`` from
``items()``; ``Container`` is an attribute bag built from keyword arguments.

    >>> class Point(Archivable):
    ...     def __init__(self, x, y):
    ...         self.x, self.y = x, y
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["Archivable", "Container"]


class Archivable:
    """An object rebuilt by calling its class with ``items()`` as keywords.

    Override ``items`` when the constructor's arguments differ from the
    instance's public attributes.
    """

    def items(self) -> Iterable[tuple[str, Any]]:
        """``(keyword, value)`` pairs that rebuild the object."""
        return [(k, v) for k, v in vars(self).items() if not k.startswith("_")]

    def get_persistent_rep(
        self, env: Any = None
    ) -> tuple[str, dict[str, Any], list[Any]]:
        """persist 3.2's hook: ``(expression, {local name: value}, imports)``."""
        cls = type(self)
        args = dict(self.items())
        rep = "{}({})".format(cls.__name__, ", ".join(f"{k}={k}" for k in args))
        return rep, args, [(cls.__module__, cls.__name__, cls.__name__)]


class Container(Archivable):
    """An attribute bag: ``Container(a=1, b=2).a == 1``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for mapping in args:
            self.__dict__.update(dict(mapping))
        self.__dict__.update(kwargs)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.items())
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]
