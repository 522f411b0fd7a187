"""Safe loading with renames: the archive verified is the renamed one, a rename
imports no submodule, and the other imports and the array loader are left alone."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import persist
from persist import Archive, UnsafeArchiveError
from safe_cases import Point
from structure import assert_same_structure


@pytest.fixture
def moved(tmp_path: Path) -> Iterator[Path]:
    """``newpkg.shapes.Vector``, once ``oldpkg.geometry.Point``; and ``newpkg.boom``,
    a module that creates the marker when imported."""
    package = tmp_path / "newpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "shapes.py").write_text("class Vector:\n    pass\n")
    mark = tmp_path / "pwned"
    (package / "boom.py").write_text(f"open({str(mark)!r}, 'w').close()\n")
    sys.path.insert(0, str(tmp_path))
    yield mark
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n.split(".")[0] == "newpkg"]:
        del sys.modules[name]


RENAMES = {"oldpkg.geometry.Point": "newpkg.shapes.Vector", "oldpkg": "newpkg"}


def test_renames_are_verified_as_renamed(tmp_path: Path, moved: Path) -> None:
    old = "from oldpkg.geometry import Point as _Point\np = _Point.__new__(_Point)\n"
    path = tmp_path / "old.py"
    path.write_text(old + "p.x = 1\n")
    loaded = persist.load(path, safe=True, allow_modules=["newpkg"], renames=RENAMES)
    assert type(loaded["p"]).__name__ == "Vector" and loaded["p"].x == 1
    with pytest.raises(UnsafeArchiveError, match="module 'newpkg.shapes'"):
        persist.load(path, safe=True, renames=RENAMES)  # Vector is not allowed
    # the verified tree is the renamed one: a rename can't smuggle a callable in
    with pytest.raises(UnsafeArchiveError, match="module 'os'"):
        persist.loads(old, safe=True, renames={"oldpkg.geometry.Point": "os.system"})


def test_a_rename_does_not_import_submodules(moved: Path) -> None:
    text = "from oldpkg import boom\n"
    with pytest.raises(UnsafeArchiveError, match="newpkg.boom"):
        persist.loads(text, safe=True, allow_modules=["newpkg"], renames=RENAMES)
    assert not moved.exists()
    persist.loads(text, renames=RENAMES)  # trusted: the rename imports it
    assert moved.exists()


def test_checking_never_runs_a_packages_main(tmp_path: Path, moved: Path) -> None:
    """An allowed package's modules are imported to find its classes; its
    ``__main__``, a command line, is not a module of classes."""
    (tmp_path / "newpkg" / "__main__.py").write_text(
        f"open({str(moved)!r}, 'w').close()\nclass Tool:\n    pass\n"
    )
    text = "from newpkg.__main__ import Tool\nt = Tool()\n"
    with pytest.raises(UnsafeArchiveError, match="newpkg.__main__"):
        persist.loads(text, safe=True, allow_modules=["newpkg"])
    assert not moved.exists()


def test_renames_leave_the_other_imports_and_the_loader_alone(
    tmp_path: Path, moved: Path
) -> None:
    archive = Archive(array_threshold=3)
    archive.insert(x=np.arange(10), p=Point(1, 2))
    path = archive.save(tmp_path, "kept", package=False)
    loaded = persist.load(path, safe=True, allow=[Point], renames=RENAMES)
    assert_same_structure(loaded, {"x": np.arange(10), "p": Point(1, 2)})
