"""Random object graphs of many kinds (tests/random_graphs.py) archive, load
back with the same structure, shared references and cycles, and archive
again to the same bytes, in both styles, with large arrays stored apart.

Written as a fuzzer: it found a dict keyed by an int too long for decimal
text that failed the dump, and a dict holding itself and a dataclass holding
it that was refused as a cycle no program could rebuild."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import persist
from persist.archive import Archive
from persist.compare import differences
from random_graphs import graph, tangled
from structure import assert_same_structure

SEEDS = range(200)  # graphs of each kind (the fuzzer ran thousands)


def _round_trip(items: dict[str, Any], scoped: bool) -> None:
    archive = Archive(scoped=scoped, array_threshold=100)
    archive.insert(**items)
    text = str(archive)
    loaded = persist.loads(text, archive.data)
    assert set(loaded) == set(items)
    names = sorted(items)
    assert_same_structure([items[n] for n in names], [loaded[n] for n in names])
    assert differences(items, loaded) == []  # what persist diff shows: nothing
    again = Archive(scoped=scoped, array_threshold=100)
    again.insert(**{n: loaded[n] for n in names})
    assert str(again) == text


@pytest.mark.parametrize("scoped", [False, True], ids=["flat", "scoped"])
@pytest.mark.parametrize("make", [graph, tangled])
def test_random_graphs_round_trip(
    make: Callable[[int], dict[str, Any]], scoped: bool
) -> None:
    for seed in SEEDS:
        try:
            _round_trip(make(seed), scoped)
        except Exception as exc:
            raise AssertionError(f"{make.__name__}({seed}): {exc!r}") from exc
