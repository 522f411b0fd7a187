"""dedup alone, on tiny hand-built graphs: equal constants are merged (tuples,
and atoms only where their sharing shows), roots are remapped, and atoms Python
would confuse and tuples holding mutable objects are kept apart.
"""

from __future__ import annotations

from pass_helpers import OPTIONS, make_graph, run_pass, text
from persist.ir import Atom, Container, Node
from persist.ir.dump import dump
from persist.passes.dedup import dedup


def test_dedup_merges_equal_constant_tuples_but_not_lists() -> None:
    # [(1, 2), (1, 2), [], []]
    nodes: list[Node] = [
        Container("list", (1, 4, 6, 7)),
        Container("tuple", (2, 3)),
        Atom(1),
        Atom(2),
        Container("tuple", (5, 3)),
        Atom(1),
        Container("list", ()),
        Container("list", ()),
    ]
    after = run_pass(dedup, make_graph(nodes, [("a", 0)]))
    assert dump(after) == text(
        """
        0 list [1, 1, 6, 7]    <- a
        1 tuple [2, 3]
        2 atom 1
        3 atom 2
        4 tuple [2, 3]
        5 atom 1
        6 list []
        7 list []
        """
    )


def test_dedup_keeps_atoms_apart_that_python_would_confuse() -> None:
    values = [
        1,
        1.0,
        True,
        0.0,
        -0.0,
        float("nan"),
        float("nan"),
        "1",
        b"1",
        1j,
        complex(1, -0.0),
    ]
    # each value in a tuple of its own: (1,), (1.0,), (True,), ...
    size = len(values)
    nodes: list[Node] = [Container("list", tuple(range(1, size + 1)))]
    nodes += [Container("tuple", (size + 1 + i,)) for i in range(size)]
    nodes += [Atom(v) for v in values]
    after = run_pass(dedup, make_graph(nodes, [("a", 0)]))
    # only the tuples of the two nans (interchangeable) are merged
    assert after.nodes[0].items == (1, 2, 3, 4, 5, 6, 6, 8, 9, 10, 11)  # type: ignore[union-attr]


def test_dedup_merges_only_the_atoms_whose_sharing_shows() -> None:
    # [s, s2, 1.5, 1.5] with s and s2 equal long strings (shared: named once)
    # and two equal floats (written inline wherever they are used)
    long = "x" * (64 * OPTIONS.shared_constant_weight)
    nodes: list[Node] = [
        Container("list", (1, 2, 3, 4)),
        Atom(long),
        Atom("x" * len(long)),
        Atom(1.5),
        Atom(1.5),
    ]
    after = run_pass(dedup, make_graph(nodes, [("a", 0)]))
    assert after.nodes[0].items == (1, 1, 3, 4)  # type: ignore[union-attr]
    shorter = nodes[:1] + [Atom(long[1:]), Atom(long[1:])] + nodes[3:]
    graph = make_graph(shorter, [("a", 0)])
    assert dedup(graph, OPTIONS) is graph  # a weight of 32: inline when shared


def test_dedup_merges_nested_tuples_and_remaps_roots() -> None:
    # a = ((1,),); b = ((1,),) another object; c = [a, b]
    nodes: list[Node] = [
        Container("tuple", (1,)),
        Container("tuple", (2,)),
        Atom(1),
        Container("tuple", (4,)),
        Container("tuple", (5,)),
        Atom(1),
        Container("list", (0, 3)),
    ]
    after = run_pass(dedup, make_graph(nodes, [("a", 0), ("b", 3), ("c", 6)]))
    assert after.roots == (("a", 0), ("b", 0), ("c", 6))
    assert dump(after) == text(
        """
        0 tuple [1]    <- a, b
        1 tuple [2]
        2 atom 1
        3 tuple [1]
        4 tuple [2]
        5 atom 1
        6 list [0, 0]    <- c
        """
    )


def test_dedup_does_not_merge_tuples_holding_mutable_objects() -> None:
    # [(l,), (l,)] with one list l: the tuples are not constants
    nodes: list[Node] = [
        Container("list", (1, 2)),
        Container("tuple", (3,)),
        Container("tuple", (3,)),
        Container("list", ()),
    ]
    graph = make_graph(nodes, [("a", 0)])
    assert dedup(graph, OPTIONS) is graph
