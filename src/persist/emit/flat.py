"""emit_flat: the flat style, one ``name = expression`` statement per named
object, imports on top, helpers deleted at the end.

    from numpy import array as _array
    _b_1 = range(0, 3)
    b = [x, _b_1, _b_1]
    del _array, _b_1
    try:
        del __builtins__, _arrays
    except NameError:
        pass
"""

from __future__ import annotations

import libcst as cst

from persist.emit.expr import ExpressionWriter
from persist.emit.statements import (
    BLANK,
    Plan,
    assign,
    cleanup,
    delete_line,
    extra,
    import_texts,
    joined,
    step_lines,
)


def emit_flat(
    plan: Plan, prologue: str = "", epilogue: str = "", cleanup_names: bool = True
) -> cst.Module:
    """The flat module for ``plan``; ``prologue`` and ``epilogue`` are statements
    placed after the imports and before the clean-up."""
    names = plan.names
    options = plan.options
    writer = ExpressionWriter(
        plan.graph, names, options.data_name, False, options.line_length
    )
    body: list[str] = []
    for statement in plan.statements:
        kind = statement.kind
        node_id = statement.node
        if kind == "def":
            body.append(
                assign(names.nodes[node_id], writer, node_id, 0, options, by_value=True)
            )
        elif kind == "fill":
            body.append("\n".join(step_lines(plan, writer, node_id)))
        else:
            target = names.target(statement.name)
            body.append(assign(target, writer, node_id, 0, options, by_value=False))
    used = sorted(writer.used_imports, key=lambda k: (k[0], k[1] or ""))
    header: list[str] = list(import_texts(used, names.imports))
    doomed = [names.imports[k] for k in used] + list(names.helpers)
    header.extend(extra(prologue))
    if prologue and body:
        header.append(BLANK)
    footer: list[str] = list(extra(epilogue))
    if doomed:
        footer.append(delete_line(doomed, options.line_length))
    if cleanup_names:
        footer.append(cleanup(options))
    body[:0] = header  # (one list: joined empties it as it goes)
    body.extend(footer)
    return cst.Module(body=joined(body))
