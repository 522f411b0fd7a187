"""Byte compiling (seed doc, "Byte Compiling"): a saved module rewritten again
and again within one second, keeping its size, must import as its latest
version, and an unchanged module must import from its cached bytecode.

A timestamp ``.pyc`` records the source's mtime in whole seconds and its size,
so a same-second, same-size rewrite leaves a stale ``.pyc`` that Python trusts.
persist writes checked-hash ``.pyc`` files (PEP 552) that Python validates
against the source's hash instead.

Every import runs in a fresh interpreter with bytecode writing ON: this machine
sets ``PYTHONDONTWRITEBYTECODE=1``, which would hide the problem, so the child
environment drops it (and the child checks that it did).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from diskutil import fresh_python
from persist import Archive

LAYOUTS = [pytest.param(True, id="package"), pytest.param(False, id="module")]

_READ = """
assert not sys.flags.dont_write_bytecode and not sys.dont_write_bytecode
import {name} as m
print(m.value, m.tag)
"""


def import_fresh(directory: Path, name: str, verbose: bool = False) -> tuple[str, str]:
    """Import ``name`` from ``directory`` in a new interpreter that writes
    bytecode; return (its ``value tag`` line, its stderr)."""
    result = fresh_python(
        _READ.format(name=name),
        path=directory,
        bytecode=True,
        args=("-v",) if verbose else (),
    )
    return result.stdout.decode().strip(), result.stderr.decode()


def save_version(directory: Path, k: int, package: bool) -> Path:
    """Version ``k`` (0..9): the text differs but has the same size."""
    archive = Archive()
    archive.insert(value=1000 + k, tag=f"v{k}", data=[k] * 3)
    path = archive.save(directory, "m", package=package)
    return path / "__init__.py" if package else path


def pyc_of(source: Path) -> Path:
    return Path(importlib.util.cache_from_source(str(source)))


def pyc_header(pyc: Path) -> tuple[bytes, int, bytes]:
    """(magic, PEP 552 flags, source hash) of a ``.pyc``."""
    data = pyc.read_bytes()
    return data[:4], int.from_bytes(data[4:8], "little"), data[8:16]


def test_control_a_naive_rewrite_is_hidden_by_a_stale_timestamp_pyc(
    tmp_path: Path,
) -> None:
    """The hazard is real here: a module written plainly, imported (which
    writes a timestamp .pyc), then rewritten with the same size and mtime
    imports as its OLD version. If this fails, the harness does not write
    bytecode and the tests below prove nothing."""
    module = tmp_path / "m.py"
    module.write_text("value = 1000\ntag = 'v0'\n")
    stamp = module.stat().st_mtime_ns
    assert import_fresh(tmp_path, "m")[0] == "1000 v0"
    assert pyc_header(pyc_of(module))[1] == 0  # timestamp-based, from the import
    module.write_text("value = 1001\ntag = 'v1'\n")
    os.utime(module, ns=(stamp, stamp))
    assert import_fresh(tmp_path, "m")[0] == "1000 v0"  # stale!


@pytest.mark.parametrize("package", LAYOUTS)
def test_rapid_same_size_rewrites_import_as_the_latest_version(
    tmp_path: Path, package: bool
) -> None:
    """Each rewrite's mtime lies in the first one's whole second (a different
    nanosecond each time): what a timestamp .pyc cannot tell apart. The mtimes
    are set, not left to the clock: five saves and five interpreter start-ups
    take 0.2-0.3 s here when the machine is busy, and need not fit in one
    wall-clock second at all on a slower or busier one."""
    sizes, mtimes = set(), set()
    second = None
    for k in range(5):
        module = save_version(tmp_path, k, package)
        if second is None:
            second = module.stat().st_mtime_ns // 10**9 * 10**9
        stamp = second + (k + 1) * 10**8  # .1 s, .2 s, ... into that second
        os.utime(module, ns=(stamp, stamp))
        sizes.add(module.stat().st_size)
        mtimes.add(module.stat().st_mtime_ns)
        assert import_fresh(tmp_path, "m")[0] == f"{1000 + k} v{k}"
    assert len(sizes) == 1  # every version has the same size ...
    assert {t // 10**9 for t in mtimes} == {second // 10**9}  # ... the same second
    assert len(mtimes) == 5  # ... but never the same mtime


@pytest.mark.parametrize("package", LAYOUTS)
def test_same_size_same_mtime_rewrites_import_as_the_latest_version(
    tmp_path: Path, package: bool
) -> None:
    """Worst case: each rewrite is given exactly the mtime of the first."""
    stamp = None
    for k in range(5):
        module = save_version(tmp_path, k, package)
        if stamp is None:
            stamp = module.stat().st_mtime_ns
        os.utime(module, ns=(stamp, stamp))
        assert import_fresh(tmp_path, "m")[0] == f"{1000 + k} v{k}"


def test_hand_edit_with_same_size_and_mtime_is_seen(tmp_path: Path) -> None:
    """The checked-hash .pyc also protects edits persist did not make."""
    module = save_version(tmp_path, 0, package=False)
    assert import_fresh(tmp_path, "m")[0] == "1000 v0"
    stat = module.stat()
    module.write_text(module.read_text().replace("1000", "1007"))
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert module.stat().st_size == stat.st_size
    assert import_fresh(tmp_path, "m")[0] == "1007 v0"
    assert pyc_header(pyc_of(module))[1] == 0b11  # still checked-hash


@pytest.mark.parametrize("package", LAYOUTS)
def test_importing_twice_uses_the_cached_checked_hash_pyc(
    tmp_path: Path, package: bool
) -> None:
    module = save_version(tmp_path, 3, package)
    pyc = pyc_of(module)
    assert pyc.exists()  # written by save, before any import
    magic, flags, source_hash = pyc_header(pyc)
    assert magic == importlib.util.MAGIC_NUMBER
    assert flags == 0b11  # PEP 552: hash-based (bit 0), check_source (bit 1)
    assert source_hash == importlib.util.source_hash(module.read_bytes())
    before = pyc.stat(), pyc.read_bytes()
    for _ in range(2):
        out, log = import_fresh(tmp_path, "m", verbose=True)
        assert out == "1003 v3"
        assert f"# code object from '{pyc}'" in log  # loaded from the cache
        assert f"created '{pyc}'" not in log  # and not rewritten
        after = pyc.stat(), pyc.read_bytes()
        assert after[1] == before[1]
        assert (after[0].st_ino, after[0].st_mtime_ns) == (
            before[0].st_ino,
            before[0].st_mtime_ns,
        )


@pytest.mark.parametrize("package", LAYOUTS)
def test_unchanged_resave_keeps_the_pyc(tmp_path: Path, package: bool) -> None:
    module = save_version(tmp_path, 4, package)
    pyc = pyc_of(module)
    first = pyc.stat()
    import_fresh(tmp_path, "m")
    save_version(tmp_path, 4, package)
    again = pyc.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)


def big_archive(k: int) -> Archive:
    archive = Archive()
    rows = [[i, str(i)] for i in range(60_000)]
    archive.insert(value=1000 + k, tag=f"v{k}", data=rows)
    return archive


@pytest.mark.parametrize("package", LAYOUTS)
def test_a_large_module_gets_a_pyc_compiled_in_pieces(
    tmp_path: Path, package: bool
) -> None:
    import marshal
    import types

    path = big_archive(0).save(tmp_path, "m", package=package)
    source = path / "__init__.py" if package else path
    pyc = pyc_of(source)
    data = pyc.read_bytes()
    assert int.from_bytes(data[4:8], "little") == 0b11  # checked hash
    code = marshal.loads(data[16:])
    parts = [c for c in code.co_consts if isinstance(c, tuple) and len(c) > 1]
    assert any(all(isinstance(c, types.CodeType) for c in p) for p in parts)
    assert import_fresh(tmp_path, "m") == ("1000 v0", "")
    assert pyc.read_bytes() == data  # imported from it, not recompiled
    # a changed large module gets its pieces compiled again at once
    big_archive(1).save(tmp_path, "m", package=package)
    assert pyc.read_bytes() != data
    assert import_fresh(tmp_path, "m")[0] == "1001 v1"
