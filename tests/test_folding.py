"""Folding unshared lists and dicts into their parent's Run (lower/builtins.py).

Folding is an optimisation only: the text must be byte-identical with and
without it, sharing must survive, and nothing another object refers to may be
folded.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest

import persist
from persist.ir.check import check_graph
from persist.ir.nodes import Run, list_runs, run_atom_types
from persist.lower import builtins as lower_builtins
from persist.lower import lower
from persist.options import Options
from persist.passes.split import weight
from structure import assert_same_structure
from switches import text_with

pytestmark = pytest.mark.skipif(
    not lower_builtins.FOLDING, reason="reference counts of this Python are not exact"
)


def text_of(
    monkeypatch: pytest.MonkeyPatch, fold: bool, scoped: bool, **items: Any
) -> str:
    return text_with(monkeypatch, lower_builtins, "FOLDING", fold, scoped, **items)


def nested(depth: int) -> list[Any]:
    x: list[Any] = [0]
    for _ in range(depth - 1):
        x = [x]
    return x


def random_tree(seed: int, leaves: int) -> Any:
    """Lists and dicts of atoms, some of them shared, a few tuples and sets."""
    rng = random.Random(seed)
    made: list[Any] = []
    items: list[Any] = [
        rng.choice([rng.randrange(-5, 5), rng.random(), "s", None, math.nan, b"b"])
        for _ in range(leaves)
    ]
    while len(items) > 1:
        built = []
        for i in range(0, len(items), 3):
            part = items[i : i + 3]
            if made and rng.random() < 0.1:
                part.append(rng.choice(made))  # an extra reference: shared
            kind = rng.random()
            if kind < 0.45:
                value: Any = list(part)
            elif kind < 0.9:
                value = {f"k{j}": v for j, v in enumerate(part)}
            else:
                value = tuple(part)
            made.append(value)
            built.append(value)
        items = built
    return items[0]


CASES = {
    "triples": [[i, i + 1, i + 2] for i in range(50)],
    "dict_of_lists": {"a": [1, 2], "b": {"c": [3.5, math.inf], "d": []}},
    "deep_60": nested(60),
    "deep_130": nested(130),
    "matrix": np.arange(24.0).reshape(4, 3, 2),
    "tuple_of_lists": ([1], [2, [3]]),
    "set_inside": [[1, 2], {3, 4}],
}


@pytest.mark.parametrize("scoped", [False, True])
@pytest.mark.parametrize("name", sorted(CASES))
def test_folding_leaves_the_text_unchanged(
    monkeypatch: pytest.MonkeyPatch, name: str, scoped: bool
) -> None:
    value = CASES[name]
    folded = text_of(monkeypatch, True, scoped, x=value)
    plain = text_of(monkeypatch, False, scoped, x=value)
    assert folded == plain
    assert_same_structure(persist.loads(folded)["x"], value)


@pytest.mark.parametrize("seed", range(12))
def test_folding_leaves_random_trees_unchanged(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    value = random_tree(seed, 60)
    folded = text_of(monkeypatch, True, False, x=value)
    assert folded == text_of(monkeypatch, False, False, x=value)
    assert_same_structure(persist.loads(folded)["x"], value)


def test_unshared_nesting_is_one_node() -> None:
    graph = lower([("x", [[i, [i]] for i in range(100)])], Options())
    check_graph(graph, reachable=True)
    assert len(graph.nodes) == 1
    root = graph.nodes[0]
    assert type(root) is Run and root.depth == 3


def test_a_list_held_elsewhere_keeps_its_node_and_its_identity() -> None:
    inner = [2, 3]
    outer = [[1, inner], {"k": [inner]}]
    graph = lower([("x", outer)], Options())
    check_graph(graph, reachable=True)
    # ``inner`` is held by the test too, and twice in the graph: never folded
    assert any(type(n) is Run and n.values == (2, 3) for n in graph.nodes)
    loaded = persist.loads(persist.dumps(x=outer))["x"]
    assert loaded[0][1] is loaded[1]["k"][0]


def test_a_list_only_other_objects_share_is_not_folded() -> None:
    def build() -> list[Any]:
        inner = [2, 3]
        return [[inner], [inner]]  # no variable holds inner after return

    value = build()
    graph = lower([("x", value)], Options())
    runs = [n for n in graph.nodes if type(n) is Run]
    assert all(n.depth == 1 for n in runs)
    loaded = persist.loads(persist.dumps(x=value))["x"]
    assert loaded[0][0] is loaded[1][0]


def test_a_self_containing_list_is_not_folded() -> None:
    a: list[Any] = [1]
    a.append(a)
    value = [a]
    del a
    loaded = persist.loads(persist.dumps(x=value))["x"]
    assert loaded[0][1] is loaded[0]


@pytest.mark.parametrize("name", ["_LONE_IN_LIST", "_LONE_IN_DICT", "_LONE_ROW"])
def test_the_import_self_check_turns_folding_off_on_misleading_counts(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    assert lower_builtins._folds_only_the_unshared()
    # an interpreter whose loop holds one reference fewer than measured would
    # fold an item something else holds: the self-check must refuse
    monkeypatch.setattr(lower_builtins, name, getattr(lower_builtins, name) + 1)
    assert not lower_builtins._folds_only_the_unshared()


def test_a_table_with_a_shared_row_keeps_the_row_a_node() -> None:
    shared = [7, 8]
    table = [[i, i + 1] for i in range(20)] + [shared]
    graph = lower([("x", table), ("y", shared)], Options())
    assert any(type(n) is Run and n.values == (7, 8) for n in graph.nodes)
    text = persist.dumps(x=table, y=shared)
    loaded = persist.loads(text)
    assert loaded["x"][-1] is loaded["y"]
    assert_same_structure(loaded["x"], table)


def test_a_folded_run_knows_its_weight() -> None:
    """``Run.size`` saves the passes walking nested Runs: it must be the
    weight they would count (a dict's keys included)."""

    def counted(run: Run) -> int:
        if run.depth == 1:
            return len(run.values) or 1
        return sum(counted(v) if type(v) is Run else 1 for v in run.values) or 1

    checked = 0
    for seed in range(60):
        graph = lower([("x", random_tree(seed, 10 + seed * 3))], Options())
        stack = [n for n in graph.nodes if type(n) is Run]
        while stack:
            run = stack.pop()
            if run.depth > 1:
                assert run.size == counted(run) == weight(run)
                checked += 1
            stack.extend(v for v in run.values if type(v) is Run)
    assert checked > 50


def test_a_runs_atom_types_are_those_of_all_its_atoms() -> None:
    def walked(run: Run) -> set[type]:
        out: set[type] = set()
        for v in run.values:
            out |= walked(v) if type(v) is Run else {type(v)}
        return out

    checked = 0
    for seed in range(40):
        value = [random_tree(seed, 5 + seed), [[1, 2.5], [None, "a"]], [[b"x"]], []]
        for node in lower([("x", value)], Options()).nodes:
            if type(node) is Run:
                assert run_atom_types(node) == walked(node)
                checked += node.depth > 2
    assert checked > 5


def test_list_runs_makes_what_the_constructor_makes() -> None:
    rows = [[1, 2.5, "a"], [], (None,), range(3)]
    made = list_runs(rows)
    names = Run.FIELDS
    assert names == ("kind", "values", "depth", "size")
    for run, row in zip(made, rows, strict=True):
        expected = Run("list", tuple(row))
        assert type(run) is Run
        assert [getattr(run, n) for n in names] == [getattr(expected, n) for n in names]


def deep_tree(seed: int) -> Any:
    """Lists and dicts with branches 1 to 20 levels deep (around
    LITERAL_DEPTH), some items shared, so folds run out of levels at
    different depths and the measured heights decide which are tried again."""
    rng = random.Random(seed)
    made: list[Any] = []

    def branch(levels: int) -> Any:
        value: Any = rng.choice([0, 1.5, "s", None])
        for _ in range(levels):
            items = [value] + [rng.randrange(9) for _ in range(rng.randrange(3))]
            if made and rng.random() < 0.05:
                items.append(rng.choice(made))  # shared: never folded
            value = items if rng.random() < 0.6 else dict(enumerate(items))
            made.append(value)
        return value

    return [branch(rng.randrange(1, 21)) for _ in range(8)]


@pytest.mark.parametrize("seed", range(16))
def test_folding_leaves_deep_random_trees_unchanged(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    value = deep_tree(seed)
    folded = text_of(monkeypatch, True, False, x=value)
    assert folded == text_of(monkeypatch, False, False, x=value)
    assert_same_structure(persist.loads(folded)["x"], value)
    # and the skipped folds are exactly those that would have failed
    monkeypatch.setattr(lower_builtins, "FOLDING", True)
    graph = lower([("x", value)], Options())
    monkeypatch.setattr(lower_builtins, "_measure_heights", lambda obj, heights: None)
    unmeasured = lower([("x", value)], Options())
    assert [type(n) for n in graph.nodes] == [type(n) for n in unmeasured.nodes]
    assert sum(map(_run_size, graph.nodes)) == sum(map(_run_size, unmeasured.nodes))


def _run_size(node: Any) -> int:
    return node.size if type(node) is Run else 0


def test_a_deep_ring_is_measured_and_left_unfolded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a cycle of 20 lists, each held only by the one before: folds run out of
    # levels before they meet the shared one, then the heights walk goes round
    ring: list[Any] = [0]
    current = ring
    for _ in range(19):
        current = [current, 1]
    ring.append(current)
    folded = text_of(monkeypatch, True, False, x=current)
    assert folded == text_of(monkeypatch, False, False, x=current)
    assert_same_structure(persist.loads(folded)["x"], current)


def test_folding_a_deep_chain_takes_steps_linear_in_its_depth(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # without the measured heights, each level's fold walks LITERAL_DEPTH
    # levels below it before running out: 8 steps per level
    calls = 0
    original = lower_builtins._fold_weighed

    def counted(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(*args)

    monkeypatch.setattr(lower_builtins, "_fold_weighed", counted)
    depth = 3_000
    graph = lower([("x", nested(depth))], Options())
    assert calls < 2 * depth
    check_graph(graph, reachable=True)
