"""DataSet under concurrent processes: writers adding keys at once, readers
while an item is rewritten, writers killed with SIGKILL, pool workers.

Child processes are forked where the platform allows (they start in
milliseconds with persist already imported); the plain-import readers are fresh
interpreters without persist.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dataset_helpers import BLOCK_PERSIST, child_env, fresh_python
from persist import DataSet, DataSetError

CTX = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")

# -- many writers adding distinct keys ----------------------------------------------

N_WRITERS = 4
N_KEYS = 25
THRESHOLD = 20


def _value(writer: int, i: int) -> Any:
    if i % 3 == 0:  # external arrays
        return {"w": writer, "i": i, "data": np.full(50, writer * 1000 + i)}
    return [writer, i, f"w{writer}k{i}"]


def _add_keys(path: str, writer: int, barrier: Any) -> None:
    barrier.wait()  # all writers open and write at the same moment
    ds = DataSet("ds", "a", path=path, array_threshold=THRESHOLD)
    for i in range(N_KEYS):
        key = f"w{writer}_k{i}"
        setattr(ds, key, _value(writer, i))
        ds[key] = {"writer": writer, "i": i}


def _check_value(got: Any, writer: int, i: int) -> None:
    want = _value(writer, i)
    if isinstance(want, dict):
        assert got["w"] == writer and got["i"] == i
        np.testing.assert_array_equal(got["data"], want["data"])
    else:
        assert got == want


@pytest.mark.slow
@pytest.mark.parametrize("existing", [True, False], ids=["existing", "created-at-once"])
def test_concurrent_writers_keep_every_key(tmp_path: Path, existing: bool) -> None:
    if existing:
        DataSet("ds", "w", path=tmp_path).before = "here"
    barrier = CTX.Barrier(N_WRITERS)
    procs = [
        CTX.Process(target=_add_keys, args=(str(tmp_path), w, barrier))
        for w in range(N_WRITERS)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * N_WRITERS

    ds = DataSet("ds", "r", path=tmp_path)
    expected = {f"w{w}_k{i}" for w in range(N_WRITERS) for i in range(N_KEYS)}
    assert set(ds) == expected | ({"before"} if existing else set())
    for w in range(N_WRITERS):
        for i in range(N_KEYS):
            key = f"w{w}_k{i}"
            _check_value(getattr(ds, key), w, i)
            assert ds[key] == {"writer": w, "i": i}
    # the directory imports in a fresh interpreter without persist
    out = fresh_python(
        f"""
        import importlib, json
        import numpy as np
        sys.path.insert(0, {str(tmp_path)!r})
        import ds
        values = {{}}
        for key in ds._info_dict:
            item = importlib.import_module('ds.' + key)
            if isinstance(item, dict):
                item = [item['w'], item['i'], item['data'].tolist()]
            values[key] = item
        print(json.dumps([ds._info_dict, values]))
        """
    )
    info, values = json.loads(out)
    assert set(info) == set(ds)
    for w in range(N_WRITERS):
        for i in range(N_KEYS):
            key = f"w{w}_k{i}"
            assert info[key] == {"writer": w, "i": i}
            want = _value(w, i)
            if isinstance(want, dict):
                want = [w, i, want["data"].tolist()]
            assert values[key] == want


# -- readers while one writer rewrites ------------------------------------------------


def _ext(version: int) -> dict[str, Any]:
    """An item with external arrays, consistent within one version."""
    return {
        "version": version,
        "arrays": [np.full(300, version), np.full((20, 20), version)],
        "tag": f"v{version}",
    }


def _inline(version: int) -> list[Any]:
    return [version] * 8 + [f"v{version}"]


def _ext_version(item: Any) -> int:
    """The item's version; AssertionError when its parts disagree (torn)."""
    version = item["version"]
    assert item["tag"] == f"v{version}"
    assert len(item["arrays"]) == 2
    assert all((np.asarray(a) == version).all() for a in item["arrays"])
    return int(version)


def _inline_version(item: Any) -> int:
    version = item[0]
    assert item == _inline(version)
    return int(version)


def _rewrite(path: str, stop: Any, written: Any) -> None:
    ds = DataSet("ds", "a", path=path, array_threshold=100)
    version = 1
    while not stop.is_set():
        version += 1
        # every version differs (stronger than alternating A/B: each array
        # generation is new, and each is retired while readers may be reading
        # it; removal waits RETIRED_GRACE, tested in test_dataset_round_trip.py)
        ds.ext = _ext(version)
        ds.inl = _inline(version)
        ds["ext"] = {"version": version}
        written.value = version


IMPORT_READER = """
import importlib, json, time
import numpy as np
sys.path.insert(0, PATH)
import ds

def ext_version(item):
    version = item['version']
    assert item['tag'] == 'v%d' % version
    assert all((np.asarray(a) == version).all() for a in item['arrays'])
    return version

def inline_version(item):
    version = item[0]
    assert item == [version] * 8 + ['v%d' % version]
    return version

reads = torn = 0
failures = []
seen = set()
start = time.monotonic()
n = 0
while True:
    now = time.monotonic() - start
    enough = reads > MIN_READS and len(seen) > 2
    if now >= CAP or (now >= DURATION and (enough or failures or torn)):
        break
    n += 1
    try:
        if n % 2:
            importlib.reload(ds)  # forgets ds.ext, ds.inl (seed: Reloading)
        else:
            for name in [m for m in sys.modules if m == 'ds' or m.startswith('ds.')]:
                del sys.modules[name]
            import ds
        import ds.ext, ds.inl
        ext, inl = ds.ext, ds.inl
    except Exception as exc:
        failures.append(repr(exc))
        continue
    reads += 2
    try:
        seen.add(ext_version(ext))
        seen.add(inline_version(inl))
    except AssertionError:
        torn += 1
print(json.dumps({'reads': reads, 'torn': torn, 'failures': failures[:5],
                  'n_failures': len(failures), 'versions': len(seen),
                  'seconds': time.monotonic() - start}))
"""

# The readers read for the test's duration and then on, until there has been
# enough to check: MIN_READS reads each, MIN_VERSIONS versions written, 3 seen by
# the plain-import reader (or until a read failed, or CAP seconds). How much a
# fixed duration gets done depends on how loaded the machine is, and the test
# must not fail for having been given too little CPU.
MIN_READS = 100
MIN_VERSIONS = 20
CAP = 100.0


@pytest.mark.slow
def test_readers_never_see_a_torn_or_failed_item(tmp_path: Path) -> None:
    duration = 4.0
    ds = DataSet("ds", "w", path=tmp_path, array_threshold=100)
    ds.ext = _ext(1)
    ds.inl = _inline(1)
    stop = CTX.Event()
    written = CTX.Value("i", 1, lock=False)
    writer = CTX.Process(target=_rewrite, args=(str(tmp_path), stop, written))
    writer.start()
    importer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            BLOCK_PERSIST
            + f"PATH = {str(tmp_path)!r}\nDURATION = {duration}\n"
            + f"MIN_READS = {MIN_READS}\nCAP = {CAP}\n"
            + textwrap.dedent(IMPORT_READER),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(bytecode=True),
    )
    reads = torn = 0
    failures: list[str] = []
    last = {"ext": 0, "inl": 0, "meta": 0}
    backwards = 0
    reader = DataSet("ds", "r", path=tmp_path)

    def reading() -> bool:
        now = time.monotonic() - start
        if now < duration:
            return True
        if now >= CAP or failures or torn or backwards or not writer.is_alive():
            return False
        return reads <= MIN_READS or written.value <= MIN_VERSIONS

    start = time.monotonic()
    try:
        while reading():
            if reads % 4 == 0:
                reader = DataSet("ds", "r", path=tmp_path)  # fresh opens too
            try:
                ext, inl, meta = reader.ext, reader.inl, reader["ext"]
            except Exception as exc:  # a failed read
                failures.append(repr(exc))
                continue
            reads += 2
            try:
                versions = {
                    "ext": _ext_version(ext),
                    "inl": _inline_version(inl),
                    "meta": 1 if meta is None else meta["version"],
                }
            except AssertionError:
                torn += 1
                continue
            for key, version in versions.items():
                backwards += version < last[key]  # an older item after a newer one
                last[key] = version
        elapsed = time.monotonic() - start
        out, err = importer.communicate(timeout=CAP + 60)
    finally:
        stop.set()
        writer.join(60)
        if importer.poll() is None:
            importer.kill()
            importer.communicate()
    assert importer.returncode == 0, err
    imported = json.loads(out)
    rate = imported["reads"] / imported["seconds"]
    print(
        f"\ntorn-read test: {written.value - 1} versions written; "
        f"DataSet reader {reads} reads in {elapsed:.1f} s ({reads / elapsed:.0f}/s), "
        f"plain-import reader {imported['reads']} reads in "
        f"{imported['seconds']:.1f} s ({rate:.0f}/s, "
        f"{imported['versions']} versions seen)"
    )
    assert writer.exitcode == 0
    assert written.value > MIN_VERSIONS  # the writer really rewrote the items
    assert failures == [] and torn == 0 and backwards == 0
    assert imported["n_failures"] == 0, imported["failures"]
    assert imported["torn"] == 0
    assert reads > MIN_READS and imported["reads"] > MIN_READS
    assert imported["versions"] > 2  # it did see the rewrites


# -- writers killed with SIGKILL ------------------------------------------------------


def _killable_writer(path: str, fmt: str, base: int, ready: Any, done: Any) -> None:
    ds = DataSet("ds", "a", path=path, array_threshold=100, data_format=fmt)
    ready.value = 1
    n = 0
    while True:
        n += 1
        ds.ext = _ext(base + n)
        ds.inl = _inline(base + n)
        ds["ext"] = {"version": base + n}
        done.value = n  # all three written


def _state(path: Path) -> dict[str, int]:
    ds = DataSet("ds", "r", path=path)
    assert {"ext", "inl"} <= set(ds)
    meta = ds["ext"]
    return {
        "ext": _ext_version(ds.ext),
        "inl": _inline_version(ds.inl),
        "meta": 0 if meta is None else meta["version"],
    }


@pytest.mark.slow
def test_writers_killed_at_random_moments_leave_old_or_new_items(
    tmp_path: Path,
) -> None:
    rounds = 60
    rng = random.Random(20240611)
    paths = {fmt: tmp_path / fmt for fmt in ("npy", "hdf5")}
    state = {}
    for fmt, path in paths.items():
        ds = DataSet("ds", "w", path=path, array_threshold=100, data_format=fmt)
        ds.ext, ds.inl = _ext(0), _inline(0)
        state[fmt] = _state(path)
    held_at_death = completed = 0
    for r in range(rounds):
        fmt = ("npy", "hdf5")[r % 2]
        path = paths[fmt]
        base = (r + 1) * 1000
        ready = CTX.Value("i", 0, lock=False)
        done = CTX.Value("i", 0, lock=False)
        proc = CTX.Process(
            target=_killable_writer, args=(str(path), fmt, base, ready, done)
        )
        proc.start()
        if r % 5:  # mostly while writing; every fifth round while it opens
            deadline = time.monotonic() + 30
            while not ready.value and time.monotonic() < deadline:
                time.sleep(0.001)
            time.sleep(rng.uniform(0.0, 0.15))
        else:
            time.sleep(rng.uniform(0.0, 0.02))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(30)
        assert proc.exitcode == -signal.SIGKILL
        owner = path / "ds" / ".persist.lock.owner"
        held_at_death += owner.exists() and owner.read_text().strip() == str(proc.pid)
        completed += done.value
        # every item is its old or its new value, whole
        now = _state(path)
        if done.value == 0:
            allowed = {k: {v, base + 1} for k, v in state[fmt].items()}
        else:
            allowed = {k: {base + done.value, base + done.value + 1} for k in now}
        for key, version in now.items():
            assert version in allowed[key], (r, key, version, allowed[key])
        state[fmt] = now
        # the dead writer's lock never blocks the next one: taken at the first
        # try (timeout=0 gives up at once; a wall-clock limit on the whole
        # write would also time the fsyncs, which a busy disk can stretch)
        DataSet("ds", "a", path=path, timeout=0, data_format=fmt).probe = r
        assert DataSet("ds", "r", path=path).probe == r
    leftovers = sorted(
        str(p.relative_to(tmp_path))
        for p in tmp_path.rglob("*")
        if p.name.endswith((".tmp", ".new")) or ".tmp" in p.name
    )
    print(
        f"\nSIGKILL test: {rounds} kills, {completed} complete versions written, "
        f"the killed writer was the last lock owner {held_at_death} times, "
        f"{len(leftovers)} temporary files left behind"
    )
    # the killed writers' directories still import without persist
    for fmt, path in paths.items():
        out = fresh_python(
            f"""
            sys.path.insert(0, {str(path)!r})
            import ds, ds.ext, ds.inl
            assert ds.ext['tag'] == 'v%d' % ds.ext['version']
            assert all((a == ds.ext['version']).all() for a in ds.ext['arrays'])
            print(ds.ext['version'], ds.inl[0])
            """
        )
        assert out.split() == [str(state[fmt]["ext"]), str(state[fmt]["inl"])]


# -- forked children ------------------------------------------------------------------


def _in_forked_child(action: Callable[[], Any]) -> int:
    """Run ``action`` in a forked child; its exit status: 0 if it returned, 1
    if it raised (the traceback on stderr)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork + threads
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            action()
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_dataset_is_usable_in_a_forked_child(tmp_path: Path) -> None:
    ds = DataSet("ds", "w", path=tmp_path, array_threshold=5)
    ds.before = 0  # the parent has used its lock

    def child() -> None:
        ds.child = np.arange(10)
        ds["child"] = "written by the child"

    assert _in_forked_child(child) == 0
    ds.after = 2  # and the parent still can
    reader = DataSet("ds", "r", path=tmp_path)
    assert reader.keys() == ["before", "child", "after"]
    np.testing.assert_array_equal(reader.child, np.arange(10))
    assert reader["child"] == "written by the child"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_does_not_share_a_held_lock(tmp_path: Path) -> None:
    """A ``synchronize=False`` DataSet holds the lock for its process: a
    forked child must take it to write, as any other writer (and wait)."""
    held = DataSet("ds", "w", path=tmp_path, synchronize=False, timeout=0.1)

    def child() -> None:
        with pytest.raises(DataSetError, match=f"locked by process {os.getppid()}"):
            held.x = 1
        held.close()  # releases nothing of the parent's

    assert _in_forked_child(child) == 0
    held.y = 2
    with pytest.raises(DataSetError, match="locked"):
        DataSet("ds", "a", path=tmp_path, timeout=0.1)
    held.close()
    assert DataSet("ds", "r", path=tmp_path).keys() == ["y"]


# -- pool workers --------------------------------------------------------------------


def _pool_write(task: tuple[DataSet, int]) -> tuple[int, int, Any]:
    ds, i = task
    setattr(ds, f"p{i}", {"i": i, "data": np.full(30, i)})
    ds[f"p{i}"] = {"i": i}
    return os.getpid(), getattr(ds, f"p{i}")["i"], ds.shared


def _pool_read(task: tuple[DataSet, int]) -> tuple[int, int]:
    ds, i = task
    item = getattr(ds, f"p{i}")
    assert (item["data"] == i).all() and ds[f"p{i}"] == {"i": i}
    return item["i"], ds[f"p{i}"]["i"]


def test_a_dataset_is_usable_from_pool_workers(tmp_path: Path) -> None:
    ds = DataSet("ds", "w", path=tmp_path, array_threshold=THRESHOLD)
    ds.shared = [1, 2, 3]
    n = 40
    with CTX.Pool(4) as pool:
        written = pool.map(_pool_write, [(ds, i) for i in range(n)], chunksize=1)
        reader = DataSet("ds", "r", path=tmp_path)
        read = pool.map(_pool_read, [(reader, i) for i in range(n)], chunksize=1)
    assert [w[1:] for w in written] == [(i, [1, 2, 3]) for i in range(n)]
    assert len({w[0] for w in written}) > 1  # several workers did the work
    assert read == [(i, i) for i in range(n)]
    assert set(DataSet("ds", "r", path=tmp_path)) == {"shared"} | {
        f"p{i}" for i in range(n)
    }
