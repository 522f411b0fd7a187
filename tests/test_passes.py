"""Each pass alone, on tiny hand-built graphs: ``dump`` before and after against
inline expected text, and ``check_graph`` after every pass.

The graphs are written as persist.ir nodes; ``make_graph`` derives each node's
origin (the referrer and label that first reach it, breadth first) unless the
test gives the origins itself.
"""

from __future__ import annotations

import textwrap

import pytest

from persist.errors import CycleError
from persist.ir import (
    Atom,
    Attr,
    Build,
    Call,
    Container,
    External,
    GlobalRef,
    Graph,
    Node,
    Raw,
    Step,
)
from persist.ir.check import check_graph
from persist.ir.dump import dump
from persist.ir.nodes import children, construction_children
from persist.lower import lower
from persist.options import Options
from persist.passes.cycles import break_cycles, strongly_connected
from persist.passes.dedup import constant_keys, dedup
from persist.passes.inline import constant_ids, inline
from persist.passes.names import allocate_names
from persist.passes.order import Statement, order

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


# -- break_cycles ----------------------------------------------------------------
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


# -- dedup ---------------------------------------------------------------------
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


# -- inline --------------------------------------------------------------------
def test_inline_names_roots_shared_nodes_and_builds() -> None:
    # x = [1]; root a = [x, x, [2], 'shared', 'shared', len, len, cell]; cell a Build
    nodes: list[Node] = [
        Container("list", (1, 1, 3, 5, 5, 6, 6, 7)),  # 0 a
        Container("list", (2,)),  # 1 x: shared
        Atom(1),
        Container("list", (4,)),  # 3: referenced once
        Atom(2),
        Atom("shared"),  # 5: an atom used twice is a value
        GlobalRef("builtins", "len"),  # 6: imports are never named
        Build(8, (Step("append", None, 2),)),  # 7: a Build has statements
        Container("list", ()),
        Atom(3),  # 9: root b, an atom
    ]
    graph = make_graph(nodes, [("a", 0), ("b", 9)])
    assert inline(graph, OPTIONS) == frozenset({0, 1, 7})


def test_inline_names_non_atom_arguments_of_a_legacy_template() -> None:
    nodes: list[Node] = [
        Raw("Thing(a=a, b=b)", (("a", 1), ("b", 2)), (("Thing", 3),)),
        Container("list", ()),
        Atom(5),
        GlobalRef("m", "Thing"),
    ]
    assert inline(make_graph(nodes, [("t", 0)]), OPTIONS) == frozenset({0, 1})


def test_inline_names_a_big_shared_constant_only() -> None:
    big = tuple(range(2, 42))  # 40 atoms: weight > shared_constant_weight (32)
    nodes: list[Node] = [
        Container("list", (1, 1, 42, 42)),
        Container("tuple", big),
        *[Atom(i) for i in range(40)],
        Container("tuple", (2, 3)),
    ]
    graph = make_graph(nodes, [("a", 0)])
    assert inline(graph, OPTIONS) == frozenset({0, 1})


def test_inline_never_names_class_attributes() -> None:
    # [Color.RED, Color.RED]
    nodes: list[Node] = [
        Container("list", (1, 1)),
        Attr(2, "RED"),
        GlobalRef("m", "Color"),
    ]
    assert inline(make_graph(nodes, [("a", 0)]), OPTIONS) == frozenset({0})


def test_inline_hoists_deep_chains_within_the_budget() -> None:
    # [[[[[[[[[[0]]]]]]]]]] with a nesting budget of 3
    nodes: list[Node] = [Container("list", (i + 1,)) for i in range(10)] + [Atom(0)]
    graph = make_graph(nodes, [("a", 0)])
    named = inline(graph, Options(nesting_budget=3))
    assert named == frozenset({0, 2, 5, 8})
    # no inline expression nests deeper than the budget
    for start in named:
        depth, current = 0, start
        while True:
            kids = construction_children(graph.nodes[current])
            if not kids:
                break
            depth += 1
            if kids[0] in named:
                break
            current = kids[0]
        assert depth <= 3


def test_inline_hoists_a_deep_chain_of_100000() -> None:
    size = 100_000
    nodes: list[Node] = [Container("tuple", (i + 1,)) for i in range(size)] + [Atom(0)]
    graph = Graph(
        nodes=tuple(nodes),
        roots=(("a", 0),),
        origin=((-1, "a"),) + tuple((i, "[0]") for i in range(size)),
    )
    named = inline(graph, OPTIONS)
    assert len(named) == pytest.approx(size / OPTIONS.nesting_budget, abs=2)


def test_inline_hoists_inside_a_value_reached_before_its_referrer() -> None:
    # t = ((((((0,),),),),),) is a root and a value (not named), and the root
    # b = [t] refers to it: t is first visited before b, so it is sized when b
    # needs it, and its own deep levels are hoisted there as anywhere else
    depth = 10
    nodes: list[Node] = [Container("tuple", (i + 1,)) for i in range(depth)]
    nodes += [Atom(0), Container("list", (0,))]
    graph = make_graph(nodes, [("t", 0), ("b", depth + 1)])
    named = inline(graph, Options(nesting_budget=3))
    assert 0 not in named  # the value root is written where its name is bound
    assert named == frozenset({depth + 1, 2, 5, 8})  # as for a chain of its own


# -- allocate_names --------------------------------------------------------------
def _names_graph() -> Graph:
    # b = [0, _b_1]; _b_1 = [_b_1_0]; _b_1_0 = []; cfg = {'paths': [_b_1_0]}
    nodes: list[Node] = [
        Container("list", (1, 2)),
        Atom(0),
        Container("list", (3,)),
        Container("list", ()),
        Container("dict", (5, 6)),
        Atom("paths"),
        Container("list", (3,)),
    ]
    origin = [
        (-1, "b"),
        (0, "[0]"),
        (0, "[1]"),
        (2, "[0]"),
        (-1, "cfg"),
        (4, "<key 0>"),
        (4, "['paths']"),
    ]
    return make_graph(nodes, [("b", 0), ("cfg", 4)], origin)


def test_allocate_names_from_paths() -> None:
    graph = _names_graph()
    names = allocate_names(graph, frozenset({0, 2, 3, 4, 6}), OPTIONS)
    assert names.nodes == {0: "b", 4: "cfg", 2: "_b_1", 3: "_b_1_0", 6: "_cfg_paths"}
    assert names.helpers == ("_b_1", "_b_1_0", "_cfg_paths")
    assert names.fill == "_fill"


def test_allocate_names_resolves_collisions_deterministically() -> None:
    # b[1] and b['1'] both want _b_1; a root is already called _b_1_2
    nodes: list[Node] = [
        Container("dict", (1, 2, 3, 4)),
        Atom(1),
        Container("list", ()),
        Atom("1"),
        Container("list", ()),
        Container("list", (2, 4)),
    ]
    origin = [
        (-1, "b"),
        (0, "<key 0>"),
        (0, "[1]"),
        (0, "<key 1>"),
        (0, "['1']"),
        (-1, "_b_1_2"),
    ]
    graph = make_graph(nodes, [("b", 0), ("_b_1_2", 5)], origin)
    first = allocate_names(graph, frozenset({0, 2, 4, 5}), OPTIONS)
    assert first.nodes == {0: "b", 5: "_b_1_2", 2: "_b_1", 4: "_b_1_3"}
    again = allocate_names(graph, frozenset({0, 2, 4, 5}), OPTIONS)
    assert again.nodes == first.nodes and again.helpers == first.helpers


def test_allocate_names_keeps_a_long_path_short() -> None:
    label = "['" + "very_long_key_" * 4 + "']"
    nodes: list[Node] = [
        Container("dict", (1, 2)),
        Atom("k"),
        Container("list", (3,)),
        Container("list", ()),
    ]
    origin = [(-1, "results"), (0, "<key 0>"), (0, label), (2, "[0]")]
    graph = make_graph(nodes, [("results", 0)], origin)
    names = allocate_names(graph, frozenset({0, 2, 3}), OPTIONS)
    assert names.nodes[2] == "_results_very_long_key_very_long"  # root + last word
    assert len(names.nodes[3]) <= 41 and names.nodes[3].startswith("_results_")


def test_allocate_names_imports_builtins_and_array_keys() -> None:
    # b = [array([...]), range(3), _arrays['b_2']], plus a root called `range`
    nodes: list[Node] = [
        Container("list", (1, 4, 7)),
        Call(2, (3,)),
        GlobalRef("numpy", "array"),
        Container("list", ()),
        Call(5, (6,)),
        GlobalRef("builtins", "range"),
        Atom(3),
        External(None),
        GlobalRef("builtins", "len"),
        GlobalRef("os", None),
        Container("list", (8, 9)),
    ]
    graph = make_graph(nodes, [("b", 0), ("range", 10)])
    names = allocate_names(graph, frozenset({0, 10}), OPTIONS)
    assert names.imports == {
        ("builtins", "range"): "_range",
        ("numpy", "array"): "_array",
        ("os", None): "_os",
    }
    assert names.bare_builtins == frozenset({"len"})  # `range` is shadowed by a root
    assert names.arrays == {7: "b_2"}
    assert names.local_imports[("numpy", "array")] == "array"


# -- order ---------------------------------------------------------------------
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


@pytest.mark.parametrize(
    "value",
    [
        (1, (2, 3), ((4,), "a")),
        (1, [2], (3, ([4],))),
        [(1.5, None), ((), ((),)), {"k": (b"x", (1, [2]))}],
        frozenset({(1, 2), (3, (4, 5))}),
    ],
)
def test_inline_constant_flags_match_dedup_keys(value: object) -> None:
    graph = lower([("x", value), ("y", value)], Options())
    flags = constant_ids(graph.nodes)
    assert {i for i, f in enumerate(flags) if f} == set(constant_keys(graph))

