"""break_cycles: make construction acyclic by building some containers empty and
filling them later.

    a = [1, a]        ->     a = [1]
                             a.append(a)

A node's *construction* needs its children to exist; a Build's steps run later
and only need their operands to exist. Each strongly connected component of the
construction graph is cut at its first-reached mutable container (list, dict or
set), which becomes a Build; this repeats inside what is left until no cycle
remains. A cycle running only through immutable values or constructor arguments
cannot be rebuilt by any program and raises CycleError naming its place.
"""

from __future__ import annotations

from persist.errors import CycleError
from persist.ir.graph import Graph
from persist.ir.nodes import Build, Container, Node, NodeId, Step, construction_children
from persist.options import Options

SPLITTABLE = ("list", "dict", "set")


def break_cycles(graph: Graph, options: Options) -> Graph:
    """Return a graph whose construction edges form a DAG."""
    nodes = list(graph.nodes)
    origin = list(graph.origin)
    candidates: list[NodeId] | None = None  # None: the whole graph
    while True:
        components = [c for c in strongly_connected(nodes, candidates) if _is_cycle(nodes, c)]
        if not components:
            break
        candidates = []
        for component in components:
            target = min(
                (i for i in component if _splittable(nodes[i])),
                default=None,
            )
            if target is None:
                first = min(component)
                raise CycleError(
                    f"the reference cycle through {graph.path(first)} "
                    f"({len(component)} objects) passes only through immutable objects or "
                    f"constructor arguments, so it cannot be rebuilt"
                )
            _split(nodes, origin, target, set(component))
            candidates.extend(component)
    if len(nodes) == len(graph.nodes) and all(a is b for a, b in zip(nodes, graph.nodes)):
        return graph
    return graph.replace(nodes=tuple(nodes), origin=tuple(origin))


def _splittable(node: Node) -> bool:
    return type(node) is Container and node.kind in SPLITTABLE and bool(node.items)


def _is_cycle(nodes: list[Node], component: list[NodeId]) -> bool:
    if len(component) > 1:
        return True
    only = component[0]
    return only in construction_children(nodes[only])


def _split(
    nodes: list[Node], origin: list[tuple[NodeId, str]], target: NodeId, cycle: set[NodeId]
) -> None:
    """Build ``target`` from its items up to the first one on the cycle, and add
    the rest in a step (order is kept):

        d = {'a': 1, 'self': d, 'b': 2}   ->   d = {'a': 1}
                                               d.update({'self': d, 'b': 2})
    """
    old = nodes[target]
    assert type(old) is Container
    width = 2 if old.kind == "dict" else 1
    items = old.items
    cut = 0
    if old.kind != "set":
        while cut < len(items) and not any(i in cycle for i in items[cut : cut + width]):
            cut += width
    head, rest = items[:cut], items[cut:]
    base = len(nodes)
    nodes.append(Container(old.kind, head))
    origin.append((target, ""))
    if old.kind == "list" and len(rest) == 1:
        step = Step("append", None, rest[0])
    elif old.kind == "dict" and len(rest) == 2:
        step = Step("setitem", rest[0], rest[1])
    else:
        filled = len(nodes)
        nodes.append(Container(old.kind, rest))
        origin.append((target, ""))
        step = Step("extend" if old.kind == "list" else "update", None, filled)
    nodes[target] = Build(base, (step,))


def strongly_connected(
    nodes: list[Node], within: list[NodeId] | None = None
) -> list[list[NodeId]]:
    """Tarjan's algorithm over construction edges, iterative, restricted to the
    ids in ``within`` when given."""
    allowed = None if within is None else set(within)
    starts = range(len(nodes)) if within is None else sorted(allowed)  # type: ignore[arg-type]
    index: dict[NodeId, int] = {}
    low: dict[NodeId, int] = {}
    on_stack: set[NodeId] = set()
    stack: list[NodeId] = []
    out: list[list[NodeId]] = []
    counter = 0
    for start in starts:
        if start in index:
            continue
        work: list[tuple[NodeId, int]] = [(start, 0)]
        while work:
            v, pos = work[-1]
            if pos == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            kids = construction_children(nodes[v])
            advanced = False
            while pos < len(kids):
                w = kids[pos]
                pos += 1
                if allowed is not None and w not in allowed:
                    continue
                if w not in index:
                    work[-1] = (v, pos)
                    work.append((w, 0))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                out.append(component)
    return out
