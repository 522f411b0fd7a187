"""DataSet writers killed or stopped at chosen points of a write (a patched
``os`` call in a forked child): what the next writer finds, cleans up and
leaves alone.

The writers killed at random moments are in test_dataset_concurrency.py.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from dataset_helpers import killed_at, stopped_at
from persist import DataSet, DataSetError
from persist.store.generations import RETIRED_GRACE


def _temporaries(directory: Path) -> list[str]:
    """The files whose temporary files are in ``directory`` (``x`` for x.py)."""
    return sorted(p.name.split(".")[1] for p in directory.glob(".*.tmp"))


def test_the_next_write_of_a_file_removes_its_killed_writes_temporaries(
    tmp_path: Path,
) -> None:
    def writer() -> DataSet:
        return DataSet("ds", "a", path=tmp_path)

    writer().x = 0
    d = tmp_path / "ds"
    # killed at the first fsync: that of the temporary file being written
    killed_at("fsync", 1, lambda: setattr(writer(), "x", 1))
    killed_at("fsync", 1, lambda: writer().__setitem__("x", "info"))
    killed_at("fsync", 1, lambda: setattr(writer(), "y", 1))
    assert _temporaries(d) == ["__init__", "x", "y"]
    writer().x = 2  # removes x.py's only
    assert _temporaries(d) == ["__init__", "y"]
    writer()["x"] = "info"  # and __init__.py's
    assert _temporaries(d) == ["y"]
    writer().y = 2
    assert _temporaries(d) == []
    reader = DataSet("ds", "r", path=tmp_path)
    assert (reader.x, reader.y, reader["x"]) == (2, 2, "info")


def test_a_live_writers_temporary_file_is_left_alone(tmp_path: Path) -> None:
    """A writer holds the lock while its temporary file exists, so another
    writer cannot come to remove it: it waits for the lock."""
    DataSet("ds", "w", path=tmp_path).x = 0
    d = tmp_path / "ds"

    def live() -> None:
        DataSet("ds", "a", path=tmp_path).x = 1

    with stopped_at("fsync", 1, live):
        assert _temporaries(d) == ["x"]
        with pytest.raises(DataSetError, match="locked"):
            DataSet("ds", "a", path=tmp_path, timeout=0.1).x = 2
        assert _temporaries(d) == ["x"]
    # killed now: the next write of x removes it
    DataSet("ds", "a", path=tmp_path).x = 3
    assert _temporaries(d) == []


def _arrays(n: int) -> list[np.ndarray]:
    """An item whose generation holds three array files."""
    return [np.full(10, n), np.full(20, n), np.full(30, n)]


def test_a_generation_whose_removal_was_killed_is_never_reused(
    tmp_path: Path,
) -> None:
    """A removal killed midway must not leave part of a generation under its
    name: a later write of the same content would point the item to it. (An
    HDF5 generation is one file, removed in one step.)"""

    def writer() -> DataSet:
        return DataSet("ds", "a", path=tmp_path, array_threshold=5)

    writer().x = _arrays(0)
    writer().x = _arrays(1)  # retires 0's generation
    data = tmp_path / "ds" / "x_data"
    old = time.time() - RETIRED_GRACE - 1
    for generation in data.iterdir():
        os.utime(generation, (old, old))
    # writing 2 removes 0's generation (1's, the previous one, stays): killed
    # when one of its three files is gone
    killed_at("unlink", 2, lambda: setattr(writer(), "x", _arrays(2)))
    writer().x = _arrays(0)  # the same content as the generation removed
    for value, expected in zip(writer().x, _arrays(0), strict=True):
        np.testing.assert_array_equal(value, expected)
    assert not [p for p in data.iterdir() if p.name.startswith(".")]


def test_a_write_replaces_a_generation_that_misses_files(tmp_path: Path) -> None:
    """What an older persist's killed removal left (or a hand's): a write of
    the same content writes the generation anew instead of reusing it."""
    ds = DataSet("ds", "w", path=tmp_path, array_threshold=5)
    ds.x = _arrays(0)
    (generation,) = (tmp_path / "ds" / "x_data").iterdir()
    ds.x = _arrays(1)
    (generation / "x_0.npy").unlink()
    ds.x = _arrays(0)
    for value, expected in zip(ds.x, _arrays(0), strict=True):
        np.testing.assert_array_equal(value, expected)
