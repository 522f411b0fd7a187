"""The IR checker: ``check_graph`` runs after every pass in tests and debug mode.

It verifies that every child id exists, that containers have a known kind and
dicts an even item count, that Build steps are well formed and that every node is
reachable from a root (right after
lowering). On failure it raises InternalError with the dump, bad
nodes marked.
"""

from __future__ import annotations

from persist.errors import InternalError
from persist.ir.dump import dump
from persist.ir.graph import Graph
from persist.ir.nodes import (
    ATOM_TYPES,
    CONTAINER_KINDS,
    NO_NODE,
    Build,
    Call,
    Container,
    Run,
    Step,
    children,
    is_import,
)

STEP_KINDS = (
    "setattr",
    "setattrs",
    "setitem",
    "extend",
    "update",
    "append",
    "setstate",
    "dictupdate",
)


def check_graph(graph: Graph, *, reachable: bool = False) -> None:
    """Raise InternalError if ``graph`` breaks an IR invariant.

    With ``reachable``, also require every node to be reachable from a root (true
    right after lowering; later passes may leave merged nodes orphaned).
    """
    size = len(graph.nodes)
    bad: list[int] = []
    problems: list[str] = []
    if len(graph.origin) != size:
        problems.append(f"origin has {len(graph.origin)} entries for {size} nodes")
    for i, node in enumerate(graph.nodes):
        kids = children(node)
        if type(node) is Call and node.fallback >= size:
            kids = (*kids, node.fallback)
        if any(not 0 <= k < size for k in kids):
            bad.append(i)
            problems.append(f"node {i} refers to a missing node")
        if type(node) is Container and (
            node.kind not in CONTAINER_KINDS
            or (node.kind == "dict" and len(node.items) % 2)
        ):
            bad.append(i)
            problems.append(f"node {i} is a malformed container")
        if type(node) is Run and not _well_formed(node):
            bad.append(i)
            problems.append(f"node {i} is a malformed run")
        if type(node) is Build and any(s.kind not in STEP_KINDS for s in node.steps):
            bad.append(i)
            problems.append(f"node {i} has an unknown step kind")
        elif type(node) is Build and not all(map(_step_ok, node.steps)):
            bad.append(i)
            problems.append(f"node {i} has a malformed setattrs step")
        if (
            type(node) is Build
            and node.args is not None
            and not all(
                is_import(graph.nodes, k)
                for k in (node.base, *node.args)
                if 0 <= k < size
            )
        ):
            bad.append(i)
            problems.append(f"node {i} calls something other than imports")
    if reachable and not bad:
        seen = [False] * size
        stack = [node_id for _, node_id in graph.roots]
        while stack:
            current = stack.pop()
            if seen[current]:
                continue
            seen[current] = True
            node = graph.nodes[current]
            stack.extend(children(node))
            if type(node) is Call and node.fallback >= 0:
                stack.append(node.fallback)  # not a child, but lowering made it
        unreachable = [i for i, s in enumerate(seen) if not s]
        if unreachable:
            bad.extend(unreachable)
            problems.append(f"{len(unreachable)} node(s) unreachable from the roots")
    if problems:
        raise InternalError(
            "internal error: invalid IR: "
            + "; ".join(problems[:5])
            + "\n"
            + dump(graph, bad)
        )


def _step_ok(step: Step) -> bool:
    """A ``setattrs`` step holds identifier names and atoms, paired, and no
    node; any other step holds no attributes."""
    if step.kind != "setattrs":
        return not step.attrs
    attrs = step.attrs
    return (
        step.value == NO_NODE
        and step.key is None
        and len(attrs) % 2 == 0
        and all(type(k) is str and k.isidentifier() for k in attrs[0::2])
        and set(map(type, attrs[1::2])) <= ATOM_TYPES
    )


def _well_formed(run: Run) -> bool:
    """Known kind, dict values in pairs, and only list and dict Runs nested in
    list and dict Runs, with ``depth`` one more than the deepest of them and
    ``size``, when set, the values it holds."""
    if run.kind not in CONTAINER_KINDS or (run.kind == "dict" and len(run.values) % 2):
        return False
    nested = [v for v in run.values if type(v) is Run]
    if run.kind == "dict" and any(type(k) is Run for k in run.values[0::2]):
        return False
    if nested and run.kind not in ("list", "dict"):
        return False
    if any(v.kind not in ("list", "dict") or not _well_formed(v) for v in nested):
        return False
    if run.size and nested and run.size != _counted(run):
        return False  # a weight the passes would trust (0: not counted)
    return run.depth == 1 + max((v.depth for v in nested), default=0)


def _counted(run: Run) -> int:
    """The values a Run holds, a dict's keys and nested Runs' values included."""
    if run.depth == 1:
        return len(run.values) or 1
    return sum(_counted(v) if type(v) is Run else 1 for v in run.values) or 1
