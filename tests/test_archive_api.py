"""The seed's Archive semantics: names, duplicates, single-item mode, data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from persist import Archive, DuplicateError, InvalidNameError


def run(text: str, **env: object) -> dict[str, object]:
    namespace: dict[str, object] = dict(env)
    exec(text, namespace)
    return namespace


def test_exec_leaves_exactly_the_inserted_names() -> None:
    archive = Archive()
    shared = [1, 2]
    archive.insert(a=1, b=[shared, shared], c=np.arange(3))
    namespace = run(str(archive))
    assert set(namespace) == {"a", "b", "c"}


def test_shared_references_are_kept_in_both_styles() -> None:
    x = [1, 2, 3]
    for scoped in (False, True):
        archive = Archive(scoped=scoped)
        archive.insert(y=[x, x])
        y = run(str(archive))["y"]
        assert y == [x, x] and y[0] is y[1]  # type: ignore[index]


def test_same_object_twice_is_harmless_but_another_object_is_a_duplicate() -> None:
    archive = Archive()
    value = [1]
    archive.insert(x=value)
    archive.insert(x=value)
    with pytest.raises(DuplicateError, match="'x'"):
        archive.insert(x=[1])
    free = archive.unique_name("x")
    assert free == "x_0"
    archive.insert(**{free: [1]})
    assert run(str(archive))["x_0"] == [1]
    assert archive.unique_name("x") == "x_1"


@pytest.mark.parametrize("name", ["1x", "class", "_hidden", "_arrays", "a-b"])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidNameError):
        Archive().insert(**{name: 1})


def test_allowed_names_admit_private_names() -> None:
    archive = Archive(allowed_names=["_x"])
    archive.insert(_x=5)
    assert run(str(archive))["_x"] == 5


def test_single_item_mode_holds_one_item() -> None:
    archive = Archive(single_item_mode=True)
    archive.insert(x=1)
    with pytest.raises(ValueError, match="single_item_mode"):
        archive.insert(y=2)


def test_large_arrays_go_to_data_under_path_keys() -> None:
    x = np.arange(10)
    archive = Archive(array_threshold=5)
    archive.insert(x=x, b=[x, np.arange(20)])
    text = str(archive)
    assert set(archive.data) == {"x", "b_1"}
    namespace = run(text, _arrays=archive.data)
    assert namespace["b"][0] is namespace["x"]  # type: ignore[index]
    assert np.array_equal(namespace["b"][1], np.arange(20))  # type: ignore[index]


def test_persist_load_is_the_function_as_the_package_docstring_says() -> None:
    import importlib
    import sys

    import persist
    import persist.load as imported

    assert imported is persist.load and callable(imported)
    module = sys.modules["persist.load"]
    assert importlib.import_module("persist.load") is module
    assert module.load is persist.load and module.loads is persist.loads
    assert "import persist.load as m" in (persist.__doc__ or "")


def test_an_item_may_be_named_self() -> None:
    archive = Archive()
    archive.insert(self=[1, 2], cls="c")  # (insert's own first parameter)
    namespace = run(str(archive))
    assert namespace["self"] == [1, 2] and namespace["cls"] == "c"


@pytest.mark.parametrize("threshold", ["5", True, [5]])
def test_an_array_threshold_that_is_no_number_is_refused_at_once(
    threshold: Any,
) -> None:
    """Refused where it is given: it failed later, in the middle of a dump,
    with an error that blamed the first array."""
    with pytest.raises(TypeError, match="array_threshold must be a number"):
        Archive(array_threshold=threshold)


@pytest.mark.parametrize("threshold", [None, 0, 5, 2.5, np.int64(5)])
def test_an_array_threshold_may_be_any_real_number_or_none(threshold: Any) -> None:
    archive = Archive(array_threshold=threshold)
    archive.insert(x=np.arange(10))
    assert bool(archive.data) == (threshold is not None)
