"""The benchmark workloads, each a deterministic function of its size ``n``.

    >>> from bench.workloads import build
    >>> build("W2", 3)
    [[0, 1, 2], [1, 2, 3], [2, 3, 4]]

W1  a dict/list tree with ``n`` leaves (ints, floats, strings); about 10% of the
    references to containers are extra references to containers built earlier.
    The extra references only point *down* the tree (to a finished subtree),
    so the graph is a DAG: shared, never cyclic. pickle, jsonpickle and both
    persist versions all handle sharing; cycles would compare jsonpickle's
    ``py/id`` fix-ups and persist's construct-then-fill rather than the common
    path, so they are left out on purpose.
W2  ``[[i, i + 1, i + 2] for i in range(n)]``
W3  a dict of ``n`` float64 numpy arrays of 10 elements each
W4  one float64 array of ``n`` elements (stored outside the text)
W5  a list of ``n`` instances of ``Point``, a plain module-level class
W5D the same with ``Sample``, a dataclass (no goal: the common modern class)
W6  lists nested ``n`` deep: ``[[[...[0]...]]]``
F   one flat list of ``n`` floats (the naive-emitter comparison)

This module imports only the standard library and numpy: it also runs inside
the old system's virtualenv (persist 3.2.1), so it must not import persist.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from typing import Any

import numpy as np

SEED = 20240601
EXTRA_REFERENCES = 0.10  # share of container references that are extra ones


class Point:
    """A plain class: no __slots__, no __reduce__, no __eq__."""

    def __init__(self, x: float, y: float, label: str) -> None:
        self.x = x
        self.y = y
        self.label = label


def _leaf(rng: random.Random) -> Any:
    kind = rng.randrange(3)
    if kind == 0:
        return rng.randrange(-(10**9), 10**9)
    if kind == 1:
        return rng.uniform(-1000.0, 1000.0)
    size = rng.randrange(3, 13)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(size))


def _container(rng: random.Random, children: list[Any]) -> Any:
    if rng.random() < 0.5:
        return list(children)
    return {f"k{i}": child for i, child in enumerate(children)}


def tree(n: int) -> Any:
    """W1: build level by level, bottom up, so no recursion at any size."""
    rng = random.Random(SEED)
    items: list[Any] = [_leaf(rng) for _ in range(n)]
    levels: list[list[Any]] = []  # the containers of each level, bottom first
    while len(items) > 1 or not levels:
        built: list[Any] = []
        i = 0
        while i < len(items):
            width = rng.randrange(2, 9)
            built.append(_container(rng, items[i : i + width]))
            i += width
        levels.append(built)
        items = built
    # extra references: from a container on level >= 1 to a container on a
    # lower level (finished before it, so it cannot reach back: no cycles)
    count = sum(len(level) for level in levels)
    extra = round(count * EXTRA_REFERENCES / (1 - EXTRA_REFERENCES))
    upper = [(lv, c) for lv in range(1, len(levels)) for c in levels[lv]]
    for j in range(extra if upper else 0):
        lv, parent = upper[rng.randrange(len(upper))]
        lower = levels[rng.randrange(lv)]
        target = lower[rng.randrange(len(lower))]
        if isinstance(parent, list):
            parent.append(target)
        else:
            parent[f"x{j}"] = target
    return items[0]


def triples(n: int) -> list[list[int]]:
    """W2."""
    return [[i, i + 1, i + 2] for i in range(n)]


def small_arrays(n: int) -> dict[str, np.ndarray]:
    """W3."""
    rng = np.random.default_rng(SEED)
    return {f"a{i}": rng.standard_normal(10) for i in range(n)}


def big_array(n: int) -> np.ndarray:
    """W4."""
    return np.random.default_rng(SEED).standard_normal(n)


def points(n: int) -> list[Point]:
    """W5."""
    rng = random.Random(SEED)
    return [Point(rng.uniform(-1, 1), rng.uniform(-1, 1), f"p{i}") for i in range(n)]


@dataclasses.dataclass
class Sample:
    """W5D's class: ``Point`` as a dataclass (written ``Sample(x=..., ...)``)."""

    x: float
    y: float
    label: str


def samples(n: int) -> list[Sample]:
    """W5D: W5's values in dataclass instances."""
    rng = random.Random(SEED)
    return [Sample(rng.uniform(-1, 1), rng.uniform(-1, 1), f"p{i}") for i in range(n)]


def nested(n: int) -> list[Any]:
    """W6."""
    x: list[Any] = [0]
    for _ in range(n - 1):
        x = [x]
    return x


def floats(n: int) -> list[float]:
    """F: a flat list of floats of both signs (negative ones are unary minus)."""
    return np.random.default_rng(SEED).standard_normal(n).tolist()


WORKLOADS: dict[str, Callable[[int], Any]] = {
    "W1": tree,
    "W2": triples,
    "W3": small_arrays,
    "W4": big_array,
    "W5": points,
    "W5D": samples,
    "W6": nested,
    "F": floats,
}

DESCRIPTIONS = {
    "W1": "dict/list tree, n leaves, ~10% shared container refs (DAG)",
    "W2": "[[i, i+1, i+2] for i in range(n)]",
    "W3": "dict of n float64 arrays of 10 elements",
    "W4": "one float64 array of n elements, stored externally",
    "W5": "list of n plain class instances",
    "W5D": "list of n dataclass instances (no goal)",
    "W6": "lists nested n deep",
    "F": "one list of n floats, inline",
}


def build(workload: str, n: int) -> Any:
    return WORKLOADS[workload](n)
