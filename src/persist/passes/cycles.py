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

from collections.abc import Callable, Sequence

from persist.errors import CycleError
from persist.ir.graph import Graph, Label
from persist.ir.nodes import (
    LEAVES,
    Attr,
    Build,
    Call,
    Container,
    GlobalRef,
    Node,
    NodeId,
    Step,
    construction_children,
    fill_children,
)
from persist.options import Options

SPLITTABLE = ("list", "dict", "set")


def break_cycles(graph: Graph, options: Options) -> Graph:
    """Return a graph whose construction edges form a DAG."""
    if not _has_back_edge(graph.nodes):
        return graph  # every edge points to a later node: no cycle is possible
    nodes = list(graph.nodes)
    origin = list(graph.origin)
    candidates: list[NodeId] | None = None  # None: the whole graph
    while True:
        components = [
            c for c in strongly_connected(nodes, candidates) if _is_cycle(nodes, c)
        ]
        if not components:
            break
        candidates = []
        copied = _copied(nodes)
        for component in components:
            members = set(component)
            for target in _cut_points(nodes, members, graph.path, copied):
                _split(nodes, origin, target, members)
            candidates.extend(component)
    if len(nodes) == len(graph.nodes) and all(
        a is b for a, b in zip(nodes, graph.nodes, strict=False)
    ):
        return graph
    return graph.replace(nodes=tuple(nodes), origin=tuple(origin))


def _copied(nodes: list[Node]) -> set[NodeId]:
    """The containers a step copies: ``obj.__setstate__(d)`` and
    ``obj.__dict__.update(d)`` read ``d`` once, when they run, so ``d`` must
    be complete by then; filled later, the object would never see the rest."""
    return {
        step.value
        for node in nodes
        if type(node) is Build
        for step in node.steps
        if step.kind in ("setstate", "dictupdate")
    }


def _cut_points(
    nodes: list[Node],
    members: set[NodeId],
    path_of: Callable[[NodeId], str],
    copied: set[NodeId],
) -> list[NodeId]:
    """Nodes to split so that most cycles of one component break in one round.

    A depth-first walk inside the component from its first-reached node finds
    the back edges; each is cut at its target when that is a mutable container,
    else at the deepest mutable container on the path that closes the cycle.
    Splitting is repeated by the caller until no cycle is left.
    """
    start = min(members)
    chosen: list[NodeId] = []
    picked: set[NodeId] = set()
    path: list[NodeId] = [start]
    on_path = {start: 0}
    positions = [0]
    done: set[NodeId] = set()
    while path:
        current = path[-1]
        kids = _needs(nodes, nodes[current]) if current not in picked else ()
        pos = positions[-1]
        if pos < len(kids):
            positions[-1] = pos + 1
            kid = kids[pos]
            if kid not in members or kid in done:
                continue
            if kid in on_path:
                if kid not in picked:
                    target = _deepest_splittable(nodes, path, on_path[kid], copied)
                    if target is None:  # the argument of a call being swapped
                        target = _deepest_splittable(
                            nodes, path, on_path[kid], copied, swapped=picked
                        )
                    if target is None:
                        target = _call_to_swap(nodes, path, on_path[kid], copied)
                    if target is None:
                        raise CycleError(
                            _unbreakable(path_of(min(members)), len(members))
                        )
                    if target not in picked:  # (two edges may close one cycle)
                        picked.add(target)
                        chosen.append(target)
                continue
            on_path[kid] = len(path)
            path.append(kid)
            positions.append(0)
            continue
        done.add(current)
        del on_path[current]
        path.pop()
        positions.pop()
    return chosen


def _deepest_splittable(
    nodes: list[Node],
    path: list[NodeId],
    start: int,
    copied: set[NodeId],
    swapped: set[NodeId] | None = None,
) -> NodeId | None:
    """The back edge's target if splittable, else the deepest splittable node on
    the path from it."""
    if _can_split(nodes, path, start, copied, swapped):
        return path[start]
    for at in range(len(path) - 1, start - 1, -1):
        if _can_split(nodes, path, at, copied, swapped):
            return path[at]
    return None


def _can_split(
    nodes: list[Node],
    path: list[NodeId],
    at: int,
    copied: set[NodeId],
    swapped: set[NodeId] | None,
) -> bool:
    """Whether ``path[at]`` may be split. Not a container a step copies
    (``_copied``). Nor an argument of a call that has a fallback: such calls
    may copy it (``defaultdict(list, {...})``), so the call itself is split
    instead; unless the call is in ``swapped``, already chosen to be replaced
    by its fallback, which passes it no more (``d = {'me': d}`` held by a
    dataclass that ``d`` holds too)."""
    if not _splittable(nodes[path[at]]) or path[at] in copied:
        return False
    if at == 0 or type(nodes[path[at]]) is not Container:
        return True
    parent_id = path[at - 1]
    parent = nodes[parent_id]
    if type(parent) is not Call or parent.fallback < 0:
        return True
    return swapped is not None and parent_id in swapped


def _call_to_swap(
    nodes: list[Node], path: list[NodeId], start: int, copied: set[NodeId]
) -> NodeId | None:
    """The call to replace by its fallback when the only container on a cycle
    that could be split is that call's argument: ``b.items`` holding itself,
    where ``b = Box(items=...)``. Once built from its fallback, the call
    passes it no more, and the next round splits the container."""
    for at in range(len(path) - 1, max(start, 1) - 1, -1):
        parent = nodes[path[at - 1]]
        if (
            _splittable(nodes[path[at]])
            and path[at] not in copied
            and type(nodes[path[at]]) is Container
            and type(parent) is Call
            and parent.fallback >= 0
        ):
            return path[at - 1]
    return None


def _unbreakable(where: str, size: int) -> str:
    objects = "1 object" if size == 1 else f"{size} objects"
    return (
        f"the reference cycle through {where} ({objects}) passes only through "
        "immutable objects, constructor arguments, or state that must be "
        "complete first (of a dict key or set element, or copied by "
        "__setstate__ or __dict__.update), so it cannot be rebuilt"
    )


def _has_back_edge(nodes: tuple[Node, ...]) -> bool:
    """Whether some construction edge points to an earlier (or the same) node.

    Every cycle has such an edge, and lowering numbers a node after the node
    that first reaches it, so trees and most DAGs have none. Edges to nodes
    that need nothing (atoms, imports, external arrays) or only an import
    (``Point.__new__``) are never on a cycle: a class shared by many instances
    does not count. Nor does a Call's fallback Build, which lowering adds after
    the base it builds on: only the Call refers to it, as a fallback (not an
    edge), so it is on no cycle."""
    fallbacks: set[NodeId] = set()
    for i, node in enumerate(nodes):
        kind = type(node)
        if kind in LEAVES:
            continue
        if kind is Call and node.fallback > i:  # type: ignore[union-attr]
            fallbacks.add(node.fallback)  # type: ignore[union-attr]
        elif kind is Build and i in fallbacks:
            continue
        for child in _needs(nodes, node):
            if child <= i:
                target = nodes[child]
                tp = type(target)
                if tp in LEAVES:
                    continue
                if tp is Attr and type(nodes[target.obj]) is GlobalRef:  # type: ignore[union-attr]
                    continue
                return True
    return False


def _splittable(node: Node) -> bool:
    kind = type(node)
    if kind is Call:
        return node.fallback >= 0  # type: ignore[union-attr]
    return kind is Container and node.kind in SPLITTABLE and bool(node.items)  # type: ignore[union-attr]


def _is_cycle(nodes: list[Node], component: list[NodeId]) -> bool:
    if len(component) > 1:
        return True
    only = component[0]
    return only in _needs(nodes, nodes[only])


def _needs(nodes: Sequence[Node], node: Node) -> tuple[NodeId, ...]:
    """What must exist before ``node`` is constructed: its construction children,
    and for a dict key or set element rebuilt as a Build, that Build's state too
    (hashing it may read the state; pickle also completes keys first), unless
    it hashes by identity."""
    kids = construction_children(node)
    if type(node) is Container and node.kind in _HASHED:
        hashed = node.items[0::2] if node.kind == "dict" else node.items
        state = [
            f
            for h in hashed
            if type(nodes[h]) is Build and not nodes[h].identity_hash  # type: ignore[union-attr]
            for f in fill_children(nodes[h])
        ]
        if state:
            return kids + tuple(state)
    return kids


_HASHED = ("dict", "set", "frozenset")


def _on(nodes: Sequence[Node], item: NodeId, cycle: set[NodeId]) -> bool:
    """Whether an item is on the cycle, or is a Build whose state is (and must
    come first: see ``_needs``)."""
    if item in cycle:
        return True
    node = nodes[item]
    return (
        type(node) is Build
        and not node.identity_hash
        and any(f in cycle for f in fill_children(node))
    )


def _split(
    nodes: list[Node],
    origin: list[tuple[NodeId, Label]],
    target: NodeId,
    cycle: set[NodeId],
) -> None:
    """Build ``target`` from its items up to the first one on the cycle, and add
    the rest in a step (order is kept):

        d = {'a': 1, 'self': d, 'b': 2}   ->   d = {'a': 1}
                                               d.update({'self': d, 'b': 2})
    """
    old = nodes[target]
    if type(old) is Call:
        nodes[target] = nodes[old.fallback]  # construct first, set the state later
        return
    assert type(old) is Container
    width = 2 if old.kind == "dict" else 1
    items = old.items
    cut = 0
    if old.kind != "set":
        while cut < len(items) and not any(
            _on(nodes, i, cycle) for i in items[cut : cut + width]
        ):
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
    ids in ``within`` when given. Leaves (atoms, imports) are skipped: they
    cannot be on a cycle."""
    size = len(nodes)
    allowed = None if within is None else set(within)
    starts = range(size) if within is None else sorted(allowed)  # type: ignore[arg-type]
    index = [-1] * size
    low = [0] * size
    on_stack = bytearray(size)
    stack: list[NodeId] = []
    out: list[list[NodeId]] = []
    counter = 0
    for start in starts:
        if index[start] >= 0 or type(nodes[start]) in LEAVES:
            continue
        work: list[tuple[NodeId, int]] = [(start, 0)]
        while work:
            v, pos = work[-1]
            if pos == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = 1
            kids = _needs(nodes, nodes[v])
            advanced = False
            while pos < len(kids):
                w = kids[pos]
                pos += 1
                if (allowed is not None and w not in allowed) or type(
                    nodes[w]
                ) in LEAVES:
                    continue
                if index[w] < 0:
                    work[-1] = (v, pos)
                    work.append((w, 0))
                    advanced = True
                    break
                if on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    component.append(w)
                    if w == v:
                        break
                out.append(component)
    return out
