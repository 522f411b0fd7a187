"""Round trips of Python's built-in and standard-library types, of user classes
and of the persist hooks, in both styles, with exact types and values.

Also: ints too long for decimal text, mapping keys without a text (their values
are labelled by position), and the sign of a nan.
"""

from __future__ import annotations

import collections
import datetime
import decimal
import fractions
import math
import os
import pathlib
import threading
import types
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from persist.objects import Container as AttrBag
from structure import assert_same_structure
from type_cases import (
    STYLES,
    Base,
    Color,
    DictSub,
    FrozenRecord,
    Hooked,
    InitOverridden,
    Legacy,
    ListSub,
    Methods,
    NewArgs,
    NewArgsRecord,
    NoInit,
    NoInitSub,
    OwnInit,
    Pair,
    Perm,
    Plain,
    Point,
    Record,
    Reduced,
    ReducedRecord,
    SlotsAndDict,
    SlotsRecord,
    Slotted,
    StateRecord,
    WithInitVar,
    WithState,
    archive_text,
    cases,
    module_function,
    round_trip,
    run,
    same_as_pickled,
    same_bound_method,
    same_builtin_method,
    same_decimals,
    same_paths,
)


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


def _ordered_dicts_with_attributes() -> list[collections.OrderedDict[str, Any]]:
    full = collections.OrderedDict(a=1)
    full.meta = [5]  # type: ignore[attr-defined]
    empty: collections.OrderedDict[str, Any] = collections.OrderedDict()
    empty.__dict__["not a name"] = 2  # set by a __dict__ update
    return [full, empty]


def _counter_with_attributes() -> collections.Counter[str]:
    counter = collections.Counter("aab")
    counter.tag = "t"  # type: ignore[attr-defined]
    return counter


def _without_init() -> list[Any]:
    bare, sub = NoInit(), NoInitSub(1)
    bare.a = [1]
    sub.z = 2
    return [bare, sub]


def _slots_record_without_b() -> SlotsRecord:
    record = SlotsRecord([1])
    del record.b
    return record


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
        uuid.UUID(int=1, is_safe=uuid.SafeUUID.safe),
        uuid.UUID(int=2, is_safe=uuid.SafeUUID.unsafe),
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
    ordered_dict_attributes=_ordered_dicts_with_attributes,
    counter_attributes=_counter_with_attributes,
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
    dataclass_init_overridden=lambda: [InitOverridden(1), Base(1)],
    dataclass_own_init=lambda: OwnInit(3),
    dataclass_without_init=_without_init,
    dataclass_init_var=lambda: WithInitVar([1], scale=2),
    dataclass_reduce=(lambda: ReducedRecord([1], threading.Lock()), same_as_pickled),
    dataclass_getstate=(lambda: StateRecord([1], cache=[2]), same_as_pickled),
    dataclass_getnewargs=(lambda: NewArgsRecord([1]), same_as_pickled),
    slots_dataclass=lambda: SlotsRecord([1], b=2),
    slots_dataclass_unset_field=_slots_record_without_b,
    plain_instance=lambda: Plain(a=1, b=[2], c=Plain()),
    slotted_instance=lambda: Slotted(1, [2]),
    slots_and_dict=_slots_and_dict,
    getstate_setstate=lambda: WithState([1, 2]),
    reduce_ex=lambda: Reduced(1, [2]),
    getnewargs=lambda: NewArgs([1, 2]),
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
