"""inline alone, on tiny hand-built graphs: the nodes it names (roots, shared
nodes, builds, big shared constants) and the deep chains it hoists within the
nesting budget. Also: its constant flags match dedup's constant keys.
"""

from __future__ import annotations

import pytest

from pass_helpers import OPTIONS, make_graph
from persist.ir import Atom, Attr, Build, Container, GlobalRef, Graph, Node, Raw, Step
from persist.ir.nodes import construction_children
from persist.lower import lower
from persist.options import Options
from persist.passes.dedup import constant_keys
from persist.passes.inline import constant_ids, inline


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
