"""The persist 3.2 facade: ``Archive`` (and ``restore``), kept source compatible.

    >>> from persist.archive import Archive
    >>> archive = Archive()
    >>> archive.insert(a=1, b=[1, 2])
    >>> d = {}
    >>> exec(str(archive), d)
    >>> d['b']
    [1, 2]

The archive only collects named objects; ``pipeline.compile_archive`` writes
them. Nothing here formats text.
"""

from __future__ import annotations

import keyword
from typing import Any

from persist.errors import DuplicateError, InvalidNameError
from persist.options import Options
from persist.pipeline import Compiled, compile_archive

__all__ = ["Archive", "restore", "ArchiveError", "DuplicateError", "CycleError"]

from persist.errors import ArchiveError, CycleError  # noqa: E402  (re-exported)

_ATOMS = (int, float, complex, str, bytes, bool, type(None))


class Archive:
    """A collection of named objects that writes itself as Python source.

    Parameters
    ----------
    scoped : bool, default False
        False writes the flat style (``name = expression`` statements); True
        builds each named object inside its own function scope.
    array_threshold : int or float, optional
        numpy arrays with more elements than this are not written into the text
        but kept in ``data`` and read back as ``_arrays[key]``. Default: no limit.
    single_item_mode : bool
        Allow only one item; a saved module then *is* that item on import.
    data_name : str
        Name of the mapping that supplies external arrays (``'_arrays'``).
    gname_prefix : str, optional
        Prefix of generated helper names (default ``'_'``).
    allowed_names : list of str, optional
        Names starting with ``_`` that ``insert`` accepts anyway.
    check_on_insert : bool
        Compile each item when it is inserted, so errors surface early.
    backup_data : bool
        Keep a backup of overwritten array files (used when saving).
    robust_replace, flat, tostring :
        Accepted for compatibility with persist 3.2; they have no effect (this
        version never rewrites generated text).
    """

    def __init__(
        self,
        scoped: bool = False,
        array_threshold: float | None = None,
        single_item_mode: bool = False,
        data_name: str = "_arrays",
        robust_replace: bool = True,
        gname_prefix: str | None = None,
        allowed_names: list[str] | None = None,
        check_on_insert: bool = False,
        backup_data: bool = True,
        flat: bool = True,
        tostring: bool = True,
    ) -> None:
        if not (isinstance(data_name, str) and data_name.isidentifier()):
            raise InvalidNameError(f"data_name must be an identifier, not {data_name!r}")
        self.scoped = scoped
        self.array_threshold = float("inf") if array_threshold is None else array_threshold
        self.single_item_mode = single_item_mode
        self.data_name = data_name
        self.robust_replace = robust_replace
        self.gname_prefix = "_" if gname_prefix is None else gname_prefix
        self.allowed_names = list(allowed_names or [])
        self.check_on_insert = check_on_insert
        self.backup_data = backup_data
        self.flat = flat
        self.tostring = tostring
        self._items: dict[str, Any] = {}
        self._last: Compiled | None = None

    # -- collecting ---------------------------------------------------------------
    def names(self) -> list[str]:
        """The inserted names, in insertion order."""
        return list(self._items)

    def unique_name(self, name: str) -> str:
        """``name``, or ``name_1``, ``name_2``, ... whichever is not taken yet."""
        if name not in self._items:
            return name
        n = 1
        while f"{name}_{n}" in self._items:
            n += 1
        return f"{name}_{n}"

    def insert(self, v: Any = None, env: dict[str, Any] | None = None, **kwargs: Any) -> None:
        """Insert objects under the keyword names given.

        Raises
        ------
        InvalidNameError
            A name that is not an identifier, is a keyword, starts with ``_``
            (unless listed in ``allowed_names``) or is the ``data_name``.
        DuplicateError
            A name already holds a different object.
        ValueError
            More than one item in ``single_item_mode``, or a positional argument.
        """
        if v is not None:
            raise ValueError(f"insert objects by name, e.g. insert(x=...), not insert({v!r})")
        if self.single_item_mode:
            if len(kwargs) != 1:
                raise ValueError(
                    f"single_item_mode=True archives hold one item; got {len(kwargs)}"
                )
            (name,) = kwargs
            if self._items and name not in self._items:
                raise ValueError(
                    f"can't insert {name!r} into a single_item_mode=True archive "
                    f"that holds {next(iter(self._items))!r}"
                )
        for name, obj in kwargs.items():
            self._check_name(name)
            if name in self._items:
                if not _same(self._items[name], obj):
                    raise DuplicateError(name)
                continue
            if self.check_on_insert:
                compile_archive([(name, obj)], self._options())
            self._items[name] = obj
            self._last = None

    def _check_name(self, name: str) -> None:
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
            raise InvalidNameError(f"{name!r} is not a valid Python identifier")
        if name == self.data_name or name in ("__builtins__", "env"):
            raise InvalidNameError(f"{name!r} is reserved")
        if name.startswith("_") and name not in self.allowed_names:
            raise InvalidNameError(
                f"{name!r}: names starting with '_' are reserved for generated helpers "
                f"(list it in allowed_names to use it anyway)"
            )

    # -- writing ----------------------------------------------------------------
    def _options(self) -> Options:
        return Options(
            scoped=self.scoped,
            array_threshold=self.array_threshold,
            data_name=self.data_name,
            helper_prefix=self.gname_prefix,
        )

    def compile(self) -> Compiled:
        """Compile the current state of the inserted objects."""
        self._last = compile_archive(list(self._items.items()), self._options())
        return self._last

    def __str__(self) -> str:
        return self.compile().text

    def __repr__(self) -> str:
        return str(self)

    @property
    def data(self) -> dict[str, Any]:
        """External arrays by key, as of the last ``str()`` (compiled if needed)."""
        last = self._last if self._last is not None else self.compile()
        return dict(last.arrays)


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    return type(a) is type(b) and isinstance(a, _ATOMS) and a == b


def restore(archive: str, env: dict[str, Any] | None = None) -> dict[str, Any]:
    """Execute archive text and return the namespace it leaves.

    ``env`` supplies names the text reads, such as the ``_arrays`` mapping.
    """
    namespace: dict[str, Any] = dict(env or {})
    exec(archive, namespace)
    return namespace
