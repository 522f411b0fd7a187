"""Helpers for the tests of each pass alone (``test_passes_*``), on tiny
hand-built graphs: ``dump`` before and after against inline expected text, and
``check_graph`` after every pass.

The graphs are written as persist.ir nodes; ``make_graph`` derives each node's
origin (the referrer and label that first reach it, breadth first) unless the
test gives the origins itself. ``run_pass`` runs a Graph -> Graph pass, checks
that it left its input as it was, and checks its result.
"""

from __future__ import annotations

import textwrap

from persist.ir import Graph, Node
from persist.ir.check import check_graph
from persist.ir.dump import dump
from persist.ir.nodes import children, construction_children
from persist.options import Options
from persist.passes.cycles import strongly_connected

OPTIONS = Options()


def make_graph(
    nodes: list[Node],
    roots: list[tuple[str, int]],
    origin: list[tuple[int, str]] | None = None,
) -> Graph:
    if origin is None:
        found: list[tuple[int, str] | None] = [None] * len(nodes)
        queue = []
        for name, node_id in roots:
            if found[node_id] is None:
                found[node_id] = (-1, name)
                queue.append(node_id)
        while queue:
            current = queue.pop(0)
            for position, kid in enumerate(children(nodes[current])):
                if found[kid] is None:
                    found[kid] = (current, f"[{position}]")
                    queue.append(kid)
        origin = [o if o is not None else (-1, "?") for o in found]
    graph = Graph(nodes=tuple(nodes), roots=tuple(roots), origin=tuple(origin))
    check_graph(graph, reachable=True)
    return graph


def text(block: str) -> str:
    return textwrap.dedent(block).strip("\n")


def run_pass(pass_: object, graph: Graph) -> Graph:
    """Run a Graph -> Graph pass; the input must be left as it was."""
    before = dump(graph)
    nodes_before = graph.nodes
    after = pass_(graph, OPTIONS)  # type: ignore[operator]
    assert dump(graph) == before and graph.nodes is nodes_before
    check_graph(after)
    return after


def assert_acyclic(graph: Graph) -> None:
    for component in strongly_connected(list(graph.nodes)):
        assert len(component) == 1
        assert component[0] not in construction_children(graph.nodes[component[0]])
