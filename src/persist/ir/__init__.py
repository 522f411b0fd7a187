"""The intermediate representation: a graph of frozen nodes that refer to each
other by integer id, plus the checker and a stable text dump."""

from persist.ir.graph import Graph
from persist.ir.nodes import (
    Atom,
    Attr,
    Build,
    Call,
    Container,
    External,
    GlobalRef,
    Node,
    NodeId,
    Raw,
    Run,
    Step,
)

__all__ = [
    "Atom",
    "Attr",
    "Build",
    "Call",
    "Container",
    "External",
    "GlobalRef",
    "Graph",
    "Node",
    "NodeId",
    "Raw",
    "Run",
    "Step",
]
