"""Archive files are read the way ``import`` reads them (persist/source.py):
a UTF-8 byte-order mark and a PEP 263 encoding declaration are honoured, by
``persist.load`` and by a save that merges into a hand-edited file."""

from __future__ import annotations

from pathlib import Path

import persist

BOM = b"\xef\xbb\xbf"


def test_a_byte_order_mark_loads_as_it_imports(tmp_path: Path) -> None:
    """Editors on Windows may save with a mark; ``import`` skips it, so
    ``load`` must too (it failed: invalid non-printable character U+FEFF)."""
    path = tmp_path / "marked.py"
    path.write_bytes(BOM + b"gain = 1.5\n")
    assert persist.load(path) == {"gain": 1.5}
    assert persist.load(path, safe=True) == {"gain": 1.5}


def test_saving_over_a_marked_file_keeps_its_comments(tmp_path: Path) -> None:
    path = persist.dump(tmp_path / "marked.py", gain=1.5, offset=0.0)
    path.write_bytes(BOM + b"# from the run 12 fit\n" + path.read_bytes())
    persist.dump(path, gain=1.75, offset=0.0)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# from the run 12 fit\ngain = 1.75\n")  # UTF-8, no mark
    assert persist.load(path) == {"gain": 1.75, "offset": 0.0}
