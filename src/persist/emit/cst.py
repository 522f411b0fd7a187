"""A libcst leaf whose text is already laid out.

libcst builds and renders ~5-10 us per node; one node per leaf of a large literal
would make the emitter the bottleneck (1e5 small statements: seconds). The
emitter therefore builds real libcst nodes for the module's statements, imports,
functions and blocks, and a ``Verbatim`` leaf for each expression, whose text
``layout.render`` computed. libcst still owns the module: indentation, blank
lines, statement separators, and the concrete syntax tree that regeneration
edits later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst._nodes.internal import CodegenState


@dataclass(frozen=True)
class Verbatim(cst.BaseExpression):
    """An expression given as final source text (may span lines)."""

    text: str
    lpar: Sequence[cst.LeftParen] = ()
    rpar: Sequence[cst.RightParen] = ()

    def _visit_and_replace_children(self, visitor: cst.CSTVisitorT) -> Verbatim:
        return self

    def _codegen_impl(self, state: CodegenState) -> None:
        state.add_token(self.text)


@dataclass(frozen=True)
class VerbatimStatement(cst.BaseSmallStatement):
    """A small statement given as final source text (``x.a = 1``, ``del ...``)."""

    text: str
    semicolon: cst.Semicolon | cst.MaybeSentinel = cst.MaybeSentinel.DEFAULT

    def _visit_and_replace_children(
        self, visitor: cst.CSTVisitorT
    ) -> VerbatimStatement:
        return self

    def _codegen_impl(
        self, state: CodegenState, default_semicolon: bool = False
    ) -> None:
        state.add_token(self.text)
