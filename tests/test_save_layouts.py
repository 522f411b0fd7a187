"""Saving: the files a save writes for each layout and array format, their
permissions, ``save_data`` alone, and a save without a name refused."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
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


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process's umask for a test; the old one comes back after."""
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


def _modes(root: Path) -> dict[str, int]:
    """Permissions of everything a save wrote under ``root``, and of ``root``'s
    entries themselves."""
    return {p: (root / p).stat().st_mode & 0o777 for p in files(root, pycache=True)}


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", LAYOUTS)
@pytest.mark.parametrize("mask", [0o022, 0o077], ids=["umask022", "umask077"])
def test_new_files_follow_the_umask(
    tmp_path: Path,
    package: bool,
    data_format: str,
    mask: int,
    umask: Callable[[int], None],
) -> None:
    """Like any file a program writes: with the usual umask everyone may read
    the archive (a DataSet is often shared between users); a private umask
    keeps it private. The first save and a rewrite agree."""
    umask(mask)
    for _ in range(2):
        save(seed_objects(), tmp_path, "m", package=package, data_format=data_format)
        modes = _modes(tmp_path)
        if package:
            modes["m"] = (tmp_path / "m").stat().st_mode & 0o777
        for path, mode in modes.items():
            full = 0o777 if (tmp_path / path).is_dir() else 0o666
            assert mode == full & ~mask, f"{path}: {oct(mode)}"


@pytest.mark.parametrize("package", LAYOUTS)
def test_a_rewrite_keeps_the_archives_permissions(
    tmp_path: Path, package: bool, umask: Callable[[int], None]
) -> None:
    """An archive its owner made private stays private when it is saved again
    (each file is replaced by a new one, which must not reopen it)."""
    save(seed_objects(), tmp_path, "m", package=package)
    target = tmp_path / ("m" if package else "m.py")
    private = {path: 0o700 if path.is_dir() else 0o600 for path in target.rglob("*")}
    private[target] = 0o700 if package else 0o600
    for path, mode in private.items():
        path.chmod(mode)
    objects = seed_objects()
    objects["x"] = 2.5  # a change, so the module is rewritten
    save(objects, tmp_path, "m", package=package)
    assert persist.load(target)["x"] == 2.5
    for path, mode in private.items():
        if path.exists():
            assert path.stat().st_mode & 0o777 == mode, f"{path}"


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


def test_save_data_leaves_the_other_files_of_its_directory(tmp_path: Path) -> None:
    """The arrays go into the directory, which may be the user's: what else it
    holds stays (it was replaced whole, and those files were lost). A changed
    array's old file becomes ``.bak`` (``backup_data``); an unchanged one is
    not rewritten."""
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "sub").mkdir()
    archive = Archive(array_threshold=5)
    archive.insert(x=np.arange(10), y=np.ones(8))
    assert archive.save_data(datafile=tmp_path) == tmp_path
    y_inode = (tmp_path / "y.npy").stat().st_ino
    again = Archive(array_threshold=5)
    again.insert(x=np.arange(10) * 2, y=np.ones(8))
    again.save_data(datafile=tmp_path)
    assert sorted(os.listdir(tmp_path)) == [
        "notes.txt", "sub", "x.npy", "x.npy.bak", "y.npy"
    ]  # fmt: skip
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert np.array_equal(np.load(tmp_path / "x.npy"), np.arange(10) * 2)
    assert np.array_equal(np.load(tmp_path / "x.npy.bak"), np.arange(10))
    assert (tmp_path / "y.npy").stat().st_ino == y_inode


@pytest.mark.parametrize(
    ("data_format", "written"), [("npy", "arrays/x.npy"), ("hdf5", "arrays.h5")]
)
def test_save_data_puts_filename_within_datafile(
    tmp_path: Path, data_format: str, written: str
) -> None:
    """As in persist 3.2: ``filename`` names the store inside ``datafile``."""
    archive = Archive(array_threshold=5)
    archive.insert(x=np.arange(10))
    path = archive.save_data(tmp_path / "run", "arrays", data_format=data_format)
    assert path is not None and (tmp_path / "run" / written).exists()
    assert files(tmp_path) == [f"run/{written}"]


def test_save_data_without_a_datafile_warns_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    archive = Archive(array_threshold=5)
    archive.insert(x=np.arange(10))
    with pytest.warns(UserWarning, match=r"wrote nothing: the arrays \['x'\]"):
        assert archive.save_data() is None
    assert os.listdir(tmp_path) == []


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


def test_a_plain_folder_beside_a_module_is_not_taken_for_the_archive(
    tmp_path: Path,
) -> None:
    """``import m`` finds ``m.py`` when the folder ``m/`` has no
    ``__init__.py``: so does ``persist.load`` (it said: not a package)."""
    save({"a": 1}, tmp_path, "m", package=False)
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "notes.txt").write_text("mine")
    assert persist.load(tmp_path / "m") == {"a": 1}
