"""Objects that no type-specific reducer knows: their own hooks, then pickle's.

Hooks, in order:

- ``obj.__persist__()`` returns ``(callable, args, kwargs)``; the object is
  rebuilt as ``callable(*args, **kwargs)``.
- persist 3.2's ``obj.get_persistent_rep(env)`` returns ``(rep, args, imports)``:
  an expression over local names; kept working unchanged.

Otherwise the pickle protocol (``copyreg`` table, then ``__reduce_ex__(4)``) is
rendered as readable code, never as a pickle blob:

    p = Point.__new__(Point)        # copyreg.__newobj__
    p.x = 1                         # state, one line per attribute
    p.y = 2

Dataclasses whose fields are all ``__init__`` arguments become ``Point(x=1, y=2)``
and named tuples ``Pair(1, 2)``.
"""

from __future__ import annotations

import copyreg
import dataclasses
import keyword
from collections.abc import Iterable
from itertools import chain
from typing import Any

from persist.ir.nodes import (
    ATOM_TYPES,
    Build,
    Call,
    Container,
    Node,
    NodeId,
    Raw,
    Step,
    set_attrs,
)
from persist.lower.core import Lowerer, item_label, unarchivable
from persist.lower.refs import find_global
from persist.lower.registry import set_fallbacks


def reduce_hook(obj: Any, ctx: Lowerer) -> Node:
    """Use the object's own ``__persist__`` or ``get_persistent_rep``."""
    hook = getattr(obj, "__persist__", None)
    if hook is not None and not isinstance(obj, type):
        func, args, kwargs = hook()
        return Call(
            ctx.ref(func, ".__persist__"),
            tuple(ctx.ref(a, f"({i})") for i, a in enumerate(args)),
            tuple((k, ctx.ref(v, f"({k}=)")) for k, v in dict(kwargs).items()),
        )
    legacy = getattr(obj, "get_persistent_rep", None)
    if legacy is not None and not isinstance(obj, type):
        rep, args, imports = legacy({})
        return Raw(
            rep,
            tuple(
                (name, ctx.ref(value, f".{name}")) for name, value in dict(args).items()
            ),
            tuple(
                (alias or name or module, ctx.global_ref(module, name))
                for module, name, alias in imports
            ),
        )
    return reduce_pickled(obj, ctx)


def reduce_pickled(obj: Any, ctx: Lowerer) -> Node:
    """Rebuild through the pickle protocol, written as plain calls and steps."""
    if isinstance(obj, type):
        from persist.lower.refs import reduce_global

        return reduce_global(obj, ctx)
    tp = type(obj)
    found: dict[type, bool] = ctx.table(_IS_DATACLASS)
    is_dataclass = found.get(tp)
    if is_dataclass is None:
        is_dataclass = found[tp] = dataclasses.is_dataclass(tp)
    special = _dataclass_call(obj, ctx) if is_dataclass else None
    if special is not None:
        ctx.fallback_later(obj, _reduce_protocol)
        return special
    return _reduce_protocol(obj, ctx)


_IS_DATACLASS = "dataclass types"  # Lowerer.facts key: is_dataclass, by type


def _reduce_protocol(obj: Any, ctx: Lowerer) -> Node:
    tp = type(obj)
    reduce = copyreg.dispatch_table.get(tp)
    try:
        rv = reduce(obj) if reduce is not None else obj.__reduce_ex__(4)
    except Exception as exc:
        raise unarchivable(ctx, obj, f"the pickle protocol refused it ({exc})") from exc
    if (
        type(rv) is tuple
        and len(rv) == 5
        and rv[0] is _NEWOBJ
        and type(rv[2]) is dict
        and rv[3] is None
        and rv[4] is None
        and ATTRS_BY_VALUE
    ):
        plain = _plain_instance(obj, rv[1], rv[2], ctx)
        if plain is not None:
            return plain
    if isinstance(rv, str):
        found = find_global(obj, rv)
        if found is None:
            raise unarchivable(
                ctx, obj, f"it names itself {rv!r} but cannot be imported"
            )
        from persist.ir.nodes import GlobalRef

        return GlobalRef(*found)
    if not isinstance(rv, tuple) or not 2 <= len(rv) <= 6:
        raise unarchivable(ctx, obj, f"__reduce_ex__ returned {type(rv).__name__}")
    func, args, state, listitems, dictitems, setter = (tuple(rv) + (None,) * 4)[:6]
    base = _base_call(obj, func, args, ctx)
    steps: list[Step] = []
    items = list(listitems) if listitems is not None else []
    if items:  # an empty list subclass needs no extend([])
        start = len(obj) - len(items) if isinstance(obj, list) else 0
        steps.append(
            Step(
                "extend",
                None,
                ctx.add(
                    Container(
                        "list",
                        tuple(ctx.ref(x, start + i) for i, x in enumerate(items)),
                    )
                ),
            )
        )
    if dictitems is not None:
        for i, (key, value) in enumerate(dictitems):
            steps.append(
                Step(
                    "setitem",
                    ctx.ref(key, f"<key {i}>"),
                    ctx.ref(value, item_label(key, i)),
                )
            )
    if state is not None:
        if setter is not None:
            raise unarchivable(ctx, obj, "reduce with a state setter is not supported")
        steps.extend(state_steps(obj, state, ctx))
    if not steps:
        return base if type(base) is Call else Call(ctx.add(base), ())
    return Build(
        ctx.add(base, "<new>"),
        tuple(steps),
        None,
        _rebuilt_hashes_by_id(obj, func, args),
    )


_NEWOBJ = copyreg.__newobj__  # type: ignore[attr-defined]
_RECONSTRUCTOR = copyreg._reconstructor  # type: ignore[attr-defined]


def _rebuilt_hashes_by_id(obj: Any, func: Any, args: Any) -> bool:
    """Whether the object the archive rebuilds for ``obj`` hashes by identity:
    it is of ``obj``'s class (``cls.__new__(cls)``, the reconstructor, or the
    class called), which keeps ``object.__hash__``. A ``__reduce__`` may
    rebuild another class, whose hash may read the state."""
    tp = type(obj)
    if func is _NEWOBJ or func is _RECONSTRUCTOR:
        made = args[0] if isinstance(args, tuple) and args else None
    else:
        made = func
    return made is tp and tp.__hash__ is object.__hash__


_PLAIN = "plain instances"  # Lowerer.facts key: see _plain_instance


def _plain_instance(
    obj: Any, args: tuple[Any, ...], state: dict[str, Any], ctx: Lowerer
) -> Build | None:
    """The usual instance, ``cls.__new__(cls)`` then its attributes, all small
    atoms, in one ``setattrs`` step: what the general path below makes for it,
    with what depends only on the class and the attribute names found once,
    and the call held in the Build (``Build.args``) instead of a Call node of
    its own. None when the general path must decide."""
    tp = type(obj)
    if len(args) != 1 or args[0] is not tp:
        return None  # made by __new__ with arguments (which may be unhashable)
    plans: dict[tuple[Any, ...], tuple[NodeId, tuple[NodeId]] | None] = ctx.table(
        _PLAIN
    )
    key = (tp, *state)
    if key in plans:
        plan = plans[key]
    else:
        plan = plans[key] = _plain_plan(obj, state, ctx)
    if plan is None:
        return None
    if not _all_small_atoms(state, ctx):
        return None
    new, call_args = plan
    pairs = tuple(chain.from_iterable(state.items()))
    return Build(new, (set_attrs(pairs),), call_args)


def _plain_plan(
    obj: Any, state: dict[str, Any], ctx: Lowerer
) -> tuple[NodeId, tuple[NodeId]] | None:
    """``(cls.__new__, (cls,))``, the node ids of the call that makes ``obj``
    when it is rebuilt as a plain instance (see ``_plain_instance``; its
    instances share the args tuple), else None."""
    tp = type(obj)
    if (
        issubclass(tp, tuple)
        or getattr(tp, "__setstate__", None) is not None
        or not state
        or not _plain_attributes(tp, state)
    ):
        return None
    cls = ctx.ref(tp, ".__class__")
    return ctx.attribute(cls, "__new__"), (cls,)


def _base_call(obj: Any, func: Any, args: Any, ctx: Lowerer) -> Call:
    args = tuple(args or ())
    if func is copyreg.__newobj__:  # type: ignore[attr-defined]
        cls, rest = args[0], args[1:]
        cls_id = ctx.ref(cls, ".__class__")
        if (
            issubclass(cls, tuple)
            and hasattr(cls, "_fields")
            and cls.__new__ is not tuple.__new__
        ):
            return Call(
                cls_id,
                tuple(
                    ctx.ref(a, f".{f}") for a, f in zip(rest, cls._fields, strict=False)
                ),
            )
        return Call(
            ctx.attribute(cls_id, "__new__"),
            (cls_id, *(ctx.ref(a, f"<arg {i}>") for i, a in enumerate(rest))),
        )
    if func is getattr(copyreg, "__newobj_ex__", None):
        cls, pos, kw = args
        cls_id = ctx.ref(cls, ".__class__")
        return Call(
            ctx.attribute(cls_id, "__new__"),
            (cls_id, *(ctx.ref(a, f"<arg {i}>") for i, a in enumerate(pos))),
            tuple((k, ctx.ref(v, f"<arg {k}>")) for k, v in kw.items()),
        )
    return Call(
        ctx.ref(func, "<reduce>"),
        tuple(ctx.ref(a, f"<arg {i}>") for i, a in enumerate(args)),
    )


def state_steps(obj: Any, state: Any, ctx: Lowerer) -> list[Step]:
    """The steps that give a made ``obj`` its pickled ``state``: ``__setstate__``,
    else attribute assignments (or a ``__dict__`` update where assigning would
    not store the same) and slots."""
    tp = type(obj)
    if getattr(tp, "__setstate__", None) is not None:
        return [Step("setstate", None, ctx.ref(state, "<state>"))]
    slots: dict[str, Any] = {}
    if isinstance(state, tuple) and len(state) == 2:
        state, slots = state
        slots = slots or {}
    steps: list[Step] = []
    if state:
        if not isinstance(state, dict):
            raise unarchivable(
                ctx, obj, f"its state is a {type(state).__name__}, not a dict"
            )
        fact = (tp, *state)
        plain = ctx.facts.get(fact)
        if plain is None:
            plain = ctx.facts[fact] = _plain_attributes(tp, state)
        if plain:
            steps.extend(_setattr_steps(state, ctx))
        else:
            steps.append(Step("dictupdate", None, ctx.ref(state, ".__dict__")))
    for key, value in slots.items():
        steps.append(Step("setattr", key, ctx.ref(value, f".{key}")))
    return steps


# Attribute values that are small atoms are held by value (an optimisation
# only: the text is the same with it off, which tests/test_attrs.py checks).
ATTRS_BY_VALUE = True


def _setattr_steps(state: dict[str, Any], ctx: Lowerer) -> list[Step]:
    """``obj.name = value`` for each item, in order. Runs of small atoms go by
    value in one ``setattrs`` step; the rest, objects and
    strings long enough to be named once when shared (see the inline pass),
    are nodes."""
    if not ATTRS_BY_VALUE:
        return [Step("setattr", k, ctx.ref(v, f".{k}")) for k, v in state.items()]
    longest = 64 * ctx.options.shared_constant_weight
    if _all_small_atoms(state, ctx):  # the usual case
        pairs = tuple(chain.from_iterable(state.items()))
        return [set_attrs(pairs)]
    steps: list[Step] = []
    values: list[Any] = []
    for name, value in state.items():
        tp = type(value)
        if tp in ATOM_TYPES and not (
            (tp is str or tp is bytes) and len(value) >= longest
        ):
            values.append(name)
            values.append(value)
            continue
        if values:
            steps.append(set_attrs(tuple(values)))
            values = []
        steps.append(Step("setattr", name, ctx.ref(value, f".{name}")))
    if values:
        steps.append(set_attrs(tuple(values)))
    return steps


_TEXTS = frozenset({str, bytes})


def _all_small_atoms(state: dict[str, Any], ctx: Lowerer) -> bool:
    """Whether every attribute value is an atom held by value: not a str or
    bytes long enough to be named once when shared."""
    kinds = set(map(type, state.values()))
    return kinds <= ATOM_TYPES and (
        kinds.isdisjoint(_TEXTS)
        or _all_short(state.values(), 64 * ctx.options.shared_constant_weight)
    )


def _all_short(values: Iterable[Any], longest: int) -> bool:
    """Whether no str or bytes among ``values`` has ``longest`` items or more."""
    for value in values:
        if (type(value) is str or type(value) is bytes) and len(value) >= longest:
            return False
    return True


def _plain_attributes(tp: type, state: dict[Any, Any]) -> bool:
    """Whether ``obj.key = value`` stores exactly what ``__dict__.update`` would."""
    if tp.__setattr__ is not object.__setattr__:  # type: ignore[comparison-overlap]
        return False
    for key in state:
        if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
            return False
        if key.startswith("__") and not key.endswith("__"):
            return False  # would be name-mangled inside a class body; be literal
        descriptor = getattr(tp, key, None)
        if descriptor is not None and hasattr(type(descriptor), "__set__"):
            return False
    return True


def _dataclass_call(obj: Any, ctx: Lowerer) -> Call | None:
    tp = type(obj)
    key = (_DATACLASS, tp)
    if key in ctx.facts:
        names = ctx.facts[key]
    else:
        names = ctx.facts[key] = _dataclass_fields(tp)
    if names is None:
        return None
    stored = getattr(obj, "__dict__", None)
    if stored is not None and list(stored) != names:
        return None
    values = [getattr(obj, name, _UNSET) for name in names]
    if any(value is _UNSET for value in values):
        return None  # a slot left unset (del obj.b): the pickle path leaves it so
    kwargs = tuple(
        (name, ctx.ref(value, f".{name}"))
        for name, value in zip(names, values, strict=True)
    )
    return Call(ctx.ref(tp, ".__class__"), (), kwargs)


_DATACLASS = "dataclass fields"  # Lowerer.facts key, with the class
_UNSET = object()  # what getattr gives for a field without a value
# the hooks by which a class changes what pickle saves, with object's own
_PICKLE_HOOKS = tuple(
    (hook, getattr(object, hook, None))
    for hook in (
        "__reduce_ex__",
        "__reduce__",
        "__getstate__",
        "__setstate__",
        "__getnewargs_ex__",
        "__getnewargs__",
    )
)


def _dataclass_fields(tp: type) -> list[str] | None:
    """The field names a dataclass is called with to rebuild an instance
    (``Point(x=..., y=...)``), or None when the call would not rebuild it
    (``__post_init__``, a state hook, a field outside ``__init__``, an
    ``__init__`` the decorator did not write, its own reduction) or the class
    cannot be imported. Found once per class."""
    if hasattr(tp, "__post_init__") or copyreg.dispatch_table.get(tp) is not None:
        return None
    if any(getattr(tp, hook, None) is not own for hook, own in _PICKLE_HOOKS):
        return None  # pickle takes another path than the fields; so do we
    if not _init_takes_fields(tp):
        return None
    fields = dataclasses.fields(tp)
    if any(not f.init for f in fields):
        return None
    if find_global(tp) is None:
        return None
    return [f.name for f in fields]


def _init_takes_fields(tp: type) -> bool:
    """Whether ``tp.__init__`` is the one the dataclass decorator wrote for
    ``tp``'s fields, so that calling ``tp`` with them rebuilds an instance: not
    an ``__init__`` of a subclass (or of the class itself: the decorator keeps
    it), not the one of a dataclass base with fewer fields (``init=False``),
    and no InitVar pseudo-field it would also need."""
    owner = next(c for c in tp.__mro__ if "__init__" in c.__dict__)
    fields: dict[str, Any] = getattr(tp, "__dataclass_fields__", {})
    if vars(owner).get("__dataclass_fields__") is not fields:
        return False
    code = getattr(vars(owner)["__init__"], "__code__", None)
    if code is None or code.co_filename != "<string>":
        return False  # written in a class body, not made by the decorator
    initvar = dataclasses._FIELD_INITVAR  # type: ignore[attr-defined]
    return all(f._field_type is not initvar for f in fields.values())


set_fallbacks(reduce_hook, reduce_pickled)
