"""A stable, line-per-node text dump of a Graph, for tests and error reports.

0 list [1, 2]          <- roots: a
1 atom 1
2 build base=3 steps=[extend 4]
"""

from __future__ import annotations

from collections.abc import Iterable

from persist.ir.graph import Graph
from persist.ir.nodes import (
    Atom,
    Attr,
    Build,
    Call,
    Container,
    External,
    GlobalRef,
    Raw,
    Run,
)


def describe(node: object) -> str:
    """One node as text, children by id."""
    kind = type(node)
    if kind is Atom:
        return f"atom {_value_text(node.value)}"  # type: ignore[attr-defined]
    if kind is Run:
        return f"{node.kind} run {_run_text(node)}"  # type: ignore[attr-defined,arg-type]
    if kind is Container:
        return f"{node.kind} {list(node.items)}"  # type: ignore[attr-defined]
    if kind is Call:
        kw = "".join(f", {k}={v}" for k, v in node.kwargs)  # type: ignore[attr-defined]
        return f"call {node.func}({list(node.args)}{kw})"  # type: ignore[attr-defined]
    if kind is GlobalRef:
        return f"global {node.module}:{node.qualname}"  # type: ignore[attr-defined]
    if kind is Attr:
        return f"attr {node.obj}.{node.name}"  # type: ignore[attr-defined]
    if kind is External:
        value = node.value  # type: ignore[attr-defined]
        return f"external {type(value).__name__}{getattr(value, 'shape', '')}"
    if kind is Raw:
        return f"raw {node.template!r} {dict(node.args)}"  # type: ignore[attr-defined]
    if kind is Build:
        steps = ", ".join(
            f"{s.kind} {_attrs_text(s.attrs)}"
            if s.kind == "setattrs"
            else f"{s.kind} {'' if s.key is None else repr(s.key) + ' '}{s.value}"
            for s in node.steps  # type: ignore[attr-defined]
        )
        args = node.args  # type: ignore[attr-defined]
        call = "" if args is None else f"({', '.join(map(str, args))})"
        return f"build base={node.base}{call} steps=[{steps}]"  # type: ignore[attr-defined]
    return f"?? {node!r}"


def dump(graph: Graph, marked: Iterable[int] = ()) -> str:
    """The whole graph, one node a line; ``marked`` ids get a ``!!`` prefix."""
    marks = set(marked)
    roots: dict[int, list[str]] = {}
    for name, node_id in graph.roots:
        roots.setdefault(node_id, []).append(name)
    lines = []
    for i, node in enumerate(graph.nodes):
        flag = "!! " if i in marks else ""
        tail = f"    <- {', '.join(roots[i])}" if i in roots else ""
        lines.append(f"{flag}{i} {describe(node)}{tail}")
    return "\n".join(lines)


def _run_text(run: Run) -> str:
    """A Run's values as a literal, nested Runs included: ``[1, [2, 3]]``."""
    texts = [_run_text(v) if type(v) is Run else _value_text(v) for v in run.values]
    if run.kind == "dict":
        pairs = zip(texts[0::2], texts[1::2], strict=True)
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    return "[" + ", ".join(texts) + "]"


def _attrs_text(pairs: tuple[object, ...]) -> str:
    """A setattrs step's pairs: ``a=1, b='two'``."""
    values = map(_value_text, pairs[1::2])  # (not strict: shown even if unpaired)
    pairs_shown = zip(pairs[0::2], values, strict=False)
    return ", ".join(f"{name}={value}" for name, value in pairs_shown)


def _value_text(value: object) -> str:
    """``repr``, or hex for an int too long for decimal text (a dump is shown
    when the IR is found broken: it must not fail itself)."""
    try:
        return repr(value)
    except ValueError:
        return hex(value)  # type: ignore[arg-type]
