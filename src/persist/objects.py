"""Small base classes that archive themselves, as in persist 3.2.

``Archivable`` subclasses are written (and shown by ``repr``) as
``ClassName(key=value, ...)`` from ``items()``; ``Container`` is an attribute
bag built from keyword arguments.

    >>> class Point(Archivable):
    ...     def __init__(self, x, y):
    ...         self.x, self.y = x, y
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from persist.archive import Archive

__all__ = ["Archivable", "Container"]


class Archivable:
    """An object rebuilt by calling its class with ``items()`` as keywords.

    ``items()`` is every instance attribute, ``_``-prefixed ones included:
    a constructor argument such as ``_hidden`` must come back, not silently
    fall to its default. Override ``items`` when the constructor's arguments
    differ from the instance's attributes. The repr is the call that rebuilds
    the object, as in persist 3.2:

        >>> class A(Archivable):
        ...     def __init__(self, a, b):
        ...         self.data = [a, b]
        ...     def items(self):
        ...         return zip(('a', 'b'), self.data)
        >>> A(1, 2)
        A(a=1, b=2)
        >>> list(A(1, 2))
        ['a', 'b']
    """

    def items(self) -> Iterable[tuple[str, Any]]:
        """``(keyword, value)`` pairs that rebuild the object."""
        return list(vars(self).items())

    def __iter__(self) -> Iterator[str]:
        """The keywords of ``items()``."""
        return (k for k, _ in self.items())

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.items())
        return f"{type(self).__name__}({inner})"

    def get_persistent_rep(
        self, env: Any = None
    ) -> tuple[str, dict[str, Any], list[Any]]:
        """persist 3.2's hook: ``(expression, {local name: value}, imports)``."""
        cls = type(self)
        args = dict(self.items())
        rep = "{}({})".format(cls.__name__, ", ".join(f"{k}={k}" for k in args))
        return rep, args, [(cls.__module__, cls.__name__, cls.__name__)]

    def archive(self, name: str) -> str:
        """The text of an archive that binds this object to ``name``."""
        archive = Archive()
        item: dict[str, Any] = {name: self}
        archive.insert(**item)
        return str(archive)


class Container(Archivable):
    """An attribute bag: ``Container(a=1, b=2).a == 1``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for mapping in args:
            self.__dict__.update(dict(mapping))
        self.__dict__.update(kwargs)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]
