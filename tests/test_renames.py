"""Loading archives written before a class or module moved (``renames=``)."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import persist
from persist import LoadError

OLD = """
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


class Unit:
    pass
"""


@pytest.fixture
def modules(tmp_path: Path) -> Iterator[Path]:
    """A throwaway package ``oldpkg`` with a module ``geometry``."""
    package = tmp_path / "oldpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "geometry.py").write_text(textwrap.dedent(OLD))
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n.split(".")[0] in ("oldpkg", "newpkg")]:
        del sys.modules[name]


def _move(tmp_path: Path, new_module: str, source: str) -> None:
    """Delete the old package and create the new home of the classes."""
    for name in [n for n in sys.modules if n.split(".")[0] == "oldpkg"]:
        del sys.modules[name]
    for file in (tmp_path / "oldpkg").iterdir():
        file.unlink()
    (tmp_path / "oldpkg").rmdir()
    package = tmp_path / "newpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / f"{new_module}.py").write_text(textwrap.dedent(source))


def test_class_moved_and_renamed(modules: Path, tmp_path: Path) -> None:
    from oldpkg.geometry import Point, Unit  # type: ignore[import-not-found]

    saved = persist.dump(tmp_path / "arc.py", p=Point(1, [2]), u=Unit(), kind=Point)
    _move(tmp_path, "shapes", OLD.replace("class Point", "class Vector"))
    with pytest.raises(LoadError, match="oldpkg"):
        persist.load(saved)
    loaded = persist.load(
        saved,
        renames={
            "oldpkg.geometry.Point": "newpkg.shapes.Vector",
            "oldpkg.geometry": "newpkg.shapes",
        },
    )
    import newpkg.shapes  # type: ignore[import-not-found]

    assert type(loaded["p"]) is newpkg.shapes.Vector
    assert (loaded["p"].x, loaded["p"].y) == (1, [2])
    assert type(loaded["u"]) is newpkg.shapes.Unit  # through the module rename
    assert loaded["kind"] is newpkg.shapes.Vector
    assert "oldpkg" in saved.read_text()  # the file itself is unchanged


def test_whole_package_renamed_with_loads(modules: Path, tmp_path: Path) -> None:
    from oldpkg.geometry import Point

    text = persist.dumps(scoped=True, p=Point(3, 4))
    _move(tmp_path, "geometry", OLD)
    loaded = persist.loads(text, renames={"oldpkg": "newpkg"})
    import newpkg.geometry

    assert type(loaded["p"]) is newpkg.geometry.Point
    assert (loaded["p"].x, loaded["p"].y) == (3, 4)


def test_bad_renames_are_refused() -> None:
    with pytest.raises(LoadError, match="dotted name"):
        persist.loads("x = 1", renames={"old module": "new"})
