"""DataSet modes and locking: read-only mode writes nothing, 'w' and 'a' create a
missing DataSet, a path that is not a DataSet is refused and left untouched,
missing keys, backups, generated names, pickling, and the writers' lock (a
timeout naming the holder, ``synchronize=False``)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import persist
from dataset_helpers import check_items, killed_at, make, snapshot, store_files
from persist import DataSet, DataSetError

# -- modes ------------------------------------------------------------------------


def test_read_only_mode_refuses_every_write_and_changes_no_file(tmp_path: Path) -> None:
    make(tmp_path)
    before = snapshot(tmp_path)
    ds = DataSet("ds", "r", path=tmp_path)
    where = str(tmp_path / "ds")
    writes = [
        lambda: setattr(ds, "x", 1),
        lambda: setattr(ds, "brand_new", np.arange(100)),
        lambda: ds.__setitem__("x", "new info"),
        lambda: ds.__setitem__("brand_new", "info"),
        lambda: ds.update({"x": 1, "y": 2}),
        lambda: ds.update(z=3),
        lambda: ds._insert([1, 2], info="i"),
        lambda: ds._insert([1, 2], name="named"),
    ]
    for write in writes:
        with pytest.raises(DataSetError, match="read-only") as info:
            write()
        assert where in str(info.value)
    # reading everything, memory-mapped too, writes nothing either
    check_items(ds)
    ds.load("x", mmap=True)
    list(ds), dir(ds), len(ds), repr(ds), "x" in ds  # noqa: B018
    pickle.loads(pickle.dumps(ds)).x  # noqa: B018
    ds.close()
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("mode", ["w", "a"])
def test_writable_modes_create_a_missing_dataset(tmp_path: Path, mode: str) -> None:
    ds = DataSet("ds", mode, path=tmp_path / "deeper" / "still")
    d = tmp_path / "deeper" / "still" / "ds"
    assert (d / "_this_dir_is_a_DataSet").exists() and (d / "__init__.py").exists()
    assert list(ds) == [] and len(ds) == 0
    ds.k = 1
    assert DataSet("ds", "r", path=d.parent).k == 1
    # an empty directory may become a DataSet too
    (tmp_path / "empty").mkdir()
    DataSet("empty", mode, path=tmp_path).k = 2
    assert DataSet("empty", "r", path=tmp_path).k == 2


# where creating a DataSet is killed: writing __init__.py (its fsync, its
# replace), then writing the marker; each leaves a temporary file
CREATION_KILLS = [("fsync", 1), ("replace", 1), ("fsync", 3), ("replace", 2)]


@pytest.mark.parametrize("mode", ["w", "a"])
@pytest.mark.parametrize(("call", "n"), CREATION_KILLS)
def test_a_creation_killed_midway_is_completed_by_the_next_writer(
    tmp_path: Path, mode: str, call: str, n: int
) -> None:
    killed_at(call, n, lambda: DataSet("ds", "w", path=tmp_path))
    d = tmp_path / "ds"
    assert [p.name for p in d.glob(".*.tmp")], sorted(os.listdir(d))
    # not a DataSet yet, as an empty directory is not one
    with pytest.raises(DataSetError, match="not a DataSet"):
        DataSet("ds", "r", path=tmp_path)
    DataSet("ds", mode, path=tmp_path).k = 1
    assert DataSet("ds", "r", path=tmp_path).k == 1
    assert list(d.glob(".*.tmp")) == []


def test_missing_dataset_in_read_mode_is_an_error_that_touches_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "other").write_text("x")
    before = snapshot(tmp_path)
    with pytest.raises(DataSetError, match="does not exist") as info:
        DataSet("ds", "r", path=tmp_path)
    assert str(tmp_path / "ds") in str(info.value)
    with pytest.raises(DataSetError):
        DataSet("ds", "r", path=tmp_path / "no" / "such" / "dir")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("mode", ["r", "w", "a"])
@pytest.mark.parametrize("what", ["directory", "file"])
def test_a_path_that_is_not_a_dataset_is_refused_and_untouched(
    tmp_path: Path, mode: str, what: str
) -> None:
    target = tmp_path / "ds"
    if what == "directory":
        target.mkdir()
        (target / "notes.txt").write_text("mine")
        (target / "__init__.py").write_text("x = 1\n")
    else:
        target.write_text("a file")
    before = snapshot(tmp_path)
    with pytest.raises(DataSetError, match="not a DataSet") as info:
        DataSet("ds", mode, path=tmp_path)
    assert str(target) in str(info.value)
    assert snapshot(tmp_path) == before


def _obeying_permissions() -> list[str]:
    """The command prefix for a child that obeys file permissions: root's
    override of them is dropped (``setpriv``); other users have none."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, without setpriv to drop its override")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}"]


OPEN_EACH_MODE = """
import json, sys
from persist import DataSet
outcome = {}
for mode in "wa":
    try:
        DataSet("ds", mode, path=sys.argv[1])
        outcome[mode] = "opened"
    except Exception as exc:
        outcome[mode] = f"{type(exc).__name__}: {exc}"
outcome["r"] = DataSet("ds", "r", path=sys.argv[1]).k
print(json.dumps(outcome))
"""


def test_a_read_only_directory_in_writable_modes_is_a_dataset_error(
    tmp_path: Path,
) -> None:
    DataSet("ds", "w", path=tmp_path).k = 1
    d = tmp_path / "ds"
    for entry in [d, *d.iterdir()]:
        entry.chmod(0o555 if entry.is_dir() else 0o444)
    try:
        result = subprocess.run(
            [*_obeying_permissions(), sys.executable, "-c", OPEN_EACH_MODE, tmp_path],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        for entry in [d, *d.iterdir()]:
            entry.chmod(0o755 if entry.is_dir() else 0o644)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    for mode in "wa":
        assert outcome[mode].startswith("DataSetError"), outcome[mode]
        assert repr(str(d)) in outcome[mode] and "mode='r'" in outcome[mode]
    assert outcome["r"] == 1


def test_an_empty_directory_is_not_a_dataset_to_read(tmp_path: Path) -> None:
    # ('w' and 'a' may make it one: see test_writable_modes_create_...)
    (tmp_path / "ds").mkdir()
    before = snapshot(tmp_path)
    with pytest.raises(DataSetError, match="not a DataSet"):
        DataSet("ds", "r", path=tmp_path)
    assert snapshot(tmp_path) == before


def test_invalid_mode_and_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode"):
        DataSet("ds", "x", path=tmp_path)
    with pytest.raises(persist.ArchiveError, match="zip"):
        DataSet("ds", "w", path=tmp_path, data_format="zip")
    assert list(tmp_path.iterdir()) == []


def test_missing_key_errors_name_the_key(tmp_path: Path) -> None:
    make(tmp_path)
    ds = DataSet("ds", "r", path=tmp_path)
    with pytest.raises(AttributeError, match="'nokey'"):
        ds.nokey  # noqa: B018
    with pytest.raises(AttributeError, match="'nokey'"):
        ds.load("nokey")
    with pytest.raises(KeyError, match="'nokey'"):
        ds["nokey"]
    assert getattr(ds, "nokey", "default") == "default"
    assert not hasattr(ds, "nokey")
    with pytest.raises(AttributeError):
        ds._private  # noqa: B018
    with pytest.raises(AttributeError):
        ds.__array_interface__  # noqa: B018


def test_backup_data_keeps_the_previous_item(tmp_path: Path) -> None:
    ds = DataSet("ds", "w", path=tmp_path, backup_data=True)
    ds.x = [1]
    assert not (tmp_path / "ds" / "x.py.bak").exists()
    ds.x = [2]
    assert ds.x == [2]
    assert "[1]" in (tmp_path / "ds" / "x.py.bak").read_text()
    plain = DataSet("ds", "a", path=tmp_path)
    plain.y = 1
    plain.y = 2
    assert not (tmp_path / "ds" / "y.py.bak").exists()


def test_insert_generates_names_with_the_prefix(tmp_path: Path) -> None:
    ds = DataSet("ds", "w", path=tmp_path, name_prefix="run_")
    assert ds._insert([1], info={"n": 1}) == ["run_0"]
    assert ds._insert([2], info={"n": 2}) == ["run_1"]
    assert ds._insert([3], name="chosen") == ["chosen"]
    assert (ds.run_0, ds.run_1, ds.chosen) == ([1], [2], [3])
    assert ds["run_1"] == {"n": 2} and ds["chosen"] is None


def test_pickling_reopens_with_the_same_options(tmp_path: Path) -> None:
    ds = DataSet(
        "ds", "w", path=tmp_path, array_threshold=5, data_format="hdf5", mmap=True
    )
    ds.big = np.arange(50.0)
    clone = pickle.loads(pickle.dumps(ds))
    assert clone._mode == "a" and clone._data_format == "hdf5"
    assert clone._array_threshold == 5 and clone._mmap
    clone.other = np.arange(10)
    assert list(store_files(tmp_path / "ds", "other"))[0].suffix == ".h5"
    reader = pickle.loads(pickle.dumps(DataSet("ds", "r", path=tmp_path)))
    with pytest.raises(DataSetError, match="read-only"):
        reader.z = 1
    np.testing.assert_array_equal(reader.other, np.arange(10))


# -- locking ----------------------------------------------------------------------

HOLD_LOCK = """
import sys, time
from persist import DataSet
ds = DataSet('ds', 'a', path=sys.argv[1], synchronize=False)
print('locked', flush=True)
time.sleep(60)
"""


def test_timeout_names_the_dataset_and_the_holder_pid(tmp_path: Path) -> None:
    make(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        ds = DataSet("ds", "r", path=tmp_path)
        check_items(ds)  # readers take no lock
        for attempt in (
            lambda: DataSet("ds", "a", path=tmp_path, timeout=0.5),
            lambda: DataSet("ds", "w", path=tmp_path, timeout=0.5),
        ):
            start = time.perf_counter()
            with pytest.raises(DataSetError) as info:
                attempt()
            elapsed = time.perf_counter() - start
            assert 0.4 < elapsed < 10
            message = str(info.value)
            assert str(tmp_path / "ds") in message
            assert str(holder.pid) in message
            assert "lock" in message
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
    # the holder died holding the lock: the next writer is not blocked
    ds = DataSet("ds", "a", path=tmp_path, timeout=5)
    ds.after = 1
    assert DataSet("ds", "r", path=tmp_path).after == 1


def test_synchronize_false_holds_the_lock_until_close(tmp_path: Path) -> None:
    make(tmp_path)
    with DataSet("ds", "a", path=tmp_path, synchronize=False) as held:
        held.k = 1
        held["k"] = "info"
        with pytest.raises(DataSetError, match=str(os.getpid())):
            DataSet("ds", "a", path=tmp_path, timeout=0.2)
    other = DataSet("ds", "a", path=tmp_path, timeout=0.2)
    other.k = 2
    assert other.k == 2 and other["k"] == "info"
