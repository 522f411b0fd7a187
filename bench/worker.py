"""One measurement, in a process of its own: ``python -m bench.worker SPEC``.

    SPEC = {"mode": "cell", "system": "pickle", "workload": "W2", "n": 1000, ...}
    stdout:  @@{"size_bytes": 23893}
             @@{"dump_s": 0.00091, "dump_runs": 5}
             ...

Each result is printed as soon as it is known, so a run the driver kills at
its time limit still reports what it finished. A fresh process per cell gives
every system the same cold start, keeps one operation's peak memory
apart from another's, and contains crashes (RecursionError, segfault, MemoryError).

Peak memory is resident memory above the level just before the operation,
with the kernel's high-water mark reset at that point.

Modes:
  cell       dump (peak RSS of the first dump, size, median time), cold load,
             correctness check, then for persist a saved package imported again
             and again with its bytecode cached (warm load)
  load_peak  peak RSS of one load of a text written by ``cell``
  w4         one big external array: save, load and mmap-open, vs numpy/pickle
  naive      persist's flat dump of a list of floats vs bench/naive.py

The worker runs under the old system's virtualenv too, with the same workload
code; there ``tests/structure.py`` gets a stand-in for the one persist helper
it imports (``canonical_order``, used only for sets, which no workload has).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import json
import math
import os
import pickle
import resource
import shutil
import statistics
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.systems import SYSTEMS, import_saved
from bench.workloads import build

ROOT = Path(__file__).resolve().parent.parent
SLOW = 0.5  # seconds: a call this slow is a sample by itself
SAMPLE = 0.05  # seconds: faster calls are looped until a sample takes this long
# The clock of dump and load times: CPU time of this process (user + system),
# which other work on the machine inflates much less than the wall clock; for
# these single-threaded, in-memory operations the two agree on an idle machine.
# ``spec["clock"] == "wall"`` switches to the wall clock; W4 (file I/O) always
# uses the wall clock.
CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}
clock = CLOCKS["cpu"]


def emit(**values: Any) -> None:
    print("@@" + json.dumps(values), flush=True)


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def peak_start() -> float:
    """Start a peak-memory measurement: the resident size now (MB).

    The kernel's high-water mark is reset to the current size first (Linux
    ``/proc/self/clear_refs``), so ``peak_end`` sees this operation's peak only;
    where that is refused, ``ru_maxrss`` (the process's lifetime peak) is used.
    """
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return _status_kb("VmRSS") / 1024.0
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def peak_end(start: float) -> float:
    """Peak resident memory above ``start`` since ``peak_start`` (MB)."""
    try:
        peak = _status_kb("VmHWM") / 1024.0
    except (OSError, KeyError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return max(0.0, peak - start)


def measure(
    fn: Callable[[], Any],
    reps: int,
    budget: float,
    first: tuple[float, Any] | None = None,
    cleanup: Callable[[], None] = lambda: None,
) -> tuple[float, int]:
    """Median seconds per call of ``fn`` and the number of samples.

    ``first`` is a call already made (seconds, result). A fast first call only
    calibrates (and warms up); a slow one is the first sample, and more follow
    while they fit in ``budget`` seconds. Results are freed outside the clock.
    """
    if first is None:
        gc.collect()
        start = clock()
        result = fn()
        first = (clock() - start, result)
        del result
    seconds = first[0]
    first = None
    cleanup()
    if seconds >= SLOW:
        samples = [seconds]
        while len(samples) < reps and sum(samples) + seconds <= budget:
            gc.collect()
            start = clock()
            result = fn()
            samples.append(clock() - start)
            del result
            cleanup()
        return statistics.median(samples), len(samples)
    number = max(1, math.ceil(SAMPLE / max(seconds, 1e-7)))
    samples = []
    for _ in range(reps):
        if samples and sum(samples) * number > budget:
            break
        keep = []
        gc.collect()
        start = clock()
        for _ in range(number):
            keep.append(fn())
        samples.append((clock() - start) / number)
        del keep
        cleanup()
    return statistics.median(samples), len(samples)


def timed(fn: Callable[[], Any], wall: bool = False) -> tuple[float, Any]:
    now = CLOCKS["wall"] if wall else clock
    gc.collect()
    start = now()
    result = fn()
    return now() - start, result


def describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    return text if len(text) <= 160 else text[:157] + "..."


def checker() -> Callable[[Any, Any], None]:
    """``tests/structure.py``'s assert_same_structure (values, types, sharing)."""
    try:
        import persist.lower.sort  # noqa: F401
    except ImportError:  # persist 3.2.1: see the module docstring
        stand_in = types.ModuleType("persist.lower.sort")
        stand_in.canonical_order = lambda s: sorted(s, key=repr)  # type: ignore[attr-defined]
        sys.modules["persist.lower"] = types.ModuleType("persist.lower")
        sys.modules["persist.lower.sort"] = stand_in
    spec = importlib.util.spec_from_file_location(
        "bench_structure", ROOT / "tests" / "structure.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.assert_same_structure  # type: ignore[no-any-return]


def check(compare: Callable[[Any, Any], None], expected: Any, got: Any) -> str:
    try:
        compare(expected, got)
    except AssertionError as exc:
        return "FAIL " + describe(exc)
    except Exception as exc:  # e.g. RecursionError in a comparison
        return "FAIL " + describe(exc)
    return "ok"


def warm_up(system: Any) -> None:
    """Import what a dump and a load need, so no peak counts module imports."""
    system.load(system.dump([0, 1.5, "a", {"b": [2]}]))


def run_cell(spec: dict[str, Any]) -> None:
    system = SYSTEMS[spec["system"]]
    reps, budget = spec["reps"], spec["budget"]
    obj = build(spec["workload"], spec["n"])
    compare = checker()
    emit(recursion_limit=sys.getrecursionlimit(), version=system.version())
    warm_up(system)
    rss = peak_start()
    try:
        first = timed(lambda: system.dump(obj))
    except Exception as exc:
        emit(error="dump: " + describe(exc))
        return
    emit(dump_peak_mb=peak_end(rss))
    data = first[1]
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    emit(size_bytes=len(raw))
    Path(spec["textfile"]).write_bytes(raw)
    dump_s, runs = measure(lambda: system.dump(obj), reps, budget, first)
    emit(dump_s=dump_s, dump_runs=runs)
    try:
        first = timed(lambda: system.load(data))
    except Exception as exc:
        emit(error="load: " + describe(exc))
        return
    emit(check=check(compare, obj, first[1]))
    cold_s, runs = measure(lambda: system.load(data), reps, budget, first)
    emit(cold_s=cold_s, cold_runs=runs)
    if not system.saves:
        return
    directory = Path(spec["tmp"])
    name = f"bench_{spec['workload']}_{spec['n']}_{system.name.replace('-', '_')}"
    try:
        system.save(obj, directory, name)
        importlib.invalidate_caches()
        first = timed(lambda: import_saved(directory, name))  # bytecode now cached
    except Exception as exc:
        emit(error="save/import: " + describe(exc))
        return
    # that first import compiled or checked the .pyc: it is not a sample
    emit(warm_check=check(compare, obj, first[1]))
    first = None
    drop = lambda: sys.modules.pop(name, None)  # noqa: E731
    drop()
    warm_s, runs = measure(
        lambda: import_saved(directory, name), reps, budget, cleanup=drop
    )
    emit(warm_s=warm_s, warm_runs=runs)


def run_load_peak(spec: dict[str, Any]) -> None:
    system = SYSTEMS[spec["system"]]
    raw = Path(spec["textfile"]).read_bytes()
    data: Any = raw if system.name == "pickle" else raw.decode("utf-8")
    del raw
    warm_up(system)
    rss = peak_start()
    try:
        loaded = system.load(data)
    except Exception as exc:
        emit(error="load: " + describe(exc))
        return
    emit(load_peak_mb=peak_end(rss))
    del loaded


def _w4_ops(system: str, arr: Any) -> dict[str, Callable[[Path], Any]]:
    import numpy as np

    def np_save(d: Path) -> None:
        np.save(d / "x.npy", arr)

    def np_save_fsync(d: Path) -> None:
        with open(d / "x.npy", "wb") as f:
            np.save(f, arr)
            f.flush()
            os.fsync(f.fileno())

    def pickle_save(d: Path) -> None:
        with open(d / "x.pkl", "wb") as f:
            pickle.dump(arr, f, protocol=5)

    def pickle_load(d: Path) -> Any:
        with open(d / "x.pkl", "rb") as f:
            return pickle.load(f)

    def persist_save(d: Path, durable: bool = True) -> None:
        from persist.archive import Archive

        archive = Archive(array_threshold=100)
        archive.insert(x=arr)
        archive.save(d, "w4", package=True, durable=durable)

    def persist_load(d: Path, mmap: bool = False) -> Any:
        import persist

        return persist.load(d / "w4", mmap=mmap)["x"]

    def old_save(d: Path) -> None:
        from persist.archive import Archive

        archive = Archive(array_threshold=100, scoped=False)
        archive.insert(x=arr)
        archive.save(str(d), "w4", package=True)

    def old_load(d: Path) -> Any:
        x = import_saved(d, "w4")
        sys.modules.pop("w4", None)
        sys.path.remove(str(d))
        return x

    return {
        "numpy": {
            "save": np_save,
            "load": lambda d: np.load(d / "x.npy"),
            "mmap": lambda d: np.load(d / "x.npy", mmap_mode="r"),
        },
        "numpy-fsync": {"save": np_save_fsync, "load": lambda d: np.load(d / "x.npy")},
        "pickle": {"save": pickle_save, "load": pickle_load},
        "persist": {
            "save": persist_save,
            "load": persist_load,
            "mmap": lambda d: persist_load(d, mmap=True),
        },
        "persist-fast": {  # no fsync, as np.save
            "save": lambda d: persist_save(d, durable=False),
            "load": persist_load,
        },
        "old": {"save": old_save, "load": old_load},
    }[system]


def run_w4(spec: dict[str, Any]) -> None:
    """The systems of ``spec["systems"]`` take turns in this one process:
    each saves once unmeasured (a process's first large write waits ~0.9 s
    for the kernel, whichever system makes it), then ``reps`` rounds of one
    save each into a fresh directory, each after ``os.sync()``; then the
    loads (and mmap-opens) of each system's last save take turns the same
    way. Taking turns spreads the disk's stalls over the systems instead of
    letting one system's samples meet them all. The first load right after a
    system's first measured save is reported apart (``first_load_s``): after
    an fsync'd write it can be several times slower than later loads of the
    same, cached, file. Fields are emitted as ``system|field``."""
    import numpy as np

    arr = build("W4", spec["n"])
    emit(mb=arr.nbytes / 1e6)
    systems: list[str] = spec["systems"]
    ops = {system: _w4_ops(system, arr) for system in systems}
    base = Path(spec["tmp"])
    failed: set[str] = set()

    def run(system: str, op: str, directory: Path) -> Any:
        try:
            return timed(lambda: ops[system][op](directory), wall=True)
        except Exception as exc:
            emit(**{f"{system}|error": f"{op}: " + describe(exc)})
            failed.add(system)
            return None

    last: dict[str, Path] = {}
    saves: dict[str, list[float]] = {system: [] for system in systems}
    for rep in range(-1, spec["reps"]):  # -1: the unmeasured first save
        for system in [s for s in systems if s not in failed]:
            if system in last:
                shutil.rmtree(last[system], ignore_errors=True)
            directory = last[system] = base / f"w4_{system}_{rep + 1}"
            directory.mkdir(parents=True)
            # what earlier saves (of any system) left in the page cache goes
            # to the disk now, not inside this save's fsync: each starts clean
            os.sync()
            done = run(system, "save", directory)
            if done is None or rep < 0:
                continue
            saves[system].append(done[0])
            if rep == 0:
                done = run(system, "load", directory)
                if done is not None:
                    emit(**{f"{system}|first_load_s": done[0]})
                del done
    for system in [s for s in systems if saves[s]]:
        emit(
            **{
                f"{system}|save_s": statistics.median(saves[system]),
                f"{system}|save_runs": len(saves[system]),
                f"{system}|save_ms": [round(t * 1e3, 1) for t in saves[system]],
            }
        )
    times: dict[tuple[str, str], list[float]] = {}
    for rep in range(spec["reps"]):
        for system in [s for s in systems if s not in failed]:
            for op in [op for op in ops[system] if op != "save"]:
                done = run(system, op, last[system])
                if done is None:
                    break
                times.setdefault((system, op), []).append(done[0])
                if rep == 0:
                    result = done[1]
                    good = (
                        isinstance(result, np.ndarray)
                        and result.dtype == arr.dtype
                        and np.array_equal(result, arr)
                    )
                    kind = type(result).__name__
                    check = "ok" if good else f"FAIL {kind}"
                    emit(**{f"{system}|{op}_check": check})
                    del result
                del done
    for (system, op), samples in times.items():
        if system not in failed:
            emit(
                **{
                    f"{system}|{op}_s": statistics.median(samples),
                    f"{system}|{op}_runs": len(samples),
                }
            )
    for directory in last.values():
        shutil.rmtree(directory, ignore_errors=True)


def run_naive(spec: dict[str, Any]) -> None:
    import persist
    from bench.naive import emit_naive
    from bench.systems import Persist

    values = build("F", spec["n"])
    flat = Persist(scoped=False)
    try:
        seconds, text = timed(lambda: flat.dump(values))
    except Exception as exc:
        emit(error="persist: " + describe(exc))
        return
    emit(persist_check="ok" if persist.loads(text)["x"] == values else "FAIL")
    persist_s, runs = measure(
        lambda: flat.dump(values), spec["reps"], spec["budget"], (seconds, text)
    )
    emit(persist_s=persist_s, persist_runs=runs)
    del text
    seconds, text = timed(lambda: emit_naive("x", values))
    namespace: dict[str, Any] = {}
    exec(text, namespace)
    emit(naive_check="ok" if namespace["x"] == values else "FAIL")
    del text, namespace
    naive_s, runs = measure(
        lambda: emit_naive("x", values), spec["reps"], spec["budget"], (seconds, None)
    )
    emit(naive_s=naive_s, naive_runs=runs)


MODES = {"cell": run_cell, "load_peak": run_load_peak, "w4": run_w4, "naive": run_naive}


def main() -> None:
    global clock
    spec = json.loads(sys.argv[1])
    clock = CLOCKS[spec.get("clock", "cpu")]
    MODES[spec["mode"]](spec)


if __name__ == "__main__":
    main()
