"""order: the statements of the output, in a stable topological order.

Roots come in insertion order, each preceded by the definitions it needs, depth
first. A Build's steps (its *fill*) come as soon as everything they refer to is
defined, so cycles close right after their last member appears:

    a = []              # def a   (a Build: list split by break_cycles)
    a.append(a)         # fill a  (ready once a is defined)

Definitions only wait for definitions (construction is acyclic after
break_cycles); fills wait for the definitions of what they mention.
"""

from __future__ import annotations

from typing import Final

from persist.ir.graph import Graph
from persist.ir.nodes import (
    LEAVES,
    Build,
    Container,
    NodeId,
    construction_children,
    step_children,
)
from persist.options import Options
from persist.passes.names import CallKey, call_key


class Statement:
    """One statement: ``def`` binds a named node, ``fill`` runs a Build's steps,
    ``root`` binds a root name to an inline value or to another name. Equal
    when their fields are. (A plain class, not a named tuple: one is made per
    statement, and a named tuple's ``__new__`` runs in Python even in the
    compiled build.)"""

    __slots__ = ("kind", "node", "name", "deps")

    def __init__(
        self,
        kind: str,
        node: NodeId,
        name: str = "",
        deps: tuple[NodeId, ...] = (),  # named nodes it mentions (not a root's name)
    ) -> None:
        self.kind: Final = kind
        self.node: Final = node
        self.name: Final = name
        self.deps: Final = deps

    def _fields(self) -> tuple[str, NodeId, str, tuple[NodeId, ...]]:
        return (self.kind, self.node, self.name, self.deps)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Statement):
            return NotImplemented
        return self._fields() == other._fields()

    def __repr__(self) -> str:
        kind, node, name, deps = self._fields()
        return f"Statement(kind={kind!r}, node={node!r}, name={name!r}, deps={deps!r})"


def expression_deps(
    graph: Graph, roots: tuple[NodeId, ...], named: frozenset[NodeId]
) -> list[NodeId]:
    """Named nodes an expression over ``roots`` mentions, in first-mention order."""
    nodes = graph.nodes
    if len(roots) == 1 and type(nodes[roots[0]]) in LEAVES and roots[0] not in named:
        return []  # an object's attributes by value, an atom: the usual fill
    out: list[NodeId] = []
    seen: set[NodeId] = set()
    stack = list(reversed(roots))
    while stack:
        current = stack.pop()
        if current in named:
            if current not in seen:
                seen.add(current)
                out.append(current)
            continue
        node = nodes[current]
        kind = type(node)
        if kind in LEAVES:
            continue
        if kind is Container:
            stack.extend(reversed(node.items))  # type: ignore[union-attr]
        else:
            stack.extend(reversed(construction_children(node)))
    return out


def definition_deps(
    graph: Graph, node_id: NodeId, named: frozenset[NodeId]
) -> list[NodeId]:
    """What the statement defining ``node_id`` mentions."""
    return expression_deps(graph, construction_children(graph.nodes[node_id]), named)


def fill_deps(graph: Graph, node_id: NodeId, named: frozenset[NodeId]) -> list[NodeId]:
    """What a Build's steps mention (the Build itself excluded)."""
    node = graph.nodes[node_id]
    assert type(node) is Build
    if plain_fill(node):
        return []
    kids: list[NodeId] = []
    for step in node.steps:
        kids.extend(step_children(step))
    return [d for d in expression_deps(graph, tuple(kids), named) if d != node_id]


def plain_fill(node: Build) -> bool:
    """Whether the Build's only step sets a plain object's attributes to
    atoms (the usual fill): it mentions no node and hashes nothing."""
    steps = node.steps
    return len(steps) == 1 and steps[0].kind == "setattrs"


def hashed_builds(graph: Graph, node_id: NodeId) -> list[NodeId]:
    """The Builds a Build's steps use as dict keys or set elements: their fills
    must run first, since hashing them may read their state (unless they hash
    by identity)."""
    nodes = graph.nodes
    node = nodes[node_id]
    assert type(node) is Build
    out: list[NodeId] = []
    for step in node.steps:
        if step.kind == "setitem":
            keys: tuple[NodeId, ...] = (step.key,)  # type: ignore[assignment]
        elif step.kind == "update":
            value = nodes[step.value]
            if type(value) is not Container:
                continue
            keys = value.items[0::2] if value.kind == "dict" else value.items
        else:
            continue
        out.extend(
            k
            for k in keys
            if type(nodes[k]) is Build and not nodes[k].identity_hash  # type: ignore[union-attr]
        )
    return out


def order(
    graph: Graph, named: frozenset[NodeId], primary: dict[NodeId, str], options: Options
) -> list[Statement]:
    """All statements in output order.

    ``primary`` maps each named root node to the name it is defined under.
    """
    return _Order(graph, named).statements(primary)


class _Order:
    """The state of ``order``: which nodes are defined and filled, and which
    fills wait for what. (A class, not closures that call each other: those
    make a reference cycle, in the compiled build, that keeps the graph and
    the statements alive until the cyclic collector runs.)"""

    def __init__(self, graph: Graph, named: frozenset[NodeId]) -> None:
        self.graph = graph
        self.nodes = graph.nodes
        self.named = named
        self.out: list[Statement] = []
        self.state: dict[NodeId, int] = {}  # 1 in progress, 2 emitted
        self.missing: dict[NodeId, int] = {}
        # the fills waiting for a node's definition, and (for the objects a
        # fill uses as dict keys or set elements) for a node's own fill
        self.waiting_def: dict[NodeId, list[NodeId]] = {}
        self.waiting_fill: dict[NodeId, list[NodeId]] = {}
        self.filled: set[NodeId] = set()
        self.fills: dict[NodeId, list[NodeId]] = {}  # fill_deps of each Build, once
        self.defined: dict[NodeId, list[NodeId]] = {}  # definition_deps of each node
        self.bare_calls: set[CallKey] = set()  # calls found to mention no named node

    def statements(self, primary: dict[NodeId, str]) -> list[Statement]:
        graph = self.graph
        named = self.named
        out = self.out
        for name, node_id in graph.roots:
            if node_id in named:
                self.visit(node_id)
                if primary.get(node_id) != name:
                    out.append(Statement("root", node_id, name))
            else:
                deps = expression_deps(graph, (node_id,), named)
                for dep in deps:
                    self.visit(dep)
                out.append(Statement("root", node_id, name, tuple(deps)))
        for f in sorted(self.missing):  # only keys that need each other's fills
            out.append(Statement("fill", f, "", tuple(self.build_deps(f))))
        return out

    def definition(self, node_id: NodeId) -> list[NodeId]:
        """``definition_deps``; a call (or a Build's base call) without keywords
        whose func and args another one was found to have with no named node
        among them (``Point.__new__(Point)``, once per object) is not walked
        again."""
        nodes = self.nodes
        named = self.named
        key = call_key(nodes, node_id)
        node = nodes[node_id]
        if key is None or type(node) is Build and node.base in named:
            return definition_deps(self.graph, node_id, named)
        if key in self.bare_calls:
            return []
        found = definition_deps(self.graph, node_id, named)
        if not found:
            self.bare_calls.add(key)
        return found

    def build_deps(self, node_id: NodeId) -> list[NodeId]:
        found = self.fills.get(node_id)
        if found is None:
            found = self.fills[node_id] = fill_deps(self.graph, node_id, self.named)
        return found

    def release(self, node_id: NodeId, filled: bool) -> None:
        """``node_id`` is defined (or, ``filled``, filled): the fills that
        waited for nothing else follow, and then those that waited for them."""
        waiting_fill = self.waiting_fill
        first = (waiting_fill if filled else self.waiting_def).pop(node_id, None)
        if first is None:
            return
        missing = self.missing
        ready = [first]  # lists of fills, each waiting for one requirement
        while ready:
            for f in ready.pop():
                missing[f] -= 1
                if missing[f] == 0:
                    del missing[f]
                    self.out.append(Statement("fill", f, "", tuple(self.build_deps(f))))
                    self.filled.add(f)
                    more = waiting_fill.pop(f, None)
                    if more is not None:
                        ready.append(more)

    def emitted(self, node_id: NodeId) -> None:
        state = self.state
        out = self.out
        state[node_id] = 2
        out.append(Statement("def", node_id, "", tuple(self.defined[node_id])))
        node = self.nodes[node_id]
        if type(node) is Build and plain_fill(node):  # no deps, hashes nothing
            out.append(Statement("fill", node_id))
            self.filled.add(node_id)
            if self.waiting_fill:
                self.release(node_id, True)
        elif type(node) is Build:
            found = self.build_deps(node_id)
            undefined = [d for d in found if state.get(d) != 2] if found else []
            hashed = hashed_builds(self.graph, node_id)
            unfilled: list[NodeId] = []
            if hashed:
                filled = self.filled
                unfilled = [k for k in hashed if k != node_id and k not in filled]
            if not undefined and not unfilled:
                deps = tuple(found)
                out.append(Statement("fill", node_id, "", deps))
                self.filled.add(node_id)
                if self.waiting_fill:
                    self.release(node_id, True)
            else:
                self.missing[node_id] = len(undefined) + len(unfilled)
                waiting_def = self.waiting_def
                for d in undefined:
                    waiters = waiting_def.get(d)
                    if waiters is None:
                        waiting_def[d] = [node_id]
                    else:
                        waiters.append(node_id)
                for k in unfilled:
                    self.waiting_fill.setdefault(k, []).append(node_id)
        if self.waiting_def:
            self.release(node_id, False)

    def push(self, n: NodeId, from_post: bool, frames: list[list[object]]) -> None:
        """Start ``n``: emitted at once when it waits for nothing, else a
        frame ``[node, deps, position, phase, started_by_post]``."""
        self.state[n] = 1
        deps = self.defined[n] = self.definition(n)
        node = self.nodes[n]
        if not deps and (
            type(node) is not Build or plain_fill(node) or not self.build_deps(n)
        ):
            self.emitted(n)  # what its frame would do: nothing to wait for or visit
            return
        frames.append([n, deps, 0, 0, from_post])

    def visit(self, start: NodeId) -> None:
        """Emit ``start`` after its definition deps; then visit its fill deps.

        A fill dep whose definition would need a node still in progress is
        deferred (retried when the stack is empty)."""
        state = self.state
        nodes = self.nodes
        deferred: list[NodeId] = []
        frames: list[list[object]] = []
        if state.get(start) is None:
            self.push(start, True, frames)
        while frames or deferred:
            if not frames:
                n = deferred.pop(0)
                if state.get(n) is None:
                    self.push(n, True, frames)
                continue
            frame = frames[-1]
            n, deps, pos, phase, _ = frame  # type: ignore[assignment]
            assert (
                isinstance(n, int) and isinstance(deps, list) and isinstance(pos, int)
            )
            if pos < len(deps):
                d = deps[pos]
                frame[2] = pos + 1
                st = state.get(d)
                if st is None:
                    self.push(d, phase == 1, frames)
                elif st == 1 and phase == 0:
                    # blocked: unwind to the frame that a fill started, defer it
                    while True:
                        top = frames.pop()
                        node_of_top = int(top[0])  # type: ignore[call-overload]
                        state.pop(node_of_top, None)
                        if top[4]:
                            deferred.append(node_of_top)
                            break
                continue
            if phase == 0:
                self.emitted(n)
                frame[1] = self.build_deps(n) if type(nodes[n]) is Build else []
                frame[2] = 0
                frame[3] = 1
                continue
            frames.pop()
