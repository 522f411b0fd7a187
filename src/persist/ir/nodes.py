"""IR node kinds: one value to rebuild per node.

Nodes are frozen and refer to their children by ``NodeId`` (an index into
``Graph.nodes``), so a graph can hold cycles while every node stays immutable.
Nodes compare by identity; ``structural_key`` in ``passes.dedup`` compares
constants by value. Analyses (names, referrer counts, order) live in side tables.

    [1, (2, 3)]   ->   0: Container('list', (1, 2))
                       1: Atom(1)
                       2: Container('tuple', (3, 4))
                       3: Atom(2)  4: Atom(3)

The set of kinds is closed; a new Python type needs a reducer, not a new kind.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from operator import attrgetter
from typing import Any, ClassVar, Final, TypeAlias

NodeId: TypeAlias = int

CONTAINER_KINDS = ("list", "tuple", "dict", "set", "frozenset")

# the types of an Atom's value
ATOM_TYPES = frozenset(
    {int, float, complex, str, bytes, bool, type(None), types.EllipsisType}
)


class _Node:
    """What every node kind shares: fields set once, in ``__init__`` (``Final``:
    mypy rejects a later assignment and the compiled build raises on one), and
    a repr that names them. Plain classes with slots, not frozen dataclasses:
    a frozen dataclass sets each field through ``object.__setattr__`` in
    Python, which costs more than the rest of making most nodes."""

    FIELDS: ClassVar[tuple[str, ...]] = ()  # (a compiled class has no __slots__)
    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({fields})"


class Atom(_Node):
    """A literal: None, bool, int, float, complex, str, bytes or Ellipsis."""

    FIELDS = ("value",)
    __slots__ = FIELDS

    def __init__(self, value: Any) -> None:
        self.value: Final = value


class Run(_Node):
    """A built-in container literal held by value (``[0.5, 1.5, ...]``,
    ``{'a': 1}``, ``[[0, 1, 2], [1, 2, 3]]``): one node however long, so large
    runs of numbers cost one node, not one per element. A dict's values
    alternate key, value. It has no children: nothing in it has an identity to
    keep.

    Items are atoms, except that a list or dict Run may hold list or dict Runs
    (``depth`` > 1): lowering folds in lists and dicts that nothing else
    refers to. Every nested Run is inlined wherever the Run is written, as the
    nodes it replaces would have been (``depth`` counts its bracket levels for
    the nesting budget).
    """

    FIELDS = ("kind", "values", "depth", "size")
    __slots__ = FIELDS

    def __init__(
        self,
        kind: str,
        values: tuple[Any, ...],
        depth: int = 1,
        size: int = 0,
    ) -> None:
        self.kind: Final = kind
        self.values: Final = values
        self.depth: Final = depth
        # atoms held, nested Runs' included (0: not counted yet)
        self.size: Final = size


class Container(_Node):
    """A built-in container literal. ``items`` of a dict alternate key, value."""

    FIELDS = ("kind", "items")
    __slots__ = FIELDS

    def __init__(self, kind: str, items: tuple[NodeId, ...]) -> None:
        self.kind: Final = kind
        self.items: Final = items


class Call(_Node):
    """``func(*args, **kwargs)``; ``func`` is usually a GlobalRef or Attr node.

    ``fallback`` (when >= 0) is the id of an equivalent Build that creates the
    object first and sets its state after: break_cycles swaps it in when a
    cycle runs through this call's arguments (a dataclass pointing back at its
    owner). It is not a child: nothing else refers to it.
    """

    FIELDS = ("func", "args", "kwargs", "fallback")
    __slots__ = FIELDS

    def __init__(
        self,
        func: NodeId,
        args: tuple[NodeId, ...] = (),
        kwargs: tuple[tuple[str, NodeId], ...] = (),
        fallback: NodeId = -1,
    ) -> None:
        self.func: Final = func
        self.args: Final = args
        self.kwargs: Final = kwargs
        self.fallback: Final = fallback


class GlobalRef(_Node):
    """A module-level object reached by import: ``qualname`` inside ``module``,
    or the module itself when ``qualname`` is None."""

    FIELDS = ("module", "qualname")
    __slots__ = FIELDS

    def __init__(self, module: str, qualname: str | None) -> None:
        self.module: Final = module
        self.qualname: Final = qualname


class Attr(_Node):
    """``obj.name``: enum members, bound methods, nested attributes."""

    FIELDS = ("obj", "name")
    __slots__ = FIELDS

    def __init__(self, obj: NodeId, name: str) -> None:
        self.obj: Final = obj
        self.name: Final = name


class External(_Node):
    """An array kept outside the text, read back as ``_arrays[key]``."""

    FIELDS = ("value",)
    __slots__ = FIELDS

    def __init__(self, value: Any) -> None:
        self.value: Final = value


class Raw(_Node):
    """persist 3.2's ``get_persistent_rep``: an expression ``template`` whose free
    names are bound to child nodes, ``args`` for values and ``imports`` for the
    GlobalRef nodes of its imports."""

    FIELDS = ("template", "args", "imports")
    __slots__ = FIELDS

    def __init__(
        self,
        template: str,
        args: tuple[tuple[str, NodeId], ...],
        imports: tuple[tuple[str, NodeId], ...],
    ) -> None:
        self.template: Final = template
        self.args: Final = args
        self.imports: Final = imports


class Step(_Node):
    """One post-construction step applied to a Build's object.

    kind: ``setattr`` (key: attribute name), ``setattrs`` (``attrs``:
    attribute names alternating with atom values, one ``obj.name = atom`` per
    pair, held in the step, so a plain object's simple attributes cost no
    node; value: ``NO_NODE``), ``setitem`` (key: node id),
    ``extend``/``update``/``append`` (value: a container node),
    ``setstate`` (``obj.__setstate__(value)``), ``dictupdate``
    (``obj.__dict__.update(value)``).
    """

    FIELDS = ("kind", "key", "value", "attrs")
    __slots__ = FIELDS

    def __init__(
        self,
        kind: str,
        key: str | NodeId | None,
        value: NodeId,
        attrs: tuple[Any, ...] = (),
    ) -> None:
        self.kind: Final = kind
        self.key: Final = key
        self.value: Final = value
        self.attrs: Final = attrs


NO_NODE = -1  # the value of a step that refers to no node (``setattrs``)


def set_attrs(pairs: tuple[Any, ...]) -> Step:
    """The step ``obj.name = atom`` for each pair (names alternate with atoms)."""
    return Step("setattrs", None, NO_NODE, pairs)


class Build(_Node):
    """An object created by ``base`` and then completed by ``steps``.

    Builds always get a statement of their own; their steps are written as later
    statements, which is how cycles and object state are rebuilt.

    With ``args`` (not None) the object is created by calling ``base`` with
    them, a call that is part of the Build rather than a Call node of its own:
    ``Point.__new__(Point)``, made for every plain instance, costs no node.
    ``base`` and ``args`` are then imports (GlobalRef nodes, or attributes of
    one), so never on a cycle (``ir.check`` checks it). It is written exactly
    as the Build of such a Call would be.

    ``identity_hash``: the object hashes by identity (its class keeps
    ``object.__hash__``), so as a dict key or set element it may be used
    before its steps ran; any other object's hash may read its state, which
    then comes first.
    """

    FIELDS = ("base", "steps", "args", "identity_hash")
    __slots__ = FIELDS

    def __init__(
        self,
        base: NodeId,
        steps: tuple[Step, ...],
        args: tuple[NodeId, ...] | None = None,
        identity_hash: bool = False,
    ) -> None:
        self.base: Final = base
        self.steps: Final = steps
        self.args: Final = args
        self.identity_hash: Final = identity_hash


Node: TypeAlias = (
    Atom | Run | Container | Call | GlobalRef | Attr | External | Raw | Build
)


# the kinds that refer to no other node (no children, never on a cycle)
# (sets: ``type(node) in LEAVES`` is one hash lookup, a tuple compares each)
LEAVES = frozenset({Atom, Run, GlobalRef, External})


_values = attrgetter("values")


def list_runs(rows: Sequence[Iterable[Any]]) -> list[Run]:
    """``[Run('list', tuple(row)) for row in rows]``, made in one ``map``
    (a table's many small rows)."""
    return list(map(Run, repeat("list", len(rows)), map(tuple, rows)))


def run_atom_types(run: Run) -> set[type]:
    """The types of every atom of a Run, nested Runs included (each Run's
    values are typed in one ``map``: a table's rows cost no Python loop)."""
    if run.depth == 1:
        return set(map(type, run.values))
    kinds: set[type] = set()
    rows: list[tuple[Any, ...]] = []  # the values of depth-1 Runs
    stack = [run]
    while stack:
        current = stack.pop()
        if current.depth == 1:
            rows.append(current.values)
            continue
        values = current.values
        found = set(map(type, values))
        if Run in found:
            nested = values if found == {Run} else [v for v in values if type(v) is Run]
            found.discard(Run)
            if current.depth == 2:  # a table: its rows are depth-1 Runs
                rows.extend(map(_values, nested))
            else:
                stack.extend(nested)
        kinds |= found
    kinds.update(map(type, chain.from_iterable(rows)))
    return kinds


def construction_children(node: Node) -> tuple[NodeId, ...]:
    """Ids a node needs to exist before it can be constructed."""
    kind = type(node)
    if kind in LEAVES:
        return ()
    if kind is Container:
        return node.items  # type: ignore[union-attr]
    if kind is Call:
        call: Call = node  # type: ignore[assignment]
        if call.kwargs:
            return (call.func, *call.args, *[v for _, v in call.kwargs])
        return (call.func, *call.args)
    if kind is Attr:
        return (node.obj,)  # type: ignore[union-attr]
    if kind is Raw:
        raw: Raw = node  # type: ignore[assignment]
        return tuple(v for _, v in raw.args) + tuple(v for _, v in raw.imports)
    if kind is Build:
        build: Build = node  # type: ignore[assignment]
        if build.args is not None:
            return (build.base, *build.args)
        return (build.base,)
    return ()


def is_import(nodes: Sequence[Node], node_id: NodeId) -> bool:
    """An import or an attribute of one (``_Point``, ``_Point.__new__``)."""
    node = nodes[node_id]
    if type(node) is GlobalRef:
        return True
    return type(node) is Attr and type(nodes[node.obj]) is GlobalRef


def step_children(step: Step) -> tuple[NodeId, ...]:
    """Ids one step reads."""
    kind = step.kind
    if kind == "setitem":
        return (step.key, step.value)  # type: ignore[return-value]
    if kind == "setattrs":
        return ()
    return (step.value,)


def fill_children(node: Node) -> tuple[NodeId, ...]:
    """Ids the post-construction steps of a Build read (empty for other kinds)."""
    if type(node) is not Build:
        return ()
    steps = node.steps
    if len(steps) == 1:  # the usual Build
        kind = steps[0].kind
        if kind == "setattrs":  # a plain object's attributes: atoms only
            return ()
        if kind != "setitem":
            return (steps[0].value,)
    out: list[NodeId] = []
    for step in steps:
        out.extend(step_children(step))
    return tuple(out)


def children(node: Node) -> tuple[NodeId, ...]:
    """Every id a node refers to."""
    if type(node) is Build:
        return construction_children(node) + fill_children(node)
    return construction_children(node)


def map_children(node: Node, new: dict[NodeId, NodeId]) -> Node:
    """``node`` with every child id ``i`` replaced by ``new.get(i, i)``; the same
    object when nothing changes."""
    kids = children(node)
    if not any(k in new for k in kids):
        return node
    get = new.get
    kind = type(node)
    if kind is Container:
        return Container(node.kind, tuple(get(i, i) for i in node.items))  # type: ignore[union-attr]
    if kind is Call:
        call: Call = node  # type: ignore[assignment]
        return Call(
            get(call.func, call.func),
            tuple(get(i, i) for i in call.args),
            tuple((k, get(v, v)) for k, v in call.kwargs),
            call.fallback,
        )
    if kind is Attr:
        return Attr(get(node.obj, node.obj), node.name)  # type: ignore[union-attr]
    if kind is Raw:
        raw: Raw = node  # type: ignore[assignment]
        return Raw(
            raw.template,
            tuple((k, get(v, v)) for k, v in raw.args),
            tuple((k, get(v, v)) for k, v in raw.imports),
        )
    if kind is Build:
        build: Build = node  # type: ignore[assignment]
        steps = tuple(
            Step(
                s.kind,
                get(s.key, s.key) if s.kind == "setitem" else s.key,  # type: ignore[arg-type]
                get(s.value, s.value),
                s.attrs,
            )
            for s in build.steps
        )
        args = build.args
        if args is not None:
            args = tuple(get(i, i) for i in args)
        return Build(get(build.base, build.base), steps, args, build.identity_hash)
    return node
