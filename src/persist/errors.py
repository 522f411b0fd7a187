"""Exceptions raised by persist.

Every error that concerns a value names where that value sits in the object graph
(``results['runs'][3].callback``) and its type, so that the user can find it.
"""

from __future__ import annotations

__all__ = [
    "ArchiveError",
    "CycleError",
    "DuplicateError",
    "InvalidNameError",
    "UnarchivableError",
    "InternalError",
    "LoadError",
    "UnsafeArchiveError",
]


class ArchiveError(Exception):
    """Base class of every error persist raises on purpose."""


class DuplicateError(ArchiveError):
    """A different object was inserted under a name that is already taken."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"an object with name {name!r} already exists in the archive; "
            f"use Archive.unique_name({name!r}) to get a free name"
        )
        self.name = name


class InvalidNameError(ArchiveError, ValueError):
    """A name given to ``insert`` (or ``save``) cannot be used (not an
    identifier, reserved, ...), or ``save`` was given none."""


class CycleError(ArchiveError):
    """A reference cycle that cannot be rebuilt (it runs only through immutable
    objects or constructor arguments, so there is nothing to fill in later)."""


class UnarchivableError(ArchiveError, TypeError):
    """An object has no known way to be written as code."""

    def __init__(self, message: str, path: str = "", type_name: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.type_name = type_name


class InternalError(ArchiveError):
    """A broken invariant inside persist: a bug, please report it with the IR dump."""


class LoadError(ArchiveError):
    """An archive on disk cannot be read: bad syntax, a failing statement, a
    missing or corrupted array file. The message names the file (and line)."""

    def __init__(
        self, message: str, filename: str = "", lineno: int | None = None
    ) -> None:
        super().__init__(message)
        self.filename = filename
        self.lineno = lineno


class UnsafeArchiveError(ArchiveError):
    """``safe=True`` refused an archive before running any of it: a statement or
    expression outside the allow-list of ``persist.safe``. The message names
    the file, the line and the construct (also ``filename``, ``lineno``,
    ``construct``)."""

    def __init__(
        self,
        message: str,
        filename: str = "",
        lineno: int | None = None,
        construct: str = "",
    ) -> None:
        super().__init__(message)
        self.filename = filename
        self.lineno = lineno
        self.construct = construct
