"""The seed documentation's saving examples, run verbatim: cells [5] ("Large
Arrays": ``save_data``), [6] ("Importable Archives") and [7] ("Single-item
Archives"). Cell [5] continues the session of cell [3], which is run first.

Only the IPython shell lines are replaced by equivalent Python, each marked
with a comment: ``!ls DIR`` lists the directory, ``!tree DIR`` prints every
file under it (relative paths), ``!rm -rf DIR`` is ``shutil.rmtree(DIR)``.

Differences from the seed's printed output, by design:

- array keys come from where the array sits (``x``, ``b_1``; ``b1_0``,
  ``b1_1``) instead of the seed's ``array_0``, ``array_1``, so that changing
  one array rewrites one file and renames nothing;
- each saved module gets a checked-hash ``__pycache__/*.pyc`` (see
  test_bytecode.py), which the seed's ``tree`` output does not show; the
  layout checks set those aside and check them separately.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

# Cell [3], verbatim: the session cell [5] continues.
CELL_3 = """\
import os.path, tempfile, shutil, numpy as np
from persist.archive import Archive

a = 1
x = np.arange(10)
y = np.arange(20)  # Implicitly reference in archive
b = [x, y]

archive = Archive(scoped=False, array_threshold=5)
archive.insert(a=a, x=x, b=b)

# Get the string representation
s = str(archive)
print(s)
print(archive.data)
"""

# Cell [5], verbatim but for the two shell lines.
CELL_5 = """\
import os.path, tempfile
tmpdir = tempfile.mkdtemp()  # Make temporary directory for data
datafile = os.path.join(tmpdir, 'arrays')
archive.save_data(datafile=datafile)
print(tmpdir)
print(*sorted(os.listdir(os.path.join(tmpdir, 'arrays'))))  # was: !ls $tmpdir/arrays
shutil.rmtree(tmpdir)  # was: !rm -rf $tmpdir
"""

_TREE = (
    "print(*sorted(os.path.relpath(os.path.join(r, f), tmpdir) "
    "for r, _, fs in os.walk(tmpdir) for f in fs), sep='\\n')  # was: !tree $tmpdir"
)

# Cell [6], verbatim but for the two shell lines.
CELL_6 = f"""\
import os.path, sys, tempfile, shutil, numpy as np
from persist.archive import Archive

tmpdir = tempfile.mkdtemp()

a = 1
x = np.arange(10)
y = np.arange(20)  # Implicitly reference in archive
b = [x, y]

archive = Archive(array_threshold=5)
archive.insert(a=a, x=x, b=b)
archive.save(dirname=tmpdir, name='mod1', package=True)
archive.save(dirname=tmpdir, name='mod2', package=False)

{_TREE}

sys.path.append(tmpdir)
import mod1, mod2
sys.path.pop()
for mod in [mod1, mod2]:
    assert mod.a == a and np.allclose(mod.x, x)
shutil.rmtree(tmpdir)  # was: !rm -rf $tmpdir
"""

# Cell [7], verbatim but for the two shell lines.
CELL_7 = f"""\
import os.path, sys, tempfile, shutil, numpy as np
from persist.archive import Archive

tmpdir = tempfile.mkdtemp()

x = np.arange(10)
y = np.arange(20)  # Implicitly reference in archive
b = [x, y]

archive = Archive(single_item_mode=True, array_threshold=5)
archive.insert(b1=b)
archive.save(dirname=tmpdir, package=True)

archive = Archive(scoped=False, single_item_mode=True, array_threshold=5)
archive.insert(b2=b)
archive.save(dirname=tmpdir, package=False)

{_TREE}

sys.path.append(tmpdir)
import b1, b2
sys.path.pop()
for b_ in [b1, b2]:
    assert np.allclose(b_[0], x) and np.allclose(b_[1], y)
shutil.rmtree(tmpdir)  # was: !rm -rf $tmpdir
"""

_IMPORTED = ("mod1", "mod2", "b1", "b2")


@pytest.fixture
def session() -> Iterator[dict[str, Any]]:
    """A notebook session: one namespace; the modules the cells import are
    removed from ``sys.modules`` before and after, and ``sys.path`` restored."""
    saved_path = list(sys.path)
    saved = {name: sys.modules.pop(name) for name in _IMPORTED if name in sys.modules}
    try:
        yield {"__name__": "__seed_session__"}
    finally:
        for name in _IMPORTED:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        sys.path[:] = saved_path


def run_cell(cell: str, namespace: dict[str, Any]) -> None:
    exec(compile(cell, "<seed cell>", "exec"), namespace)


def split_tree(lines: list[str]) -> tuple[list[str], list[str]]:
    """(files outside __pycache__, the .pyc files) of a printed tree."""
    cached = [p for p in lines if "__pycache__/" in p]
    return [p for p in lines if p not in cached], cached


def test_cell_5_save_data(
    session: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    run_cell(CELL_3, session)
    capsys.readouterr()
    run_cell(CELL_5, session)
    out = capsys.readouterr().out.splitlines()
    tmpdir = session["tmpdir"]
    assert out == [tmpdir, "b_1.npy x.npy"]  # seed: array_0.npy array_1.npy
    assert not __import__("os").path.exists(tmpdir)  # removed by the cell


def test_cell_6_importable_archives(
    session: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    run_cell(CELL_6, session)
    files, cached = split_tree(capsys.readouterr().out.splitlines())
    # seed (`tree`): mod1/__init__.py, mod1/_arrays/array_{0,1}.npy, mod2.py,
    # mod2_arrays/array_{0,1}.npy -- 3 directories, 6 files
    assert files == [
        "mod1/__init__.py",
        "mod1/_arrays/b_1.npy",
        "mod1/_arrays/x.npy",
        "mod2.py",
        "mod2_arrays/b_1.npy",
        "mod2_arrays/x.npy",
    ]
    tag = sys.implementation.cache_tag
    assert cached == [
        f"__pycache__/mod2.{tag}.pyc",
        f"mod1/__pycache__/__init__.{tag}.pyc",
    ]
    mod1, mod2 = session["mod1"], session["mod2"]
    for mod in (mod1, mod2):
        assert type(mod).__name__ == "module"
        assert mod.b[0] is mod.x  # the sharing survives the import
        assert np.array_equal(mod.b[1], session["y"])
        assert mod.x.flags.writeable
    assert mod1.__file__.endswith("mod1/__init__.py")
    assert mod2.__file__.endswith("mod2.py")


def test_cell_7_single_item_archives(
    session: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    run_cell(CELL_7, session)
    files, cached = split_tree(capsys.readouterr().out.splitlines())
    # seed (`tree`): b1/__init__.py, b1/_arrays/array_{0,1}.npy, b2.py,
    # b2_arrays/array_{0,1}.npy -- 3 directories, 6 files
    assert files == [
        "b1/__init__.py",
        "b1/_arrays/b1_0.npy",
        "b1/_arrays/b1_1.npy",
        "b2.py",
        "b2_arrays/b2_0.npy",
        "b2_arrays/b2_1.npy",
    ]
    assert len(cached) == 2
    # importing gives the object itself, not a module
    b1, b2 = session["b1"], session["b2"]
    for item in (b1, b2):
        assert type(item) is list and len(item) == 2
        assert np.array_equal(item[0], session["x"])
        assert np.array_equal(item[1], session["y"])
    assert sys.modules["b1"] is b1 and sys.modules["b2"] is b2


def test_cached_bytecode_of_the_seed_layout_is_checked_hash(tmp_path: Path) -> None:
    """The __pycache__ entries the seed's tree does not show are PEP 552
    checked-hash caches (flags 0b11), valid for the saved source."""
    from persist.archive import Archive

    archive = Archive(array_threshold=5)
    archive.insert(a=1, x=np.arange(10))
    archive.save(dirname=tmp_path, name="mod1", package=True)
    archive.save(dirname=tmp_path, name="mod2", package=False)
    for source in (tmp_path / "mod1" / "__init__.py", tmp_path / "mod2.py"):
        pyc = Path(importlib.util.cache_from_source(str(source)))
        data = pyc.read_bytes()
        assert int.from_bytes(data[4:8], "little") == 0b11
        assert data[8:16] == importlib.util.source_hash(source.read_bytes())
