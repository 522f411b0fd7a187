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
import numbers
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from persist.emit.regenerate import has_hand_edits, regenerate
from persist.errors import DuplicateError, InvalidNameError
from persist.options import Options
from persist.pipeline import Compiled, compile_archive
from persist.source import declare_utf8, read_source
from persist.store.arrays import check_format, loader_source
from persist.store.atomic import durability
from persist.store.layout import (
    check_module_name,
    check_normal_form,
    save_module,
    save_package,
    save_store,
    store_location,
    wrap_os_error,
)

__all__ = [  # noqa: F822  (DataSet comes from the module __getattr__)
    "Archive",
    "DataSet",
    "restore",
    "ArchiveError",
    "DuplicateError",
    "CycleError",
]

from persist.errors import ArchiveError, CycleError  # noqa: E402  (re-exported)

_ATOMS = (int, float, complex, str, bytes, bool, type(None))
# names the generated clean-up reads, and insert's own keyword
_RESERVED = frozenset({"__builtins__", "NameError", "env"})


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

    The arguments come in persist 3.2's order, so its positional calls keep
    their meaning: ``Archive(True)`` is ``flat=True``, not ``scoped=True``.
    """

    def __init__(
        self,
        flat: bool = True,
        tostring: bool = True,
        check_on_insert: bool = False,
        array_threshold: float | None = None,
        backup_data: bool = True,
        single_item_mode: bool = False,
        allowed_names: list[str] | None = None,
        gname_prefix: str | None = None,
        scoped: bool = False,
        robust_replace: bool = True,
        data_name: str = "_arrays",
    ) -> None:
        if not (isinstance(data_name, str) and data_name.isidentifier()):
            raise InvalidNameError(
                f"data_name must be an identifier, not {data_name!r}"
            )
        if array_threshold is not None and (
            isinstance(array_threshold, bool)
            or not isinstance(array_threshold, numbers.Real)
        ):
            raise TypeError(
                "array_threshold must be a number of elements or None, not "
                f"{array_threshold!r}"
            )
        self.scoped = scoped
        self.array_threshold = (
            float("inf") if array_threshold is None else array_threshold
        )
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
        """``name``, or ``name_0``, ``name_1``, ... whichever is not taken yet
        (persist 3.2's names)."""
        if name not in self._items:
            return name
        n = 0
        while f"{name}_{n}" in self._items:
            n += 1
        return f"{name}_{n}"

    def insert(
        self, /, *args: Any, env: Mapping[str, Any] | None = None, **kwargs: Any
    ) -> None:
        """Insert objects under the keyword names given.

        ``env`` is persist 3.2's mapping for resolving names in ``repr``
        strings; this version needs none and ignores it. It cannot name an
        item: ``env`` is reserved, as it was in 3.2.

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
        if args:
            raise ValueError(
                f"insert objects by name, e.g. insert(x=...), not insert({args[0]!r})"
            )
        if env is not None and not isinstance(env, Mapping):
            raise InvalidNameError(
                "'env' is reserved: insert(env=...) takes persist 3.2's mapping of "
                f"names, not an item ({type(env).__name__}); use another name"
            )
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
        if (
            not isinstance(name, str)
            or not name.isidentifier()
            or keyword.iskeyword(name)
        ):
            raise InvalidNameError(f"{name!r} is not a valid Python identifier")
        check_normal_form(name, "name")
        if name == self.data_name or name in _RESERVED:
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

    def save_data(
        self,
        datafile: str | os.PathLike[str] | None = None,
        filename: str | None = None,
        data_format: str = "npy",
        *,
        durable: bool = True,
    ) -> Path | None:
        """Write the external arrays of ``data``: ``<key>.npy`` files in the
        directory ``datafile`` (``data_format='npy'``; other files there stay)
        or one HDF5 file (``'hdf5'``); ``filename`` names them within
        ``datafile``. Returns their path, or None when there are no arrays or,
        with a warning, no ``datafile``. ``backup_data`` keeps each replaced
        file as ``.bak``; ``durable`` as for ``save``."""
        if datafile is None:
            if self.data:  # (persist 3.2 warned so too)
                warnings.warn(
                    "save_data() without a datafile wrote nothing: the arrays "
                    f"{sorted(self.data)} are not saved",
                    stacklevel=2,
                )
            return None
        target = Path(datafile) / filename if filename else Path(datafile)
        try:
            check_format(data_format)
        except ArchiveError as exc:
            raise _naming(target, exc) from exc
        arrays = self.data
        if not arrays:
            return None
        try:
            with durability(durable):
                return save_store(target, arrays, data_format, self.backup_data)
        except OSError as exc:
            raise wrap_os_error(target, exc) from exc

    def save(
        self,
        dirname: str | os.PathLike[str] = ".",
        name: str | None = None,
        package: bool = True,
        arrays_name: str = "_arrays",
        data_format: str = "npy",
        force: bool = True,
        clear_on_reload: bool = True,
        *,
        durable: bool = True,
    ) -> Path:
        """Write the archive as an importable package (``<dirname>/<name>/``) or
        module (``<dirname>/<name>.py``), with its arrays beside it.

        Each file is replaced atomically: a reader sees the old archive or the
        new one. With ``durable`` (the default) each is also fsynced before
        it replaces the old, so a power cut leaves one or the other too;
        ``durable=False`` skips that wait for the disk (a large array saves
        several times faster) at the risk of an empty or half-written file
        after a power cut or a kernel crash (not after the process's own).

        In ``single_item_mode`` the name defaults to the item's name, and
        importing the saved module gives the item itself. The generated code
        needs only Python and numpy (h5py for ``data_format='hdf5'``). See
        ``persist.store.layout`` for what is atomic.

        ``arrays_name``, ``force`` and ``clear_on_reload`` keep persist 3.2's
        calls (and its order of arguments) working; they change nothing. The
        store's name follows the layout above (the module names it, so loading
        finds it), a save always replaces the archive, and no module of this
        version puts anything in ``sys.modules`` that a reload must clear.
        """
        _check_arrays_name(arrays_name)
        if name is None:
            if not (self.single_item_mode and self._items):
                raise InvalidNameError(
                    "save() needs a name unless the archive is in single_item_mode"
                )
            name = next(iter(self._items))
        directory = Path(dirname)
        try:
            check_module_name(name)
            check_format(data_format)
        except ArchiveError as exc:
            raise _naming(directory / name, exc) from exc
        location = store_location(data_format, package, name)
        epilogue = ""
        if self.single_item_mode and self._items:
            epilogue = _SINGLE_ITEM.format(name=next(iter(self._items)))
        compiled = compile_archive(
            list(self._items.items()),
            self._options(),
            prologue=lambda arrays: loader_source(
                data_format, location, list(arrays), self.data_name
            ),
            epilogue=epilogue,
        )
        self._last = compiled
        text = _keep_hand_edits(
            directory / name / "__init__.py" if package else directory / f"{name}.py",
            compiled.text,
        )
        writer = save_package if package else save_module
        try:
            directory.mkdir(parents=True, exist_ok=True)
            with durability(durable):
                return writer(
                    directory,
                    name,
                    text,
                    compiled.arrays,
                    data_format,
                    self.backup_data,
                )
        except OSError as exc:
            raise wrap_os_error(directory / name, exc) from exc

    @property
    def data(self) -> dict[str, Any]:
        """External arrays by key, as of the last ``str()`` (compiled if needed)."""
        last = self._last if self._last is not None else self.compile()
        return dict(last.arrays)


_SINGLE_ITEM = """\
if __name__ in __import__('sys').modules:
    # imported as a module: the module becomes the archived object itself
    __import__('sys').modules[__name__] = {name}
"""


def _check_arrays_name(arrays_name: str) -> None:
    """``save``'s fourth argument is ``arrays_name``, as in persist 3.2: a data
    format there was meant as ``data_format``, which must be named."""
    if arrays_name in ("npy", "hdf5", "npz"):
        raise TypeError(
            f"save()'s fourth argument is arrays_name, as in persist 3.2; pass the "
            f"format by name: data_format={arrays_name!r}"
        )


def _keep_hand_edits(existing: Path, text: str) -> str:
    """Merge ``text`` into an existing, hand-edited module (see emit/regenerate)."""
    try:
        old = declare_utf8(read_source(existing))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return text
    if old == text or not has_hand_edits(old, text):
        return text
    return regenerate(old, text)


def __getattr__(name: str) -> Any:
    # DataSet lives in persist.dataset, which imports this module
    if name == "DataSet":
        from persist.dataset import DataSet

        return DataSet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _naming(target: Path, exc: ArchiveError) -> ArchiveError:
    """The same error, its message naming the archive it was about."""
    return type(exc)(f"cannot save {target}: {exc}")


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
