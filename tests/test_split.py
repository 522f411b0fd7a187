"""Big values as several bounded statements (passes/split.py, the inline
pass's weight rule, and folding's cap), so loads compile in pieces."""

from __future__ import annotations

import ast
import random
from fractions import Fraction
from typing import Any

import pytest

import persist
from persist.ir.check import check_graph
from persist.ir.nodes import Build, Run
from persist.lower import lower
from persist.options import Options
from persist.passes.split import split_large, weight
from persist.pipeline import compile_archive
from structure import assert_same_structure


def text_of(limit: int, scoped: bool = False, **items: Any) -> str:
    options = Options(statement_weight=limit, scoped=scoped)
    return compile_archive(list(items.items()), options).text


def statement_weights(text: str) -> list[int]:
    """Values (constants and names) per top-level statement."""
    tree = ast.parse(text)
    return [
        sum(isinstance(n, (ast.Constant, ast.Name)) for n in ast.walk(s))
        for s in tree.body
    ]


def tree(seed: int, leaves: int) -> Any:
    rng = random.Random(seed)
    items: list[Any] = [rng.random() for _ in range(leaves)]
    while len(items) > 1:
        items = [
            list(items[i : i + 4])
            if rng.random() < 0.5
            else dict((f"k{j}", v) for j, v in enumerate(items[i : i + 4]))
            for i in range(0, len(items), 4)
        ]
    return items[0]


@pytest.mark.parametrize(
    "value",
    [
        [[i, i + 1] for i in range(1000)],
        [float(i) for i in range(1000)],
        {f"k{i}": [i] for i in range(1000)},
        set(range(1000)),
    ],
    ids=["rows", "floats", "dict", "set"],
)
@pytest.mark.parametrize("scoped", [False, True])
def test_a_long_literal_is_several_statements(value: Any, scoped: bool) -> None:
    text = text_of(100, scoped, x=value)
    method = "update" if isinstance(value, (dict, set)) else "extend"
    assert text.count(f"x.{method}(") >= 5
    assert max(statement_weights(text)) < 400
    assert_same_structure(persist.loads(text)["x"], value)


def test_split_keeps_order_and_pairs() -> None:
    value = {f"k{i}": i for i in range(999)}
    graph = split_large(lower([("x", value)], Options()), Options(statement_weight=50))
    root = graph.nodes[graph.roots[0][1]]
    assert type(root) is Build and all(s.kind == "update" for s in root.steps)
    parts = [graph.nodes[root.base]] + [graph.nodes[s.value] for s in root.steps]
    assert all(type(p) is Run and len(p.values) % 2 == 0 for p in parts)
    joined = [v for p in parts for v in p.values]  # type: ignore[union-attr]
    assert joined == [x for pair in value.items() for x in pair]


@pytest.mark.parametrize(
    "value",
    [[[i, [i, i]] for i in range(500)], {f"k{i}": {"a": [i, i]} for i in range(500)}],
    ids=["list", "dict"],
)
def test_split_parts_of_a_folded_run_know_their_weight(value: Any) -> None:
    graph = lower([("x", value)], Options())
    assert len(graph.nodes) == 1  # folded: one Run of depth 3
    graph = split_large(graph, Options(statement_weight=50))
    parts = [n for n in graph.nodes if type(n) is Run]
    assert len(parts) > 10
    check_graph(graph)  # among other things: each part's size is its weight
    assert all(p.size == weight(p) > 1 for p in parts)
    whole = lower([("x", value)], Options()).nodes[0]
    assert sum(p.size for p in parts) == weight(whole)


def test_a_shared_list_of_objects_is_not_split() -> None:
    # items that are not values would make the steps wait for their names;
    # a list other nodes refer to must be complete wherever it is used
    things = [Fraction(i, 7) for i in range(300)]  # calls, not values
    value = {"a": things, "b": things}
    text = text_of(50, x=value)
    assert ".extend(" not in text
    assert_same_structure(persist.loads(text)["x"], value)


class Wrapper:
    """Rebuilt as ``Wrapper(items)``, or ``Wrapper(items=items)`` by its
    ``__persist__`` hook: a call with the list as an argument."""

    def __init__(self, items: list[Any], keyword: bool = False) -> None:
        self.items = items
        self.keyword = keyword

    def __persist__(self) -> tuple[Any, ...]:
        if self.keyword:
            return (Wrapper, (), {"items": self.items, "keyword": True})
        return (Wrapper, (self.items,), {})


@pytest.mark.parametrize("through", ["keyword", "argument"])
def test_a_root_list_a_call_refers_to_is_not_split(through: str) -> None:
    # the root x is referred to by a call only, Wrapper(x) or Wrapper(items=x)
    things = [Fraction(i, 7) for i in range(300)]
    other = Wrapper(things, keyword=through == "keyword")
    text = text_of(50, x=things, y=other)
    assert ".extend(" not in text
    loaded = persist.loads(text)
    assert_same_structure(loaded["x"], things)
    assert loaded["y"].items is loaded["x"]


def test_a_big_tree_gets_named_parts_of_bounded_weight() -> None:
    value = tree(3, 4000)
    text = text_of(200, x=value)
    weights = statement_weights(text)
    assert len(weights) > 20
    # a statement holds its own values plus at most one name per part
    assert max(weights[:-2]) < 2 * 200
    assert_same_structure(persist.loads(text)["x"], value)
    assert text_of(10**6, x=value).count("\n_x") == 0  # no names when it fits


def test_folding_leaves_an_item_heavier_than_a_statement_as_a_node() -> None:
    big = [float(i) for i in range(300)]
    value = [[1, 2], big]
    del big
    graph = lower([("x", value)], Options(statement_weight=100))
    assert len(graph.nodes) > 1  # the 300 floats are a node of their own
    graph = lower([("x", value)], Options())
    assert len(graph.nodes) == 1


def test_small_archives_are_unchanged_by_the_limits() -> None:
    value = tree(5, 300)
    assert text_of(20_000, x=value) == persist.dumps(x=value)


@pytest.mark.parametrize("scoped", [False, True])
def test_split_archives_pass_the_safe_loader(scoped: bool) -> None:
    rows = [[i, i + 1] for i in range(600)]
    mapping = {f"k{i}": i for i in range(600)}
    numbers = set(range(600))
    value = tree(9, 3000)
    text = text_of(
        100, scoped, rows=rows, mapping=mapping, numbers=numbers, value=value
    )
    assert ".extend(" in text and ".update(" in text and "\n_value" in text
    loaded = persist.loads(text, safe=True)
    expected = {"rows": rows, "mapping": mapping, "numbers": numbers, "value": value}
    assert loaded == expected


def test_full_parts_are_written_in_place_not_named() -> None:
    text = text_of(10, x=list(range(25)))
    assert text.startswith(
        "x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n"
        "x.extend([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])\n"
        "x.extend([20, 21, 22, 23, 24])\n"
    )
    nested = text_of(10, x={"a": list(range(25)), "b": 1})
    assert nested.startswith("_x_a = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n_x_a.extend(")
    assert "x = {'a': _x_a, 'b': 1}\n" in nested
