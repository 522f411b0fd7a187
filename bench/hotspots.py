"""cProfile of persist's dump and load on one workload, for whoever optimizes.

    python -m bench.hotspots                 # W1, n=1e4, flat and scoped
    python -m bench.hotspots W2 100000 --top 30 --scoped

Prints, per style, the top functions of ``str(Archive)`` by own time and by
cumulative time, then those of ``persist.loads`` of the text. One untimed
dump and load run first, so imports and caches are not in the profile.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from pathlib import Path
from typing import Any

# this tree's persist, as the benchmark's workers use (bench/run.py)
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "src"))

import persist  # noqa: E402
from bench.workloads import build  # noqa: E402
from persist.archive import Archive  # noqa: E402


def profile(fn: Any, top: int, orders: tuple[str, ...]) -> tuple[Any, str]:
    profiler = cProfile.Profile()
    profiler.enable()
    result = fn()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    for order in orders:
        stats.sort_stats(order).print_stats(top)
    return result, out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hotspots")
    parser.add_argument("workload", nargs="?", default="W1")
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=20)
    style = parser.add_mutually_exclusive_group()
    style.add_argument("--flat", action="store_true", help="flat style only")
    style.add_argument("--scoped", action="store_true", help="scoped style only")
    args = parser.parse_args(argv)
    obj = build(args.workload, args.n)
    styles = [False] if args.flat else [True] if args.scoped else [False, True]
    for scoped in styles:
        name = "scoped" if scoped else "flat"

        def dump(scoped: bool = scoped) -> str:
            archive = Archive(scoped=scoped)
            archive.insert(x=obj)
            return str(archive)

        persist.loads(dump())  # warm-up
        text, report = profile(dump, args.top, ("tottime", "cumulative"))
        print(f"==== dump {args.workload} n={args.n:,} {name}\n{report}")
        _, report = profile(lambda: persist.loads(text), args.top, ("tottime",))  # noqa: B023
        print(f"==== load {args.workload} n={args.n:,} {name}\n{report}")


if __name__ == "__main__":
    main()
