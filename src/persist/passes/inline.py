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
    Container,
    External,
    GlobalRef,
    Node,
    NodeId,
    Raw,
    Run,
    construction_children,
    fill_children,
)
from persist.options import Options
from persist.passes.split import weight


def reachable(graph: Graph) -> list[NodeId]:
    """Ids reachable from the roots, in first-visit order."""
    nodes = graph.nodes
    order, _ = _walk(graph, [construction_children(n) for n in nodes])
    return order


def _walk(
    graph: Graph, cons: list[tuple[NodeId, ...]]
) -> tuple[list[NodeId], list[int]]:
    """Reachable ids in first-visit order, and each node's number of referring
    edges from reachable nodes."""
    nodes = graph.nodes
    seen = bytearray(len(nodes))
    refcount = [0] * len(nodes)
    order: list[NodeId] = []
    stack = [i for _, i in reversed(graph.roots)]
    while stack:
        current = stack.pop()
        if seen[current]:
            continue
        seen[current] = 1
        order.append(current)
        kids = cons[current]
        if type(nodes[current]) is Build:
            kids = kids + fill_children(nodes[current])
        if kids:
            for c in kids:
                refcount[c] += 1
            stack.extend(reversed(kids))
    return order, refcount


def constant_ids(nodes: tuple[Node, ...]) -> bytearray:
    """``flags[i]`` is 1 for constants: atoms, tuples of atoms, tuples of
    constants (what ``dedup.constant_keys`` keys, without computing keys)."""
    flags = bytearray(len(nodes))
    tuples: list[NodeId] = []
    for i, node in enumerate(nodes):
        kind = type(node)
        if kind is Atom:
            flags[i] = 1
        elif kind is Run:
            flags[i] = node.kind == "tuple"  # type: ignore[union-attr]
        elif kind is Container and node.kind == "tuple":  # type: ignore[union-attr]
            tuples.append(i)
    state = bytearray(len(nodes))  # tuples: 1 expanded, 2 decided
    for start in tuples:
        stack = [start]
        while stack:
            current = stack[-1]
            if state[current] == 2:
                stack.pop()
                continue
            items = nodes[current].items  # type: ignore[union-attr]
            if state[current] == 0:
                state[current] = 1
                pending = [c for c in items if state[c] == 0 and _is_tuple(nodes[c])]
                if pending:
                    stack.extend(pending)
                    continue
            stack.pop()
            state[current] = 2
            flags[current] = all(flags[c] for c in items)
    return flags


def _is_tuple(node: Node) -> bool:
    return type(node) is Container and node.kind == "tuple"


def is_value(graph: Graph, node_id: NodeId, constants: bytearray) -> bool:
    """Nodes with no identity to keep: constants, imports, class attributes."""
    node = graph.nodes[node_id]
    kind = type(node)
    if constants[node_id] or kind is GlobalRef:
        return True
    return kind is Attr and type(graph.nodes[node.obj]) is GlobalRef  # type: ignore[union-attr]


def inline(graph: Graph, options: Options) -> frozenset[NodeId]:
    """The set of nodes that get a statement (and a name) of their own."""
    nodes = graph.nodes
    cons = [construction_children(n) for n in nodes]
    order, refcount = _walk(graph, cons)
    constants = constant_ids(nodes)
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
                or constants[i]
                and _weight(graph, i) > options.shared_constant_weight
            ):
                named.add(i)
    _hoist_deep(
        graph, cons, order, named, options.nesting_budget, options.statement_weight
    )
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
    graph: Graph,
    cons: list[tuple[NodeId, ...]],
    order: list[NodeId],
    named: set[NodeId],
    budget: int,
    limit: int,
) -> None:
    """Name the children whose inline expression would nest deeper than
    ``budget``, or make their parent's statement weigh (hold values) more than
    ``limit``: a child weighing ``limit`` or more, and a big one (a sixteenth
    of it) that does not fit beside its siblings.

    Nodes are sized children first by walking the first-visit order backwards:
    a node with one referrer was first reached from it, so comes after it. A
    child reached earlier (a root, a shared value) is sized when first needed,
    depth first."""
    nodes = graph.nodes
    sizes = _Sizes(nodes, cons, named, budget, limit)
    depth = sizes.depth
    weights = sizes.weights
    for current in reversed(order):
        if not depth[current]:
            sizes.leaf_or_settle(current, cons[current])
    for i in order:
        if type(nodes[i]) is Build:
            for k in fill_children(nodes[i]):
                if not cons[k]:
                    leaf = nodes[k]
                    if type(leaf) is Run and (
                        leaf.depth >= budget or weight(leaf) > limit
                    ):
                        named.add(k)
                elif k not in named and (depth[k] >= budget or weights[k] > limit):
                    named.add(k)


class _Sizes:
    """Each node's nesting depth and weight as ``_hoist_deep`` measures them
    (0: not measured yet), naming the children that must be. (A class, not
    closures that call each other: those make a reference cycle that keeps
    the whole graph alive until the cyclic collector runs.)"""

    def __init__(
        self,
        nodes: tuple[Node, ...],
        cons: list[tuple[NodeId, ...]],
        named: set[NodeId],
        budget: int,
        limit: int,
    ) -> None:
        self.nodes = nodes
        self.cons = cons
        self.named = named
        self.budget = budget
        self.limit = limit
        self.big = max(limit // 16, 2)
        self.depth = [0] * len(nodes)
        self.weights = [0] * len(nodes)

    def settle(self, current: NodeId, kids: tuple[NodeId, ...]) -> None:
        """Size ``current`` from its sized children, naming those that must be."""
        nodes = self.nodes
        named = self.named
        depth = self.depth
        weights = self.weights
        budget = self.budget
        limit = self.limit
        big = self.big
        deepest = 0
        total = 0 if type(nodes[current]) is Build else 1  # a Build is its base
        for k in kids:
            if k in named or type(nodes[k]) in _UNSIZED:
                continue
            d = depth[k]
            if not d:
                self.size(k)
                d = depth[k]
            w = weights[k]
            if d >= budget or w > limit or (w >= big and total + w > limit):
                named.add(k)
                continue
            if d > deepest:
                deepest = d
            total += w
        depth[current] = deepest + 1
        weights[current] = total

    def size(self, start: NodeId) -> None:
        """Size ``start`` and what it needs, depth first."""
        cons = self.cons
        depth = self.depth
        stack = [start]
        while stack:
            current = stack[-1]
            kids = cons[current]
            pending = [k for k in kids if not depth[k]]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            if not depth[current]:
                self.leaf_or_settle(current, kids)

    def leaf_or_settle(self, current: NodeId, kids: tuple[NodeId, ...]) -> None:
        if kids:
            self.settle(current, kids)
            return
        leaf = self.nodes[current]
        if type(leaf) is Run:
            self.depth[current] = leaf.depth
            self.weights[current] = weight(leaf)
        else:
            self.depth[current] = self.weights[current] = 1


_UNSIZED = frozenset({GlobalRef, External})  # never inlined into their referrer's size
