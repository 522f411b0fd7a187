"""The array loader a saved module runs: kept to the line length like the rest
of the text, so that adding an array to a saved archive adds lines to its
diff and changes none.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from diskutil import fresh_python
from persist import Archive

FORMATS = ["npy", "hdf5"]
LINE = 88


def arrays(count: int) -> dict[str, Any]:
    return {f"measurement_channel_{i:03}": np.arange(8.0) + i for i in range(count)}


def saved_text(directory: Path, objects: dict[str, Any], **kw: Any) -> str:
    archive = Archive(array_threshold=4, scoped=kw.pop("scoped", False))
    archive.insert(**objects)
    path = archive.save(directory, "m", **kw)
    return (path / "__init__.py" if path.is_dir() else path).read_text()


@pytest.mark.parametrize("scoped", [False, True], ids=["flat", "scoped"])
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("package", [True, False], ids=["package", "module"])
def test_many_arrays_keep_every_line_within_the_line_length(
    tmp_path: Path, package: bool, data_format: str, scoped: bool
) -> None:
    """40 arrays with long keys: no line is longer than 88 columns, the
    module imports in an interpreter without persist, and the safe loader
    accepts it."""
    objects = arrays(40)
    text = saved_text(
        tmp_path, objects, package=package, data_format=data_format, scoped=scoped
    )
    long = [line for line in text.splitlines() if len(line) > LINE]
    assert long == []
    module = tmp_path / ("m" if package else "m.py")
    for loaded in (persist.load(module), persist.load(module, safe=True)):
        assert sorted(loaded) == sorted(objects)
        for key, value in objects.items():
            assert np.array_equal(loaded[key], value)
    done = fresh_python(
        "import m\n"
        "print(sorted(k for k in vars(m) if k.startswith('measurement')) == "
        f"{sorted(objects)!r}, float(m.measurement_channel_039[7]))",
        path=tmp_path,
    )
    assert done.stdout.decode().split() == ["True", "46.0"]


@pytest.mark.parametrize("data_format", FORMATS)
def test_adding_an_array_only_adds_lines(tmp_path: Path, data_format: str) -> None:
    before = saved_text(tmp_path / "a", arrays(30), data_format=data_format)
    after = saved_text(tmp_path / "b", arrays(31), data_format=data_format)
    diff = [
        line
        for line in difflib.unified_diff(
            before.splitlines(), after.splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert [line for line in diff if line.startswith("-")] == []
    indent = " " * (12 if data_format == "npy" else 16)  # (a loop in the with)
    assert diff == [
        f"+{indent}'measurement_channel_030',",
        "+measurement_channel_030 = _arrays['measurement_channel_030']",
    ]


def test_a_few_arrays_keep_their_keys_on_the_loader_line(tmp_path: Path) -> None:
    text = saved_text(tmp_path, {"x": np.arange(10.0), "y": np.arange(5)})
    assert (
        "        return {key: load(join(folder, key + '.npy')) for key in ('x', 'y')}\n"
    ) in text
