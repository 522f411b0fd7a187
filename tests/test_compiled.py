"""The compiled build (setup.py's ``COMPILED`` modules compiled by mypyc) writes
the same archives as the source: the compiler's tests, golden files included,
run again in a subprocess that imports the compiled persist.

The build takes about a minute and is kept in ``bench/.build`` by a hash of
the sources (``bench/compiled.py``), so it is made once per source state.
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
import sysconfig
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent

# the tests of lowering, the passes and the emitter (the compiled modules)
COMPILER_TESTS = [
    "test_golden.py",
    "test_types_python.py",
    "test_types_numpy.py",
    "test_types_sharing.py",
    "test_types_cycles.py",
    "test_types_depth.py",
    "test_types_determinism.py",
    "test_types_errors.py",
    "test_properties.py",
    "test_regenerate.py",
    "test_emit_runs.py",
    "test_passes_cycles.py",
    "test_passes_dedup.py",
    "test_passes_inline.py",
    "test_passes_names.py",
    "test_passes_order.py",
    "test_split.py",
    "test_dataclasses.py",
    "test_factories.py",
    "test_attrs.py",
    "test_folding.py",
    "test_seed_examples.py",
    "test_gcpause.py",  # (compiled closures make reference cycles)
    "test_emit_memory.py",  # (and must not hold a dump's graph in one)
    "test_line_length.py",
]


def _missing_tools() -> str | None:
    try:
        import mypyc  # noqa: F401
    except ImportError:
        return "mypyc is not installed (the test extra installs mypy)"
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler}) on PATH"
    return None


@pytest.fixture(scope="module")
def compiled_src() -> Path:
    """The ``src`` folder of a complete compiled build of this tree
    (``bench.compiled.build`` publishes a build only once it is complete, so
    a concurrent build of the same sources cannot pull it away)."""
    why = _missing_tools()
    if why is not None:
        pytest.skip(why)
    sys.path.insert(0, str(ROOT))
    try:
        from bench.compiled import build
    finally:
        sys.path.remove(str(ROOT))
    return build(ROOT)


def _bench_compiled() -> ModuleType:
    sys.path.insert(0, str(ROOT))
    try:
        import bench.compiled
    finally:
        sys.path.remove(str(ROOT))
    return bench.compiled


def _slow_fake_compile(root: Path, where: Path) -> None:
    """What the real build leaves, made slowly enough to overlap."""
    (where / "src").mkdir()
    for i in range(5):
        time.sleep(0.05)
        (where / "src" / f"m{i}.so").write_text(str(i))


def test_builds_at_once_each_get_a_complete_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _bench_compiled()
    monkeypatch.setattr(compiled, "_compile", _slow_fake_compile)
    with ThreadPoolExecutor(3) as pool:
        found = list(pool.map(lambda _: compiled.build(ROOT, into=tmp_path), range(3)))
    assert len(set(found)) == 1
    assert (found[0].parent / "done").exists()
    assert sorted(p.name for p in found[0].iterdir()) == [f"m{i}.so" for i in range(5)]
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert leftovers == [found[0].parent.name]


def test_a_stale_unfinished_build_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _bench_compiled()
    monkeypatch.setattr(compiled, "_compile", _slow_fake_compile)
    stale = tmp_path / compiled.source_hash(ROOT) / "src"
    stale.mkdir(parents=True)
    (stale / "half.so").write_text("")
    src = compiled.build(ROOT, into=tmp_path)
    assert src == stale and (src.parent / "done").exists()
    assert sorted(p.name for p in src.iterdir()) == [f"m{i}.so" for i in range(5)]


def _run(src: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(src))
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.slow
def test_the_compiled_modules_are_the_ones_imported(compiled_src: Path) -> None:
    compiled = runpy.run_path(str(ROOT / "setup.py"), run_name="setup")["COMPILED"]
    modules = [p[len("src/") : -len(".py")].replace("/", ".") for p in compiled]
    probe = "import importlib, sys\nfor m in sys.argv[1:]:\n"
    probe += "    print(importlib.import_module(m).__file__)\n"
    proc = _run(compiled_src, "-c", probe, *modules)
    assert proc.returncode == 0, proc.stderr
    files = proc.stdout.split()
    assert len(files) == len(modules) > 10
    not_compiled = [f for f in files if not f.endswith(".so")]
    assert not not_compiled
    assert all(f.startswith(str(compiled_src)) for f in files)


@pytest.mark.slow
def test_the_compiler_tests_pass_on_the_compiled_build(compiled_src: Path) -> None:
    tests = [str(ROOT / "tests" / name) for name in COMPILER_TESTS]
    proc = _run(compiled_src, "-m", "pytest", "-p", "no:cacheprovider", "-x", *tests)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and "failed" not in proc.stdout


@pytest.mark.slow
def test_node_fields_are_read_only_in_the_compiled_build(compiled_src: Path) -> None:
    # (mypy rejects the assignment in the source; the compiled class refuses it)
    probe = (
        "from persist.ir.nodes import Call\n"
        "call = Call(1, (2,))\n"
        "try:\n    call.args = ()\nexcept AttributeError:\n    print('refused')\n"
        "print(call.args)\n"
    )
    proc = _run(compiled_src, "-c", probe)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["refused", "(2,)"]
