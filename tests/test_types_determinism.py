"""Determinism: the same text in every process and hash seed, for sets, dict
keys and objects archived in fresh interpreters (``PYTHONHASHSEED`` 0, 1 and
12345) and in this one. Sets of objects without a value repr are written in
the order of what they hold, functions and classes by name.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from structure import assert_same_structure
from type_cases import NamedKey, archive_text, make_hooked, module_function, run

_DETERMINISM_SCRIPT = textwrap.dedent(
    """
    import datetime, enum, pathlib, sys
    sys.path.insert(0, {tests!r})
    from type_cases import Color, NamedKey, Plain, make_hooked, module_function
    from persist.archive import Archive

    def build():
        shared = ['s']
        return dict(
            strings=set('abcdefghij'),
            frozen=frozenset({{frozenset('xyz'), ('a', 1), 'q'}}),
            enums={{Color.RED, Color.GREEN}},
            dates={{datetime.date(2020, 1, d) for d in range(1, 9)}},
            paths={{pathlib.PurePosixPath(f'/p{{i}}') for i in range(5)}},
            mixed={{1, 2.5, 'a', b'b', None, (1, 'x'), True}},
            keys={{frozenset('ab'): shared, 'k': shared}},
            obj=Plain(a=shared, b={{'z': 1, 'a': 2}}),
            by_state={{NamedKey(n) for n in 'abcdefgh'}},  # hash a str: vary
            by_address={{Plain(v=i) for i in range(8)}},
            functions={{module_function, make_hooked, Color, len}},
        )

    for scoped in (False, True):
        archive = Archive(scoped=scoped)
        archive.insert(**build())
        sys.stdout.write(str(archive))
    """
)


def test_text_is_the_same_in_every_process_and_hash_seed() -> None:
    script = _DETERMINISM_SCRIPT.format(tests=os.path.dirname(__file__))
    outputs = []
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    texts: list[str] = []  # and in this process, too
    exec(script.replace("sys.stdout.write(", "texts.append("), {"texts": texts})
    assert "".join(texts) == outputs[0]


def test_objects_without_a_value_repr_are_ordered_by_what_they_hold() -> None:
    """Instances by their attributes, functions and classes by name: not by
    string hashes or addresses, which differ between processes."""
    obj = {
        "keys": {NamedKey(n) for n in "dbca"},
        "funcs": {module_function, make_hooked},
    }
    text, _ = archive_text(obj, False)
    names = [text.index(f"name = {n!r}") for n in "abcd"]
    assert names == sorted(names)
    assert "{_make_hooked, _module_function}" in text
    assert_same_structure(run(text)["x"], obj)
