"""The built-in example behind ``persist demo``.

It builds a small experiment record with the features that make archiving hard
(shared references, a cycle, a dataclass, a large array), prints its flat
archive, saves it as a package, imports the package back and checks that the
result has the same values and the same sharing.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from persist.archive import Archive


@dataclass
class Run:
    """One run of the example experiment."""

    label: str
    temperature: float
    tags: list[str] = field(default_factory=list)


def example() -> dict[str, Any]:
    """The demo's objects: names to archive."""
    rng = np.random.default_rng(2024)
    tags = ["calibrated", "night"]
    runs = [Run("a", 4.2, tags), Run("b", 77.0, tags)]
    notes: dict[str, Any] = {"owner": "lab 3", "runs": runs}
    notes["self"] = notes  # a cycle
    return {
        "runs": runs,
        "notes": notes,
        "signal": rng.standard_normal(100_000),
        "window": slice(10, 90),
    }


def check(original: dict[str, Any], loaded: Any) -> list[str]:
    """Differences between the example and what came back (empty if none)."""
    problems = []
    runs = loaded.runs
    if [(r.label, r.temperature, r.tags) for r in runs] != [
        (r.label, r.temperature, r.tags) for r in original["runs"]
    ]:
        problems.append("runs differ")
    if runs[0].tags is not runs[1].tags:
        problems.append("the shared tag list was duplicated")
    if loaded.notes["self"] is not loaded.notes or loaded.notes["runs"] is not runs:
        problems.append("the cycle or the shared run list was not rebuilt")
    if not np.array_equal(loaded.signal, original["signal"]):
        problems.append("the array differs")
    if loaded.window != original["window"]:
        problems.append("the slice differs")
    return problems


def run_demo(directory: str | None = None, out: TextIO = sys.stdout) -> int:
    """Archive the example, print it, save it, import it back; 0 if it round-tripped."""
    objects = example()
    archive = Archive(array_threshold=1000)
    archive.insert(**objects)
    out.write("# the flat archive (large arrays are stored beside it):\n")
    out.write(str(archive))
    base = (
        Path(directory) if directory else Path(tempfile.mkdtemp(prefix="persist-demo-"))
    )
    path = archive.save(base, "demo_archive", package=True)
    out.write(f"\n# saved as the package {path}\n")
    for item in sorted(path.rglob("*")):
        if "__pycache__" not in item.parts:
            out.write(f"#   {item.relative_to(base)}\n")
    sys.path.insert(0, str(base))
    try:
        sys.modules.pop("demo_archive", None)
        loaded = importlib.import_module("demo_archive")
    finally:
        sys.path.remove(str(base))
        sys.modules.pop("demo_archive", None)
    problems = check(objects, loaded)
    if problems:
        out.write("# round trip FAILED: " + "; ".join(problems) + "\n")
        return 1
    out.write(
        "# imported it back: values, the shared list, the cycle and the array all "
        "round-tripped\n"
    )
    return 0
