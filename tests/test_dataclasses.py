"""Dataclass instances (lower/protocol.py, lower/core.py, passes/cycles.py):
written as calls of their class, ``Pair(a=0.5, b=[])``, with a fallback
(made empty, then given its attributes) that break_cycles swaps in to cut a
cycle, made only where a cycle can close."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import persist
from pass_helpers import assert_acyclic, run_pass
from persist.ir.check import check_graph
from persist.ir.nodes import Build, Call
from persist.lower import lower
from persist.options import Options
from persist.passes.cycles import _has_back_edge, break_cycles

OPTIONS = Options()


@dataclasses.dataclass
class Pair:
    a: float
    b: list[Any]


def test_break_cycles_skips_fallback_builds_when_looking_for_a_cycle() -> None:
    # lowering adds a dataclass call's fallback Build after the base it builds
    # on: that edge points back, but the Build is only a fallback, on no cycle
    # (a shared list of objects: a cycle could close there, so lowering made
    # the fallbacks)
    shared: list[Any] = [Pair(0.0, [])]
    graph = lower([("x", [Pair(0.5, shared), Pair(1.5, shared)])], OPTIONS)
    assert any(type(n) is Call and n.fallback >= 0 for n in graph.nodes)
    assert not _has_back_edge(graph.nodes)
    assert break_cycles(graph, OPTIONS) is graph


def test_lowering_makes_no_fallbacks_where_no_cycle_can_close() -> None:
    # dataclass instances that share only their class and atoms
    graph = lower([("x", [Pair(0.5, [1]), Pair(1.5, [2])])], OPTIONS)
    calls = [n for n in graph.nodes if type(n) is Call]
    assert calls and all(n.fallback < 0 for n in calls)
    assert not any(type(n) is Build for n in graph.nodes)
    check_graph(graph, reachable=True)


def _self_pair() -> Any:
    p = Pair(0.5, [])
    p.b = p  # type: ignore[assignment]
    return p


def _two_pairs() -> Any:
    a, b = Pair(0.5, []), Pair(1.5, [])
    a.b, b.b = b, a  # type: ignore[assignment]
    return [a, b]


@pytest.mark.parametrize("make", [_self_pair, _two_pairs])
def test_lowering_makes_fallbacks_where_a_cycle_closes(make: Any) -> None:
    # a dataclass referring to itself (reached again while still queued) or
    # to another that refers back: the calls get the fallbacks that cut them
    graph = lower([("x", make())], OPTIONS)
    assert any(type(n) is Call and n.fallback >= 0 for n in graph.nodes)
    check_graph(graph, reachable=True)
    assert_acyclic(run_pass(break_cycles, graph))


def test_dataclass_calls_are_decided_per_class_and_checked_per_instance() -> None:
    # the class's fields are found once; an instance with an attribute beyond
    # them is not a call of its class but its class's __new__ and attributes
    plain, extended = Pair(0.5, []), Pair(1.5, [])
    extended.extra = 1  # type: ignore[attr-defined]
    archive = persist.Archive()
    archive.insert(x=[plain, extended])
    text = str(archive)
    assert "_Pair(a=0.5, b=[])" in text
    assert ".extra = 1" in text
    loaded = persist.loads(text)["x"]
    assert vars(loaded[0]) == vars(plain) and vars(loaded[1]) == vars(extended)
