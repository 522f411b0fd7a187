"""emit_scoped: the scoped style, each named object built inside a function of
its own, with its imports local and the objects it uses passed as defaults.

    x = [1]
    _b_1 = range(0, 3)

    def b(x=x, _b_1=_b_1):
        return [x, _b_1, _b_1]
    b = b()

A value that needs neither imports nor other objects is a plain assignment
(``x``, and ``_b_1`` since ``range`` is a builtin).
"""

from __future__ import annotations

import libcst as cst

from persist.emit.expr import ExpressionWriter
from persist.emit.layout import Doc, render
from persist.emit.statements import (
    BLANK,
    Item,
    Plan,
    cleanup,
    delete_line,
    extra,
    import_texts,
    joined,
    step_docs,
    step_text,
)
from persist.ir.nodes import NodeId
from persist.passes.names import call_key


def _function(name: str, params: list[str], body: list[str], call: str | None) -> str:
    """``def name(p=p, ...):`` over body statements laid out at indentation 4,
    then the statement ``call`` that calls it, if any."""
    head = f"def {name}({', '.join(f'{p}={p}' for p in params)}):"
    lines = "".join("\n    " + statement for statement in body)
    if call is not None:
        lines += "\n" + call
    return head + lines


def emit_scoped(
    plan: Plan, prologue: str = "", epilogue: str = "", cleanup_names: bool = True
) -> cst.Module:
    """The scoped module for ``plan``; ``prologue`` and ``epilogue`` are statements
    placed first and before the clean-up."""
    names = plan.names
    options = plan.options
    graph = plan.graph
    limit = options.line_length
    writer = ExpressionWriter(
        graph, names, options.data_name, scoped=True, line_length=options.line_length
    )
    body: list[Item] = list(extra(prologue))
    fill_function = False

    def blank() -> None:
        """A blank line, unless the last line is one (a function has one
        before it and one after it)."""
        if not body or body[-1] != BLANK:
            body.append(BLANK)

    def function(text: str) -> None:
        blank()
        body.append(text)
        body.append(BLANK)

    def returning(doc: Doc, column: int) -> list[str]:
        """A function body: the imports ``doc`` used, then ``return doc``
        laid out from ``column``."""
        used = sorted(writer.used_imports, key=lambda k: (k[0], k[1] or ""))
        inner = import_texts(used, names.local_imports)
        inner.append("return " + render(doc, column, 4, 0, limit))
        return inner

    def scoped_value(
        target: str, node_id: NodeId, deps: tuple[NodeId, ...], by_value: bool
    ) -> None:
        writer.used_imports = set()
        doc = writer.value(node_id) if by_value else writer.doc(node_id)
        head = target + " = "
        if not deps and not writer.used_imports:
            body.append(head + render(doc, len(head), 0, 0, limit))
            return
        # laid out as if after ``target = `` (the width the return once had)
        inner = returning(doc, 4 + len(head))
        params = [names.nodes[d] for d in deps]
        function(_function(target, params, inner, f"{target} = {target}()"))

    factories = names.factories
    made: list[str] = []  # the factories defined so far

    def factory(name: str, node_id: NodeId) -> bool:
        """Define the function ``name`` that returns a new object as
        ``node_id`` is made (a call of imports only); False if the call needs
        no import (it is then written in place)."""
        writer.used_imports = set()
        doc = writer.value(node_id)
        if not writer.used_imports:
            return False
        function(_function(name, [], returning(doc, 4 + len("return ")), None))
        made.append(name)
        return True

    for statement in plan.statements:
        kind = statement.kind
        node_id = statement.node
        if kind == "def":
            key = call_key(graph.nodes, node_id) if factories else None
            maker = factories.get(key) if key is not None else None
            if maker is not None and (maker in made or factory(maker, node_id)):
                body.append(f"{names.nodes[node_id]} = {maker}()")
                continue
            scoped_value(names.nodes[node_id], node_id, statement.deps, by_value=True)
        elif kind == "root":
            if node_id in plan.named:
                body.append(f"{statement.name} = {names.nodes[node_id]}")
            else:
                scoped_value(statement.name, node_id, statement.deps, by_value=False)
        else:
            writer.used_imports = set()
            deps = statement.deps
            if not deps:  # at the module level, unless a step needs an import
                steps = [
                    step_text(step, 0, limit)
                    for step in step_docs(plan, writer, node_id)
                ]  # (each step's document dropped once laid out: a large fill
                # holds its text, not its documents too)
                if not writer.used_imports:
                    body.append("\n".join(steps))
                    continue
                writer.used_imports = set()  # laid out again, inside _fill
            steps = [
                step_text(step, 4, limit) for step in step_docs(plan, writer, node_id)
            ]
            used = sorted(writer.used_imports, key=lambda k: (k[0], k[1] or ""))
            fill_function = True
            inner = import_texts(used, names.local_imports)
            inner.extend(steps)
            params = [names.nodes[node_id]] + [names.nodes[d] for d in deps]
            function(_function(names.fill, params, inner, f"{names.fill}()"))
    doomed = list(names.helpers)
    if fill_function:
        doomed.append(names.fill)
    doomed.extend(made)
    body.extend(extra(epilogue))
    if doomed:
        blank()
        body.append(delete_line(doomed, options.line_length))
    if cleanup_names:
        body.append(cleanup(options))
    if body and body[-1] == BLANK:  # (after a function, with nothing to follow)
        body.pop()
    return cst.Module(body=joined(body))
