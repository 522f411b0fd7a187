"""order alone, on tiny hand-built graphs: the statements that define, fill
and alias the named nodes, dependencies first, and a fill as soon as what it
needs exists.
"""

from __future__ import annotations

from pass_helpers import OPTIONS, make_graph
from persist.ir import Atom, Build, Container, Graph, Node, Step
from persist.passes.inline import inline
from persist.passes.order import Statement, order


def _order_graph() -> Graph:
    # a = []; _a_1 = [a, 1]; a.append(_a_1); d = [1]; c = [_a_1, _a_1]
    nodes: list[Node] = [
        Build(1, (Step("append", None, 2),)),
        Container("list", ()),
        Container("list", (0, 3)),
        Atom(1),
        Container("list", (2, 2)),
        Container("list", (3,)),
    ]
    return make_graph(nodes, [("a", 0), ("d", 5), ("c", 4)])


def test_order_puts_a_fill_right_after_its_dependencies() -> None:
    graph = _order_graph()
    named = inline(graph, OPTIONS)
    assert named == frozenset({0, 2, 4, 5})
    statements = order(graph, named, {0: "a", 5: "d", 4: "c"}, OPTIONS)
    assert statements == [
        Statement("def", 0),  # a = []
        Statement("def", 2, deps=(0,)),  # _a_1 = [a, 1]
        Statement("fill", 0, deps=(2,)),  # a.append(_a_1): as soon as _a_1 exists
        Statement("def", 5),  # d = [1]
        Statement("def", 4, deps=(2,)),  # c = [_a_1, _a_1]
    ]


def test_order_fills_a_self_loop_immediately_and_aliases_roots() -> None:
    # x = [1]; x.append(x); y is x; z = 5
    nodes: list[Node] = [
        Build(1, (Step("append", None, 0),)),
        Container("list", (2,)),
        Atom(1),
        Atom(5),
    ]
    graph = make_graph(nodes, [("x", 0), ("y", 0), ("z", 3)])
    named = inline(graph, OPTIONS)
    statements = order(graph, named, {0: "x"}, OPTIONS)
    assert statements == [
        Statement("def", 0),
        Statement("fill", 0),
        Statement("root", 0, "y"),
        Statement("root", 3, "z"),
    ]


def test_order_defines_dependencies_depth_first_in_root_order() -> None:
    # b = [x, y]; a = [y]; x, y shared lists
    nodes: list[Node] = [
        Container("list", (2, 3)),  # b
        Container("list", (3,)),  # a
        Container("list", ()),  # x
        Container("list", ()),  # y
        Container("list", (2, 2)),  # keeps x shared
    ]
    graph = make_graph(nodes, [("b", 0), ("a", 1), ("z", 4)])
    named = inline(graph, OPTIONS)
    assert named == frozenset({0, 1, 2, 3, 4})
    statements = order(graph, named, {0: "b", 1: "a", 4: "z"}, OPTIONS)
    assert [s.node for s in statements] == [2, 3, 0, 1, 4]
