"""Sharing: an object reached more than once, within one root or across roots,
is one object after loading, and equal objects stay distinct.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from persist.archive import Archive
from structure import assert_same_structure
from type_cases import STYLES, Plain, round_trip, run


def _sharing() -> Any:
    shared = [1]
    obj = Plain(a=shared)
    array = np.arange(3)
    big = np.arange(10)
    key = (1, "k")
    return {
        "lists": [shared, shared, [shared]],
        "dict_values": {"a": shared, key: shared},
        "tuple": (shared, shared),
        "attr": obj,
        "again": [obj, obj],
        "arrays": [array, array, big, big],
        "set": [{key}, frozenset({key})],
        "distinct": [[1], [1], {}, {}, np.arange(3), Plain(), Plain()],
    }


@pytest.mark.parametrize("threshold", [None, 5], ids=["inline", "external"])
@pytest.mark.parametrize("scoped", STYLES)
def test_sharing_is_kept_and_equal_objects_stay_distinct(
    scoped: bool, threshold: float | None
) -> None:
    obj = _sharing()
    loaded, _ = round_trip(obj, scoped, threshold)
    assert_same_structure(obj, loaded)
    assert (
        loaded["lists"][0]
        is loaded["lists"][1]
        is loaded["lists"][2][0]
        is loaded["attr"].a
    )
    assert (
        loaded["arrays"][0] is loaded["arrays"][1]
        and loaded["arrays"][2] is loaded["arrays"][3]
    )
    distinct = loaded["distinct"]
    assert distinct[0] is not distinct[1] and distinct[2] is not distinct[3]
    assert distinct[5] is not distinct[6]


@pytest.mark.parametrize("scoped", STYLES)
def test_sharing_across_roots(scoped: bool) -> None:
    x = [1, 2]
    archive = Archive(scoped=scoped)
    archive.insert(a=x, b=[x, {"k": x}], c=x)
    namespace = run(str(archive))
    assert set(namespace) == {"a", "b", "c"}
    assert (
        namespace["a"] is namespace["b"][0] is namespace["b"][1]["k"] is namespace["c"]
    )
