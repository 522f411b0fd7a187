"""allocate_names alone, on tiny hand-built graphs: names from the nodes'
paths, collisions resolved deterministically, long paths kept short, and the
names of imports, builtins and array keys.
"""

from __future__ import annotations

from pass_helpers import OPTIONS, make_graph
from persist.ir import Atom, Call, Container, External, GlobalRef, Graph, Node
from persist.passes.names import allocate_names


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
