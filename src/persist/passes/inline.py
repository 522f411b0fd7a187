"""inline: decide which nodes get a statement of their own; the rest are written
inside their single referrer's expression.

    b = [x, [1, 2]]      x referenced twice -> named;  [1, 2] once -> inline

A node is named when it is a root, a Build (its steps are statements), referenced
more than once (so identity is kept), a non-atom argument of a persist 3.2
``get_persistent_rep`` template, or when inlining it would nest an expression
deeper than ``options.nesting_budget`` (CPython refuses ~200 nested brackets and
libcst recurses per level). Constants (atoms, tuples of constants) are values,
not identities: they are inlined however often they are used, unless they are
large and shared. Imports (GlobalRef) and class attributes are never named.
"""

from __future__ import annotations

from persist.ir.graph import Graph
from persist.ir.nodes import (
    Atom,
    Attr,
    Build,
    Call,
    External,
    GlobalRef,
    NodeId,
    Raw,
    Run,
    children,
    construction_children,
    fill_children,
)
from persist.options import Options
from persist.passes.dedup import constant_keys


def reachable(graph: Graph) -> list[NodeId]:
    """Ids reachable from the roots, in first-visit order."""
    seen = bytearray(len(graph.nodes))
    order: list[NodeId] = []
    stack = [i for _, i in reversed(graph.roots)]
    nodes = graph.nodes
    while stack:
        current = stack.pop()
        if seen[current]:
            continue
        seen[current] = 1
        order.append(current)
        stack.extend(reversed(children(nodes[current])))
    return order


def is_value(graph: Graph, node_id: NodeId, constants: dict[NodeId, object]) -> bool:
    """Nodes with no identity to keep: constants, imports, class attributes."""
    node = graph.nodes[node_id]
    kind = type(node)
    if node_id in constants or kind is GlobalRef:
        return True
    return kind is Attr and type(graph.nodes[node.obj]) is GlobalRef  # type: ignore[union-attr]


def inline(graph: Graph, options: Options) -> frozenset[NodeId]:
    """The set of nodes that get a statement (and a name) of their own."""
    nodes = graph.nodes
    order = reachable(graph)
    constants = constant_keys(graph)
    refcount = [0] * len(nodes)
    for i in order:
        for c in children(nodes[i]):
            refcount[c] += 1
    named: set[NodeId] = set()
    for _, i in graph.roots:
        if not is_value(graph, i, constants):
            named.add(i)
    for i in order:
        node = nodes[i]
        kind = type(node)
        if kind is Build:
            named.add(i)
        elif kind is Attr and type(nodes[node.obj]) is Call:  # type: ignore[union-attr]
            named.add(node.obj)  # type: ignore[union-attr]  # a.b(...).c: name a.b(...)
        elif kind is Raw:
            raw: Raw = node  # type: ignore[assignment]
            named.update(c for _, c in raw.args if type(nodes[c]) is not Atom)
        if refcount[i] > 1:
            if (
                not is_value(graph, i, constants)
                or i in constants
                and _weight(graph, i) > options.shared_constant_weight
            ):
                named.add(i)
    _hoist_deep(graph, order, named, options.nesting_budget)
    return frozenset(named)


def _weight(graph: Graph, node_id: NodeId) -> int:
    total = 0
    stack = [node_id]
    while stack and total <= 10_000:
        node = graph.nodes[stack.pop()]
        if type(node) is Atom:
            value = node.value
            total += 1 + (len(value) // 64 if isinstance(value, (str, bytes)) else 0)
        elif type(node) is Run:
            total += 1 + len(node.values)
        else:
            total += 1
            stack.extend(construction_children(node))
    return total


def _hoist_deep(
    graph: Graph, order: list[NodeId], named: set[NodeId], budget: int
) -> None:
    """Name the children whose inline expression would nest deeper than budget."""
    nodes = graph.nodes
    depth: dict[NodeId, int] = {}
    for start in order:
        if start in depth:
            continue
        stack = [start]
        while stack:
            current = stack[-1]
            if current in depth:
                stack.pop()
                continue
            kids = construction_children(nodes[current])
            pending = [k for k in kids if k not in depth]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            deepest = 0
            for k in kids:
                if k in named or type(nodes[k]) in (GlobalRef, External):
                    continue
                if depth[k] >= budget:
                    named.add(k)
                elif depth[k] > deepest:
                    deepest = depth[k]
            depth[current] = deepest + 1
    for i in order:
        for k in fill_children(nodes[i]):
            if k not in named and depth.get(k, 0) >= budget:
                named.add(k)
