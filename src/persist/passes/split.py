"""split_large: write a very long list, dict or set as several statements.

    x = [<1,000,000 rows>]    ->    x = [<rows 0..6,666>]
                                    x.extend([<rows 6,667..13,333>])
                                    ...

CPython compiles a statement all at once, holding its syntax tree (~100 bytes
per character of source); a load compiles the text a piece of statements at a
time (``persist.pieces``), which only bounds the memory when statements are
bounded. A node whose items weigh more than ``options.statement_weight``
becomes a Build: its first items, then ``extend``/``update`` steps with the
rest, in order. Weights count values: an atom 1, a Run its atoms, any other
item 1 (big inline subtrees are named by the inline pass instead).

Only nodes whose steps would need nothing undefined are split: the items are
all values (atoms, Runs, imports, constants), so the steps run right after
the first statement and no reader sees the object half filled; or the node is
a root nothing else refers to (a list of a million instances).
"""

from __future__ import annotations

from itertools import repeat
from operator import attrgetter

from persist.ir.graph import Graph, Label
from persist.ir.nodes import (
    LEAVES,
    Atom,
    Build,
    Call,
    Container,
    GlobalRef,
    Node,
    NodeId,
    Run,
    Step,
    children,
)
from persist.options import Options

_SPLITTABLE = ("list", "dict", "set")


def weight(value: object) -> int:
    """How many values a Run item (an atom or a nested Run) holds."""
    if type(value) is not Run:
        return 1
    run: Run = value
    if run.depth == 1:
        return len(run.values) or 1
    return run.size or sum(weight(v) for v in run.values) or 1


def _weights(values: tuple[object, ...]) -> list[int]:
    """``weight`` of each value; a table's rows (depth-1 Runs) without a call
    each."""
    if set(map(type, values)) == {Run} and set(map(_depth, values)) == {1}:
        return [len(v) or 1 for v in map(_values, values)]
    return list(map(weight, values))


_depth = attrgetter("depth")
_values = attrgetter("values")


def split_large(graph: Graph, options: Options) -> Graph:
    """Return a graph whose list, dict and set nodes each fit one statement."""
    limit = options.statement_weight
    nodes = graph.nodes
    heavy = [
        i
        for i, node in enumerate(nodes)
        if type(node) in (Run, Container)
        and node.kind in _SPLITTABLE  # type: ignore[union-attr]
        and _long(node, limit)
    ]
    if not heavy:
        return graph
    lone_roots: set[NodeId] | None = None
    new_nodes = list(nodes)
    origin = list(graph.origin)
    for target in heavy:
        node = nodes[target]
        if type(node) is Container and not all(_is_value(nodes, i) for i in node.items):
            if lone_roots is None:
                lone_roots = _lone_roots(graph)
            if target not in lone_roots:
                continue
        _split(new_nodes, origin, target, limit)
    if len(new_nodes) == len(nodes):
        return graph
    return graph.replace(nodes=tuple(new_nodes), origin=tuple(origin))


def _long(node: Node, limit: int) -> bool:
    if type(node) is Container:
        return len(node.items) > limit
    run: Run = node  # type: ignore[assignment]
    if len(run.values) > limit:
        return True
    return run.depth > 1 and len(run.values) > 1 and weight(run) > limit


def _is_value(nodes: tuple[Node, ...], node_id: NodeId) -> bool:
    kind = type(nodes[node_id])
    return kind is Atom or kind is Run or kind is GlobalRef


def _lone_roots(graph: Graph) -> set[NodeId]:
    """Roots that no node refers to (only their own name)."""
    roots = {i for _, i in graph.roots}
    if len(roots) != len(graph.roots):
        roots = {i for i in roots if sum(r == i for _, r in graph.roots) == 1}
    referred: set[NodeId] = set()
    for node in graph.nodes:
        kind = type(node)
        if kind in LEAVES:
            continue
        if kind is Container:
            kids = node.items  # type: ignore[union-attr]
        elif kind is Call:  # its children without building them
            call: Call = node  # type: ignore[assignment]
            kids = call.args
            if call.kwargs:
                kids = kids + tuple([v for _, v in call.kwargs])
            if call.func in roots:
                referred.add(call.func)
        else:
            kids = children(node)
        if not roots.isdisjoint(kids):
            referred.update(roots.intersection(kids))
    return roots - referred


def _split(
    nodes: list[Node], origin: list[tuple[NodeId, Label]], target: NodeId, limit: int
) -> None:
    node = nodes[target]
    kind = node.kind  # type: ignore[union-attr]
    width = 2 if kind == "dict" else 1
    is_run = type(node) is Run
    items = node.values if is_run else node.items  # type: ignore[union-attr]
    cuts = [0]
    loads = []  # each part's weight (a Run's size)
    load = 0
    adds = _weights(items[width - 1 :: width]) if is_run else repeat(1)
    for start, add in zip(range(0, len(items), width), adds, strict=False):
        if load and load + add > limit:
            cuts.append(start)
            loads.append(load)
            load = 0
        load += add
    cuts.append(len(items))
    loads.append(load)
    parts: list[NodeId] = []
    for a, b, size in zip(cuts, cuts[1:], loads, strict=False):
        chunk = items[a:b]
        if is_run:
            if node.depth <= 2:  # type: ignore[union-attr]  # (nested: rows)
                depth = 2 if Run in set(map(type, chunk)) else 1
            else:
                depth = 1 + max((v.depth for v in chunk if type(v) is Run), default=0)
            if depth > 1 and width == 2:
                size += len(chunk) // 2  # a dict's keys count too
            part: Node = Run(kind, chunk, depth, size if depth > 1 else 0)
        else:
            part = Container(kind, chunk)
        parts.append(len(nodes))
        nodes.append(part)
        origin.append((target, ""))
    method = "extend" if kind == "list" else "update"
    nodes[target] = Build(
        parts[0], tuple(Step(method, None, p) for p in parts[1:])
    )
