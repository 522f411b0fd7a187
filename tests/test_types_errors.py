"""The errors an unarchivable object raises (a lambda, a local function, a
failing ``__reduce_ex__``): they name the object's path and type, in the message
and as attributes, through dicts, lists, tuples, attributes, deques and object
arrays.
"""

from __future__ import annotations

import collections
import types
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import persist
from persist.archive import Archive
from type_cases import STYLES, Plain, RefusesPickle, archive_text


def _local_function() -> Callable[[], int]:
    def callback() -> int:
        return 1

    return callback


def _impostor_module() -> types.ModuleType:
    """A module named as an importable one that ``import json`` would not give."""
    return types.ModuleType("json")


UNARCHIVABLE = [
    pytest.param(lambda: lambda: 1, "function", id="lambda"),
    pytest.param(_local_function, "function", id="local_function"),
    pytest.param(RefusesPickle, "type_cases.RefusesPickle", id="reduce_fails"),
    pytest.param(lambda: types.ModuleType("fake"), "module", id="unimported_module"),
    pytest.param(_impostor_module, "module", id="module_not_in_sys_modules"),
]


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize(("make", "type_name"), UNARCHIVABLE)
def test_unarchivable_object_names_its_path_and_type(
    make: Callable[[], Any], type_name: str, scoped: bool
) -> None:
    results = {"runs": [0, 1, 2, Plain(callback=make())]}
    archive = Archive(scoped=scoped)
    archive.insert(results=results)
    with pytest.raises(persist.ArchiveError) as info:
        str(archive)
    message = str(info.value)
    assert "results['runs'][3].callback" in message
    assert type_name in message
    assert info.value.path == "results['runs'][3].callback"  # type: ignore[attr-defined]
    assert info.value.type_name == type_name  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("obj", "path"),
    [
        pytest.param({"a": [0, {"b": lambda: 0}]}, "x['a'][1]['b']", id="dict_in_list"),
        pytest.param((1, (2, lambda: 0)), "x[1][1]", id="tuple"),
        pytest.param(Plain(inner=Plain(f=lambda: 0)), "x.inner.f", id="attributes"),
        pytest.param(collections.deque([0, lambda: 1]), "x[1]", id="deque"),
        pytest.param(
            np.array([None, lambda: 0], dtype=object), "x[1]", id="object_array"
        ),
    ],
)
def test_error_paths_through_containers(obj: Any, path: str) -> None:
    with pytest.raises(persist.UnarchivableError) as info:
        archive_text(obj, False)
    assert info.value.path == path
    assert path in str(info.value)
