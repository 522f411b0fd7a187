"""Nesting depth 100,000 (lists, dicts, tuples, frozensets; a deep cycle with
sharing) with the default recursion limit, and a stable order for sets of deep
values.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from persist.archive import Archive
from structure import assert_same_structure
from type_cases import STYLES, archive_text, round_trip, run

DEPTH = 100_000


def _chain(kind: str) -> Any:
    x: Any = 0
    for _ in range(DEPTH):
        x = [x] if kind == "list" else {"k": x} if kind == "dict" else (x,)
    return x


def _walk(kind: str, x: Any) -> None:
    for _ in range(DEPTH):
        if kind == "list":
            assert type(x) is list and len(x) == 1
            x = x[0]
        elif kind == "dict":
            assert type(x) is dict and list(x) == ["k"]
            x = x["k"]
        else:
            assert type(x) is tuple and len(x) == 1
            x = x[0]
    assert type(x) is int and x == 0


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize("kind", ["list", "dict", "tuple"])
def test_nesting_depth_100000(kind: str, scoped: bool) -> None:
    assert (
        sys.getrecursionlimit() <= 1000
    )  # the default limit: nothing may recurse per level
    obj = _chain(kind)
    archive = Archive(scoped=scoped)
    archive.insert(x=obj)
    text = str(archive)
    namespace: dict[str, Any] = {}
    exec(text, namespace)
    _walk(kind, namespace["x"])


def test_deep_cycle_and_sharing_at_depth() -> None:
    root: list[Any] = []
    x = root
    for _ in range(DEPTH // 10):
        x.append([])
        x = x[0]
    x.extend([root, x])  # back to the top, and to itself
    loaded, _ = round_trip(root, False)
    assert_same_structure(root, loaded)


def _depth(value: Any) -> int:
    """How many one-element frozensets or tuples are nested in ``value``."""
    depth = 0
    while isinstance(value, (frozenset, tuple)) and len(value) == 1:
        (value,) = value
        depth += 1
    return depth


def test_deep_frozenset_chain() -> None:
    x: Any = frozenset()
    for _ in range(DEPTH):
        x = frozenset({x})
    text, arrays = archive_text(x, False)
    assert _depth(run(text, arrays)["x"]) == DEPTH


def test_set_holding_a_deep_tuple() -> None:
    text, arrays = archive_text({_chain("tuple")}, False)
    (loaded,) = run(text, arrays)["x"]
    assert _depth(loaded) == DEPTH


def test_sets_of_deep_values_have_a_stable_order() -> None:
    first, second = _chain("tuple"), (_chain("tuple"), 1)
    text = archive_text({first, second, 5}, False)
    assert text == archive_text({5, second, first}, False)
