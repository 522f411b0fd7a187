"""The bulk paths that write Runs (emit/expr.py, emit/layout.py) against a
plain reference: every atom by ``atom_text``, every list and dict a ``Seq``
of its items' documents, laid out by the same ``render``.

The bulk paths take ``repr`` of whole rows and lists of atoms and check the
result (non-finite floats, huge ints, complex numbers and ``...`` are written
differently from their repr); a folded Run's items are flat texts until one
does not fit its line. Whatever they do, the text must be the reference's.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persist.archive import Archive
from persist.emit.expr import ExpressionWriter, atom_text
from persist.emit.layout import Doc, Seq, render

TRICKY_ATOMS = [
    0,
    -1,
    True,
    None,
    math.inf,
    -math.inf,
    math.nan,
    -0.0,
    1e300,
    2.5,
    1j,
    complex(1, -0.0),
    ...,
    "inf",
    "nan",
    "a, b",
    "'quoted'",
    b"\x00",
    10**3_590,  # decimal text, 3,591 digits
    10**3_700,  # more than 12,000 bits: hex
    -(10**3_650),
    "x" * 100,
]

atoms = st.one_of(
    st.sampled_from(TRICKY_ATOMS),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)


def values(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return atoms
    inner = values(depth - 1)
    return st.one_of(
        atoms,
        st.lists(inner, max_size=8),
        st.lists(atoms, min_size=1, max_size=40),  # rows, some too long for a line
        st.dictionaries(st.text(max_size=6), inner, max_size=6),
        st.lists(inner, min_size=1, max_size=1),  # a lone item: hugged
    )


def reference(value: Any) -> Doc:
    if type(value) is list:
        return Seq("[", [("", reference(v)) for v in value], "]")
    if type(value) is dict:
        return Seq(
            "{",
            [(atom_text(k) + ": ", reference(v)) for k, v in value.items()],
            "}",
        )
    return atom_text(value)


CLEANUP = str(Archive())


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(values(4), max_size=6))
def test_runs_are_written_as_the_reference_writes_them(value: list[Any]) -> None:
    archive = Archive()
    archive.insert(x=value)
    expected = "x = " + render(reference(value), 4, 0, 0, 88) + "\n" + CLEANUP
    assert str(archive) == expected


def test_a_row_too_long_for_its_line_is_exploded_inside_a_fitting_parent() -> None:
    row = list(range(30))
    archive = Archive()
    archive.insert(x=[[1, 2], row, {"k": row[:5]}])
    assert str(archive).startswith(
        "x = [\n    [1, 2],\n    [\n        0,\n        1,\n"
    )


def test_a_lone_row_that_would_fit_its_own_line_still_hugs() -> None:
    def row() -> list[int]:
        return [10**5 + i for i in range(10)] + [1]

    assert len(repr(row())) == 83  # x = [[...]] is 89 wide; [...] alone fits at 4
    archive = Archive()
    archive.insert(x=[row()])  # only the outer list holds the row: folded
    assert str(archive).startswith("x = [[\n    100000,\n")


def test_a_lone_long_row_hugs_its_brackets() -> None:
    archive = Archive()
    archive.insert(x=[list(range(40))])
    assert str(archive).startswith("x = [[\n    0,\n    1,\n")


numbers = st.one_of(
    st.sampled_from([0, -1, True, False, None, math.inf, -math.inf, math.nan, -0.0]),
    st.sampled_from([1e300, 1e-300, 2.5, 1j, ..., "], [", b"], [", 10**3_590]),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(numbers, max_size=30), min_size=1, max_size=12))
def test_a_table_of_rows_is_written_as_the_reference_writes_it(
    rows: list[list[Any]],
) -> None:
    # a list of rows of atoms is written by one repr of all rows (_rows_texts)
    archive = Archive()
    archive.insert(x=rows)
    expected = "x = " + render(reference(rows), 4, 0, 0, 88) + "\n" + CLEANUP
    assert str(archive) == expected


def test_rows_are_texts_of_one_repr_only_when_that_is_exact() -> None:
    from persist.emit.expr import _rows_texts
    from persist.ir.nodes import Run

    def texts(*rows: tuple[Any, ...]) -> list[str] | None:
        return _rows_texts([Run("list", r) for r in rows], 88)

    written = ["[1, 2.5]", "[]", "[None, True, -0.0]"]
    assert texts((1, 2.5), (), (None, True, -0.0)) == written
    odd_atoms = ["], [", math.nan, math.inf, 1j, ..., b"1", 10**5000]
    for odd in [(a,) for a in odd_atoms]:
        assert texts((1,), odd) is None
    assert texts(tuple(range(40))) is None  # wider than a line


hashable_atoms = st.one_of(
    st.sampled_from([a for a in TRICKY_ATOMS if a == a]),  # (nan: never equal)
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.binary(max_size=4),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(hashable_atoms, min_size=1, max_size=12, unique=True))
def test_dict_keys_written_in_bulk_read_as_one_by_one(keys: list[Any]) -> None:
    # a dict whose values are not all atoms is a Container: its atom keys are
    # written by one atom_texts, which must say what each key's own text says
    shared: list[Any] = [0]
    value = {k: (shared if i % 2 else i) for i, k in enumerate(keys)}
    bulk = Archive()
    bulk.insert(x=value, y=shared)
    one_by_one = Archive()
    one_by_one.insert(x=value, y=shared)
    with patch.object(ExpressionWriter, "_atom_node_texts", lambda self, keys: None):
        expected = str(one_by_one)
    assert str(bulk) == expected
    assert "x = {" in expected  # (the Container path, not a Run)


def test_a_named_dict_key_is_written_by_its_name() -> None:
    key = "long key " * 400  # shared and long: named once
    shared: list[Any] = [0]
    archive = Archive()
    archive.insert(d={key: shared, "b": shared}, e=[key, shared])
    text = str(archive)
    assert text.count(key) == 1
    assert "d = {_d_key_0: _d_long_key_long_key_long_k, 'b': " in text


@dataclasses.dataclass
class Triple:
    a: Any
    b: Any
    c: Any


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(atoms, atoms, atoms), min_size=1, max_size=4))
def test_calls_of_atoms_written_in_bulk_read_as_one_by_one(
    fields: list[tuple[Any, Any, Any]],
) -> None:
    # Triple(a=..., b=..., c=...) of atoms is one joined text, exploded one
    # argument a line when too long: what the item-by-item path writes
    value = [Triple(*f) for f in fields]
    bulk = Archive()
    bulk.insert(x=value)
    one_by_one = Archive()
    one_by_one.insert(x=value)
    with patch.object(ExpressionWriter, "_atom_node_texts", lambda self, ids: None):
        expected = str(one_by_one)
    assert str(bulk) == expected
    assert "_Triple(" in expected and "c=" in expected
