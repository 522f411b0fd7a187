"""Lowering: live objects -> Graph.

Objects are visited breadth first from the roots with an explicit queue (never
recursion, so nesting depth is unlimited), by identity: an object reached twice
is one node. Each object's reducer (``registry.lookup``) builds its node and
names its parts with ``ref``, which allocates ids and queues new objects.

    a = [1, 2]; b = [a, a]      ->   0: list [1, 2]   <- a
                                     1: list [0, 0]   <- b

Lowering decides nothing about names, order or text.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from persist.errors import ArchiveError, UnarchivableError
from persist.ir.graph import Graph
from persist.ir.nodes import (
    ATOM_TYPES,
    Atom,
    Attr,
    Build,
    Call,
    External,
    GlobalRef,
    Node,
    NodeId,
    Run,
)
from persist.lower.registry import Reducer, lookup
from persist.options import Options

_PENDING = Atom(None)  # placeholder while an object waits in the queue
_ON_NO_CYCLE = frozenset({Atom, Run, GlobalRef, External})  # kinds with no children


class Lowerer:
    """The context reducers see: ``ref`` parts, ``add`` helper nodes."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.nodes: list[Node] = []
        self.origin: list[tuple[NodeId, str | int]] = []
        self.memo: dict[int, NodeId] = {}  # id(obj) -> its node
        self._globals: dict[tuple[str, str | None], NodeId] = {}
        self._attributes: dict[tuple[NodeId, str], NodeId] = {}
        self._texts: dict[str, NodeId] = {}
        self.facts: dict[Any, Any] = {}  # reducers' per-type findings, by key
        self._keep: list[Any] = []
        self._queue: deque[tuple[NodeId, Any]] = deque()
        self.current: NodeId = -1
        # whether some object was reached twice where it may close a cycle:
        # a node with children, or one still queued then (a class, usually)
        self._maybe_cyclic = False
        self._pending_hits: set[NodeId] = set()
        self._fallbacks: list[tuple[NodeId, Any, Reducer]] = []

    # -- used by reducers ------------------------------------------------------
    def ref(self, obj: Any, label: str | int) -> NodeId:
        """The node id of ``obj``, reached from the current node through ``label``
        (an int ``i`` means ``[i]``)."""
        key = id(obj)
        found = self.memo.get(key)
        if found is not None:
            if not self._maybe_cyclic:
                node = self.nodes[found]
                if node is _PENDING:  # queued: its kind is known later
                    self._pending_hits.add(found)
                elif type(node) not in _ON_NO_CYCLE:
                    self._maybe_cyclic = True
            return found
        node_id = len(self.nodes)
        self.memo[key] = node_id
        self._keep.append(obj)
        self.origin.append((self.current, label))
        if type(obj) in ATOM_TYPES:
            self.nodes.append(Atom(obj))
        else:
            self.nodes.append(_PENDING)
            self._queue.append((node_id, obj))
        return node_id

    def items(self, values: Iterable[Any]) -> tuple[NodeId, ...]:
        """The node ids of a list's or tuple's items, each reached through
        its index (``ref(item, i)`` for each, in a compiled loop)."""
        return tuple([self.ref(item, i) for i, item in enumerate(values)])

    def add(self, node: Node, label: str | int = "") -> NodeId:
        """Add a helper node that stands for no user object (it has no identity)."""
        node_id = len(self.nodes)
        self.nodes.append(node)
        self.origin.append((self.current, label))
        return node_id

    def atom(self, value: Any) -> NodeId:
        """A fresh atom node for ``value``."""
        return self.add(Atom(value))

    def text(self, value: str, label: str | int = "") -> NodeId:
        """One shared atom node per distinct string the reducers spell out
        (``'float64'`` for every array of that dtype)."""
        found = self._texts.get(value)
        if found is None:
            found = self._texts[value] = self.add(Atom(value), label)
        return found

    def attribute(self, obj: NodeId, name: str) -> NodeId:
        """One shared node per attribute of a node (``Point.__new__``): an
        attribute of an import has no identity of its own to keep."""
        key = (obj, name)
        found = self._attributes.get(key)
        if found is None:
            found = self._attributes[key] = self.add(Attr(obj, name))
        return found

    def global_ref(self, module: str, qualname: str | None) -> NodeId:
        """One shared node per imported object."""
        key = (module, qualname)
        found = self._globals.get(key)
        if found is None:
            found = self._globals[key] = self.add(GlobalRef(module, qualname))
        return found

    def table(self, key: str) -> dict[Any, Any]:
        """A reducer's table of findings in ``facts`` (per class, per
        attribute names...), made on first use."""
        found = self.facts.get(key)
        if found is None:
            found = self.facts[key] = {}
        return found

    def fallback_later(self, obj: Any, make: Reducer) -> None:
        """Give the current node, a Call for ``obj``, the fallback Build
        ``make(obj, self)`` returns (``Call.fallback``, which break_cycles
        swaps in to cut a cycle), made once everything else is lowered and
        only if some cycle may need it: most graphs have none, and the
        fallback of a dataclass instance is half its lowering and three of
        its nodes."""
        self._fallbacks.append((self.current, obj, make))

    def path(self, node_id: NodeId | None = None) -> str:
        """Where the current (or given) node sits, e.g. ``results['runs'][3]``."""
        return Graph(nodes=(), roots=(), origin=tuple(self.origin)).path(
            self.current if node_id is None else node_id
        )

    # -- driver ------------------------------------------------------------------
    def run(self, roots: list[tuple[str, Any]]) -> Graph:
        root_ids = []
        for name, obj in roots:
            self.current = -1
            root_ids.append((name, self.ref(obj, name)))
        queue = self._queue
        nodes = self.nodes
        while True:
            while queue:
                node_id, obj = queue.popleft()
                nodes[node_id] = self._reduce(node_id, obj, lookup(type(obj)))
            if not (self._fallbacks and self._may_have_cycle()):
                break
            pending, self._fallbacks = self._fallbacks, []
            for call_id, obj, make in pending:  # (they may queue more objects)
                fallback = self._reduce(call_id, obj, make)
                call = nodes[call_id]
                if type(fallback) is Build and type(call) is Call:
                    nodes[call_id] = Call(
                        call.func, call.args, call.kwargs, self.add(fallback)
                    )
        return Graph(
            nodes=tuple(nodes), roots=tuple(root_ids), origin=tuple(self.origin)
        )

    def _may_have_cycle(self) -> bool:
        """Whether an object was reached a second time as a node with children
        (every cycle closes so): otherwise no fallback is needed."""
        if not self._maybe_cyclic:
            nodes = self.nodes
            self._maybe_cyclic = any(
                type(nodes[i]) not in _ON_NO_CYCLE for i in self._pending_hits
            )
            self._pending_hits.clear()
        return self._maybe_cyclic

    def _reduce(self, node_id: NodeId, obj: Any, reducer: Reducer) -> Node:
        """``reducer(obj, self)`` as the node ``node_id``; errors name its path."""
        self.current = node_id
        try:
            return reducer(obj, self)
        except ArchiveError as err:
            if getattr(err, "path", None) == "":
                err.path = self.path()  # type: ignore[attr-defined]
            raise
        except RecursionError:
            raise
        except Exception as exc:
            raise UnarchivableError(
                f"cannot archive {self.path()} of type {_type_name(obj)}: "
                f"{type(exc).__name__}: {exc}",
                self.path(),
                _type_name(obj),
            ) from exc


def item_label(key: Any, i: int) -> str:
    """The label of the value a mapping holds under ``key``, its ``i``-th:
    ``[key]``, or ``<value i>`` where the key has no text (an int too long
    for decimal text, a ``__repr__`` that raises)."""
    try:
        return f"[{key!r}]"
    except Exception:
        return f"<value {i}>"


def unarchivable(ctx: Lowerer, obj: Any, why: str) -> UnarchivableError:
    """An error naming the object's place and type."""
    path = ctx.path()
    return UnarchivableError(
        f"cannot archive {path} of type {_type_name(obj)}: {why}", path, _type_name(obj)
    )


def _type_name(obj: Any) -> str:
    tp = type(obj)
    module = tp.__module__
    return tp.__qualname__ if module == "builtins" else f"{module}.{tp.__qualname__}"


def lower(roots: list[tuple[str, Any]], options: Options) -> Graph:
    """Lower the named root objects into a Graph."""
    from persist.lower import builtins, numpy, protocol, scipy, stdlib  # noqa: F401  (register)

    return Lowerer(options).run(roots)
