"""Time each compiler stage of one dump, for whoever optimizes.

    python -m bench.stages                 # W1, W2, W3, W5 at n=1e4
    python -m bench.stages W5 100000 --runs 3

Prints, per workload and style, the median process CPU time in ms of
lowering, the graph passes, planning (inline, names, order), emitting the
libcst module and rendering its code, with the cyclic collector paused as
``compile_archive`` pauses it. A profiler-free view: cProfile
(``bench.hotspots``) inflates small functions.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

# this tree's persist, as the benchmark's workers use (bench/run.py)
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "src"))

from bench.workloads import build  # noqa: E402
from persist import pipeline  # noqa: E402
from persist.archive import Archive  # noqa: E402
from persist.emit.flat import emit_flat  # noqa: E402
from persist.emit.scoped import emit_scoped  # noqa: E402
from persist.lower import lower  # noqa: E402

STAGES = ("lower", "passes", "plan", "emit", "code")


def stage_times(obj: object, scoped: bool, runs: int) -> dict[str, float]:
    """Median ms per stage over ``runs`` dumps of ``obj`` named ``x``."""
    options = Archive(scoped=scoped)._options()
    samples: dict[str, list[float]] = {stage: [] for stage in STAGES}
    emit = emit_scoped if scoped else emit_flat
    for _ in range(runs):
        gc.disable()
        try:
            t0 = time.process_time()
            graph = lower([("x", obj)], options)
            t1 = time.process_time()
            graph = pipeline.optimize(graph, options, False)
            t2 = time.process_time()
            plan = pipeline.plan(graph, options)
            t3 = time.process_time()
            module = emit(plan)
            t4 = time.process_time()
            module.code  # noqa: B018  (rendering is the stage)
            t5 = time.process_time()
        finally:
            gc.enable()
        spent = (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)
        for stage, seconds in zip(STAGES, spent, strict=True):
            samples[stage].append(seconds * 1e3)
    return {stage: statistics.median(v) for stage, v in samples.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stages")
    parser.add_argument("workloads", nargs="?", default="W1,W2,W3,W5")
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    for workload in args.workloads.split(","):
        obj = build(workload, args.n)
        for scoped in (False, True):
            times = stage_times(obj, scoped, args.runs)
            parts = "  ".join(f"{stage} {times[stage]:7.1f}" for stage in STAGES)
            style = "scoped" if scoped else "flat"
            total = sum(times.values())
            print(f"{workload} n={args.n:,} {style:6}  {parts}  total {total:7.1f} ms")


if __name__ == "__main__":
    main()
