"""DataSet writers killed or stopped at chosen points of a write (a patched
``os`` call in a forked child): what the next writer finds, cleans up and
leaves alone.

The writers killed at random moments are in test_dataset_concurrency.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dataset_helpers import killed_at, stopped_at
from persist import DataSet, DataSetError


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
