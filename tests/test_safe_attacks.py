"""Safe loading (``persist.safe``): attacks are refused, and nothing of them runs.

Every attack below is refused with UnsafeArchiveError naming its line and the
construct, and nothing of it runs: each starts by building an allowed
``Canary`` (whose ``__init__`` counts) and its payload would create a marker
file, patch a class or touch ``Evil`` (a class no archive may use; both are in
safe_cases.py). The attacks marked live are also run with ``safe=False`` to
show the payload is real.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import persist
from persist import Archive, LoadError, UnsafeArchiveError
from persist.metadata import END_MARK
from persist.metadata import FOOTER as FOOTER_TEXT
from safe_cases import ALLOW, MOD, Canary, Color, Evil, _Pickled

# (id, source, the construct named, live): MARK is the marker path's repr, MOD the
# module of the classes (safe_cases); live attacks change something when run
# with safe=False.
PREFIX = "from MOD import Canary as _Canary\n_canary = _Canary()\n"
OPEN = "open(MARK, 'w').close()"
LOADER = """\
if '_arrays' not in globals():

    def _arrays():
        \"\"\"Read this archive's arrays from the .npy files beside it.\"\"\"
        from os.path import dirname, join

        from numpy import load

        folder = join(dirname(__file__), FOLDER)
        return {key: load(join(folder, key + '.npy')) for key in ('x',)}

    _arrays = _arrays()
"""
FOOTER = FOOTER_TEXT.format(end=END_MARK).split("try:")[0]  # (the clean-up ends it)
USER_DICT = "from collections import UserDict\nu = UserDict()\n"
INTERFACE = "{'shape': (8,), 'typestr': '|u1', 'data': (16, False), 'version': 3}"
ATTACKS = [
    ("eval", "x = eval(\"open(MARK, 'w').close()\")", "the name 'eval'", True),
    ("exec", "exec(\"open(MARK, 'w').close()\")", "the name 'exec'", True),
    ("open", f"x = {OPEN}", "the attribute 'close' of an expression", True),
    ("open-value", "x = open", "the name 'open'", False),
    (
        "dunder-import",
        "x = __import__('os').system('touch ' + MARK)",
        "'system' of an expression",
        True,
    ),
    (
        "import-os",
        "import os\nx = os.system('touch ' + MARK)",
        "import of a module",
        True,
    ),
    (
        "from-os",
        "from os import system\nx = system('touch ' + MARK)",
        "module 'os'",
        True,
    ),
    (
        "subprocess",
        "from subprocess import run\nx = run(['touch', MARK])",
        "module",
        True,
    ),
    (
        "getattr",
        "getattr(__builtins__, 'open')(MARK, 'w').close()",
        "method 'close'",
        True,
    ),
    ("getattr-name", "f = getattr(_canary, 'touch')", "the name 'getattr'", False),
    ("setattr", "setattr(_Canary, 'hook', 1)", "setattr", True),
    ("builtins", "x = __builtins__.open(MARK, 'w')", "'__builtins__'", False),
    (
        "class-chain",
        "x = ().__class__.__base__.__subclasses__()",
        "of an expression",
        False,
    ),
    (
        "subclasses",
        "x = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == "
        "'_wrap_close'][0].__init__.__globals__['system']('touch ' + MARK)",
        "a call of an expression",
        True,
    ),
    (
        "globals-of-method",
        "_Canary.__init__.__globals__['__builtins__']['open'](MARK, 'w').close()",
        "method 'close'",
        True,
    ),
    (
        "globals-of-method-value",
        "x = _Canary.__init__.__globals__",
        "'__init__'",
        False,
    ),
    ("dunder-attribute", "x = _Canary.__init__", "'__init__'", False),
    ("subclasses-call", "x = _Canary.__subclasses__()", "'__subclasses__'", False),
    ("mro", "x = _Canary.mro()", "'mro'", False),
    ("static-method", "_Canary.touch(MARK)", "calling the method 'touch'", True),
    ("static-method-value", "x = _Canary.touch(MARK)", "'touch'", True),
    (
        "decorator",
        "@(lambda f: open(MARK, 'w').close())\ndef f():\n    return 1",
        "def f(a=a",
        True,
    ),
    (
        "default-argument",
        "def f(x=open(MARK, 'w').close()):\n    return x",
        "name=name",
        True,
    ),
    (
        "annotation",
        "def f() -> open(MARK, 'w').close():\n    return 1",
        "def f(a=a",
        True,
    ),
    (
        "global",
        "def f():\n    global _g\n    _g = open(MARK, 'w').close()\nf()",
        "global",
        True,
    ),
    ("nonlocal", "def f():\n    nonlocal x\n    return 1", "nonlocal", False),
    (
        "nested-def",
        "def f():\n    def g():\n        return 1\n    return 1",
        "FunctionDef",
        False,
    ),
    (
        "function-reads-global",
        "def f():\n    return _canary\nx = f()",
        "module's name",
        False,
    ),
    (
        "function-shadowed-builtin",
        "list = _Canary\ndef f():\n    return list()",
        "module's",
        False,
    ),
    (
        "function-called-with-arguments",
        "x = _Canary()\ndef _f(x=x):\n    x.hook = 1\n_f(_Canary)",
        "the call _f(_Canary)",
        True,
    ),
    (
        "function-as-value",
        "def f():\n    return 1\nx = [f]",
        "a function as a value",
        False,
    ),
    ("star-args", "x = list(*[open(MARK, 'w').close()])", "starred", True),
    (
        "star-kwargs",
        "x = dict(**{'a': open(MARK, 'w').close()})",
        "keyword unpacking",
        True,
    ),
    (
        "dict-unpacking",
        "x = {**{'a': open(MARK, 'w').close()}}",
        "dict unpacking",
        True,
    ),
    (
        "numpy-load-pickle",
        "from numpy import load\nx = load(PICKLE, allow_pickle=True)",
        "numpy.load",
        True,
    ),
    (
        "numpy-module",
        "import numpy\nx = numpy.load(PICKLE, allow_pickle=True)",
        "module",
        True,
    ),
    (
        "numpy-alias",
        "from numpy import load as array\nx = array(PICKLE, allow_pickle=True)",
        "load",
        True,
    ),
    (
        "numpy-no-copy",
        "from numpy import array\nx = array(_arrays['x'], copy=False)\nx[0] = 5",
        "the keyword copy=",
        False,
    ),
    (
        "numpy-object-open",
        "from numpy import array\nx = array([open], dtype=object)",
        "'open'",
        False,
    ),
    (
        "path-write",
        "from pathlib import Path\nPath(MARK).write_text('x')",
        "'write_text'",
        True,
    ),
    (
        "path-touch",
        "from pathlib import Path\np = Path(MARK)\np.touch()",
        "'touch'",
        True,
    ),
    (
        "path-expression",
        "from pathlib import Path\nx = Path(MARK).touch()",
        "'touch'",
        True,
    ),
    (
        "defaultdict-os",
        "import os\nfrom collections import defaultdict\nd = defaultdict(os.system)",
        "import of a module",
        False,
    ),
    (
        "defaultdict-missing",
        "from collections import defaultdict\nd = defaultdict(list)\nx = d['a']",
        "the subscript d['a']",
        False,
    ),
    (
        "format-string",
        "x = '{0.__init__.__globals__}'.format(_canary)",
        "'format'",
        False,
    ),
    ("f-string", "x = f\"{open(MARK, 'w').close()}\"", "f-string", True),
    ("percent-format", "x = '%s' % (MARK,)", "arithmetic", False),
    ("repeat", "x = 'a' * 10", "arithmetic", False),
    ("type-3-arguments", "T = type('T', (object,), {})", "the name 'type'", False),
    (
        "object-new-evil",
        "from MOD import Evil as _Evil\nx = object.__new__(_Evil)",
        "__new__",
        False,
    ),
    (
        "point-new-evil",
        "from MOD import Evil as _Evil\nx = _Canary.__new__(_Evil)",
        "__new__",
        False,
    ),
    (
        "evil-new",
        "from MOD import Evil as _Evil\nx = _Evil.__new__(_Evil)",
        "not an allowed",
        True,
    ),
    (
        "evil-call",
        "from MOD import Evil as _Evil\nx = _Evil()",
        "not an allowed callable",
        True,
    ),
    (
        "evil-static",
        "from MOD import Evil as _Evil\n_Evil.run(MARK)",
        "calling the method",
        True,
    ),
    (
        "evil-static-value",
        "from MOD import Evil as _Evil\nx = _Evil.run",
        "'run'",
        False,
    ),
    (
        "evil-constant",
        "from MOD import Evil as _Evil\nx = list(_Evil.INSTANCE)",
        "'INSTANCE'",
        True,
    ),
    (
        "evil-value",
        "from MOD import Evil as _Evil\nx = [_Evil]",
        "the class Evil",
        False,
    ),
    ("module-function", "from MOD import _touch\n_touch(MARK)", "_touch", True),
    ("walrus", "x = [(y := open(MARK, 'w').close())]", "assignment expression", True),
    ("lambda", "f = lambda: 0", "lambda", False),
    (
        "lambda-call",
        "x = (lambda: open(MARK, 'w').close())()",
        "call of an expression",
        True,
    ),
    ("list-comprehension", f"x = [{OPEN} for _ in [1]]", "list comprehension", True),
    ("generator", f"x = list({OPEN} for _ in [1])", "generator expression", True),
    (
        "dict-comprehension",
        f"x = {{1: {OPEN} for _ in [1]}}",
        "dict comprehension",
        True,
    ),
    ("set-comprehension", f"x = {{{OPEN} for _ in [1]}}", "set comprehension", True),
    ("if-expression", "x = 1 if open(MARK, 'w').close() else 2", "IfExp", True),
    ("boolean", "x = [] or open(MARK, 'w').close()", "BoolOp", True),
    ("compare", "x = open(MARK, 'w').close() == 1", "Compare", True),
    (
        "prologue-extra",
        LOADER.replace("\n\n    def", f"\n    {OPEN}\n\n    def", 1),
        "if other",
        True,
    ),
    (
        "prologue-pickle",
        LOADER.replace("'.npy'))", "'.npy'), allow_pickle=True)"),
        "if other",
        False,
    ),
    (
        "prologue-traversal",
        LOADER.replace("FOLDER", "'../../etc'"),
        "array store",
        False,
    ),
    ("prologue-absolute", LOADER.replace("FOLDER", "'/etc'"), "array store", False),
    ("array-key-traversal", "x = _arrays['../../etc/passwd']", "the array key", False),
    (
        "prologue-traversal-non-ascii",
        LOADER.replace("FOLDER", "'café_data/../../etc'"),
        "array store",
        False,
    ),
    ("array-key-traversal-non-ascii", "x = _arrays['café/../x']", "array key", False),
    ("array-mapping", "x = _arrays.__class__", "of an object", False),
    (
        "epilogue-changed",
        f"x = 1\nif __name__ not in __import__('sys').modules:\n    {OPEN}",
        "if other",
        True,
    ),
    ("epilogue-hijack", "__name__ = 'os'", "binding the name '__name__'", False),
    (
        "sys-modules",
        "x = 1\n__import__('sys').modules[__name__] = x",
        "setting an item on",
        False,
    ),
    (
        "cleanup-handler",
        f"try:\n    del __builtins__, _arrays\nexcept NameError:\n    {OPEN}",
        "try other",
        True,
    ),
    ("try-finally", f"try:\n    pass\nfinally:\n    {OPEN}", "try other", True),
    ("del-builtins", "del __builtins__", "'__builtins__'", False),
    ("with", "with open(MARK, 'w'):\n    pass", "With", True),
    ("for", f"for _ in [1]:\n    {OPEN}", "For", True),
    ("while", f"while not _canary:\n    {OPEN}", "While", False),
    ("if", f"if True:\n    {OPEN}", "if other", True),
    ("class", f"class X:\n    {OPEN}", "class definition", True),
    ("assert", "assert open(MARK, 'w').close()", "Assert", True),
    ("raise", "raise ValueError(open(MARK, 'w').close())", "Raise", True),
    ("match", f"match 1:\n    case 1:\n        {OPEN}", "Match", True),
    ("async", "async def f():\n    await g()", "async function", False),
    ("aug-assign", "x = 1\nx += 1", "AugAssign", False),
    ("subscript-load", "x = _canary['k']", "the subscript", True),
    ("set-class", "_canary.__class__ = _Canary", "'__class__'", False),
    (
        "set-class-evil",
        "from MOD import Evil as _Evil\n_canary.__class__ = _Evil",
        "Evil",
        False,
    ),
    ("dict-of-object", "_canary.__dict__['k'] = 1", "setting an item on", False),
    ("reduce", "x = _canary.__reduce_ex__(2)", "of an object", False),
    ("patch-class", "_Canary.hook = 1", "did not create", True),
    (
        "patch-enum-member",
        "from MOD import Color as _Color\nr = _Color.RED\nr.hook = 1",
        "did not",
        True,
    ),
    (
        "enum-call-member",
        "from MOD import Color as _Color\nr = _Color(1)\nr.hook = 1",
        "did not",
        True,
    ),
    (
        "shared-dtype",
        "from numpy import dtype\nd = dtype('f8')\n"
        "d.__setstate__((3, '<', None, None, None, -1, -1, 0))",
        "did not create",
        False,  # would corrupt numpy's float64 for the whole process: never run it
    ),
    (
        "container-alias",
        "d = {}\nd['k'] = []\nd.update({'k': _Canary})\nd['k'].hook = 1",
        "the subscript d['k']",
        True,
    ),
    ("chained-assignment", "x = y = 1", "chained", False),
    ("unpacking", "x, y = 1, 2", "target", False),
    ("codec", "x = str(b'x', 'rot13')", "encoding", False),
    ("relative-import", "from . import x", "relative import", False),
    ("import-star", "from os import *", "import *", False),
    (
        "builtins-eval",
        "from builtins import eval\nx = eval(\"open(MARK, 'w').close()\")",
        "builtins.eval",
        True,
    ),
    ("builtins-import", "from builtins import __import__", "__import__", False),
    ("breakpoint", "x = breakpoint", "breakpoint", False),
    ("globals", "g = globals()", "globals", False),
    ("print", "print(1)", "the name 'print'", False),
    ("call-statement", "_Canary()", "the call _Canary()", False),
    ("yield", "x = (yield)", "Yield", False),
    ("deep-nesting", "x = " + "-" * 100_000 + "1", "deep nesting", False),
    # The DataSet footer deletes the names that are keys of _info_dict, which
    # the archive writes: a verifier that forgot every name there took names
    # still bound to imported classes for builtins, and eval came out.
    (
        "footer-keeps-names",
        "from pathlib import attrgetter as int\n"
        "from collections import _itemgetter as float\n"
        "from collections import UserDict as bool\n"
        f"_info_dict = {{}}\n{FOOTER}"
        f"str = int('__init__.__builtins__')\nbytes = float('eval')\n{FOOTER}"
        f"list = bytes(str(bool))\n{FOOTER}x = list({OPEN!r})",
        "a statement after the DataSet footer",
        True,
    ),
    (
        "footer-globals",
        f"globals = dict\n_info_dict = {{}}\n{FOOTER}",
        "'globals' rebound",
        False,
    ),
    # numpy reads an instance's __array_interface__: raw memory at any address
    (
        "dunder-attribute-display",
        f"{USER_DICT}u.__dict__.update({{'__array_interface__': {INTERFACE}}})",
        "__dict__.update() with other than a dict of plain names",
        False,
    ),
    (
        "dunder-attribute-name",
        f"{USER_DICT}d = {{'__array_interface__': {INTERFACE}}}\nu.__dict__.update(d)",
        "a dict of plain names",
        False,
    ),
    (
        "dunder-attribute-added",
        f"{USER_DICT}d = {{}}\nd['__array_interface__'] = {INTERFACE}\n"
        "u.__dict__.update(d)",
        "a dict of plain names",
        False,
    ),
    (
        "dunder-attribute-call",
        f"{USER_DICT}u.__dict__.update(dict(__array_interface__={INTERFACE}))",
        "a dict of plain names",
        False,
    ),
    (
        "dunder-attribute-alias",
        f"{USER_DICT}from collections import ChainMap\nd = {{}}\nc = ChainMap(d)\n"
        f"c['__array_interface__'] = {INTERFACE}\nu.__dict__.update(d)",
        "a dict of plain names",
        False,
    ),
    (
        "dunder-attribute-item-replaced",  # c['k'] is another dict when f runs
        f"{USER_DICT}c = {{}}\nc['k'] = {{'a': 1}}\n"
        "def f(u=u, c=c):\n    u.__dict__.update(c['k'])\n    return u\n"
        f"c['k'] = {{'__array_interface__': {INTERFACE}}}\nf = f()",
        "a dict of plain names",
        False,
    ),
    (
        "dunder-attribute-later",  # the function runs after the key is added
        f"{USER_DICT}d = {{}}\n"
        "def f(u=u, d=d):\n    u.__dict__.update(d)\n    return u\n"
        f"def g(d=d):\n    d['__array_interface__'] = {INTERFACE}\n"
        "g = g()\nf = f()",
        "given other keys later",
        False,
    ),
]


@pytest.fixture
def mark(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pwned"
    Evil.mark = str(path)
    yield path
    Evil.mark = None
    if "hook" in Canary.__dict__:
        del Canary.hook  # type: ignore[attr-defined]
    Color.RED.__dict__.pop("hook", None)


def _source(text: str, mark: Path) -> str:
    pickle = mark.with_name("payload.npy")
    payload = np.empty(1, dtype=object)
    payload[0] = _Pickled(str(mark))
    np.save(pickle, payload, allow_pickle=True)
    return (
        text.replace("MARK", repr(str(mark)))
        .replace("PICKLE", repr(str(pickle)))
        .replace("FOLDER", "'x_arrays'")
        .replace("MOD", MOD)
    )


def _effects(mark: Path) -> tuple[Any, ...]:
    """What an attack that ran would change (the canary's count aside)."""
    return (mark.exists(), "hook" in Canary.__dict__, "hook" in Color.RED.__dict__)


def test_there_are_many_attacks() -> None:
    assert len(ATTACKS) >= 40
    assert len({name for name, *_ in ATTACKS}) == len(ATTACKS)
    assert sum(live for *_, live in ATTACKS) >= 40


@pytest.mark.parametrize(
    ("source", "construct"), [a[1:3] for a in ATTACKS], ids=[a[0] for a in ATTACKS]
)
def test_attacks_are_refused_before_anything_runs(
    mark: Path, source: str, construct: str
) -> None:
    text = PREFIX.replace("MOD", MOD) + _source(source, mark)
    before = Canary.count
    with pytest.raises(UnsafeArchiveError) as info:
        persist.loads(text, safe=True, allow=ALLOW)
    assert construct in info.value.construct, str(info.value)
    assert Canary.count == before, "the archive ran before it was verified"
    assert _effects(mark) == (False, False, False)
    if info.value.lineno is not None:
        assert info.value.lineno > 2  # the prefix is fine
        assert str(info.value).startswith(
            f"<archive>:{info.value.lineno}: unsafe archive: "
        )


LIVE = [a for a in ATTACKS if a[3]]


@pytest.mark.parametrize("source", [a[1] for a in LIVE], ids=[a[0] for a in LIVE])
def test_live_attacks_do_run_without_safe(mark: Path, source: str) -> None:
    text = PREFIX.replace("MOD", MOD) + _source(source, mark)
    with contextlib.suppress(LoadError):
        persist.loads(text)
    assert _effects(mark) != (False, False, False)


def test_a_saved_attack_is_refused_by_load(tmp_path: Path, mark: Path) -> None:
    archive = Archive(array_threshold=3)
    archive.insert(x=np.arange(10))
    path = archive.save(tmp_path, "saved", package=True)
    init = path / "__init__.py"
    init.write_text(init.read_text() + f"y = {_source(OPEN, mark)}\n")
    with pytest.raises(UnsafeArchiveError, match="saved/__init__.py:.*'close'"):
        persist.load(path, safe=True)
    assert not mark.exists()
    persist.load(path)  # the same archive, trusted
    assert mark.exists()
