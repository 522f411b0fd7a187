"""How fast could W1 be written at all in persist's layout? A floor for the
W1 dump goal (no slower than jsonpickle's dumps).

    python -m bench.floor               # interpreted writer, this tree's persist
    python -m bench.floor --compiled    # both compiled with mypyc
    python -m bench.floor 100000 --runs 5

``bench.floor_writer`` goes straight from the objects to the text, with none
of what persist does besides: no IR, no sharing, no names, no passes. It is
run on W1 built without extra references (a tree), and checked first: every
list and dict of the tree that persist writes as one statement of its own
must come out the same text. Then, medians of ``--runs`` of wall time with
the cyclic collector off:

- the floor writer (its size pass and its writing apart, and their sum);
- ``repr`` of the leaves alone, ``json.dumps`` and ``jsonpickle.encode``;
- persist's ``str(Archive)`` of the same tree, and of W1 itself (shared).

If the floor writer is not well under jsonpickle, no design of persist's
passes can meet the goal in Python: the text alone costs that much.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent


def _persist_source(compiled: bool) -> str:
    if compiled:
        from bench.compiled import build

        return str(build())
    return str(HERE.parent / "src")


def _writer(compiled: bool, scratch: Path) -> ModuleType:
    """``bench.floor_writer``, or a mypyc build of it made in ``scratch``."""
    if not compiled:
        from bench import floor_writer

        return floor_writer
    shutil.copy2(HERE / "floor_writer.py", scratch / "floor_writer.py")
    done = subprocess.run(
        [sys.executable, "-m", "mypyc", "floor_writer.py"],
        cwd=scratch,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"mypyc failed:\n{done.stdout}\n{done.stderr}")
    (built,) = scratch.glob("floor_writer.*.so")
    spec = importlib.util.spec_from_file_location("floor_writer", built)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_ms(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.disable()
        try:
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(times) * 1e3


def containers(obj: Any) -> list[Any]:
    """Every list and dict in the tree ``obj``, parents first."""
    found, stack = [], [obj]
    while stack:
        current = stack.pop()
        if type(current) in (list, dict):
            found.append(current)
            stack.extend(current if type(current) is list else current.values())
    return found


def leaves(obj: Any) -> list[Any]:
    return [
        item
        for c in containers(obj)
        for item in (c if type(c) is list else c.values())
        if type(item) not in (list, dict)
    ]


def check(writer: ModuleType, tree: Any, archive: type) -> tuple[int, int]:
    """(subtrees compared, mismatches): the floor writer's text of each
    container against persist's, where persist writes it as the one
    statement ``x = ...``."""
    compared = wrong = 0
    for sub in containers(tree):
        made = archive()
        made.insert(x=sub)
        lines = str(made).splitlines()
        body = [i for i, line in enumerate(lines) if line and not line[0].isspace()]
        starts = [i for i in body if lines[i].startswith(("x = ", "_"))]
        if len(starts) != 1 or not lines[starts[0]].startswith("x = "):
            continue  # split into several statements: not comparable
        first = starts[0]
        end = next((i for i in body if i > first and lines[i][0] not in ")]}"), None)
        theirs = "\n".join(lines[first:end])
        compared += 1
        wrong += theirs != "x = " + writer.text(sub, 4)
    return compared, wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor")
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--compiled", action="store_true", help="the writer and persist compiled"
    )
    args = parser.parse_args(argv)
    # jsonpickle 4 warns that ``keys`` will change default; the bench sets it
    warnings.filterwarnings("ignore", "keys will default", DeprecationWarning)
    scratch = Path(tempfile.mkdtemp(prefix="persist-floor-"))
    try:
        sys.path.insert(1, _persist_source(args.compiled))
        import jsonpickle

        from bench import workloads
        from persist.archive import Archive

        writer = _writer(args.compiled, scratch)
        shared = workloads.build("W1", args.n)
        saved = workloads.EXTRA_REFERENCES
        workloads.EXTRA_REFERENCES = 0
        try:
            tree = workloads.build("W1", args.n)
        finally:
            workloads.EXTRA_REFERENCES = saved
        compared, wrong = check(writer, tree, Archive)
        print(f"writer: {writer.__file__}")
        print(f"persist: {Archive.__module__} from {sys.modules['persist'].__file__}")
        print(f"checked against persist: {compared} subtrees, {wrong} differ")
        if wrong or not compared:
            return 1
        size: dict[int, int] = {}

        def write() -> str:
            out: list[str] = []
            writer.write(tree, 4, 0, 0, size, out)
            return "".join(out)

        def dump(obj: Any) -> Callable[[], str]:
            def run() -> str:
                archive = Archive()
                archive.insert(x=obj)
                return str(archive)

            return run

        sized = median_ms(lambda: writer.sizes(tree, {}), args.runs)
        writer.sizes(tree, size)
        written = median_ms(write, args.runs)
        atoms = leaves(tree)
        rows = [
            ("floor writer: sizes", sized),
            ("floor writer: write", written),
            ("floor writer: both", sized + written),
            (
                f"repr of the {len(atoms):,} leaves",
                median_ms(lambda: [*map(repr, atoms)], args.runs),
            ),
            ("json.dumps", median_ms(lambda: json.dumps(tree), args.runs)),
            (
                "jsonpickle.encode",
                median_ms(lambda: jsonpickle.encode(tree, keys=False), args.runs),
            ),
            ("persist str(Archive), tree", median_ms(dump(tree), args.runs)),
            ("persist str(Archive), W1 (shared)", median_ms(dump(shared), args.runs)),
        ]
        print(f"W1 n={args.n:,}, medians of {args.runs} (ms):")
        for label, ms in rows:
            print(f"  {label:36} {ms:8.2f}")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
