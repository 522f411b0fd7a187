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

from persist.emit.cst import VerbatimLines
from persist.emit.expr import ExpressionWriter
from persist.emit.layout import Doc, render
from persist.emit.statements import (
    CstStatement,
    Plan,
    cleanup,
    delete_line,
    extra,
    import_texts,
    joined,
    line,
    step_docs,
    step_text,
)
from persist.ir.nodes import NodeId
from persist.passes.names import call_key

_BLANK = cst.EmptyLine()


def _function(
    name: str, params: list[str], body: list[str], call: str | None
) -> VerbatimLines:
    """``def name(p=p, ...):`` over body statements laid out at indentation 4,
    then the statement ``call`` that calls it, if any (one libcst node: the
    module's code is the same, and libcst's cost is per node)."""
    head = f"def {name}({', '.join(f'{p}={p}' for p in params)}):"
    lines = "".join("\n    " + statement for statement in body)
    if call is not None:
        lines += "\n" + call
    return VerbatimLines(head + lines, leading_lines=[_BLANK])


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
    body: list[CstStatement] = extra(prologue)
    after_function: set[int] = set()  # body indices that follow a function's call
    fill_function = False

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
            text = render(doc, len(head), 0, 0, limit)
            body.append(VerbatimLines(head + text))
            return
        # laid out as if after ``target = `` (the width the return once had)
        inner = returning(doc, 4 + len(head))
        params = [names.nodes[d] for d in deps]
        body.append(_function(target, params, inner, f"{target} = {target}()"))
        after_function.add(len(body))

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
        body.append(_function(name, [], returning(doc, 4 + len("return ")), None))
        after_function.add(len(body))
        made.append(name)
        return True

    for statement in plan.statements:
        kind = statement.kind
        node_id = statement.node
        if kind == "def":
            key = call_key(graph.nodes, node_id) if factories else None
            maker = factories.get(key) if key is not None else None
            if maker is not None and (maker in made or factory(maker, node_id)):
                body.append(line(f"{names.nodes[node_id]} = {maker}()"))
                continue
            scoped_value(names.nodes[node_id], node_id, statement.deps, by_value=True)
        elif kind == "root":
            if node_id in plan.named:
                body.append(line(f"{statement.name} = {names.nodes[node_id]}"))
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
                    body.append(VerbatimLines("\n".join(steps)))
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
            body.append(_function(names.fill, params, inner, f"{names.fill}()"))
            after_function.add(len(body))
    for index in sorted(after_function):
        if index < len(body) and not body[index].leading_lines:
            after = body[index]
            if type(after) is VerbatimLines:  # (dataclasses.replace is slow)
                body[index] = VerbatimLines(after.text, leading_lines=[_BLANK])
            else:
                body[index] = after.with_changes(leading_lines=[_BLANK])
    doomed = list(names.helpers)
    if fill_function:
        doomed.append(names.fill)
    doomed.extend(made)
    footer: list[CstStatement] = extra(epilogue)
    if doomed:
        footer.append(
            delete_line(doomed, options.line_length).with_changes(
                leading_lines=[_BLANK]
            )
        )
    if cleanup_names:
        footer.append(cleanup(options))
    if footer and len(body) in after_function:
        footer[0] = footer[0].with_changes(leading_lines=[_BLANK])
    return cst.Module(body=joined(body + footer))
