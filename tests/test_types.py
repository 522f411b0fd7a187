"""Round trips of every supported type, in both styles, with exact types and values.

Each case archives one object under the name ``x``, runs the text with the
archive's ``data`` as ``_arrays`` and compares with ``assert_same_structure``
(types, values, identity structure at any depth); archiving the result again must
give the same text. Also: sharing, cycles, nesting depth 100,000 with the default
recursion limit, determinism across processes and hash seeds, and the errors an
unarchivable object raises.
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import datetime
import decimal
import enum
import fractions
import math
import os
import pathlib
import subprocess
import sys
import textwrap
import types
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp

import persist
from persist.archive import Archive
from persist.objects import Archivable
from persist.objects import Container as AttrBag
from persist.options import Options
from persist.pipeline import compile_archive
from structure import assert_same_structure

STYLES = [pytest.param(False, id="flat"), pytest.param(True, id="scoped")]


# -- module-level types the cases use (importable as test_types.<name>) ----------
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


def _slots_and_dict() -> SlotsAndDict:
    obj = SlotsAndDict()
    obj.a = [1]
    obj.extra = "e"  # type: ignore[attr-defined]
    return obj


def _list_sub() -> ListSub:
    obj = ListSub([1, [2]])
    obj.tag = "t"  # type: ignore[attr-defined]
    return obj


def _dict_sub() -> DictSub:
    obj = DictSub(a=1)
    obj.tag = [2]  # type: ignore[attr-defined]
    return obj


EST = datetime.timezone(datetime.timedelta(hours=-5), "EST")

BUILTIN_CASES = cases(
    none=lambda: None,
    bools=lambda: [True, False],
    ints=lambda: [0, 1, -1, 2**63, -(2**64) - 1, 2**11_999, 2**12_001 + 1, -(10**5000)],
    floats=lambda: [0.0, -0.0, 1.5, 0.1, 1e308, 5e-324, math.inf, -math.inf, math.nan],
    complexes=lambda: [
        1j,
        -1j,
        1 + 2j,
        complex(-0.0, -0.0),
        complex(0.0, -0.0),
        complex(-0.0, 1.0),
        complex(math.nan, math.inf),
        complex(-math.inf, 0.0),
        -0j,
    ],
    strs=lambda: [
        "",
        "'",
        '"',
        "'\"",
        "'''",
        '"""',
        "a\nb\r\n",
        "\t\x00\x7f",
        "\\",
        "\u2603é",
        "\U0001f600",
    ],
    lone_surrogates=lambda: ["\ud800", "x\udfffy", "\udc80\ud800"],
    bytes_=lambda: [b"", b"\x00\xff", b"'\"\n", bytes(range(256))],
    bytearray_=lambda: bytearray(b"ab\x00\xff"),
    empty_bytearray=lambda: bytearray(),
    tuples=lambda: [(), (1,), ((),), ((1,),), (1, "a", None)],
    empty_tuple=lambda: (),
    one_tuple=lambda: ([1],),
    lists=lambda: [[], [1, [2, [3]]], [None] * 3],
    dict_keys=lambda: {
        1: "int",
        "a": "str",
        (1, 2): "tuple",
        None: "none",
        1.5: "float",
        frozenset({1}): "frozenset",
        b"x": "bytes",
        -0.0: "minus zero key",  # 0.0 == -0.0: the key object is kept
        (): "empty tuple",
        Color.RED: "enum",
        datetime.date(2020, 1, 1): "date",
    },
    dict_order=lambda: {"z": 1, "a": 2, "m": 3},
    empty_dict=lambda: {},
    sets=lambda: [{1, "a", (1, 2), None, b"b", 2.5}, set(), {frozenset({1, 2})}],
    frozensets=lambda: [
        frozenset(),
        frozenset({1, 2, "x"}),
        frozenset({frozenset({()})}),
    ],
    ranges=lambda: [range(3), range(1, 10, 2), range(-5), range(10, 0, -3)],
    slices=lambda: [slice(1), slice(1, 2, 3), slice(None, "a", (1,)), slice(None)],
    ellipsis=lambda: ...,
    ellipsis_in_list=lambda: [..., (...,)],
    not_implemented=lambda: NotImplemented,
)


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), BUILTIN_CASES)
def test_builtin_types(make: Callable[[], Any], check: Any, scoped: bool) -> None:
    obj = make()
    loaded, _ = round_trip(obj, scoped)
    check(obj, loaded)


def test_large_ints_are_written_in_hex_past_the_int_string_limit() -> None:
    text, _ = archive_text(10**5000, False)
    assert "0x" in text
    assert run(text)["x"] == 10**5000


STDLIB_CASES = cases(
    date=lambda: datetime.date(2024, 1, 31),
    datetime_=lambda: [
        datetime.datetime(2024, 1, 2, 3, 4, 5, 6),
        datetime.datetime(2024, 1, 2),
    ],
    datetime_tz=lambda: [
        datetime.datetime(2024, 1, 2, 3, tzinfo=datetime.timezone.utc),
        datetime.datetime(2024, 11, 3, 1, 30, tzinfo=EST, fold=1),
    ],
    time=lambda: [
        datetime.time(),
        datetime.time(1, 2, 3, 4, tzinfo=EST),
        datetime.time(0, 0, fold=1),
    ],
    timedelta=lambda: [
        datetime.timedelta(),
        datetime.timedelta(-1, 5, 7),
        datetime.timedelta(days=3),
    ],
    timezone=lambda: [
        datetime.timezone.utc,
        EST,
        datetime.timezone(datetime.timedelta(minutes=90)),
        datetime.timezone(datetime.timedelta(0), "Zulu"),
    ],
    decimal_=(
        lambda: [
            decimal.Decimal(s)
            for s in ("1.10", "-0", "1E+3", "NaN", "-Infinity", "sNaN")
        ],
        same_decimals,
    ),
    fraction=lambda: [
        fractions.Fraction(1, 3),
        fractions.Fraction(-5),
        fractions.Fraction(0),
    ],
    uuid_=lambda: [
        uuid.UUID(int=12345),
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
    ],
    paths=(
        lambda: [
            pathlib.PurePosixPath("/a/b"),
            pathlib.PureWindowsPath("C:\\x\\y"),
            pathlib.Path("rel/p"),
            pathlib.PurePath("x"),
        ],
        same_paths,
    ),
    ordered_dict=lambda: [
        collections.OrderedDict([("b", 1), ("a", [2])]),
        collections.OrderedDict(),
    ],
    defaultdict_=lambda: [
        collections.defaultdict(list, {"a": [1]}),
        collections.defaultdict(None),
        collections.defaultdict(int),
    ],
    deque_=lambda: [collections.deque([1, [2]], maxlen=5), collections.deque()],
    counter=lambda: [collections.Counter("abracadabra"), collections.Counter()],
    namedtuple=lambda: [Pair(1, [2]), Pair(x=(), y=None)],
    enum_members=lambda: [Color.RED, Color.GREEN, Perm.R, Perm.R | Perm.W, Perm(0)],
    dataclass_=lambda: Record(1, [2, 3]),
    frozen_dataclass=lambda: FrozenRecord(1, (2,)),
    plain_instance=lambda: Plain(a=1, b=[2], c=Plain()),
    slotted_instance=lambda: Slotted(1, [2]),
    slots_and_dict=_slots_and_dict,
    getstate_setstate=lambda: WithState([1, 2]),
    reduce_ex=lambda: Reduced(1, [2]),
    list_subclass=_list_sub,
    dict_subclass=_dict_sub,
    module_function=lambda: module_function,
    classes=lambda: [Plain, int, np.ndarray, collections.OrderedDict, Color],
    builtin_classes=lambda: [
        type(None),
        type(...),
        types.FunctionType,
        type(NotImplemented),
    ],
    builtins_=lambda: [len, print, max, sum, getattr],
    modules=lambda: [math, os.path, np, collections],
    bound_method=(lambda: Methods(5).method, same_bound_method),
    classmethod_=lambda: Methods.klass,
    staticmethod_=lambda: Methods.static,
    function_via_class=lambda: Methods.method,
    builtin_bound_method=(lambda: [1, 2].append, same_builtin_method),
    method_descriptors=lambda: [list.append, str.join, dict.fromkeys],
    persist_hook=lambda: Hooked([1], scale=3),
    legacy_get_persistent_rep=lambda: Legacy([1, 2]),
    archivable=lambda: Point(1, [2]),
    persist_container=lambda: AttrBag(a=1, b=[2]),
)


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), STDLIB_CASES)
def test_stdlib_and_user_types(
    make: Callable[[], Any], check: Any, scoped: bool
) -> None:
    obj = make()
    loaded, _ = round_trip(obj, scoped)
    check(obj, loaded)


def test_hooks_are_written_as_calls() -> None:
    text, _ = archive_text([Hooked(1, scale=2), Legacy(3), Point(4, 5)], False)
    assert "make_hooked(1, scale=2)" in text
    assert "Legacy(a=3)" in text
    assert "Point(x=4, y=5)" in text


SPARSE = cases(
    **{
        f"{fmt}_{kind}": (
            lambda fmt=fmt, kind=kind: getattr(sp, f"{fmt}_{kind}")(
                np.arange(16.0).reshape(4, 4) * (np.arange(16).reshape(4, 4) % 3 == 0)
            ),
            same_sparse,
        )
        for fmt in ("csr", "csc", "coo", "lil", "dok", "dia")
        for kind in ("matrix", "array")
    },
    bsr_matrix=(lambda: sp.bsr_matrix(np.eye(4), blocksize=(2, 2)), same_sparse),
)


@pytest.mark.parametrize("threshold", [None, 0], ids=["inline", "external"])
@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), SPARSE)
def test_scipy_sparse(
    make: Callable[[], Any], check: Any, scoped: bool, threshold: float | None
) -> None:
    obj = make()
    loaded, text = round_trip(obj, scoped, threshold)
    check(obj, loaded)
    assert ("_arrays[" in text) == (threshold == 0)


# -- numpy ---------------------------------------------------------------------
def _structured() -> np.ndarray:
    dtype = np.dtype(
        [("a", "i4"), ("b", "f8"), ("c", "S2"), ("d", "U3"), ("e", "M8[D]")]
    )
    return np.array(
        [(1, 2.5, b"x", "\u2603", "2020-01-01"), (-3, -0.0, b"", "", "NaT")],
        dtype=dtype,
    )


def _big_endian_fortran() -> np.ndarray:
    return np.asfortranarray(np.arange(6).reshape(2, 3)).astype(">i4", order="K")


ARRAYS = cases(
    bool_=lambda: np.array([True, False, True]),
    int8=lambda: np.array([-128, 0, 127], dtype="i1"),
    uint64=lambda: np.array([0, 2**64 - 1], dtype="u8"),
    int64=lambda: np.arange(5),
    float16=lambda: np.array([1.5, np.nan, -0.0, np.inf, 65504], dtype="f2"),
    float32=lambda: np.array([0.1, -0.0, np.float32(1) / 3], dtype="f4"),
    float64=lambda: np.array([0.1, np.nan, -np.inf, -0.0, 5e-324]),
    longdouble=lambda: np.array(
        [np.longdouble(1) / 3, np.nan, -np.inf, -0.0], dtype=np.longdouble
    ),
    complex64=lambda: np.array([1 + 2j, complex(-0.0, np.nan)], dtype="c8"),
    complex128=lambda: np.array([1j, complex(np.inf, -0.0), complex(-0.0, 0.1)]),
    clongdouble_exact_in_double=lambda: np.array(
        [1 + 0.5j, complex(np.nan, -0.0)], dtype=np.clongdouble
    ),
    datetime64_day=lambda: np.array(["2020-01-01", "NaT", "1969-12-31"], dtype="M8[D]"),
    datetime64_ns=lambda: np.array(["2020-01-01T00:00:00.123456789"], dtype="M8[ns]"),
    datetime64_multiple=lambda: np.array([0, 5], dtype="M8[10s]"),
    datetime64_generic=lambda: np.array(["NaT"], dtype="M8"),
    timedelta64=lambda: np.array([1, -2, "NaT"], dtype="m8[s]"),
    unicode=lambda: np.array(["a", "\u2603", "", "\U0001f600"], dtype="U3"),
    bytes_=lambda: np.array([b"a\x00", b"", b"\xff"], dtype="S2"),
    void=lambda: np.zeros(2, dtype="V3"),
    structured=_structured,
    nested_structured=lambda: np.zeros(
        2, dtype=[("a", "i4", (2,)), ("b", [("c", "f4"), ("d", "?")])]
    ),
    zero_d=lambda: np.array(5),
    zero_d_float=lambda: np.array(-0.0),
    zero_d_str=lambda: np.array("x"),
    two_d=lambda: np.arange(6).reshape(2, 3),
    three_d=lambda: np.arange(24.0).reshape(2, 3, 4),
    fortran=lambda: np.asfortranarray(np.arange(6).reshape(2, 3)),
    big_endian=lambda: np.array([1, 256], dtype=">i4"),
    big_endian_float=lambda: np.array([1.5, -0.0], dtype=">f8"),
    big_endian_fortran=_big_endian_fortran,
    little_endian_explicit=lambda: np.array([1], dtype="<i2"),
    empty=lambda: np.zeros((0, 3)),
    empty_structured=lambda: np.zeros(0, dtype=[("a", "i4")]),
    non_contiguous=lambda: np.arange(10)[::2],
    read_only_source=lambda: np.frombuffer(b"\x01\x02", dtype="u1"),
    object_=lambda: np.array([1, "a", None, [1], (2,)], dtype=object),
    object_2d=lambda: np.array([[1, 2], [3, Plain(v=4)]], dtype=object),
    object_fortran=lambda: np.asfortranarray(
        np.array([[1, None], [2, "a"]], dtype=object)
    ),
    object_0d=lambda: np.array(None, dtype=object),
    object_empty=lambda: np.empty((0, 2), dtype=object),
    structured_with_object_field=lambda: np.array(
        [([1], 2), ("x", 3)], dtype=[("a", "O"), ("b", "i4")]
    ),
)


@pytest.mark.parametrize("threshold", [None, 0], ids=["inline", "external"])
@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), ARRAYS)
def test_numpy_arrays(
    make: Callable[[], Any], check: Any, scoped: bool, threshold: float | None
) -> None:
    obj = make()
    loaded, text = round_trip(obj, scoped, threshold)
    check(obj, loaded)  # also checks that the loaded array is writable
    external = "_arrays[" in text
    assert external == (threshold == 0 and obj.size > 0 and not obj.dtype.hasobject)


@pytest.mark.parametrize(
    "threshold",
    [
        pytest.param(None, id="inline"),
        pytest.param(0, id="external"),
    ],
)
@pytest.mark.parametrize("scoped", STYLES)
def test_complex_long_double_keeps_its_precision(
    scoped: bool, threshold: float | None
) -> None:
    obj = np.array([np.clongdouble(1) / 3 + 1j], dtype=np.clongdouble)
    loaded, _ = round_trip(obj, scoped, threshold)
    assert_same_structure(obj, loaded)


@pytest.mark.parametrize("scoped", STYLES)
def test_array_threshold_counts_elements(scoped: bool) -> None:
    small, big = np.arange(5), np.arange(6).reshape(2, 3)
    archive = Archive(scoped=scoped, array_threshold=5)
    archive.insert(small=small, big=big, objects=np.array([None] * 9, dtype=object))
    text = str(archive)
    assert list(archive.data) == ["big"]
    assert "_arrays['big']" in text
    namespace = run(text, archive.data)
    assert_same_structure([small, big], [namespace["small"], namespace["big"]])


@pytest.mark.parametrize("threshold", [None, 0], ids=["inline", "external"])
@pytest.mark.parametrize("scoped", STYLES)
def test_loaded_arrays_are_writable(scoped: bool, threshold: float | None) -> None:
    obj = [np.arange(3), np.zeros((2, 2), order="F"), np.array(1.5), np.array(["a"])]
    loaded, _ = round_trip(obj, scoped, threshold)
    for array in loaded:
        array[...] = array.flat[0]  # raises on a read-only array


SCALARS = cases(
    scalars=lambda: [
        np.float64(1.5),
        np.float64("nan"),
        np.float64(-0.0),
        np.float32(0.1),
        np.float16(0.5),
        np.longdouble(1) / 3,
        np.int8(-3),
        np.uint64(2**64 - 1),
        np.bool_(True),
        np.complex64(1 + 1j),
        np.complex128(complex(-0.0, math.inf)),
        np.datetime64("2020-01-01"),
        np.datetime64("2020-01-01T01:02:03.5", "ms"),
        np.datetime64("NaT"),
        np.timedelta64(5, "ms"),
        np.timedelta64(3, "10s"),
        np.str_("a\u2603"),
        np.bytes_(b"a\x00"),
    ],
    strings_with_trailing_nul=lambda: [
        np.bytes_(b"a\x00"),
        np.str_("a\x00"),
        np.bytes_(b""),
    ],
    clongdouble_scalar=lambda: np.clongdouble(1) / 3 - 2j,
    structured_scalar=lambda: np.array([(1, 2.5)], dtype=[("a", "i4"), ("b", "f8")])[0],
    raw_void_scalar=lambda: np.void(b"\x00ab"),
    dtypes=lambda: [
        np.dtype("f8"),
        np.dtype(">i4"),
        np.dtype("<f2"),
        np.dtype(np.longdouble),
        np.dtype([("a", "i4"), ("b", "U2")]),
        np.dtype("U3"),
        np.dtype("S0"),
        np.dtype("M8[D]"),
        np.dtype("m8[10s]"),
        np.dtype(object),
        np.dtype("V3"),
        np.dtype(("i4", (2,))),  # a subarray dtype
        np.dtype(([("a", ">f4")], (2, 3))),
    ],
)


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), SCALARS)
def test_numpy_scalars_and_dtypes(
    make: Callable[[], Any], check: Any, scoped: bool
) -> None:
    obj = make()
    loaded, _ = round_trip(obj, scoped)
    check(obj, loaded)


# -- sharing -------------------------------------------------------------------
def _sharing() -> Any:
    shared = [1]
    obj = Plain(a=shared)
    array = np.arange(3)
    big = np.arange(10)
    key = (1, "k")
    return {
        "lists": [shared, shared, [shared]],
        "dict_values": {"a": shared, key: shared},
        "tuple": (shared, shared),
        "attr": obj,
        "again": [obj, obj],
        "arrays": [array, array, big, big],
        "set": [{key}, frozenset({key})],
        "distinct": [[1], [1], {}, {}, np.arange(3), Plain(), Plain()],
    }


@pytest.mark.parametrize("threshold", [None, 5], ids=["inline", "external"])
@pytest.mark.parametrize("scoped", STYLES)
def test_sharing_is_kept_and_equal_objects_stay_distinct(
    scoped: bool, threshold: float | None
) -> None:
    obj = _sharing()
    loaded, _ = round_trip(obj, scoped, threshold)
    assert_same_structure(obj, loaded)
    assert (
        loaded["lists"][0]
        is loaded["lists"][1]
        is loaded["lists"][2][0]
        is loaded["attr"].a
    )
    assert (
        loaded["arrays"][0] is loaded["arrays"][1]
        and loaded["arrays"][2] is loaded["arrays"][3]
    )
    distinct = loaded["distinct"]
    assert distinct[0] is not distinct[1] and distinct[2] is not distinct[3]
    assert distinct[5] is not distinct[6]


@pytest.mark.parametrize("scoped", STYLES)
def test_sharing_across_roots(scoped: bool) -> None:
    x = [1, 2]
    archive = Archive(scoped=scoped)
    archive.insert(a=x, b=[x, {"k": x}], c=x)
    namespace = run(str(archive))
    assert set(namespace) == {"a", "b", "c"}
    assert (
        namespace["a"] is namespace["b"][0] is namespace["b"][1]["k"] is namespace["c"]
    )


# -- cycles --------------------------------------------------------------------
def _self_list() -> Any:
    x: list[Any] = [1]
    x.append(x)
    return x


def _self_dict() -> Any:
    d: dict[str, Any] = {"a": 1}
    d["self"] = d
    d["b"] = 2  # order kept: entries after the cycle too
    return d


def _mutual_lists() -> Any:
    a: list[Any] = []
    b = [a]
    a.append(b)
    return [a, b]


def _mutual_dicts() -> Any:
    a: dict[str, Any] = {}
    b = {"a": a}
    a["b"] = b
    return b


def _attribute_back_to_container() -> Any:
    runs: list[Any] = []
    runs.append(Plain(owner=runs, n=0))
    runs.append(Plain(owner=runs, n=1))
    return {"runs": runs}


def _cycle_through_tuple() -> Any:
    x: list[Any] = []
    t = (x, 1)
    x.append(t)
    return t


def _cycle_through_tuple_list_root() -> Any:
    x: list[Any] = []
    x.append((x,))
    return x


def _cycle_through_reduce() -> Any:
    x: list[Any] = []
    x.append(Reduced(x, 2))
    return [x[0], x]


def _cycle_through_setstate() -> Any:
    s = WithState(None)
    s.value = [s]
    return s


def _self_attribute() -> Any:
    p = Plain()
    p.me = p
    return p


def _dataclass_cycle() -> Any:
    r = Record(1)
    r.y.append(r)
    return r


def _frozen_dataclass_cycle() -> Any:
    f = FrozenRecord(1)
    object.__setattr__(f, "y", (f,))
    return f


def _slots_cycle() -> Any:
    s = Slotted(1, None)
    s.b = [s]
    return s


def _object_array_cycle() -> Any:
    a = np.empty(2, dtype=object)
    a[0] = a
    a[1] = [a]
    return a


def _hook_cycles() -> Any:
    x: list[Any] = []
    x.append(Hooked(x))
    x.append(Point(x, 1))
    return x


def _subclass_cycles() -> Any:
    ls = ListSub()
    ls.append(ls)
    ls.tag = ls  # type: ignore[attr-defined]
    ds = DictSub()
    ds["me"] = ds
    return [ls, ds]


def _cycle_and_sharing() -> Any:
    x: list[Any] = [1]
    both = [x, x]
    x.append(both)
    return both


def _cycle_through_set_element() -> Any:
    x: list[Any] = []
    x.append({(1, "a"), None})
    x.append(frozenset({("k",)}))
    x.append(x)
    return x


def _ordered_dict_cycle() -> Any:
    d: collections.OrderedDict[str, Any] = collections.OrderedDict()
    d["me"] = d
    return d


def _defaultdict_cycle() -> Any:
    d: collections.defaultdict[str, Any] = collections.defaultdict(list)
    d["me"] = d
    return d


def _deque_cycle() -> Any:
    d: collections.deque[Any] = collections.deque()
    d.append(d)
    return d


def _counter_cycle() -> Any:
    c: collections.Counter[Any] = collections.Counter(a=1)
    c["me"] = [c]  # a Counter may hold anything as a count
    return c


def _ordered_dict_in_tuple_cycle() -> Any:
    d: collections.OrderedDict[str, Any] = collections.OrderedDict(first=1)
    t = (d, "t")
    d["t"] = t
    d["last"] = 2
    return t


def _dict_key_cycle() -> Any:
    d: dict[Any, Any] = {}
    d[NamedKey("a", owner=d)] = 1
    return d


def _set_element_cycle() -> Any:
    s: set[Any] = set()
    s.add(NamedKey("b", owner=[s]))
    return s


def _deque_in_tuple_cycle() -> Any:
    d: collections.deque[Any] = collections.deque()
    t = (d,)
    d.append(t)
    return t


def _tuple_twice_in_cycle() -> Any:
    # two references from one tuple back to the tuple that starts the cycle
    d: dict[Any, Any] = {}
    t = (d,)
    d[None] = (t, t, None)
    return t


def _dataclass_and_self_holding_dict() -> Any:
    # the dataclass is swapped for its fallback; the dict, its argument,
    # holds itself too and must be split as well (was a CycleError)
    d: dict[str, Any] = {"a": 1}
    d["owner"] = Record(d)
    d["self"] = d
    return d["owner"]


CYCLES = cases(
    self_list=_self_list,
    self_dict=_self_dict,
    mutual_lists=_mutual_lists,
    mutual_dicts=_mutual_dicts,
    attribute_back_to_container=_attribute_back_to_container,
    through_tuple=_cycle_through_tuple,
    through_tuple_list_root=_cycle_through_tuple_list_root,
    through_reduce=_cycle_through_reduce,
    through_setstate=_cycle_through_setstate,
    self_attribute=_self_attribute,
    dataclass=_dataclass_cycle,
    frozen_dataclass=_frozen_dataclass_cycle,
    slots=_slots_cycle,
    object_array=_object_array_cycle,
    hooks=_hook_cycles,
    subclasses=_subclass_cycles,
    with_sharing=_cycle_and_sharing,
    with_sets=_cycle_through_set_element,
    ordered_dict=_ordered_dict_cycle,
    defaultdict=_defaultdict_cycle,
    deque=_deque_cycle,
    deque_in_tuple=_deque_in_tuple_cycle,
    counter=_counter_cycle,
    ordered_dict_in_tuple=_ordered_dict_in_tuple_cycle,
    dict_key=_dict_key_cycle,
    set_element=_set_element_cycle,
    tuple_twice=_tuple_twice_in_cycle,
    dataclass_and_self_holding_dict=_dataclass_and_self_holding_dict,
)


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "check"), CYCLES)
def test_cycles(make: Callable[[], Any], check: Any, scoped: bool) -> None:
    obj = make()
    loaded, _ = round_trip(obj, scoped)
    check(obj, loaded)


class TextlessKey:
    """A key whose ``repr`` raises: labelling its value must not need one."""

    def __repr__(self) -> str:
        raise RuntimeError("no text for this key")


HUGE_KEY = 10**5000  # past the digits int() and repr() turn into decimal text


def _keyed_by_textless(kind: Callable[..., Any], key: Any) -> Any:
    shared = [1, 2]  # (shared: the mapping does not fold into one literal)
    return kind([(key, shared), ("b", shared)])


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(
    ("kind", "key"),
    [
        (dict, HUGE_KEY),
        (collections.OrderedDict, HUGE_KEY),
        (lambda pairs: collections.defaultdict(list, pairs), HUGE_KEY),
        (DictSub, HUGE_KEY),
        (DictSub, TextlessKey()),
        (collections.OrderedDict, TextlessKey()),
    ],
    ids=[
        "dict",
        "ordered_dict",
        "defaultdict",
        "dict_subclass",
        "subclass_raises",
        "ordered_dict_raises",
    ],
)
def test_a_key_without_text_labels_its_value_by_position(
    kind: Callable[..., Any], key: Any, scoped: bool
) -> None:
    """Lowering labels a mapping's values by their keys' text (for paths and
    names); a key with none (an int too long for decimal text, a ``__repr__``
    that raises) is labelled by position instead of failing the dump."""
    obj = _keyed_by_textless(kind, key)
    text, arrays = archive_text(obj, scoped)
    loaded = run(text, arrays)["x"]
    assert type(loaded) is type(obj) and len(loaded) == 2
    (first, value), (_, other) = loaded.items()
    assert value == [1, 2] and value is other  # still one shared list
    if type(key) is int:
        assert first == HUGE_KEY
    else:
        assert type(first) is TextlessKey
    assert_same_structure(loaded, obj)
    again, _ = archive_text(loaded, scoped)
    assert again == text


def test_self_list_reads_naturally() -> None:
    text, _ = archive_text(_self_list(), False)
    assert text.startswith("x = [1]\nx.append(x)\n")


def test_cycle_through_constructor_arguments_only_is_a_cycle_error() -> None:
    r = Reduced(None, 2)
    r.a = (r,)  # Reduced((r,), 2) would need r before it exists
    with pytest.raises(persist.CycleError, match=r"x\['k'\]\[0\]"):
        archive_text({"k": [r]}, False)


# -- nesting depth ---------------------------------------------------------------
DEPTH = 100_000


def _chain(kind: str) -> Any:
    x: Any = 0
    for _ in range(DEPTH):
        x = [x] if kind == "list" else {"k": x} if kind == "dict" else (x,)
    return x


def _walk(kind: str, x: Any) -> None:
    for _ in range(DEPTH):
        if kind == "list":
            assert type(x) is list and len(x) == 1
            x = x[0]
        elif kind == "dict":
            assert type(x) is dict and list(x) == ["k"]
            x = x["k"]
        else:
            assert type(x) is tuple and len(x) == 1
            x = x[0]
    assert type(x) is int and x == 0


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize("kind", ["list", "dict", "tuple"])
def test_nesting_depth_100000(kind: str, scoped: bool) -> None:
    assert (
        sys.getrecursionlimit() <= 1000
    )  # the default limit: nothing may recurse per level
    obj = _chain(kind)
    archive = Archive(scoped=scoped)
    archive.insert(x=obj)
    text = str(archive)
    namespace: dict[str, Any] = {}
    exec(text, namespace)
    _walk(kind, namespace["x"])


def test_deep_cycle_and_sharing_at_depth() -> None:
    root: list[Any] = []
    x = root
    for _ in range(DEPTH // 10):
        x.append([])
        x = x[0]
    x.extend([root, x])  # back to the top, and to itself
    loaded, _ = round_trip(root, False)
    assert_same_structure(root, loaded)


def test_deep_frozenset_chain() -> None:
    x: Any = frozenset()
    for _ in range(DEPTH):
        x = frozenset({x})
    archive_text(x, False)


def test_set_holding_a_deep_tuple() -> None:
    archive_text({_chain("tuple")}, False)


# -- determinism -----------------------------------------------------------------
_DETERMINISM_SCRIPT = textwrap.dedent(
    """
    import datetime, enum, pathlib, sys
    sys.path.insert(0, {tests!r})
    from test_types import Color, Plain
    from persist.archive import Archive

    def build():
        shared = ['s']
        return dict(
            strings=set('abcdefghij'),
            frozen=frozenset({{frozenset('xyz'), ('a', 1), 'q'}}),
            enums={{Color.RED, Color.GREEN}},
            dates={{datetime.date(2020, 1, d) for d in range(1, 9)}},
            paths={{pathlib.PurePosixPath(f'/p{{i}}') for i in range(5)}},
            mixed={{1, 2.5, 'a', b'b', None, (1, 'x'), True}},
            keys={{frozenset('ab'): shared, 'k': shared}},
            obj=Plain(a=shared, b={{'z': 1, 'a': 2}}),
        )

    for scoped in (False, True):
        archive = Archive(scoped=scoped)
        archive.insert(**build())
        sys.stdout.write(str(archive))
    """
)


def test_text_is_the_same_in_every_process_and_hash_seed() -> None:
    script = _DETERMINISM_SCRIPT.format(tests=os.path.dirname(__file__))
    outputs = []
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    texts: list[str] = []  # and in this process, too
    exec(script.replace("sys.stdout.write(", "texts.append("), {"texts": texts})
    assert "".join(texts) == outputs[0]


# -- errors --------------------------------------------------------------------
def _local_function() -> Callable[[], int]:
    def callback() -> int:
        return 1

    return callback


UNARCHIVABLE = [
    pytest.param(lambda: lambda: 1, "function", id="lambda"),
    pytest.param(_local_function, "function", id="local_function"),
    pytest.param(RefusesPickle, "test_types.RefusesPickle", id="reduce_fails"),
]


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "type_name"), UNARCHIVABLE)
def test_unarchivable_object_names_its_path_and_type(
    make: Callable[[], Any], type_name: str, scoped: bool
) -> None:
    results = {"runs": [0, 1, 2, Plain(callback=make())]}
    archive = Archive(scoped=scoped)
    archive.insert(results=results)
    with pytest.raises(persist.ArchiveError) as info:
        str(archive)
    message = str(info.value)
    assert "results['runs'][3].callback" in message
    assert type_name in message
    assert info.value.path == "results['runs'][3].callback"  # type: ignore[attr-defined]
    assert info.value.type_name == type_name  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("obj", "path"),
    [
        pytest.param({"a": [0, {"b": lambda: 0}]}, "x['a'][1]['b']", id="dict_in_list"),
        pytest.param((1, (2, lambda: 0)), "x[1][1]", id="tuple"),
        pytest.param(Plain(inner=Plain(f=lambda: 0)), "x.inner.f", id="attributes"),
        pytest.param(collections.deque([0, lambda: 1]), "x[1]", id="deque"),
        pytest.param(
            np.array([None, lambda: 0], dtype=object), "x[1]", id="object_array"
        ),
    ],
)
def test_error_paths_through_containers(obj: Any, path: str) -> None:
    with pytest.raises(persist.UnarchivableError) as info:
        archive_text(obj, False)
    assert info.value.path == path
    assert path in str(info.value)


def test_sets_of_deep_values_have_a_stable_order() -> None:
    first, second = _chain("tuple"), (_chain("tuple"), 1)
    text = archive_text({first, second, 5}, False)
    assert text == archive_text({5, second, first}, False)


@pytest.mark.parametrize("scoped", STYLES)
def test_a_nans_sign_survives(scoped: bool) -> None:
    """numpy's 0/0 gives a nan with its sign bit set (on x86): written as
    -float('nan'), and not merged with a nan of the other sign."""
    negative = math.copysign(math.nan, -1.0)
    obj = {
        "n": negative,
        "p": math.nan,
        "pair": (negative, math.nan),
        "array": np.array([negative, 1.0, math.nan]),
        "complex": complex(negative, math.nan),
    }
    loaded, text = round_trip(obj, scoped)
    assert "-float('nan')" in text

    def signs(values: Any) -> list[float]:
        return [math.copysign(1.0, v) for v in values]

    assert signs([loaded["n"], loaded["p"]]) == [-1.0, 1.0]
    assert signs(loaded["pair"]) == [-1.0, 1.0]
    assert np.signbit(loaded["array"]).tolist() == [True, False, False]
    c = loaded["complex"]
    assert signs([c.real, c.imag]) == [-1.0, 1.0]
