"""Time saving over an archive, untouched and after one hand-added comment.

    python -m bench.regenerate             # 50,000 rows: a 1.6 MB archive
    python -m bench.regenerate 10000

Saves ``rows = [[i, i + 0.5, 'r<i>'], ...]``, saves it again (the fast path:
nothing to merge), prepends ``# note`` and saves once more, which merges the
new text into the hand-edited file (``persist.emit.regenerate``). Prints both
save times and the process's peak RSS, which the merge dominates.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

# this tree's persist, as the benchmark's workers use (bench/run.py)
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "src"))

import persist  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("rows", nargs="?", type=int, default=50_000)
    rows = [[i, i + 0.5, f"r{i}"] for i in range(parser.parse_args().rows)]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rows.py"
        persist.dump(path, rows=rows)
        size = path.stat().st_size
        start = time.perf_counter()
        persist.dump(path, rows=rows)
        plain = time.perf_counter() - start
        path.write_text("# note\n" + path.read_text())
        start = time.perf_counter()
        persist.dump(path, rows=rows)
        edited = time.perf_counter() - start
        assert path.read_text().startswith("# note\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{size / 1e6:.1f} MB archive: save {plain:.2f} s; "
        f"after a hand-added comment {edited:.2f} s; peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
