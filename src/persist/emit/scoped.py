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
from persist.emit.layout import Doc, Seq, render
from persist.emit.statements import (
    BLANK,
    Plan,
    cleanup,
    delete_line,
    extra,
    import_texts,
    joined,
    step_lines,
)
from persist.ir.nodes import NodeId
from persist.passes.names import call_key
from persist.passes.order import Statement


def _function(
    name: str, params: list[str], body: list[str], call: str | None, limit: int
) -> str:
    """``def name(p=p, ...):`` over body statements laid out at indentation 4,
    then the statement ``call`` that calls it, if any. Parameters that do not
    fit the line are listed one per line, as an exploded literal is."""
    defaults = Seq.leaves(f"def {name}(", [f"{p}={p}" for p in params], ")")
    head = render(defaults, 0, 0, 1, limit) + ":"
    lines = "".join("\n    " + statement for statement in body)
    if call is not None:
        lines += "\n" + call
    return head + lines


def emit_scoped(
    plan: Plan, prologue: str = "", epilogue: str = "", cleanup_names: bool = True
) -> cst.Module:
    """The scoped module for ``plan``; ``prologue`` and ``epilogue`` are statements
    placed first and before the clean-up."""
    emitter = _Scoped(plan, list(extra(prologue)))
    body = emitter.body
    for statement in plan.statements:
        emitter.statement(statement)
    names = plan.names
    doomed = list(names.helpers)
    if emitter.fill_function:
        doomed.append(names.fill)
    doomed.extend(emitter.made)
    body.extend(extra(epilogue))
    if doomed:
        emitter.blank()
        body.append(delete_line(doomed, plan.options.line_length))
    if cleanup_names:
        body.append(cleanup(plan.options))
    if body and body[-1] == BLANK:  # (after a function, with nothing to follow)
        body.pop()
    return cst.Module(body=joined(body))


class _Scoped:
    """The module being written: its statements so far, the factories made.
    (A class, not closures: in the compiled build those make a reference
    cycle that keeps the text alive until the cyclic collector runs.)"""

    def __init__(self, plan: Plan, body: list[str]) -> None:
        self.plan = plan
        self.names = plan.names
        self.limit = plan.options.line_length
        self.writer = ExpressionWriter(
            plan.graph,
            plan.names,
            plan.options.data_name,
            scoped=True,
            line_length=self.limit,
        )
        self.body = body
        self.made: list[str] = []  # the factories defined so far
        self.fill_function = False

    def blank(self) -> None:
        """A blank line, unless the last line is one (a function has one
        before it and one after it)."""
        body = self.body
        if not body or body[-1] != BLANK:
            body.append(BLANK)

    def function(self, text: str) -> None:
        self.blank()
        self.body.append(text)
        self.body.append(BLANK)

    def returning(self, doc: Doc, column: int) -> list[str]:
        """A function body: the imports ``doc`` used, then ``return doc``
        laid out from ``column``."""
        used = sorted(self.writer.used_imports, key=lambda k: (k[0], k[1] or ""))
        inner = import_texts(used, self.names.local_imports)
        inner.append("return " + render(doc, column, 4, 0, self.limit))
        return inner

    def scoped_value(
        self, target: str, node_id: NodeId, deps: tuple[NodeId, ...], by_value: bool
    ) -> None:
        writer = self.writer
        writer.used_imports = set()
        doc = writer.value(node_id) if by_value else writer.doc(node_id)
        head = target + " = "
        if not deps and not writer.used_imports:
            self.body.append(head + render(doc, len(head), 0, 0, self.limit))
            return
        # laid out as if after ``target = `` (the width the return once had)
        inner = self.returning(doc, 4 + len(head))
        params = [self.names.nodes[d] for d in deps]
        call = f"{target} = {target}()"
        self.function(_function(target, params, inner, call, self.limit))

    def factory(self, name: str, node_id: NodeId) -> bool:
        """Define the function ``name`` that returns a new object as
        ``node_id`` is made (a call of imports only); False if the call needs
        no import (it is then written in place)."""
        writer = self.writer
        writer.used_imports = set()
        doc = writer.value(node_id)
        if not writer.used_imports:
            return False
        inner = self.returning(doc, 4 + len("return "))
        self.function(_function(name, [], inner, None, self.limit))
        self.made.append(name)
        return True

    def statement(self, statement: Statement) -> None:
        names = self.names
        node_id = statement.node
        if statement.kind == "def":
            factories = names.factories
            key = call_key(self.plan.graph.nodes, node_id) if factories else None
            maker = factories.get(key) if key is not None else None
            if maker is not None and (
                maker in self.made or self.factory(maker, node_id)
            ):
                self.body.append(f"{names.nodes[node_id]} = {maker}()")
            else:
                target = names.nodes[node_id]
                self.scoped_value(target, node_id, statement.deps, by_value=True)
        elif statement.kind == "root":
            if node_id in self.plan.named:
                self.body.append(f"{statement.name} = {names.nodes[node_id]}")
            else:
                target = statement.name
                self.scoped_value(target, node_id, statement.deps, by_value=False)
        else:
            self.fill(node_id, statement.deps)

    def fill(self, node_id: NodeId, deps: tuple[NodeId, ...]) -> None:
        """A Build's steps: at the module level, or inside ``_fill`` when they
        mention other objects or need an import."""
        plan = self.plan
        writer = self.writer
        writer.used_imports = set()
        if not deps:  # at the module level, unless a step needs an import
            # (each step's document dropped once laid out: a large fill
            # holds its text, not its documents too)
            steps = step_lines(plan, writer, node_id)
            if not writer.used_imports:
                self.body.append("\n".join(steps))
                return
            writer.used_imports = set()  # laid out again, inside _fill
        steps = step_lines(plan, writer, node_id, 4)
        used = sorted(writer.used_imports, key=lambda k: (k[0], k[1] or ""))
        self.fill_function = True
        names = self.names
        inner = import_texts(used, names.local_imports)
        inner.extend(steps)
        params = [names.nodes[node_id]] + [names.nodes[d] for d in deps]
        call = f"{names.fill}()"
        self.function(_function(names.fill, params, inner, call, self.limit))
