"""libcst nodes whose text is already laid out.

libcst builds and renders ~5-10 us per node, and a plain ``x.a = 1`` is six
nodes (line, assignment, target, names, attribute, value): one node per leaf of
a large literal, or per part of a statement, makes the emitter the bottleneck
(10,000 objects of a plain class, four statements each: 0.7 s in libcst). The
emitters therefore lay out each statement as text (``layout.render``) and
make each run of consecutive statement texts one ``VerbatimLines`` node
(``statements.joined``; a blank line is an empty line of its text): the
module is still a ``libcst.Module`` of statements (statements given as
source, the array loader, are parsed), of few nodes. Nothing reads the module
but its ``code``: regeneration parses the text again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState


@dataclass(frozen=True)
class VerbatimLines(cst.BaseCompoundStatement):
    """A whole statement given as final source text at indentation depth 0: a
    one-line ``x.a = 1``, an exploded literal, or a ``def`` with its body.

    Nested in an ``IndentedBlock`` it is written at that block's indentation
    on its first line only, so the emitter lays out a function body itself.
    """

    text: str
    leading_lines: Sequence[cst.EmptyLine] = field(default=())

    def _visit_and_replace_children(self, visitor: cst.CSTVisitorT) -> VerbatimLines:
        return self

    def _codegen_impl(self, state: CodegenState) -> None:
        for blank in self.leading_lines:
            blank._codegen(state)
        state.add_indent_tokens()
        state.add_token(self.text)
        state.add_token(state.default_newline)
