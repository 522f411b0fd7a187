"""The compiler, stage by stage: objects -> Graph -> passes -> libcst -> text.

    lower  ->  break_cycles -> dedup  ->  inline -> allocate_names -> order  ->  emit

``compile_archive`` is the only entry point the facades (Archive, dump) use.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from persist.emit.flat import emit_flat
from persist.emit.scoped import emit_scoped
from persist.emit.statements import Plan
from persist.gcpause import no_cycle_collection
from persist.ir.check import check_graph
from persist.ir.graph import Graph
from persist.lower import lower
from persist.options import Options
from persist.passes.cycles import break_cycles
from persist.passes.dedup import dedup
from persist.passes.inline import inline
from persist.passes.names import allocate_names
from persist.passes.order import order
from persist.passes.split import split_large

# The graph rewrites, in order; analyses follow in ``plan``.
PASSES = (
    break_cycles,  # cut reference cycles into construct-then-fill steps
    dedup,  # one node per distinct constant
    split_large,  # very long lists, dicts and sets as several statements
)

DEBUG = bool(os.environ.get("PERSIST_CHECK_IR"))


@dataclass(frozen=True, slots=True)
class Compiled:
    """The text of an archive and the arrays it reads from the array store."""

    text: str
    arrays: dict[str, Any]


def optimize(graph: Graph, options: Options, check: bool = DEBUG) -> Graph:
    """Run every pass of ``PASSES`` over ``graph``."""
    if check:
        check_graph(graph, reachable=True)
    for run in PASSES:
        graph = run(graph, options)
        if check:
            check_graph(graph)
    return graph


def plan(graph: Graph, options: Options) -> Plan:
    """Decide which nodes get statements, their names and the statement order."""
    named = inline(graph, options)
    names = allocate_names(graph, named, options)
    primary: dict[int, str] = {}
    for name, node_id in graph.roots:
        primary.setdefault(node_id, name)
    statements = order(graph, named, primary, options)
    return Plan(graph, named, names, tuple(statements), options)


def compile_archive(
    roots: list[tuple[str, Any]],
    options: Options,
    check: bool = DEBUG,
    prologue: Callable[[dict[str, Any]], str] | None = None,
    epilogue: str = "",
    cleanup: bool = True,
) -> Compiled:
    """Compile named objects to module text and the external arrays it needs.

    ``prologue(arrays)`` returns statements to run before the body (the saved
    module's array loader); ``epilogue`` runs before the clean-up, which
    deletes ``__builtins__`` and the array mapping unless ``cleanup`` is False.
    """
    with no_cycle_collection():
        graph = optimize(lower(roots, options), options, check)
        the_plan = plan(graph, options)
        arrays = {
            key: graph.nodes[i].value  # type: ignore[union-attr]
            for i, key in the_plan.names.arrays.items()
        }
        head = prologue(arrays) if prologue is not None and arrays else ""
        emit = emit_scoped if options.scoped else emit_flat
        module = emit(the_plan, head, epilogue, cleanup)
        # freed now, by reference counting: alive when the collector is back
        # on, the first collection would walk every node of it (and freed
        # before the text is rendered, which is as large as the module)
        del graph, the_plan
        text = module.code
        del module
    return Compiled(text=text, arrays=arrays)
