"""dedup: merge equal constants into one node.

Constants are atoms, tuples of atoms (Runs) and tuples of constants: Python
itself merges equal constants of one code object, so their identity is never
observable after a load. Merging them here makes the output independent of how
the input happened to share them, which is what makes archive -> load ->
archive byte-identical.

    [(1, 2), (1, 2)]   ->   list [t, t] with one node t = (1, 2)

Mutable or identity-bearing objects (lists, frozensets built by calls, class
instances) are never merged.
"""

from __future__ import annotations

import math
from typing import Any

from persist.ir.graph import Graph
from persist.ir.nodes import (
    LEAVES,
    Atom,
    Container,
    NodeId,
    Run,
    map_children,
)
from persist.options import Options


def atom_key(value: Any) -> tuple[Any, ...]:
    """Equal keys exactly when two atoms are interchangeable (1, 1.0 and True are
    not; -0.0 and 0.0 are not; nor are a nan and a nan of the other sign)."""
    tp = type(value)
    if tp is float:
        # equal floats are the same value, but for 0.0 == -0.0 and nan != nan
        # (a nan's sign is written: -float('nan'))
        if value and value == value:
            return (tp, value)
        return (tp, repr(value), math.copysign(1.0, value))
    if tp is complex:
        return (tp, repr(value), _signs(value))
    return (tp, value)


def _signs(value: complex) -> tuple[float, float]:
    return math.copysign(1.0, value.real), math.copysign(1.0, value.imag)


def constant_keys(graph: Graph, heavier: int | None = None) -> dict[NodeId, Any]:
    """For every constant node, a hashable key equal for equal constants.

    With ``heavier``, an atom that weighs no more (all but long strings and
    bytes: ``inline`` weighs an atom 1 + len // 64) is keyed only when it is
    a root or in a tuple: merging it would change no output, since a small
    constant is written inline however often it is used."""
    nodes = graph.nodes
    keys: dict[NodeId, Any] = {}
    roots = {i for _, i in graph.roots}
    for i, node in enumerate(nodes):
        kind = type(node)
        if kind is Atom:
            value = node.value  # type: ignore[union-attr]
            if (
                heavier is None
                or (type(value) is str or type(value) is bytes)
                and len(value) // 64 >= heavier
                or i in roots
            ):
                keys[i] = atom_key(value)
        elif kind is Run and node.kind == "tuple":  # type: ignore[union-attr]
            keys[i] = ("run", tuple(map(atom_key, node.values)))  # type: ignore[union-attr]
    representative: dict[Any, NodeId] = {}
    for i, key in keys.items():
        representative.setdefault(key, i)
    # tuples: post-order over tuple children, iteratively
    for start, node in enumerate(nodes):
        if type(node) is not Container or node.kind != "tuple" or start in keys:
            continue
        stack = [start]
        expanded: set[NodeId] = set()
        while stack:
            current = stack[-1]
            if current in keys:
                stack.pop()
                continue
            items = nodes[current].items  # type: ignore[union-attr]
            if current not in expanded:
                expanded.add(current)
                pending = [c for c in items if c not in keys and _is_tuple(nodes[c])]
                if pending:
                    stack.extend(pending)
                    continue
            stack.pop()
            for c in items:  # small atoms, keyed here only
                if c not in keys and type(nodes[c]) is Atom:
                    key = keys[c] = atom_key(nodes[c].value)  # type: ignore[union-attr]
                    representative.setdefault(key, c)
            if all(keys.get(c) is not None for c in items):
                key = ("tuple", tuple(representative[keys[c]] for c in items))
                keys[current] = key
                representative.setdefault(key, current)
            else:
                keys[current] = None  # not a constant
    return {i: k for i, k in keys.items() if k is not None}


def _is_tuple(node: object) -> bool:
    return type(node) is Container and node.kind == "tuple"


def dedup(graph: Graph, options: Options) -> Graph:
    """Point every reference to a constant at one representative node."""
    keys = constant_keys(graph, options.shared_constant_weight)
    first: dict[Any, NodeId] = {}
    new: dict[NodeId, NodeId] = {}
    for i, key in keys.items():
        keep = first.setdefault(key, i)
        if keep != i:
            new[i] = keep
    if not new:
        return graph
    nodes = tuple(
        node if type(node) in LEAVES else map_children(node, new)
        for node in graph.nodes
    )
    roots = tuple((name, new.get(i, i)) for name, i in graph.roots)
    return Graph(nodes=nodes, roots=roots, origin=graph.origin)
