"""Reducers for standard-library value types, written as the constructor calls a
person would type.

    datetime.date(2024, 1, 31)     Decimal('1.10')     Fraction(1, 3)
    UUID('12345678-...')           PurePosixPath('/data/run')
    OrderedDict([('a', 1)])        deque([1, 2], maxlen=5)      Color.RED
"""

from __future__ import annotations

import collections
import datetime
import decimal
import enum
import fractions
import pathlib
import uuid
from typing import Any

from persist.ir.nodes import Attr, Build, Call, Container, Node, NodeId, Step
from persist.lower.core import Lowerer, item_label
from persist.lower.protocol import state_steps
from persist.lower.refs import find_global
from persist.lower.registry import reducer


def _call(ctx: Lowerer, module: str, name: str, *args: Any, **kwargs: Any) -> Call:
    return Call(
        ctx.global_ref(module, name),
        tuple(ctx.ref(a, f"({i})") for i, a in enumerate(args)),
        tuple((k, ctx.ref(v, f"({k}=)")) for k, v in kwargs.items()),
    )


def _trim(values: list[Any]) -> list[Any]:
    while values and values[-1] == 0:
        values.pop()
    return values


@reducer(datetime.date)
def reduce_date(obj: datetime.date, ctx: Lowerer) -> Node:
    return _call(ctx, "datetime", "date", obj.year, obj.month, obj.day)


def _tz_kwargs(obj: datetime.time | datetime.datetime) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if obj.tzinfo is not None:
        kwargs["tzinfo"] = obj.tzinfo
    if obj.fold:
        kwargs["fold"] = obj.fold
    return kwargs


@reducer(datetime.datetime)
def reduce_datetime(obj: datetime.datetime, ctx: Lowerer) -> Node:
    time = _trim([obj.hour, obj.minute, obj.second, obj.microsecond])
    return _call(
        ctx,
        "datetime",
        "datetime",
        obj.year,
        obj.month,
        obj.day,
        *time,
        **_tz_kwargs(obj),
    )


@reducer(datetime.time)
def reduce_time(obj: datetime.time, ctx: Lowerer) -> Node:
    parts = _trim([obj.hour, obj.minute, obj.second, obj.microsecond])
    return _call(ctx, "datetime", "time", *parts, **_tz_kwargs(obj))


@reducer(datetime.timedelta)
def reduce_timedelta(obj: datetime.timedelta, ctx: Lowerer) -> Node:
    kwargs = {
        k: v
        for k, v in (
            ("days", obj.days),
            ("seconds", obj.seconds),
            ("microseconds", obj.microseconds),
        )
        if v
    }
    return _call(ctx, "datetime", "timedelta", **kwargs)


@reducer(datetime.timezone)
def reduce_timezone(obj: datetime.timezone, ctx: Lowerer) -> Node:
    if obj is datetime.timezone.utc:
        return Attr(ctx.global_ref("datetime", "timezone"), "utc")
    offset = obj.utcoffset(None)
    name = obj.tzname(None)
    if name == datetime.timezone(offset).tzname(None):
        return _call(ctx, "datetime", "timezone", offset)
    return _call(ctx, "datetime", "timezone", offset, name)


@reducer(decimal.Decimal)
def reduce_decimal(obj: decimal.Decimal, ctx: Lowerer) -> Node:
    return _call(ctx, "decimal", "Decimal", str(obj))


@reducer(fractions.Fraction)
def reduce_fraction(obj: fractions.Fraction, ctx: Lowerer) -> Node:
    return _call(ctx, "fractions", "Fraction", obj.numerator, obj.denominator)


@reducer(uuid.UUID)
def reduce_uuid(obj: uuid.UUID, ctx: Lowerer) -> Node:
    """``UUID('...')``, with ``is_safe=SafeUUID(0)`` (safe; -1, unsafe) where
    the platform said whether it made the id safely, as pickle keeps it. By
    value, not ``SafeUUID.safe``: a safe load resolves attributes without
    running descriptors, and these members are ``enum.property`` descriptors."""
    call = _call(ctx, "uuid", "UUID", str(obj))
    if obj.is_safe is uuid.SafeUUID.unknown:
        return call
    safe = _call(ctx, "uuid", "SafeUUID", obj.is_safe.value)
    return Call(call.func, call.args, (("is_safe", ctx.add(safe)),))


@reducer(
    pathlib.PurePosixPath,
    pathlib.PureWindowsPath,
    pathlib.PosixPath,
    pathlib.WindowsPath,
)
def reduce_path(obj: pathlib.PurePath, ctx: Lowerer) -> Node:
    return _call(ctx, "pathlib", type(obj).__name__, str(obj))


def _pairs(ctx: Lowerer, obj: dict[Any, Any]) -> NodeId:
    pairs = [
        ctx.add(
            Container("tuple", (ctx.ref(k, f"<key {i}>"), ctx.ref(v, item_label(k, i))))
        )
        for i, (k, v) in enumerate(obj.items())
    ]
    return ctx.add(Container("list", tuple(pairs)))


def _dict_of(ctx: Lowerer, obj: dict[Any, Any]) -> NodeId:
    items: list[NodeId] = []
    for i, (k, v) in enumerate(obj.items()):
        items.append(ctx.ref(k, f"<key {i}>"))
        items.append(ctx.ref(v, item_label(k, i)))
    return ctx.add(Container("dict", tuple(items)))


def _with_state(ctx: Lowerer, obj: Any, call: Call) -> Node:
    """``call``, then the attributes in ``obj.__dict__``: an OrderedDict or a
    Counter has one, and the call alone would drop what it holds.

        o = OrderedDict([('a', 1)])
        o.meta = 5
    """
    state = getattr(obj, "__dict__", None)
    if not state:
        return call
    return Build(ctx.add(call, "<new>"), tuple(state_steps(obj, state, ctx)))


def _filled_later(
    ctx: Lowerer, call: Call, empty: Call, steps: tuple[Step, ...]
) -> Call:
    """``call`` copies a helper container of items into a new object, so a cycle
    through the items cannot be closed by filling that container later. Give
    ``call`` a fallback that break_cycles swaps in: the object built empty, then
    filled by ``steps``.

        d = OrderedDict([('me', d)])   ->   d = OrderedDict()
                                            d['me'] = d
    """
    fallback = ctx.add(Build(ctx.add(empty), steps))
    return Call(call.func, call.args, call.kwargs, fallback)


def _setitems(ctx: Lowerer, items: NodeId) -> tuple[Step, ...]:
    """Steps setting the pairs of a helper dict node."""
    flat = ctx.nodes[items].items  # type: ignore[union-attr]
    return tuple(Step("setitem", flat[i], flat[i + 1]) for i in range(0, len(flat), 2))


@reducer(collections.OrderedDict)
def reduce_ordered_dict(obj: collections.OrderedDict[Any, Any], ctx: Lowerer) -> Node:
    func = ctx.global_ref("collections", "OrderedDict")
    if not obj:
        return _with_state(ctx, obj, Call(func, ()))
    if any(map(_hash_may_read_state, obj)):
        return _filled_by_steps(ctx, obj, Call(func, ()))
    pairs = _pairs(ctx, obj)
    kv = [ctx.nodes[pair].items for pair in ctx.nodes[pairs].items]  # type: ignore[union-attr]
    steps = tuple(Step("setitem", k, v) for k, v in kv)
    call = _filled_later(ctx, Call(func, (pairs,)), Call(func, ()), steps)
    return _with_state(ctx, obj, call)


def _hash_may_read_state(key: Any) -> bool:
    """Whether ``key`` is an object rebuilt with state steps whose hash may
    read that state (its class defines ``__hash__``): such a key must be
    complete before it goes into a mapping."""
    tp = type(key)
    return (
        tp.__hash__ is not object.__hash__  # type: ignore[comparison-overlap]
        and not isinstance(key, (int, float, complex, str, bytes, tuple, frozenset))
        and not isinstance(key, (enum.Enum, type))
        and hasattr(key, "__dict__")
    )


def _filled_by_steps(
    ctx: Lowerer, obj: collections.OrderedDict[Any, Any], empty: Call
) -> Build:
    """``obj`` built empty, then filled key by key (and given its attributes):
    a key given in the call's pairs is hashed when the call runs, which may
    be before its state is set; a step waits for it (``passes.order``).

        d = OrderedDict()
        d[key] = 1
    """
    steps = [
        Step("setitem", ctx.ref(k, f"<key {i}>"), ctx.ref(v, item_label(k, i)))
        for i, (k, v) in enumerate(obj.items())
    ]
    state = getattr(obj, "__dict__", None)
    if state:
        steps.extend(state_steps(obj, state, ctx))
    return Build(ctx.add(empty, "<new>"), tuple(steps))


@reducer(collections.defaultdict)
def reduce_defaultdict(obj: collections.defaultdict[Any, Any], ctx: Lowerer) -> Node:
    func = ctx.global_ref("collections", "defaultdict")
    factory = ctx.ref(obj.default_factory, ".default_factory")
    if not obj:
        return Call(func, (factory,))
    items = _dict_of(ctx, obj)
    empty = Call(func, (factory,))
    return _filled_later(
        ctx, Call(func, (factory, items)), empty, _setitems(ctx, items)
    )


@reducer(collections.Counter)
def reduce_counter(obj: collections.Counter[Any], ctx: Lowerer) -> Node:
    func = ctx.global_ref("collections", "Counter")
    if not obj:
        return _with_state(ctx, obj, Call(func, ()))
    items = _dict_of(ctx, obj)
    call = _filled_later(
        ctx, Call(func, (items,)), Call(func, ()), _setitems(ctx, items)
    )
    return _with_state(ctx, obj, call)


@reducer(collections.deque)
def reduce_deque(obj: collections.deque[Any], ctx: Lowerer) -> Node:
    func = ctx.global_ref("collections", "deque")
    ids = tuple(ctx.ref(x, i) for i, x in enumerate(obj))
    items = ctx.add(Container("list", ids))
    kwargs = () if obj.maxlen is None else (("maxlen", ctx.atom(obj.maxlen)),)
    if not obj:
        return Call(func, (items,), kwargs)
    steps = (Step("extend", None, ctx.add(Container("list", ids))),)
    return _filled_later(
        ctx, Call(func, (items,), kwargs), Call(func, (), kwargs), steps
    )


@reducer(enum.Enum, subclasses=True)
def reduce_enum(obj: enum.Enum, ctx: Lowerer) -> Node:
    cls = type(obj)
    cls_id = ctx.ref(cls, ".__class__")
    name = obj.name
    if (
        isinstance(name, str)
        and name.isidentifier()
        and cls.__members__.get(name) is obj
    ):
        return Attr(cls_id, name)
    return Call(cls_id, (ctx.ref(obj.value, ".value"),))


_ = find_global  # re-exported for reducers written in other modules
