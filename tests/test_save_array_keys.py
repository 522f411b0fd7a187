"""Array keys: changing one array rewrites only its file (or its hdf5 dataset)
under the same key, and the keys and files are the same in every run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import persist
from diskutil import changed, fresh_python, snapshot
from save_helpers import LAYOUTS, save
from structure import assert_same_structure


@pytest.mark.parametrize("package", LAYOUTS)
def test_changing_one_array_rewrites_one_file_and_renames_nothing(
    tmp_path: Path, package: bool
) -> None:
    x, y = np.arange(10), np.arange(20)
    save(
        {"a": 1, "x": x, "b": [x, y]}, tmp_path, "m", package=package, backup_data=False
    )
    store = "m/_arrays" if package else "m_arrays"
    module = "m/__init__.py" if package else "m.py"
    before = snapshot(tmp_path, pycache=False)
    assert sorted(p for p in before if p.endswith(".npy")) == [
        f"{store}/b_1.npy",
        f"{store}/x.npy",
    ]

    save(
        {"a": 1, "x": x, "b": [x, y + 1]},
        tmp_path,
        "m",
        package=package,
        backup_data=False,
    )
    after = snapshot(tmp_path, pycache=False)
    assert sorted(after) == sorted(before)  # same names: nothing renamed
    assert [p for p in changed(before, after) if after[p].kind == "file"] == [
        f"{store}/b_1.npy"
    ]
    # the unchanged array and the unchanged text keep inode and mtime
    for kept in (f"{store}/x.npy", module):
        assert after[kept].inode == before[kept].inode
        assert after[kept].mtime_ns == before[kept].mtime_ns
    assert_same_structure(
        {"a": 1, "x": x, "b": [x, y + 1]}, persist.load(tmp_path / "m")
    )


@pytest.mark.parametrize("package", LAYOUTS)
def test_changing_one_array_keeps_the_hdf5_keys(tmp_path: Path, package: bool) -> None:
    import h5py

    x, y = np.arange(10), np.arange(20)
    save(
        {"a": 1, "x": x, "b": [x, y]},
        tmp_path,
        "m",
        package=package,
        data_format="hdf5",
        backup_data=False,
    )
    before = snapshot(tmp_path, pycache=False)
    save(
        {"a": 1, "x": x, "b": [x, y + 1]},
        tmp_path,
        "m",
        package=package,
        data_format="hdf5",
        backup_data=False,
    )
    after = snapshot(tmp_path, pycache=False)
    store = tmp_path / ("m/_arrays.h5" if package else "m_arrays.h5")
    assert [p for p in changed(before, after) if after[p].kind == "file"] == [
        store.relative_to(tmp_path).as_posix()
    ]
    with h5py.File(store, "r") as file:
        assert sorted(file) == ["b_1", "x"]


def test_array_keys_and_files_are_the_same_in_every_run(tmp_path: Path) -> None:
    code = """
    import numpy as np, persist
    x, y = np.arange(10), np.arange(20)
    d = {{'p': y[:7].copy(), 'q': [x]}}
    persist.dump({out!r}, array_threshold=5, a=1, x=x, b=[x, y], d=d)
    """
    for seed in ("1", "2", "3"):
        out = tmp_path / f"run{seed}" / "m"
        fresh_python(
            code.format(out=str(out)), block_persist=False, env={"PYTHONHASHSEED": seed}
        )
    runs = [
        {k: v.data for k, v in snapshot(tmp_path / f"run{s}", pycache=False).items()}
        for s in ("1", "2", "3")
    ]
    assert runs[0] == runs[1] == runs[2]
    assert sorted(p for p in runs[0] if p.endswith(".npy")) == [
        "m/_arrays/b_1.npy",
        "m/_arrays/d_p.npy",
        "m/_arrays/x.npy",
    ]


def test_array_files_differ_in_more_than_case(tmp_path: Path) -> None:
    """``T.npy`` and ``t.npy`` are one file where names ignore case (macOS,
    Windows): one array would silently load in the place of the other."""
    big, small = np.arange(10), np.arange(5, 15)
    path = save({"T": big, "t": small}, tmp_path, "m", package=True)
    names = sorted(p.name for p in (path / "_arrays").iterdir())
    assert len({name.casefold() for name in names}) == len(names) == 2
    assert_same_structure(persist.load(path), {"T": big, "t": small})
