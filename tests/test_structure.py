"""The comparison every round-trip test relies on: it must tell apart what
differs, and only that."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from structure import assert_same_structure


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (np.float64(-0.0), np.float64(0.0)),
        (np.longdouble("-0.0"), np.longdouble("0.0")),
        (np.datetime64("NaT"), np.datetime64(0, "D")),
        (np.float32(1), np.float32(1.0000001)),
        (np.longdouble("0.1"), np.longdouble(0.1)),  # not the same long double
        (-0.0, 0.0),
        ([1, [2]], [1, [2.0]]),
    ],
    ids=repr,
)
def test_values_that_differ_fail(a: Any, b: Any) -> None:
    with pytest.raises(AssertionError):
        assert_same_structure(a, b)


@pytest.mark.parametrize(
    "make",
    [
        lambda: np.float64("nan"),
        lambda: np.datetime64("NaT"),
        lambda: np.clongdouble("nan+1j"),
        lambda: np.clongdouble("0.33333333333333333334-2j"),
        lambda: float("nan"),
    ],
    ids=["float64-nan", "NaT", "clongdouble-nan", "clongdouble", "float-nan"],
)
def test_equal_values_made_twice_pass(make: Callable[[], Any]) -> None:
    assert_same_structure(make(), make())


def test_sharing_that_differs_fails() -> None:
    inner = [1]
    with pytest.raises(AssertionError, match="sharing differs"):
        assert_same_structure([inner, inner], [[1], [1]])
