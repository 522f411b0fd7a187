"""break_cycles alone, on tiny hand-built graphs: where it cuts a cycle (a list
or dict made first and filled later, a call swapped for its fallback), the
graph it leaves, and the cycles no program can build (``CycleError``).
"""

from __future__ import annotations

import pytest

from pass_helpers import OPTIONS, assert_acyclic, make_graph, run_pass, text
from persist.errors import CycleError
from persist.ir import Atom, Attr, Build, Call, Container, GlobalRef, Node, Step
from persist.ir.dump import dump
from persist.passes.cycles import break_cycles


def test_break_cycles_leaves_an_acyclic_graph_alone() -> None:
    graph = make_graph(
        [Container("list", (1, 1)), Container("tuple", (2,)), Atom(1)], [("a", 0)]
    )
    assert break_cycles(graph, OPTIONS) is graph


def test_break_cycles_self_loop() -> None:
    graph = make_graph([Container("list", (1, 0)), Atom(1)], [("a", 0)])
    assert dump(graph) == text(
        """
        0 list [1, 0]    <- a
        1 atom 1
        """
    )
    after = run_pass(break_cycles, graph)
    assert dump(after) == text(
        """
        0 build base=2 steps=[append 0]    <- a
        1 atom 1
        2 list [1]
        """
    )
    assert after.nodes[1] is graph.nodes[1]  # unchanged nodes are reused
    assert after.origin[2] == (0, "")
    assert_acyclic(after)


def test_break_cycles_mutual_lists() -> None:
    # a = [b]; b = [a]
    graph = make_graph([Container("list", (1,)), Container("list", (0,))], [("a", 0)])
    after = run_pass(break_cycles, graph)
    assert dump(after) == text(
        """
        0 build base=2 steps=[append 1]    <- a
        1 list [0]
        2 list []
        """
    )
    assert_acyclic(after)


def test_break_cycles_keeps_dict_order_around_the_cut() -> None:
    # d = {'a': 1, 'self': d, 'b': 2}  ->  d = {'a': 1}; d.update({'self': d, 'b': 2})
    nodes: list[Node] = [
        Container("dict", (1, 2, 3, 0, 4, 5)),
        Atom("a"),
        Atom(1),
        Atom("self"),
        Atom("b"),
        Atom(2),
    ]
    after = run_pass(break_cycles, make_graph(nodes, [("d", 0)]))
    assert dump(after) == text(
        """
        0 build base=6 steps=[update 7]    <- d
        1 atom 'a'
        2 atom 1
        3 atom 'self'
        4 atom 'b'
        5 atom 2
        6 dict [1, 2]
        7 dict [3, 0, 4, 5]
        """
    )


def test_break_cycles_uses_setitem_for_a_last_pair_and_extend_for_a_tail() -> None:
    # d = {'self': d}; x = [x, 1]
    nodes: list[Node] = [
        Container("dict", (2, 0)),
        Container("list", (1, 3)),
        Atom("self"),
        Atom(1),
    ]
    after = run_pass(break_cycles, make_graph(nodes, [("d", 0), ("x", 1)]))
    assert dump(after) == text(
        """
        0 build base=4 steps=[setitem 2 0]    <- d
        1 build base=5 steps=[extend 6]    <- x
        2 atom 'self'
        3 atom 1
        4 dict []
        5 list []
        6 list [1, 3]
        """
    )


def test_break_cycles_cuts_at_the_list_of_a_list_tuple_cycle() -> None:
    # t = (l,); l = [t]: only the list can be built first and filled later
    nodes: list[Node] = [Container("tuple", (1,)), Container("list", (0,))]
    after = run_pass(break_cycles, make_graph(nodes, [("t", 0)]))
    assert dump(after) == text(
        """
        0 tuple [1]    <- t
        1 build base=2 steps=[append 0]
        2 list []
        """
    )


def test_break_cycles_splits_once_where_two_edges_close_one_cycle() -> None:
    # d = {None: t5}; t0 = (d,); t5 = (t0, t0, None): both edges from t5 back
    # to t0 close the cycle, and both are cut at the one dict on it (found by
    # hypothesis: the dict was split twice, and the second split failed)
    nodes: list[Node] = [
        Container("tuple", (1,)),
        Container("dict", (2, 3)),
        Atom(None),
        Container("tuple", (0, 0, 2)),
    ]
    after = run_pass(break_cycles, make_graph(nodes, [("t0", 0)]))
    assert_acyclic(after)
    assert dump(after) == text(
        """
        0 tuple [1]    <- t0
        1 build base=4 steps=[setitem 2 3]
        2 atom None
        3 tuple [0, 0, 2]
        4 dict []
        """
    )


def test_break_cycles_swaps_in_the_fallback_of_a_call() -> None:
    # r = Record(y=[r]), with the fallback r = Record.__new__(Record); r.y = [r]
    nodes: list[Node] = [
        Call(1, (), (("y", 2),), fallback=3),
        GlobalRef("m", "Record"),
        Container("list", (0,)),
        Build(4, (Step("setattr", "y", 2),)),
        Call(5, (1,)),
        Attr(1, "__new__"),
    ]
    graph = make_graph(nodes, [("r", 0)])
    after = run_pass(break_cycles, graph)
    assert dump(after).splitlines()[0] == "0 build base=4 steps=[setattr 'y' 2]    <- r"
    assert after.nodes[2] is graph.nodes[2]  # the list is not split
    assert_acyclic(after)


def test_break_cycles_never_splits_an_argument_a_call_may_copy() -> None:
    # t = (d,); d = OrderedDict([('me', t)]): splitting the list would fill a copy
    nodes: list[Node] = [
        Container("tuple", (1,)),
        Call(2, (3,), fallback=6),
        GlobalRef("collections", "OrderedDict"),
        Container("list", (4,)),
        Container("tuple", (5, 0)),
        Atom("me"),
        Build(7, (Step("setitem", 5, 0),)),
        Call(2, ()),
    ]
    graph = make_graph(nodes, [("t", 0)])
    after = run_pass(break_cycles, graph)
    assert dump(after) == text(
        """
        0 tuple [1]    <- t
        1 build base=7 steps=[setitem 5 0]
        2 global collections:OrderedDict
        3 list [4]
        4 tuple [5, 0]
        5 atom 'me'
        6 build base=7 steps=[setitem 5 0]
        7 call 2([])
        """
    )
    assert after.nodes[3] is graph.nodes[3]
    assert_acyclic(after)


def test_break_cycles_refuses_an_immutable_only_cycle() -> None:
    # a tuple cycle: no program can build it
    nodes: list[Node] = [
        Container("list", (1,)),
        Container("tuple", (2,)),
        Container("tuple", (1,)),
    ]
    graph = make_graph(nodes, [("x", 0)])
    with pytest.raises(CycleError, match=r"through x\[0\] \(2 objects\)"):
        break_cycles(graph, OPTIONS)


def test_break_cycles_refuses_a_cycle_through_constructor_arguments() -> None:
    # f = func(func_arg) where the argument tuple holds f
    nodes: list[Node] = [Call(1, (2,)), GlobalRef("m", "f"), Container("tuple", (0,))]
    with pytest.raises(CycleError):
        break_cycles(make_graph(nodes, [("f", 0)]), OPTIONS)


def test_break_cycles_two_cycles_sharing_a_node() -> None:
    # a = [a, b]; b = [a, b]
    nodes: list[Node] = [Container("list", (0, 1)), Container("list", (0, 1))]
    after = run_pass(break_cycles, make_graph(nodes, [("a", 0)]))
    assert_acyclic(after)
    assert dump(after) == text(
        """
        0 build base=2 steps=[extend 3]    <- a
        1 build base=4 steps=[append 1]
        2 list []
        3 list [0, 1]
        4 list [0]
        """
    )
