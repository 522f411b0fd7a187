"""Time compiling and running an archive text in pieces of several sizes.

    python -m bench.pieces                      # W1, W2, W5 at n=1e4, flat
    python -m bench.pieces W5 10000 --scoped --sizes 16,32,256,0
    python -m bench.pieces W5 10000 --scoped --pyc --sizes 32,256,1024,0

Prints, per workload, the median process CPU time in ms of running the text
through ``persist.pieces.pieces`` with each piece size in KB (0: the whole
text in one ``compile``), with the cyclic collector paused as
``persist.loads`` pauses it. This is what ``persist.pieces.PIECE`` was
chosen from. With ``--pyc``: the time of importing the saved module again
(its bytecode cached) when its ``.pyc`` holds pieces of each size, which is
what ``persist.store.atomic.PYC_PIECE`` was chosen from.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

# this tree's persist, as the benchmark's workers use (bench/run.py)
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "src"))

from bench.workloads import build  # noqa: E402
from persist.archive import Archive  # noqa: E402
from persist.pieces import pieces  # noqa: E402


def run_ms(text: str, piece: int, runs: int) -> float:
    """Median ms to compile and run ``text`` in pieces of ``piece`` chars."""
    samples = []
    size = piece if piece else len(text) + 1
    for _ in range(runs):
        gc.disable()
        try:
            start = time.process_time()
            namespace: dict[str, object] = {}
            for code in pieces(text, "<archive>", piece=size):
                exec(code, namespace)
            samples.append((time.process_time() - start) * 1e3)
        finally:
            gc.enable()
        del namespace
    return statistics.median(samples)


def import_ms(obj: object, scoped: bool, piece: int, runs: int) -> float:
    """Median ms to import a saved package whose ``.pyc`` has ``piece``-char
    pieces (0: compiled whole), bytecode already cached."""
    from persist.store import atomic

    saved = atomic.PYC_PIECE
    atomic.PYC_PIECE = piece or 1 << 62
    try:
        with tempfile.TemporaryDirectory() as tmp:
            archive = Archive(scoped=scoped)
            archive.insert(x=obj)
            archive.save(tmp, "bench_pieces_module", package=True)
            sys.path.insert(0, tmp)
            try:
                importlib.import_module("bench_pieces_module")  # checks the .pyc
                samples = []
                for _ in range(runs):
                    sys.modules.pop("bench_pieces_module", None)
                    gc.collect()
                    start = time.process_time()
                    importlib.import_module("bench_pieces_module")
                    samples.append((time.process_time() - start) * 1e3)
            finally:
                sys.modules.pop("bench_pieces_module", None)
                sys.path.remove(tmp)
    finally:
        atomic.PYC_PIECE = saved
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pieces")
    parser.add_argument("workloads", nargs="?", default="W1,W2,W5")
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--sizes", default="8,16,32,64,256,0", help="KB; 0 = whole")
    parser.add_argument("--scoped", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pyc", action="store_true", help="time warm imports")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    for workload in args.workloads.split(","):
        if args.pyc:
            obj = build(workload, args.n)
            parts = "  ".join(
                f"{f'{size}K' if size else 'whole'} "
                f"{import_ms(obj, args.scoped, size * 1024, args.runs * 3):6.1f}"
                for size in sizes
            )
            print(f"{workload} n={args.n:,} import  {parts}  ms")
            continue
        archive = Archive(scoped=args.scoped)
        archive.insert(x=build(workload, args.n))
        text = str(archive)
        del archive
        parts = "  ".join(
            f"{f'{size}K' if size else 'whole'} "
            f"{run_ms(text, size * 1024, args.runs):6.1f}"
            for size in sizes
        )
        print(f"{workload} n={args.n:,} {len(text) / 1e3:,.0f} kB  {parts}  ms")


if __name__ == "__main__":
    main()
