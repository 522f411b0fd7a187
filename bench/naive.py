"""The baseline persist's inline emission is measured against: one libcst node
per element.

    >>> emit_naive("x", [1.5, -2.0])
    'x = [1.5, -2.0]\\n'

It builds a ``Float`` (under a ``UnaryOperation`` when negative) and an
``Element`` for every value, one ``List``, ``Assign`` and ``Module``, and
renders ``Module.code``: what an emitter that maps each object to a CST node
costs. It handles finite floats only; the benchmark gives it nothing else.
"""

from __future__ import annotations

import math

import libcst as cst


def emit_naive(name: str, values: list[float]) -> str:
    elements = []
    for value in values:
        node: cst.BaseExpression = cst.Float(repr(abs(value)))
        if math.copysign(1.0, value) < 0:
            node = cst.UnaryOperation(operator=cst.Minus(), expression=node)
        elements.append(cst.Element(node))
    assign = cst.Assign(
        targets=[cst.AssignTarget(cst.Name(name))], value=cst.List(elements)
    )
    return cst.Module(body=[cst.SimpleStatementLine([assign])]).code
