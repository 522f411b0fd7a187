"""Saving: the files a save writes for each layout and array format, their
permissions, ``save_data`` alone, and a save without a name refused."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import persist
from diskutil import files
from persist import Archive
from save_helpers import FORMATS, LAYOUTS, layout_files, save, seed_objects
from structure import assert_same_structure


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_save_writes_the_documented_layout(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    path = save(seed_objects(), tmp_path, "m", package=package, data_format=data_format)
    assert path == (tmp_path / "m" if package else tmp_path / "m.py")
    assert files(tmp_path) == layout_files("m", package, data_format, ["b_1", "x"])
    # nothing hidden (temporary files, twins) is left behind
    assert [p for p in files(tmp_path, pycache=True) if "/." in "/" + p] == []


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
def test_saved_archive_is_readable_by_everyone(
    tmp_path: Path, package: bool, data_format: str
) -> None:
    """Like any file written with the usual umask: directories 0o755, files
    0o644 (a DataSet is often shared between users)."""
    save(seed_objects(), tmp_path, "m", package=package, data_format=data_format)
    save(seed_objects(), tmp_path, "m", package=package, data_format=data_format)
    for path in [tmp_path / p for p in files(tmp_path, pycache=True)]:
        while path != tmp_path:
            mode = path.stat().st_mode & 0o777
            expected = 0o755 if path.is_dir() else 0o644
            assert mode & expected == expected, f"{path}: {oct(mode)}"
            path = path.parent


@pytest.mark.parametrize("package", LAYOUTS)
def test_archive_without_large_arrays_writes_only_the_module(
    tmp_path: Path, package: bool
) -> None:
    save(
        {"a": [1, 2], "s": "text"}, tmp_path, "m", package=package, array_threshold=None
    )
    assert files(tmp_path) == layout_files("m", package, "npy", [])
    assert persist.load(tmp_path / "m") == {"a": [1, 2], "s": "text"}


def test_save_data_writes_one_npy_per_key(tmp_path: Path) -> None:
    archive = Archive(array_threshold=5)
    archive.insert(**seed_objects())
    path = archive.save_data(datafile=tmp_path / "arrays")
    assert path == tmp_path / "arrays"
    assert sorted(os.listdir(path)) == ["b_1.npy", "x.npy"]
    for key, value in archive.data.items():
        loaded = np.load(path / f"{key}.npy")
        assert_same_structure(value, loaded)


@pytest.mark.parametrize(
    "datafile, written", [("arrays", "arrays.h5"), ("data.h5", "data.h5")]
)
def test_save_data_writes_one_hdf5_file(
    tmp_path: Path, datafile: str, written: str
) -> None:
    import h5py

    archive = Archive(array_threshold=5)
    archive.insert(**seed_objects())
    path = archive.save_data(datafile=tmp_path / datafile, data_format="hdf5")
    assert path == tmp_path / written
    assert os.listdir(tmp_path) == [written]
    with h5py.File(path, "r") as file:
        assert sorted(file) == ["b_1", "x"]
        for key, value in archive.data.items():
            assert_same_structure(value, file[key][()])


def test_save_data_without_arrays_writes_nothing(tmp_path: Path) -> None:
    archive = Archive(array_threshold=5)
    archive.insert(a=[1, 2, 3])
    assert archive.save_data(datafile=tmp_path / "arrays") is None
    assert os.listdir(tmp_path) == []


def test_save_refuses_a_missing_name_outside_single_item_mode(tmp_path: Path) -> None:
    archive = Archive()
    archive.insert(a=1)
    with pytest.raises(persist.ArchiveError, match="name"):
        archive.save(tmp_path)
    assert os.listdir(tmp_path) == []
