"""Importing without persist: a saved archive imports in a fresh interpreter
where ``persist`` is blocked, and both that import and ``persist.load`` give
back the arrays writable, with their exact dtype (no reader metadata), shape and
memory order, 0-d arrays and single-item archives included."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from diskutil import files
from persist import Archive
from save_helpers import FORMATS, LAYOUTS, import_fresh, save, zoo_objects
from structure import assert_same_structure

STYLES = [pytest.param(False, id="flat"), pytest.param(True, id="scoped")]


def _dtype_metadata(dtype: np.dtype) -> list[Any]:
    found = [dtype.metadata] if dtype.metadata else []
    if dtype.subdtype is not None:
        found += _dtype_metadata(dtype.subdtype[0])
    for name in dtype.names or ():
        found += _dtype_metadata(dtype.fields[name][0])
    return found


def assert_plain_dtypes(obj: Any, where: str = "root") -> None:
    """Loaded arrays carry exactly the dtype saved: no reader metadata either."""
    if isinstance(obj, np.ndarray):
        assert _dtype_metadata(obj.dtype) == [], f"{where}: {obj.dtype} has metadata"
    elif isinstance(obj, dict):
        for k, v in obj.items():
            assert_plain_dtypes(v, f"{where}[{k!r}]")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            assert_plain_dtypes(v, f"{where}[{i}]")


_PERSIST_IMPORT = re.compile(
    r"^\s*(import|from)\s+persist\b|__import__\(\s*['\"]persist", re.M
)


def _saved_zoo(
    tmp_path: Path, package: bool, data_format: str, scoped: bool
) -> tuple[dict[str, Any], Path]:
    """The zoo saved as ``m`` with every array external."""
    objects = zoo_objects()
    path = save(
        objects,
        tmp_path,
        "m",
        package=package,
        data_format=data_format,
        scoped=scoped,
        array_threshold=1,
    )
    return objects, path


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_saved_archive_imports_without_persist(
    tmp_path: Path, package: bool, data_format: str, scoped: bool
) -> None:
    objects, path = _saved_zoo(tmp_path, package, data_format, scoped)
    text = (path / "__init__.py" if package else path).read_text()
    assert not _PERSIST_IMPORT.search(text)
    assert "_arrays['x']" in text  # the arrays really are external
    got = import_fresh(tmp_path, "m", list(objects))
    assert_same_structure(objects, got)
    assert_plain_dtypes(got)


@pytest.mark.parametrize("scoped", STYLES)
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_load_reads_arrays_writable_with_exact_dtype_shape_and_order(
    tmp_path: Path, package: bool, data_format: str, scoped: bool
) -> None:
    objects, path = _saved_zoo(tmp_path, package, data_format, scoped)
    loaded = persist.load(path)
    assert_same_structure(objects, loaded)
    assert_plain_dtypes(loaded)


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_single_item_archive_imports_and_loads_as_the_object(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    x, y = np.arange(10), np.arange(20)
    b = [x, y, {"k": x}]
    archive = Archive(single_item_mode=True, array_threshold=5)
    archive.insert(b1=b)
    path = archive.save(tmp_path, package=package, data_format=data_format)
    assert path == (tmp_path / "b1" if package else tmp_path / "b1.py")
    assert files(tmp_path)[0].startswith("b1")
    assert_same_structure(b, import_fresh(tmp_path, "b1", None))
    assert_same_structure(b, persist.load(path))


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_zero_dimensional_external_arrays_keep_their_shape(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    objects = {
        "s": np.array(5.0),
        "t": np.array("2020-01-01", dtype="M8[D]"),
        "u": np.array("héllo"),
        "r": np.array((1, "ab"), dtype=[("a", "<i2"), ("b", "<U2")]),
    }
    path = save(
        objects,
        tmp_path,
        "m",
        package=package,
        data_format=data_format,
        array_threshold=0,
    )
    assert "_arrays['s']" in (path / "__init__.py" if package else path).read_text()
    assert_same_structure(objects, import_fresh(tmp_path, "m", list(objects)))
    assert_same_structure(objects, persist.load(path))
    mapped = persist.load(path, mmap=True)
    for key, value in objects.items():
        assert mapped[key].shape == () and mapped[key].dtype == value.dtype, key
        assert mapped[key][()] == value[()], key


@pytest.mark.parametrize("package", LAYOUTS)
def test_mmap_load_of_hdf5_gives_the_saved_values(
    tmp_path: Path, package: bool
) -> None:
    objects = zoo_objects()
    path = save(
        objects, tmp_path, "m", package=package, data_format="hdf5", array_threshold=1
    )
    loaded = persist.load(path, mmap=True)
    for key, value in objects["zoo"].items():
        got = loaded["zoo"][key]
        assert got.dtype == value.dtype and got.shape == value.shape, key
        assert _dtype_metadata(got.dtype) == [], key
        if value.ndim > 1:
            assert got.flags.f_contiguous == value.flags.f_contiguous, key
        assert np.array_equal(np.asarray(got), value), key
