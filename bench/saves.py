"""Small saves, where the fixed cost per save shows: an archive of a few
values and arrays saved again and again, and items added to a DataSet one
at a time (what a running experiment does).

    python -m bench.saves                       # this tree's src
    python -m bench.saves /tmp/old/src src      # two trees, alternating

Each ``src`` folder is timed in its own processes, the trees taking turns
(``--rounds``), so a ratio compares like with like. Saves are made with
``durable=False`` (the disk's fsync time is not persist's to cut), DataSet
updates as a DataSet writes (durably). Prints the median ms per save and
per item of each tree and, for two, the second's time over the first's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

_WORKER = """
import json, sys, tempfile, time
import numpy as np
from persist import Archive, DataSet

def timed(action, count):
    start = time.perf_counter()
    for i in range(count):
        action(i)
    return (time.perf_counter() - start) / count

with tempfile.TemporaryDirectory() as tmp:
    archive = Archive(array_threshold=5)
    archive.insert(a=1, b=[1.5, 'x'], x=np.arange(10.0), y={'w': np.ones(8)})
    save = timed(lambda i: archive.save(tmp, f'm{i}', durable=False), 40)
    with DataSet('runs', 'w', path=tmp) as data:
        def add(i):
            data.update({f'k{i}': {'v': np.arange(6.0) + i, 'n': i}})
        item = timed(add, 40)
print(json.dumps({'save': save, 'item': item}))
"""


def run(src: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {src!r})\n" + _WORKER],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.saves")
    default = str(Path(__file__).resolve().parent.parent / "src")
    parser.add_argument("srcs", nargs="*", default=[default])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    samples: dict[str, dict[str, list[float]]] = {
        s: {"save": [], "item": []} for s in args.srcs
    }
    for _ in range(args.rounds):
        for src in args.srcs:
            for key, seconds in run(src).items():
                samples[src][key].append(seconds * 1e3)
    medians = {
        s: {k: statistics.median(v) for k, v in got.items()}
        for s, got in samples.items()
    }
    for src, got in medians.items():
        print(f"{src}: save {got['save']:.2f} ms, DataSet item {got['item']:.2f} ms")
    if len(args.srcs) == 2:
        first, second = (medians[s] for s in args.srcs)
        print(
            f"second/first: save {second['save'] / first['save']:.3f}, "
            f"item {second['item'] / first['item']:.3f}"
        )


if __name__ == "__main__":
    main()
