"""Time each compiler stage of one dump, for whoever optimizes.

    python -m bench.stages                 # W1, W2, W3, W5 at n=1e4
    python -m bench.stages W5 100000 --runs 3
    python -m bench.stages W5 --passes     # each pass and planning step apart
    python -m bench.stages W5D --src /tmp/old/src   # another commit's persist
    python -m bench.stages W3 --compiled   # this tree's compiled build

Prints, per workload and style, the median process CPU time in ms of
lowering, the graph passes, planning (inline, names, order), emitting the
libcst module and rendering its code, with the cyclic collector paused as
``compile_archive`` pauses it, and beside them the whole dump
(``str(Archive)``, collector as the user has it). A profiler-free view: cProfile
(``bench.hotspots``) inflates small functions.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _source() -> str:
    """This tree's persist, as the benchmark's workers use (bench/run.py), or
    the ``src`` folder given by ``--src`` (another commit's, in a worktree:
    timed on this tree's workloads)."""
    if "--src" in sys.argv[:-1]:
        return sys.argv[sys.argv.index("--src") + 1]
    if "--compiled" in sys.argv:
        from bench.compiled import build

        return str(build())
    return str(Path(__file__).resolve().parent.parent / "src")


sys.path.insert(1, _source())

from bench.workloads import build  # noqa: E402
from persist import pipeline  # noqa: E402
from persist.archive import Archive  # noqa: E402
from persist.emit.flat import emit_flat  # noqa: E402
from persist.emit.scoped import emit_scoped  # noqa: E402
from persist.lower import lower  # noqa: E402

STAGES = ("lower", "passes", "plan", "emit", "code")
# --passes: the passes and the plan's three analyses apart
PLAN_PARTS = ("inline", "allocate_names", "order")


def stage_times(
    obj: object, scoped: bool, runs: int, passes: bool = False
) -> dict[str, float]:
    """Median ms per stage over ``runs`` dumps of ``obj`` named ``x``; with
    ``passes``, each graph pass and each part of planning apart."""
    options = Archive(scoped=scoped)._options()
    samples: dict[str, list[float]] = {}
    emit = emit_scoped if scoped else emit_flat
    clock = time.process_time
    timed = {name: getattr(pipeline, name) for name in PLAN_PARTS}

    def add(stage: str, seconds: float) -> None:
        samples.setdefault(stage, []).append(seconds * 1e3)

    def timing(name: str) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            t0 = clock()
            result = timed[name](*args)
            add(name, clock() - t0)
            return result

        return run

    for _ in range(runs):
        gc.disable()
        if passes:  # pipeline.plan calls these through the module's names
            for name in PLAN_PARTS:
                setattr(pipeline, name, timing(name))
        try:
            t0 = clock()
            graph = lower([("x", obj)], options)
            add("lower", clock() - t0)
            for run in pipeline.PASSES:  # what pipeline.optimize runs
                t0 = clock()
                graph = run(graph, options)
                add(run.__name__ if passes else "passes", clock() - t0)
            t0 = clock()
            plan = pipeline.plan(graph, options)
            if not passes:
                add("plan", clock() - t0)
            t0 = clock()
            module = emit(plan)
            add("emit", clock() - t0)
            t0 = clock()
            module.code  # noqa: B018  (rendering is the stage)
            add("code", clock() - t0)
        finally:
            for name, function in timed.items():
                setattr(pipeline, name, function)
            gc.enable()
    return {stage: statistics.median(_per_run(v, runs)) for stage, v in samples.items()}


def _per_run(values: list[float], runs: int) -> list[float]:
    """Samples summed per run (the "passes" stage gets one per pass)."""
    step = len(values) // runs
    return [sum(values[i : i + step]) for i in range(0, len(values), step)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stages")
    parser.add_argument("workloads", nargs="?", default="W1,W2,W3,W5")
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--passes", action="store_true", help="each pass and planning step apart"
    )
    parser.add_argument(
        "--src", help="time the persist in this src folder (e.g. a worktree's)"
    )
    parser.add_argument(
        "--compiled", action="store_true", help="time this tree's compiled build"
    )
    args = parser.parse_args(argv)
    print(f"persist from {pipeline.__file__.rsplit('/persist/', 1)[0]}")
    for workload in args.workloads.split(","):
        obj = build(workload, args.n)
        for scoped in (False, True):
            times = stage_times(obj, scoped, args.runs, args.passes)
            parts = "  ".join(f"{stage} {ms:7.1f}" for stage, ms in times.items())
            style = "scoped" if scoped else "flat"
            total = sum(times.values())
            whole = dump_time(obj, scoped, args.runs)
            print(
                f"{workload} n={args.n:,} {style:6}  {parts}  total {total:7.1f} ms"
                f"  (str(Archive) {whole:.1f} ms)"
            )


def dump_time(obj: object, scoped: bool, runs: int) -> float:
    """Median CPU ms of a whole dump, ``str(Archive)`` after ``insert``: the
    stages' sum leaves out what the dump frees and the collector's pause."""
    samples = []
    for _ in range(runs):
        gc.collect()
        t0 = time.process_time()
        archive = Archive(scoped=scoped)
        archive.insert(x=obj)
        text = str(archive)
        samples.append((time.process_time() - t0) * 1e3)
        del text, archive
    return statistics.median(samples)


if __name__ == "__main__":
    main()
