"""The ``persist`` console script, run for real in a subprocess."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import persist

SCRIPT = shutil.which("persist")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [SCRIPT] if SCRIPT else [sys.executable, "-m", "persist.cli"]
    env = dict(os.environ, COLUMNS="100")
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


@pytest.mark.parametrize("command", ["demo", "convert", "show", "check", "diff"])
def test_every_subcommand_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"usage: persist {command}" in result.stdout


def test_no_command_is_a_usage_error() -> None:
    result = run()
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_demo_round_trips_and_saves_a_package(tmp_path: Path) -> None:
    result = run("demo", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "round-tripped" in result.stdout
    assert "notes['self'] = notes" in result.stdout  # the cycle, written readably
    assert (tmp_path / "demo_archive" / "__init__.py").exists()
    assert (tmp_path / "demo_archive" / "_arrays" / "signal.npy").exists()


def test_convert_json_npy_npz(tmp_path: Path) -> None:
    (tmp_path / "in.json").write_text(json.dumps({"a": 1, "b": [1, 2, {"c": None}]}))
    np.save(tmp_path / "arr.npy", np.arange(5))
    np.savez(tmp_path / "z.npz", x=np.arange(3), y=np.ones(2))
    assert (
        run(
            "convert", str(tmp_path / "in.json"), "-o", str(tmp_path / "j.py")
        ).returncode
        == 0
    )
    assert persist.load(tmp_path / "j.py") == {"a": 1, "b": [1, 2, {"c": None}]}
    result = run(
        "convert",
        str(tmp_path / "arr.npy"),
        "-o",
        str(tmp_path / "a"),
        "--package",
        "--threshold",
        "2",
        "--scoped",
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a" / "_arrays" / "arr.npy").exists()
    assert np.array_equal(persist.load(tmp_path / "a")["arr"], np.arange(5))
    result = run(
        "convert",
        str(tmp_path / "z.npz"),
        "-o",
        str(tmp_path / "z.py"),
        "--threshold",
        "1",
        "--format",
        "hdf5",
    )
    assert result.returncode == 0, result.stderr
    loaded = persist.load(tmp_path / "z.py")
    assert np.array_equal(loaded["x"], np.arange(3)) and np.array_equal(
        loaded["y"], np.ones(2)
    )
    assert (tmp_path / "z_arrays.h5").exists()


def test_convert_refuses_pickles_without_trust(tmp_path: Path) -> None:
    source = tmp_path / "in.pkl"
    source.write_bytes(pickle.dumps({"p": [1, 2]}))
    result = run("convert", str(source), "-o", str(tmp_path / "p.py"))
    assert result.returncode == 1
    assert "--trust" in result.stderr and "runs" in result.stderr
    assert not (tmp_path / "p.py").exists()
    result = run("convert", str(source), "-o", str(tmp_path / "p.py"), "--trust")
    assert result.returncode == 0, result.stderr
    assert persist.load(tmp_path / "p.py") == {"p": [1, 2]}


def test_convert_bad_inputs(tmp_path: Path) -> None:
    missing = run(
        "convert", str(tmp_path / "nothing.json"), "-o", str(tmp_path / "x.py")
    )
    assert missing.returncode == 1 and "nothing.json" in missing.stderr
    (tmp_path / "bad.json").write_text("{not json")
    bad = run("convert", str(tmp_path / "bad.json"), "-o", str(tmp_path / "x.py"))
    assert bad.returncode == 1 and "bad.json" in bad.stderr and "JSON" in bad.stderr
    (tmp_path / "data.csv").write_text("a,b\n")
    unknown = run("convert", str(tmp_path / "data.csv"), "-o", str(tmp_path / "x.py"))
    assert unknown.returncode == 1 and ".csv" in unknown.stderr


def test_show_archive_and_dataset(tmp_path: Path) -> None:
    persist.dump(tmp_path / "a.py", x=[1, 2, 3], arr=np.zeros((2, 3)))
    result = run("show", str(tmp_path / "a.py"))
    assert result.returncode == 0, result.stderr
    assert "x: list, 3 items" in result.stdout
    assert "arr: numpy.ndarray float64 shape (2, 3)" in result.stdout
    ds = persist.DataSet("ds", "w", path=tmp_path)
    ds.item = [1, 2]
    ds["item"] = "two numbers"
    ds["note"] = {"k": 1}
    result = run("show", str(tmp_path / "ds"))
    assert result.returncode == 0, result.stderr
    assert "item: item; metadata 'two numbers'" in result.stdout
    assert "note: metadata only; metadata {'k': 1}" in result.stdout
    missing = run("show", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "nothing" in missing.stderr


def test_check_reports_file_and_line(tmp_path: Path) -> None:
    path = persist.dump(tmp_path / "a.py", x=[1, 2])
    ok = run("check", str(path))
    assert ok.returncode == 0 and "loads (1 name)" in ok.stdout
    text = path.read_text()
    path.write_text(text.replace("x = [1, 2]", "x = [1, 2"))
    broken = run("check", str(path))
    assert broken.returncode == 1
    assert f"{path}:1:" in broken.stderr


def test_check_safe_verifies_without_running(tmp_path: Path) -> None:
    path = persist.dump(tmp_path / "a.py", x=[1, 2])
    assert run("check", "--safe", str(path)).returncode == 0
    flag = tmp_path / "ran"
    path.write_text(path.read_text() + f"open({str(flag)!r}, 'w').close()\n")
    result = run("check", "--safe", str(path))
    assert result.returncode == 1
    assert "unsafe archive" in result.stderr and f"{path}:" in result.stderr
    assert not flag.exists()


def test_diff_reports_paths_inside_values(tmp_path: Path) -> None:
    a = persist.dump(tmp_path / "a.py", runs=[{"gain": 1.5}, {"gain": 2.0}], old=1)
    b = persist.dump(tmp_path / "b.py", runs=[{"gain": 1.5}, {"gain": 2.5}], new=2)
    same = run("diff", str(a), str(a))
    assert same.returncode == 0 and same.stdout == ""
    result = run("diff", str(a), str(b))
    assert result.returncode == 1
    assert "~ runs[1]['gain']: 2.0 -> 2.5" in result.stdout
    assert "- old: removed (int)" in result.stdout
    assert "+ new: added (int)" in result.stdout


def test_diff_as_git_driver_reads_blobs_without_arrays(tmp_path: Path) -> None:
    archive = persist.Archive(array_threshold=2)
    archive.insert(x=np.arange(5), label="v1")
    old = tmp_path / "old_blob"
    old.write_text(str(archive))
    new = tmp_path / "new_blob"
    new.write_text(str(archive).replace("'v1'", "'v2'"))
    args = ["archive.py", str(old), "0" * 40, "100644", str(new), "1" * 40, "100644"]
    result = run("diff", *args)
    assert result.returncode == 0, result.stderr  # git drivers must not fail
    assert "~ label: 'v1' -> 'v2'" in result.stdout
    assert "x:" not in result.stdout  # the missing array is the same placeholder
