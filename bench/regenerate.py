"""Time saving over an archive, untouched and after hand edits.

    python -m bench.regenerate                   # 50,000 rows: a 1.6 MB archive
    python -m bench.regenerate 10000
    python -m bench.regenerate --edit inside --repeat 3

Saves ``rows = [[i, i + 0.5, 'r<i>'], ...]``, saves it again (the fast path:
nothing to merge), edits the file by hand and saves once more, which merges
the new text into the hand-edited file (``persist.emit.regenerate``). The
edits (``--edit``):

- ``top``: ``# note`` prepended (the default);
- ``inside``: a comment inside the big list, after its first row;
- ``several``: both, and a comment at the end of the file;
- ``changed``: ``# note`` prepended, and the program saves a changed first row.

Prints the plain save time, the median time of the edited save over
``--repeat`` runs (the file edited afresh before each) and the process's peak
RSS, which the merge dominates.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

# this tree's persist, as the benchmark's workers use (bench/run.py)
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "src"))

import persist  # noqa: E402


def _edit(text: str, edit: str) -> str:
    """The archive ``text`` as a person edited it."""
    if edit in ("top", "changed"):
        return "# note\n" + text
    inside = text.replace("rows = [\n", "rows = [\n    # the first row\n", 1)
    if edit == "inside":
        return inside
    return "# note\n" + inside + "# the end\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("rows", nargs="?", type=int, default=50_000)
    parser.add_argument(
        "--edit", choices=("top", "inside", "several", "changed"), default="top"
    )
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = [[i, i + 0.5, f"r{i}"] for i in range(args.rows)]
    saved = rows
    if args.edit == "changed":  # (new rows: shared ones would be named)
        saved = [[-1, -0.5, "changed"], *([*row] for row in rows[1:])]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rows.py"
        persist.dump(path, rows=rows)
        size = path.stat().st_size
        start = time.perf_counter()
        persist.dump(path, rows=rows)
        plain = time.perf_counter() - start
        edited = _edit(path.read_text(), args.edit)
        times = []
        for _ in range(args.repeat):
            path.write_text(edited)
            start = time.perf_counter()
            persist.dump(path, rows=saved)
            times.append(time.perf_counter() - start)
            # the edit is kept
            assert path.read_text().split("\n", 2)[:2] == edited.split("\n", 2)[:2]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{size / 1e6:.1f} MB archive: save {plain:.2f} s; after a hand edit "
        f"({args.edit}) {statistics.median(times):.2f} s (median of {args.repeat}); "
        f"peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
