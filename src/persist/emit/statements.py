"""Pieces both styles share: the plan they read, step statements, imports and
the closing clean-up.

    x.a = 1                         # setattr step
    x.extend([1, x])                # extend step
    from numpy import array as _array
    del _array, _x_1
    try:
        del __builtins__, _arrays
    except NameError:
        pass
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from persist.emit.cst import VerbatimLines
from persist.emit.expr import ExpressionWriter
from persist.emit.layout import Doc, Pair, Seq, flat, render
from persist.ir.graph import Graph
from persist.ir.nodes import Build, NodeId
from persist.options import Options
from persist.passes.names import ImportKey, Names
from persist.passes.order import Statement

# a module's statements are made as laid-out text, one item per statement
# (``BLANK`` for a blank line), and handed to libcst as VerbatimLines nodes
BLANK = ""


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything the emitter reads: the graph and the passes' side tables."""

    graph: Graph
    named: frozenset[NodeId]
    names: Names
    statements: tuple[Statement, ...]
    options: Options


def assign(
    name: str,
    writer: ExpressionWriter,
    node_id: NodeId,
    indent: int,
    options: Options,
    *,
    by_value: bool,
) -> str:
    """The statement ``name = <expression of node_id>`` (continuation lines
    indented from ``indent``)."""
    doc = writer.value(node_id) if by_value else writer.doc(node_id)
    if type(doc) is str:  # (what render gives a text, wherever it starts)
        return f"{name} = {doc}"
    head = name + " = "
    return head + render(doc, indent + len(head), indent, 0, options.line_length)


def step_docs(
    plan: Plan, writer: ExpressionWriter, node_id: NodeId
) -> Iterator[tuple[str, Doc, str]]:
    """The statements that run a Build's steps on its named object, each as a
    head, the value's document and a tail (``x.a = ``, ``1``, ````), one at a
    time: a big object's steps are laid out one by one, never all at once."""
    node = plan.graph.nodes[node_id]
    assert type(node) is Build
    target = plan.names.nodes[node_id]
    for step in node.steps:
        kind = step.kind
        if kind == "setattrs":  # whole lines: their values are atoms
            for text in writer.setattr_lines(target, step.attrs):
                yield text, "", ""
            continue
        value = writer.doc(step.value)
        if kind == "setattr":
            yield f"{target}.{step.key} = ", value, ""
        elif kind == "setitem":
            key = _subscript(writer.doc(step.key))  # type: ignore[arg-type]
            yield target, Pair(key, " = ", value), ""
        else:
            yield f"{target}.{_METHODS[kind]}(", value, ")"


def step_text(step: tuple[str, Doc, str], indent: int, limit: int) -> str:
    """One of ``step_docs`` laid out (the first line not indented,
    continuation lines from ``indent``)."""
    head, value, tail = step
    if type(value) is str:  # (what render gives a text, wherever it starts)
        return head + value + tail
    return head + render(value, indent + len(head), indent, len(tail), limit) + tail


_METHODS = {
    "extend": "extend",
    "append": "append",
    "update": "update",
    "setstate": "__setstate__",
    "dictupdate": "__dict__.update",
}


def step_lines(
    plan: Plan, writer: ExpressionWriter, node_id: NodeId, indent: int = 0
) -> list[str]:
    """The statements that run a Build's steps laid out, each a text (its
    continuation lines indented from ``indent``). A plain object's lone
    ``setattrs`` step, the usual fill, is written without documents: its
    values are atoms, each line ``target.name = text``."""
    nodes = plan.graph.nodes
    node = nodes[node_id]
    assert type(node) is Build
    steps = node.steps
    if len(steps) == 1 and steps[0].kind == "setattrs":
        return writer.setattr_lines(plan.names.nodes[node_id], steps[0].attrs)
    limit = plan.options.line_length
    return [step_text(step, indent, limit) for step in step_docs(plan, writer, node_id)]


def _subscript(key: Doc) -> Doc:
    """``[1, 2]`` rather than ``[(1, 2)]`` (the same key), as a document: a
    key too long for its line is exploded like any bracketed literal."""
    if isinstance(key, Seq):
        if key.open == "(" and len(key.items) > 1:
            return Seq("[", key.items, "]")
        return Seq("[", [("", key)], "]")
    return "[" + flat(key) + "]"


def import_texts(keys: list[ImportKey], local: dict[ImportKey, str]) -> list[str]:
    """``from module import name as alias`` / ``import module as alias``."""
    out = []
    for key in sorted(keys, key=lambda k: (k[0], k[1] or "")):
        module, first = key
        alias = local[key]
        if first is None:
            if alias == module:
                out.append(f"import {module}")
            else:
                out.append(f"import {module} as {alias}")
        elif alias == first:
            out.append(f"from {module} import {first}")
        else:
            out.append(f"from {module} import {first} as {alias}")
    return out


def delete_line(names: list[str], limit: int) -> str:
    """``del a, b`` or, when too long, an exploded parenthesized target list."""
    text = "del " + ", ".join(names)
    if len(text) > limit:
        text = "del " + render(Seq("(", [("", n) for n in names], ")"), 4, 0, 0, limit)
    return text


_CLEANUP = """\
try:
    del __builtins__, {data}
except NameError:
    pass
"""


def extra(text: str) -> list[str]:
    """Statements given as source (the array loader, the single-item hook):
    written as they are, like the emitter's own text (they are persist's
    templates, each ending with one newline)."""
    if not text:
        return []
    return [text.rstrip("\n")]


def cleanup(options: Options) -> str:
    """Remove ``__builtins__`` and the array mapping from the namespace."""
    return _CLEANUP.format(data=options.data_name).rstrip("\n")


# characters of text one VerbatimLines node holds, about: the texts of a large
# module are joined a chunk at a time, each freed once joined
_CHUNK = 1 << 20


def joined(body: list[str]) -> list[VerbatimLines]:
    """The module's statements as ``VerbatimLines`` nodes of ~1 MB of text
    each (a ``BLANK`` item is an empty line), so libcst, whose cost is per
    node, sees few.

    ``body`` is emptied on the way: each text is dropped from it once it is
    joined, so a large module never holds all its statements' texts and
    their join at once (nodes in a row write the same text as one node)."""
    out: list[VerbatimLines] = []
    texts: list[str] = []
    size = 0
    for i in range(len(body)):
        text = body[i]
        body[i] = BLANK
        texts.append(text)
        size += len(text)
        if size >= _CHUNK:
            out.append(VerbatimLines("\n".join(texts)))
            texts = []
            size = 0
    if texts:
        out.append(VerbatimLines("\n".join(texts)))
    body.clear()
    return out
