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


def imported(path: Path) -> dict[str, object]:
    """The names ``path`` defines when imported: ``compile`` of its bytes
    decodes them as ``import`` does."""
    namespace: dict[str, object] = {}
    exec(compile(path.read_bytes(), str(path), "exec"), namespace)
    return {k: v for k, v in namespace.items() if not k.startswith("__")}


def test_a_latin1_file_loads_and_keeps_its_comments_when_saved_over(
    tmp_path: Path,
) -> None:
    """A file in the encoding it declares: ``load`` refused it ("cannot
    read") and a save dropped every comment in it. The saved file is UTF-8,
    and its declaration now says so (import would misread it otherwise)."""
    path = tmp_path / "latin.py"
    path.write_bytes(
        "# -*- coding: latin-1 -*-\n# my notes\nlabel = 'café'\n".encode("latin-1")
    )
    assert persist.load(path) == {"label": "café"} == imported(path)
    persist.dump(path, label="crème", n=1)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# -*- coding: utf-8 -*-\n# my notes\nlabel = 'crème'\n")
    assert persist.load(path) == {"label": "crème", "n": 1} == imported(path)


def test_a_merge_into_a_file_declaring_latin1_reads_back_the_same(
    tmp_path: Path,
) -> None:
    """The declaration was kept while the text was written as UTF-8, so
    ``import`` read ``'café'`` back as ``'cafÃ©'``."""
    path = persist.dump(tmp_path / "cookie.py", label="abc")
    path.write_text("# -*- coding: latin-1 -*-\n# my notes\n" + path.read_text())
    persist.dump(path, label="café")
    assert imported(path) == persist.load(path) == {"label": "café"}
