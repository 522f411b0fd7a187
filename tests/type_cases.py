"""The module-level types and the round-trip harness of the ``test_types_*`` tests.

The types live at module level so that an archive can import them: its text
names them ``type_cases.<name>``. ``round_trip`` archives one object under the
name ``x`` (the text must equal the one compiled with the IR checker), runs the
text with the archive's ``data`` as ``_arrays`` and returns the loaded object;
archiving that again must give the same text. ``cases`` makes the ``(make,
check)`` parameters of a table of cases: ``check`` compares the original and
the loaded object, with ``assert_same_structure`` (types, values, identity
structure at any depth) unless the case gives its own. ``STYLES`` runs a test
in both styles, flat and scoped.
"""

from __future__ import annotations

import collections
import copy
import copyreg
import dataclasses
import decimal
import enum
import math
import pathlib
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from persist.archive import Archive
from persist.objects import Archivable
from persist.options import Options
from persist.pipeline import compile_archive
from structure import assert_same_structure

STYLES = [pytest.param(False, id="flat"), pytest.param(True, id="scoped")]


# -- module-level types the cases use (importable as type_cases.<name>) ----------
class Plain:
    def __init__(self, **attrs: Any) -> None:
        self.__dict__.update(attrs)


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a: Any, b: Any) -> None:
        self.a = a
        self.b = b


class SlotsAndDict:
    __slots__ = ("a", "__dict__")


class WithState:
    """__getstate__/__setstate__ with a state that is not the __dict__."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __getstate__(self) -> dict[str, Any]:
        return {"stored": self.value}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.value = state["stored"]


class Copied:
    """A ``__setstate__`` that copies the state it is given, as most do: the
    state must be complete when it runs."""

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


class Guarded:
    """Refuses ``obj.name = value``: its state is set by ``__dict__.update``."""

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")


class Reduced:
    """Rebuilt by ``Reduced(a, b)`` through ``__reduce_ex__``."""

    def __init__(self, a: Any, b: Any) -> None:
        self.a, self.b = a, b

    def __reduce_ex__(self, protocol: Any) -> Any:
        return (Reduced, (self.a, self.b))


class RefusesPickle:
    def __reduce_ex__(self, protocol: Any) -> Any:
        raise RuntimeError("no reduce for you")


class Color(enum.Enum):
    RED = 1
    GREEN = "g"


class Perm(enum.IntFlag):
    R = 4
    W = 2


Pair = collections.namedtuple("Pair", "x y")


@dataclasses.dataclass
class Record:
    x: Any
    y: list[Any] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class FrozenRecord:
    x: Any
    y: tuple[Any, ...] = ()


@dataclasses.dataclass
class Base:
    a: Any


class InitOverridden(Base):
    """A dataclass's subclass whose ``__init__`` takes other arguments."""

    def __init__(self, x: int) -> None:
        super().__init__(x + 1)


@dataclasses.dataclass
class OwnInit:
    """A dataclass whose own ``__init__`` (kept by the decorator) is not its fields'."""

    a: Any

    def __init__(self, x: Any) -> None:
        self.a = [x]


@dataclasses.dataclass(init=False)
class NoInit:
    a: Any = None


@dataclasses.dataclass(init=False)
class NoInitSub(Record):
    """Inherits ``Record.__init__``, which does not take ``z``."""

    z: Any = None


@dataclasses.dataclass
class WithInitVar:
    a: Any
    scale: dataclasses.InitVar[int]


@dataclasses.dataclass(slots=True)
class SlotsRecord:
    a: Any
    b: Any = None


class NewArgs:
    """Made by pickle as ``NewArgs.__new__(NewArgs, [...])``: its ``__new__``
    takes an argument, here unhashable."""

    def __new__(cls, items: list[Any]) -> NewArgs:
        self = super().__new__(cls)
        self.size = len(items)
        return self

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def __getnewargs__(self) -> tuple[list[Any]]:
        return (self.items,)


@dataclasses.dataclass
class ReducedRecord:
    """A dataclass whose ``__reduce__`` leaves out a field pickle cannot save."""

    a: Any
    lock: Any = None

    def __reduce__(self) -> Any:
        return (ReducedRecord, (self.a,))


@dataclasses.dataclass
class StateRecord:
    """A dataclass whose ``__getstate__`` leaves out a field."""

    a: Any
    cache: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"a": self.a}


@dataclasses.dataclass
class NewArgsRecord:
    """A dataclass whose ``__new__`` takes its field positionally only, made
    by pickle as ``__new__(cls, *__getnewargs__())``."""

    a: Any

    def __new__(cls, a: Any, /) -> NewArgsRecord:
        return super().__new__(cls)

    def __getnewargs__(self) -> tuple[Any]:
        return (self.a,)


class Point(Archivable):
    def __init__(self, x: Any, y: Any) -> None:
        self.x, self.y = x, y


class Legacy:
    """persist 3.2's hook: ``get_persistent_rep(env) -> (rep, args, imports)``."""

    def __init__(self, a: Any) -> None:
        self.a = a

    def get_persistent_rep(self, env: Any) -> tuple[str, dict[str, Any], list[Any]]:
        return "Legacy(a=a)", {"a": self.a}, [(__name__, "Legacy", "Legacy")]


def make_hooked(value: Any, scale: int = 1) -> Hooked:
    return Hooked(value, scale)


class Hooked:
    """``__persist__() -> (callable, args, kwargs)``."""

    def __init__(self, value: Any, scale: int = 1) -> None:
        self.value, self.scale = value, scale

    def __persist__(self) -> tuple[Any, tuple[Any, ...], dict[str, Any]]:
        return make_hooked, (self.value,), {"scale": self.scale}


class Methods:
    def __init__(self, k: int = 1) -> None:
        self.k = k

    def method(self) -> int:
        return self.k

    @classmethod
    def klass(cls) -> type:
        return cls

    @staticmethod
    def static() -> int:
        return 1


class NamedKey:
    """Hashes by its state, as many key classes do."""

    def __init__(self, name: str, owner: Any = None) -> None:
        self.name, self.owner = name, owner

    def __hash__(self) -> int:
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return type(other) is NamedKey and other.name == self.name


class RebuiltAsNamedKey:
    """Hashes by identity, but its ``__reduce__`` rebuilds a NamedKey, whose
    hash reads the state: the rebuilt object's class decides."""

    def __init__(self, name: str, owner: Any = None) -> None:
        self.name, self.owner = name, owner

    def __reduce__(self) -> Any:
        return (
            copyreg.__newobj__,
            (NamedKey,),
            {"name": self.name, "owner": self.owner},
        )


class ListSub(list):  # type: ignore[type-arg]
    pass


class DictSub(dict):  # type: ignore[type-arg]
    pass


def module_function(x: Any) -> Any:
    return x


# -- the harness ---------------------------------------------------------------
def archive_text(
    obj: Any, scoped: bool, threshold: float | None = None
) -> tuple[str, dict[str, Any]]:
    archive = Archive(scoped=scoped, array_threshold=threshold)
    archive.insert(x=obj)
    return str(archive), archive.data


def checked_text(obj: Any, scoped: bool, threshold: float | None = None) -> str:
    """The text compiled with the IR checker after lowering and every pass."""
    options = Options(
        scoped=scoped, array_threshold=math.inf if threshold is None else threshold
    )
    return compile_archive([("x", obj)], options, check=True).text


def run(text: str, arrays: dict[str, Any] | None = None) -> dict[str, Any]:
    # copies, so that an external array is never the original object
    namespace: dict[str, Any] = {"_arrays": copy.deepcopy(arrays or {})}
    exec(text, namespace)
    return namespace


def round_trip(
    obj: Any, scoped: bool, threshold: float | None = None
) -> tuple[Any, str]:
    """The loaded copy of ``obj``; checks the namespace and re-archiving too."""
    text, arrays = archive_text(obj, scoped, threshold)
    assert checked_text(obj, scoped, threshold) == text
    text.encode("utf-8")  # savable as a source file (lone surrogates are escaped)
    namespace = run(text, arrays)
    assert set(namespace) == {"x"}, text
    loaded = namespace["x"]
    assert type(loaded) is type(obj)
    again, arrays_again = archive_text(loaded, scoped, threshold)
    assert again == text
    assert list(arrays_again) == list(arrays)
    return loaded, text


def same_as_pickled(x: Any, y: Any) -> None:
    """``y`` is what pickle makes of ``x``: its class's hooks decide."""
    assert_same_structure(pickle.loads(pickle.dumps(x)), y)


def same_decimals(x: list[decimal.Decimal], y: list[decimal.Decimal]) -> None:
    assert [type(d) for d in y] == [decimal.Decimal] * len(x)
    assert [str(d) for d in y] == [str(d) for d in x]  # keeps '1.10', '-0', 'sNaN'


def same_paths(x: list[pathlib.PurePath], y: list[pathlib.PurePath]) -> None:
    # path objects cache their string in attributes; compare what they mean
    assert [type(p) for p in y] == [type(p) for p in x]
    assert y == x and [str(p) for p in y] == [str(p) for p in x]


def same_sparse(x: Any, y: Any) -> None:
    assert type(y) is type(x)
    assert (y.format, y.shape, y.dtype) == (x.format, x.shape, x.dtype)
    assert (x != y).nnz == 0
    assert_same_structure(x.toarray(), y.toarray())
    if x.format in ("csr", "csc", "bsr"):
        assert_same_structure(
            (x.data, x.indices, x.indptr), (y.data, y.indices, y.indptr)
        )


def same_bound_method(x: Any, y: Any) -> None:
    assert type(y) is type(x)
    assert y.__func__ is x.__func__
    assert_same_structure(x.__self__, y.__self__)


def same_builtin_method(x: Any, y: Any) -> None:
    assert type(y) is type(x) and y.__name__ == x.__name__
    assert_same_structure(x.__self__, y.__self__)


Case = tuple[Callable[[], Any], Callable[[Any, Any], None]]


def cases(**factories: Callable[[], Any] | Case) -> list[Any]:
    out = []
    for name, spec in factories.items():
        if hasattr(spec, "marks"):  # already a pytest.param(make, check, marks=...)
            out.append(pytest.param(*spec.values, marks=spec.marks, id=name))
            continue
        make, check = spec if isinstance(spec, tuple) else (spec, assert_same_structure)
        out.append(pytest.param(make, check, id=name))
    return out
