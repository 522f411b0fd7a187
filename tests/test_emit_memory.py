"""A large module's statement texts are joined a chunk at a time and dropped
as they are joined, so a dump never holds every statement's text and the
whole joined text at once (W1 at n=1e6: the peak of ``compile_archive``
went from 188 to 146 MB over the object, scoped). And a dump leaves no
reference cycle behind: its graph is freed by reference counting as soon as
the text is made, not by the next collection, which would walk all of it.
(The compiled build runs these tests too: tests/test_compiled.py.)"""

from __future__ import annotations

import gc
from collections import Counter
from typing import Any

import libcst as cst
import pytest

from persist import Archive
from persist.emit import statements
from persist.emit.statements import BLANK, joined


def test_joined_chunks_write_the_same_text_and_empty_the_body() -> None:
    texts = [f"x_{i} = [{i}, {i + 1}, {i + 2}]" for i in range(60_000)]
    body = [*texts[:10], BLANK, *texts[10:]]
    expected = "\n".join([*texts[:10], "", *texts[10:]]) + "\n"
    nodes = joined(body)
    assert body == []
    total = sum(map(len, texts))
    assert len(nodes) >= total // statements._CHUNK >= 1  # several chunks
    assert cst.Module(body=nodes).code == expected


def _dumped_values() -> dict[str, Any]:
    shared = {"k": [1.5, "a"]}
    return {
        "tree": [  # folded Runs: nested lists and dicts, rows, wide items
            {"a": [i, i + 0.5, str(i)], "b": {"c": [[i] * 30, shared]}}
            for i in range(40)
        ],
        "table": [[i, i + 1, i + 2] for i in range(300)],
        "wide": {"row": list(range(60)), "text": "x" * 100, "d": {"e": [1] * 50}},
        "shared": shared,
    }


@pytest.mark.parametrize("scoped", [False, True], ids=["flat", "scoped"])
def test_a_dump_leaves_no_reference_cycles(scoped: bool) -> None:
    values = _dumped_values()
    gc.collect()
    gc.disable()
    try:
        gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds stays in garbage
        archive = Archive(scoped=scoped)
        archive.insert(**values)
        text = str(archive)
        del archive
        gc.collect()
        left = Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert ("\n    return [\n" if scoped else "\ntree = [\n") in text  # (laid out)
    assert left == Counter()
