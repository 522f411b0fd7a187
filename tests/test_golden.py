"""Golden cases: the exact archive text for known inputs, plus its invariants.

Each directory ``golden/<case>/`` holds

- ``input.py``, defining ``build() -> dict[str, object]``: the names to insert,
  in order. Its first line may be ``# flags: --array-threshold=10 --only flat``,
  read by a real argument parser (``FLAGS`` below);
- ``expected.flat.py`` and ``expected.scoped.py``: ``str(Archive(...))`` for each
  style (only the one named by ``--only``, if given).

For every case and style the driver checks that

1. the archive text equals the expected file, byte for byte;
2. executing the expected file with the archive's arrays leaves exactly the
   inserted names, equal to ``build()`` in types, values and sharing;
3. archiving what it loaded again gives the same text (the text is stable);

and that every case gives the same text under other ``PYTHONHASHSEED`` values
(one subprocess per seed runs all the cases).

Classes the inputs archive live in ``golden/golden_types.py``: an archive imports
them by module name, so that module must import under the same name here and in
the subprocesses; this driver puts ``golden/`` on ``sys.path`` for both.

To accept new output after a deliberate change, rewrite the expected files and
review the diff:

    python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import argparse
import difflib
import functools
import importlib.util
import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from persist.archive import Archive
from structure import assert_same_structure

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
if str(GOLDEN) not in sys.path:
    sys.path.insert(0, str(GOLDEN))  # for golden_types, the inputs' shared classes

STYLES = ("flat", "scoped")
UPDATE = "python -m pytest tests/test_golden.py --update-golden"
SEEDS = ("0", "12345")


class _FlagParser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # raise instead of exiting pytest
        raise ValueError(message)


FLAGS = _FlagParser(prog="# flags:", add_help=False)
FLAGS.add_argument(
    "--array-threshold",
    type=int,
    default=None,
    help="arrays with more elements go to the array store (default: none do)",
)
FLAGS.add_argument(
    "--only", choices=STYLES, help="the one style this case is written in"
)


@dataclass(frozen=True)
class Case:
    name: str
    directory: Path
    flags: argparse.Namespace

    @property
    def styles(self) -> tuple[str, ...]:
        return (self.flags.only,) if self.flags.only else STYLES

    def expected(self, style: str) -> Path:
        return self.directory / f"expected.{style}.py"

    def build(self) -> dict[str, Any]:
        objects = _module(self.directory / "input.py").build()
        assert isinstance(objects, dict) and objects, (
            f"{self.name}: build() must return names"
        )
        return objects

    def archive(self, objects: dict[str, Any], style: str) -> Archive:
        archive = Archive(
            scoped=style == "scoped", array_threshold=self.flags.array_threshold
        )
        archive.insert(**objects)
        return archive


def read_flags(source: Path) -> argparse.Namespace:
    first = source.read_text(encoding="utf-8").split("\n", 1)[0]
    words = (
        shlex.split(first.partition("# flags:")[2])
        if first.startswith("# flags:")
        else []
    )
    try:
        return FLAGS.parse_args(words)
    except ValueError as exc:
        raise ValueError(f"{source}: bad flags line {first!r}: {exc}") from None


def discover() -> list[Case]:
    return [
        Case(path.parent.name, path.parent, read_flags(path))
        for path in sorted(GOLDEN.glob("*/input.py"))
    ]


@functools.cache
def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"golden_input_{path.parent.name}", path
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render(case: Case, style: str) -> str:
    return str(case.archive(case.build(), style))


def _read_expected(case: Case, style: str) -> str:
    path = case.expected(style)
    if not path.exists():
        pytest.fail(
            f"{_show(path)} is missing; create it with\n    {UPDATE}", pytrace=False
        )
    return path.read_text(encoding="utf-8")


def _show(path: Path) -> str:
    return str(path.relative_to(GOLDEN.parent))


def _diff(expected: str, actual: str, label: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        f"{label} (expected)",
        f"{label} (actual)",
    )
    return "".join(lines)


CASES = discover()
PARAMS = [
    pytest.param(case, style, id=f"{case.name}-{style}")
    for case in CASES
    for style in case.styles
]


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.mark.parametrize(("case", "style"), PARAMS)
def test_text(case: Case, style: str, update_golden: bool) -> None:
    """The archive text is the expected file, byte for byte."""
    actual = render(case, style)
    path = case.expected(style)
    if update_golden:
        if not path.exists() or path.read_text(encoding="utf-8") != actual:
            path.write_text(actual, encoding="utf-8")
        return
    expected = _read_expected(case, style)
    if actual != expected:
        pytest.fail(
            f"{_show(path)} differs from the archive text:\n"
            f"{_diff(expected, actual, _show(path))}\n"
            f"If the new text is right, update the expected files with\n    {UPDATE}",
            pytrace=False,
        )


@pytest.mark.parametrize(("case", "style"), PARAMS)
def test_round_trip(case: Case, style: str) -> None:
    """Executing the expected text rebuilds ``build()``; archiving that again
    gives the same text."""
    objects = case.build()
    archive = case.archive(objects, style)
    data = archive.data
    text = _read_expected(case, style)
    namespace: dict[str, Any] = {archive.data_name: data}
    exec(compile(text, str(case.expected(style)), "exec"), namespace)
    names = list(objects)
    assert sorted(namespace) == sorted(names), (
        "the text must leave exactly the inserted names"
    )
    loaded = {name: namespace[name] for name in names}
    # a fresh build: archiving may fill caches of the originals (pathlib's _str)
    assert_same_structure(case.build(), loaded)

    again = case.archive(loaded, style)
    second = str(again)
    assert second == text, "archiving the loaded objects changed the text:\n" + _diff(
        text, second, _show(case.expected(style))
    )
    assert list(again.data) == list(data)


def render_all() -> dict[str, str]:
    """Every case's text in every style, keyed ``case/style``."""
    return {f"{c.name}/{s}": render(c, s) for c in discover() for s in c.styles}


def test_text_does_not_depend_on_the_hash_seed() -> None:
    """Rerun every case in fresh interpreters with other hash seeds."""
    ours = render_all()
    runs = {}
    for seed in SEEDS:  # started together, waited for together
        env = dict(os.environ, PYTHONHASHSEED=seed)
        runs[seed] = subprocess.Popen(
            [sys.executable, __file__],
            env=env,
            cwd=GOLDEN.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    for seed, process in runs.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, f"PYTHONHASHSEED={seed} run failed:\n{err}"
        theirs = json.loads(out)
        assert list(theirs) == list(ours)
        differ = [key for key in ours if theirs[key] != ours[key]]
        assert not differ, f"PYTHONHASHSEED={seed} changes {differ}:\n" + _diff(
            ours[differ[0]], theirs[differ[0]], differ[0]
        )


def test_no_stray_files(update_golden: bool) -> None:
    """Each case directory holds its input and one expected file per style."""
    stray = []
    for case in CASES:
        wanted = {"input.py", "__pycache__"} | {
            case.expected(s).name for s in case.styles
        }
        for path in case.directory.iterdir():
            if path.name in wanted:
                continue
            if update_golden and path.name.startswith("expected."):
                path.unlink()  # the style was dropped with --only
                continue
            stray.append(_show(path))
    hint = f"expected files of styles dropped by --only go with\n    {UPDATE}"
    assert not stray, f"unexpected files {stray}; {hint}"


if __name__ == "__main__":  # the hash-seed test's subprocess
    json.dump(render_all(), sys.stdout)
