"""Crash safety: a process saving an archive over and over is killed with
SIGKILL at random moments; after every kill the archive on disk must load.

- package layout (atomic as a whole): it loads as version A or version B
  entirely, never a mix;
- module layout (atomic per file only, see ``persist.store.layout``): it loads,
  and every value is its old or its new version.

The saving child is forked from the test process, so it starts saving at once
(no interpreter start-up to wait through), and alternates A and B, whose
largish external array makes each save take some milliseconds. It reports each
completed save through a pipe; the parent waits for a random number of them
(0-2), then kills after a random fraction of a save's duration, so the kills
land inside saves however loaded the machine is. The numbers are drawn from a
seeded generator, so a failing run can be replayed.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from persist import Archive
from structure import assert_same_structure

KILLS = 50
BIG = 500_000  # float64: 4 MB per save, some 20 ms on this machine


def versions() -> dict[str, dict[str, Any]]:
    """Two versions with the same names and array keys, every value differing."""
    out = {}
    for number, tag in enumerate("AB", start=1):
        big = np.full(BIG, float(number))
        out[tag] = {
            "tag": tag,
            "big": big,
            "table": np.arange(600, dtype="i4").reshape(20, 30) * number,
            "meta": {"version": number, "items": list(range(40 * number))},
            "pair": [big, f"text {tag}"],
        }
    return out


def saver(
    directory: Path,
    package: bool,
    data_format: str,
    start: int,
    report: Path,
    progress: int | None = None,
) -> None:
    """The child: save A, B, A, B, ... until killed, writing a byte to the
    ``progress`` pipe after each save. Never returns; a failure is written to
    ``report`` and ends the child with status 3."""
    try:
        archives = []
        for tag in "AB":
            archive = Archive(array_threshold=100)
            archive.insert(**versions()[tag])
            archives.append(archive)
        k = start
        while True:
            archives[k % 2].save(
                directory, "m", package=package, data_format=data_format
            )
            if progress is not None:
                os.write(progress, b".")
            k += 1
    except BaseException:
        import traceback

        report.write_text(traceback.format_exc())
        os._exit(3)
    finally:
        os._exit(0)


def _same(a: Any, b: Any) -> bool:
    try:
        assert_same_structure(a, b)
    except AssertionError:
        return False
    return True


def _old_or_new(a: Any, b: Any, value: Any, where: str) -> set[str]:
    """Which versions ``value`` comes from. The module's text and its array
    files are replaced one after the other, so a value holding both text and
    external arrays (``pair``) may join new arrays with old text; every part
    of it must still be wholly A's or wholly B's."""
    if _same(a, value):
        return {"A"}
    if _same(b, value):
        return {"B"}
    if isinstance(value, list) and len(value) == len(a) == len(b):
        kinds: set[str] = set()
        for i, part in enumerate(value):
            kinds |= _old_or_new(a[i], b[i], part, f"{where}[{i}]")
        return kinds
    raise AssertionError(f"{where} is neither version: {value!r}")


def _debris(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


def run_kills(
    directory: Path, package: bool, data_format: str, seed: int
) -> tuple[dict[str, int], int]:
    """Kill a saving child KILLS times; check the archive after each kill.

    Returns how often each version was found, and how many kills caught a
    save in the middle (left a temporary file or twin behind)."""
    report = directory.with_name(directory.name + "-child-error.txt")
    expected = versions()
    first = Archive(array_threshold=100)
    first.insert(**expected["A"])
    first.save(directory, "m", package=package, data_format=data_format)
    path = directory / "m" if package else directory / "m.py"
    rng = random.Random(seed)
    seen = {"A": 0, "B": 0, "mixed": 0}
    interrupted = 0
    duration = 0.02  # of one save; updated from the saves seen
    for _ in range(KILLS):
        start = rng.randrange(2)
        wait_for = rng.randrange(3)
        fraction = rng.random()
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork + threads
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(read_end)
            saver(directory, package, data_format, start, report, write_end)
        os.close(write_end)
        began = time.monotonic()
        for _ in range(wait_for):
            ready, _, _ = select.select([read_end], [], [], 60)
            if not ready or not os.read(read_end, 1):
                break  # the child died or hangs: reported below
        if wait_for:
            duration = 0.5 * duration + 0.5 * (time.monotonic() - began) / wait_for
        time.sleep(fraction * 1.5 * duration)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(read_end)
        if not os.WIFSIGNALED(status):
            raise AssertionError(
                "the saving child died before it was killed:\n"
                + (report.read_text() if report.exists() else f"status {status}")
            )
        if _debris(directory):
            interrupted += 1
        loaded = persist.load(path)
        assert sorted(loaded) == sorted(expected["A"]), sorted(loaded)
        if package:
            tag = loaded["tag"]
            assert tag in ("A", "B")
            assert_same_structure(expected[tag], loaded)
            seen[tag] += 1
        else:
            kinds = set()
            for name, value in loaded.items():
                kinds |= _old_or_new(
                    expected["A"][name], expected["B"][name], value, name
                )
            seen[kinds.pop() if len(kinds) == 1 else "mixed"] += 1
    return seen, interrupted


@pytest.mark.slow
@pytest.mark.parametrize("data_format", ["npy", "hdf5"])
def test_killed_package_save_leaves_version_a_or_b(
    tmp_path: Path, data_format: str
) -> None:
    tmp_path = tmp_path / "live"
    tmp_path.mkdir()
    seen, interrupted = run_kills(tmp_path, True, data_format, seed=1001)
    assert seen["A"] and seen["B"], seen  # saves did complete between kills
    assert interrupted >= KILLS // 4, interrupted  # and kills did hit saves
    # the next save clears what the killed ones left
    final = Archive(array_threshold=100)
    final.insert(**versions()["B"])
    final.insert(extra=1)
    final.save(tmp_path, "m", data_format=data_format)
    assert _debris(tmp_path) == []
    assert sorted(os.listdir(tmp_path)) == ["m", "m.bak"]
    assert persist.load(tmp_path / "m")["extra"] == 1


@pytest.mark.slow
@pytest.mark.parametrize("data_format", ["npy", "hdf5"])
def test_killed_module_save_leaves_each_value_old_or_new(
    tmp_path: Path, data_format: str
) -> None:
    tmp_path = tmp_path / "live"
    tmp_path.mkdir()
    seen, interrupted = run_kills(tmp_path, False, data_format, seed=2002)
    assert seen["A"] + seen["B"] + seen["mixed"] == KILLS
    assert seen["A"] and seen["B"], seen
    assert interrupted >= KILLS // 4, interrupted
    # the next save clears the temporary files the killed ones left
    final = Archive(array_threshold=100)
    final.insert(**versions()["B"])
    final.insert(extra=1)
    final.save(tmp_path, "m", package=False, data_format=data_format)
    assert _debris(tmp_path) == []
    assert persist.load(tmp_path / "m.py")["extra"] == 1


@pytest.mark.slow
@pytest.mark.parametrize("data_format", ["npy", "hdf5"])
def test_load_racing_package_saves_reads_version_a_or_b(
    tmp_path: Path, data_format: str
) -> None:
    """``persist.load`` while another process saves the package over and over:
    every load is version A or version B entirely (layout.py: "a reader sees
    the old archive or the new one, never a mix")."""
    directory = tmp_path / "live"
    directory.mkdir()
    expected = versions()
    first = Archive(array_threshold=100)
    first.insert(**expected["A"])
    first.save(directory, "m", data_format=data_format)
    report = tmp_path / "child-error.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        saver(directory, True, data_format, 1, report)
    seen = {"A": 0, "B": 0}
    try:
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline or not (seen["A"] and seen["B"]):
            loaded = persist.load(directory / "m")
            tag = loaded["tag"]
            assert_same_structure(expected[tag], loaded)
            seen[tag] += 1
            assert time.monotonic() < deadline + 10, seen
    finally:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), report.read_text() if report.exists() else status
