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


def test_python_m_persist_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "persist", "show", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: persist show" in result.stdout


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
    persist.dump(
        tmp_path / "a.py", x=[1, 2, 3], arr=np.zeros((2, 3)), one=[1], s="a", b=b""
    )
    result = run("show", str(tmp_path / "a.py"))
    assert result.returncode == 0, result.stderr
    assert "x: list, 3 items" in result.stdout
    assert "one: list, 1 item\n" in result.stdout
    assert "s: str, 1 character\n" in result.stdout
    assert "b: bytes, 0 bytes\n" in result.stdout
    assert "arr: numpy.ndarray float64 shape (2, 3)" in result.stdout
    ds = persist.DataSet("ds", "w", path=tmp_path)
    ds.item = [1, 2]
    ds["item"] = "two numbers"
    ds["note"] = {"k": 1}
    result = run("show", str(tmp_path / "ds"))
    assert result.returncode == 0, result.stderr
    assert "(2 keys)" in result.stdout
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


def test_check_show_and_diff_read_a_file_as_import_does(tmp_path: Path) -> None:
    """A file with a UTF-8 byte-order mark imports; every command reads it."""
    marked = tmp_path / "marked.py"
    marked.write_bytes(b"\xef\xbb\xbfgain = 1.5\n")
    plain = persist.dump(tmp_path / "plain.py", gain=1.75)
    assert run("check", str(marked)).returncode == 0
    assert run("check", "--safe", str(marked)).returncode == 0
    assert "gain: float" in run("show", str(marked)).stdout
    diff = run("diff", str(marked), str(plain))
    assert diff.returncode == 1 and "gain: 1.5 -> 1.75" in diff.stdout


def test_check_of_an_undecodable_file_is_a_clean_error(tmp_path: Path) -> None:
    """Bytes that are not in the file's encoding: an error message naming the
    file, with and without --safe (--safe printed a UnicodeDecodeError
    traceback)."""
    path = tmp_path / "bad.py"
    path.write_bytes("label = 'café'\n".encode("latin-1"))  # declares nothing
    for args in (["check"], ["check", "--safe"]):
        result = run(*args, str(path))
        assert result.returncode == 1
        assert result.stderr.startswith(f"persist check: error: {path}: cannot read")
        assert "Traceback" not in result.stderr


def test_check_safe_finds_a_module_given_without_its_suffix(tmp_path: Path) -> None:
    """As ``check`` and ``show --safe`` do; ``check --safe`` said "no such
    archive"."""
    persist.dump(tmp_path / "plain.py", x=1)
    result = run("check", "--safe", str(tmp_path / "plain"))
    assert result.returncode == 0, result.stderr
    assert "plain.py: passes" in result.stdout
    missing = run("check", "--safe", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "no such archive" in missing.stderr


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


def test_diff_of_an_archive_with_itself_finds_no_nan_changes(tmp_path: Path) -> None:
    """A NaN (or NaT) is the same as a NaN of the same type: only Python
    floats and float arrays said so, every other NaN was a change."""
    import decimal

    nan = float("nan")
    values = {
        "when": np.array(["NaT", "2020-01-01"], dtype="M8[s]"),
        "then": np.datetime64("NaT"),
        "lag": np.timedelta64("NaT"),
        "f32": np.float32(nan),
        "f16": np.float16(nan),
        "long": np.longdouble(nan),
        "z": complex(nan, 1),
        "z128": np.complex128(complex(1, nan)),
        "d": decimal.Decimal("NaN"),
        "records": np.array([(1, nan)], dtype=[("a", "i4"), ("b", "f8")]),
        "bag": {nan},
    }
    for threshold in (None, 0):
        archive = persist.dump(
            tmp_path / f"a{threshold}.py", array_threshold=threshold, **values
        )
        same = run("diff", str(archive), str(archive))
        assert same.returncode == 0 and same.stdout == "", same.stdout
    changed = persist.dump(tmp_path / "b.py", **{**values, "f32": np.float32(1)})
    result = run("diff", str(tmp_path / "aNone.py"), str(changed))
    assert result.returncode == 1 and result.stdout.count("~") == 1, result.stdout


@pytest.mark.parametrize("dtype", ["c8", "c16"])
def test_diff_tells_complex_nans_apart_by_their_other_part(dtype: str) -> None:
    """numpy's ``equal_nan`` takes any complex value with a NaN part for any
    other: ``nan+1j`` and ``nan+2j``, even ``1+nanj``, compared the same."""
    from persist.compare import same_array

    nan = float("nan")
    one = np.array([complex(nan, 1), 3], dtype=dtype)
    assert same_array(one, one.copy())
    for other in (complex(nan, 2), complex(1, nan)):
        assert not same_array(one, np.array([other, 3], dtype=dtype))


def test_diff_tells_a_negative_zero_from_zero_in_arrays() -> None:
    """``-0.0 == 0.0``, but they are other numbers (``1 / -0.0`` is ``-inf``),
    as the diff already said of Python floats."""
    from persist.compare import same_array

    for dtype in ("f2", "f4", "f8", "c16"):
        zero = np.array([0.0, 1.0], dtype=dtype)
        assert same_array(zero, zero.copy())
        assert not same_array(zero, np.array([-0.0, 1.0], dtype=dtype)), dtype
    assert not same_array(np.asarray(np.float32(0.0)), np.asarray(np.float32(-0.0)))


def test_convert_keeps_keys_python_would_read_as_one_name(tmp_path: Path) -> None:
    """Keys that are identifiers only after NFKC normalisation (a ligature, a
    micro sign) are not names: they stay dict keys under ``data``."""
    source = tmp_path / "c.json"
    keys = {"\u00b5": 1.5, "\u03bc": 2.5, "\ufb01t": 3, "fit": 4}
    source.write_text(json.dumps(keys), encoding="utf-8")
    result = run("convert", str(source), "-o", str(tmp_path / "conv.py"))
    assert result.returncode == 0, result.stderr
    assert persist.load(tmp_path / "conv.py") == {"data": keys}


@pytest.mark.parametrize("data_format", ["npy", "hdf5"])
def test_show_check_and_diff_map_the_arrays_they_look_at(
    tmp_path: Path, data_format: str
) -> None:
    """They read every array whole (show: 277 MB to print a 229 MB array's
    shape); they now map them and compare them a chunk at a time."""
    from persist.compare import load_side

    archive = persist.Archive(array_threshold=10)
    archive.insert(x=np.arange(100.0))
    path = archive.save(tmp_path, "m", data_format=data_format)
    names, _ = load_side(path)
    assert isinstance(names["x"], np.memmap) and not names["x"].flags.writeable
    persist.dump(tmp_path / "inline.py", x=np.arange(100.0))
    same = run("diff", str(path), str(tmp_path / "inline.py"))
    assert same.returncode == 0 and same.stdout == "", same.stdout
    shown = run("show", str(path))
    assert "numpy.ndarray float64 shape (100,)" in shown.stdout, shown.stdout


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


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, HOME=str(repo), GIT_CONFIG_NOSYSTEM="1")
    env.pop("GIT_DIR", None)
    for who in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{who}_NAME"] = "Test"
        env[f"GIT_{who}_EMAIL"] = "test@example.invalid"
    result = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def git_repo(path: Path) -> Path:
    """A repository whose ``*.py`` files git diffs with ``persist diff``."""
    path.mkdir()
    git(path, "init", "-q", ".")
    (path / ".gitattributes").write_text("*.py diff=persist\n")
    (path / ".gitignore").write_text("__pycache__/\n")
    command = "persist diff" if SCRIPT else f"{sys.executable} -m persist.cli diff"
    git(path, "config", "diff.persist.command", command)
    return path


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.mark.parametrize("data_format", ["npy", "hdf5"])
def test_git_diff_driver_with_an_array_store(tmp_path: Path, data_format: str) -> None:
    if data_format == "hdf5":
        pytest.importorskip("h5py")
    repo = git_repo(tmp_path / "repo")

    def save(lr: float) -> None:
        persist.dump(
            repo / "run.py",
            array_threshold=3,
            data_format=data_format,
            params={"lr": lr, "epochs": 10},
            weights=np.arange(10.0),
            layers={"first": np.ones((2, 3))},
        )

    save(0.1)
    commit_all(repo, "first run")
    save(0.05)
    expected = "persist diff run.py\n~ params['lr']: 0.1 -> 0.05\n"
    # the old side is a temporary copy without a store, the new one the work tree
    worktree = git(repo, "diff", "--", "run.py")
    assert worktree == expected
    commit_all(repo, "second run")
    # both sides temporary copies, neither with a store
    assert git(repo, "diff", "HEAD~1", "HEAD", "--", "run.py") == expected
    assert git(repo, "diff", "HEAD", "--", "run.py") == ""


def test_git_diff_driver_names_unavailable_arrays_only_when_they_differ(
    tmp_path: Path,
) -> None:
    repo = git_repo(tmp_path / "repo")
    persist.dump(repo / "run.py", array_threshold=3, kept=np.ones(5), gone=np.ones(6))
    commit_all(repo, "first")
    persist.dump(repo / "run.py", array_threshold=3, kept=np.ones(5), new=np.ones(7))
    out = git(repo, "diff", "--", "run.py")
    assert out.splitlines() == [
        "persist diff run.py",
        "- gone: removed (external array 'gone', store not available)",
        "+ new: added (numpy.ndarray float64 shape (7,))",
    ]
    commit_all(repo, "second")
    out = git(repo, "diff", "HEAD~1", "HEAD", "--", "run.py")
    assert "+ new: added (external array 'new', store not available)" in out
    assert "kept" not in out and "Unavailable" not in out and "Missing" not in out


def test_git_diff_driver_falls_back_to_text(tmp_path: Path) -> None:
    sparse = pytest.importorskip("scipy.sparse")
    repo = git_repo(tmp_path / "repo")
    persist.dump(repo / "m.py", array_threshold=3, m=sparse.csr_matrix(np.eye(5)), k=1)
    commit_all(repo, "first")
    persist.dump(repo / "m.py", array_threshold=3, m=sparse.csr_matrix(np.eye(5)), k=2)
    # a sparse matrix cannot be built from placeholders: git still gets a diff
    out = git(repo, "diff", "--", "m.py")
    assert "values not compared" in out
    assert "without its external arrays" in out
    assert "-k = 1\n+k = 2\n" in out


def test_differences_compare_unavailable_arrays_by_key() -> None:
    from persist.compare import Unavailable, differences

    real = np.arange(3)
    origins = {id(real): "x"}
    assert differences({"x": Unavailable("x")}, {"x": real}, origins=origins) == []
    assert differences({"x": Unavailable("x")}, {"x": Unavailable("x")}) == []
    assert differences({"x": Unavailable("x")}, {"x": np.arange(3.0)}) == [
        "~ x: <external array 'x', store not available> -> "
        "numpy.ndarray float64 shape (3,)"
    ]
    assert differences({"x": [Unavailable("a")]}, {"x": [Unavailable("b")]}) == [
        "~ x[0]: <external array 'a', store not available> -> "
        "<external array 'b', store not available>"
    ]


class Slots:
    __slots__ = ("a", "b")

    def __init__(self, a: object, b: object = None) -> None:
        self.a, self.b = a, b


def test_differences_walk_slots_object_arrays_and_deques() -> None:
    """Two loads of one archive have no object in common: what compares by
    identity (a slotted object, an object array's cells, a deque's items) is
    compared part by part, and an object array holding arrays or itself is
    walked, not compared whole (which raised, or recursed without end)."""
    import collections
    import fractions

    from persist.compare import differences

    def value(change: int) -> dict[str, object]:
        cells = np.empty(3, dtype=object)
        cells[0], cells[1], cells[2] = np.arange(3), Slots(change), cells
        return {
            "s": Slots([1, 2], Slots(change)),
            "cells": cells,
            "queue": collections.deque([Slots(1), Slots(change)]),
            "huge": {10**5000: change},  # a key without decimal text
            "ratio": fractions.Fraction(change, 3),  # slotted, with its own ==
        }

    assert differences(value(1), value(1)) == []
    assert differences(value(1), value(2)) == [
        "~ s.b.a: 1 -> 2",
        "~ cells[1].a: 1 -> 2",
        "~ queue[1].a: 1 -> 2",
        "~ huge<value 0>: 1 -> 2",
        "~ ratio: Fraction(1, 3) -> Fraction(2, 3)",
    ]


def test_differences_report_one_change_in_every_place() -> None:
    """1 -> 2 in two places is two differences (the small ints are the same
    objects on both sides: they must not count as compared once)."""
    from persist.compare import differences

    assert differences(
        {"x": 1, "y": {"a": 1, "b": 1}}, {"x": 2, "y": {"a": 2, "b": 2}}
    ) == [
        "~ x: 1 -> 2",
        "~ y['a']: 1 -> 2",
        "~ y['b']: 1 -> 2",
    ]
    ring: list[object] = []
    ring.append(ring)
    other: list[object] = []
    other.append(other)
    assert differences({"r": ring}, {"r": other}) == []  # (a cycle ends)


def test_differences_match_a_dicts_values_by_key_not_by_its_text() -> None:
    """Equal frozensets may list their items in another order (-1 and -2
    share a hash, so the order they went in shows): the value under one key
    is compared, not reported removed and added."""
    from persist.compare import differences

    old = {"d": {frozenset([-1, -2]): 1, "k": 2}}
    new = {"d": {frozenset([-2, -1]): 1, "k": 3}}
    assert differences(old, new) == ["~ d['k']: 2 -> 3"]
    assert differences(old, {"d": {frozenset([-2, -1]): 5, "k": 2}}) == [
        "~ d[frozenset({-1, -2})]: 1 -> 5"
    ]


def test_differences_compare_objects_equal_only_to_themselves_by_their_parts() -> None:
    """A partial, an itemgetter, a numpy Generator or a bound method is equal
    only to itself, so two loads of one archive never are: they are compared
    by what pickle rebuilds them from (or by their object and name)."""
    import functools
    import operator

    from persist.compare import differences

    def text(n: int) -> str:
        return persist.dumps(
            p=functools.partial(max, n),
            g=np.random.default_rng(5),
            op=operator.itemgetter(1),
            m=[n].append,
        )

    assert differences(persist.loads(text(1)), persist.loads(text(1))) == []
    changed = differences(persist.loads(text(1)), persist.loads(text(2)))
    assert changed == ["~ p<state>[1][0]: 1 -> 2", "~ m.__self__[0]: 1 -> 2"]
