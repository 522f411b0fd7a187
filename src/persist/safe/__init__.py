"""verify: check an archive's syntax tree against an allow-list before it runs.

``persist.load(path, safe=True)`` and ``persist.loads(text, safe=True)`` call
``verify`` first: nothing of the archive runs, and no array is read, unless
every statement passes; the tree that passed is the tree that is compiled.

    from mod import Point as _Point     allowed if Point is in allow=[...]
    x = [1, 2]                          a literal
    x.append(x)                         a step on an object the archive made
    p = _Point.__new__(_Point)          the construct-then-fill shape
    p.__class__ = x                     UnsafeArchiveError: "<archive>:5: unsafe
                                        archive: setting the attribute '__class__'"

The model
---------
An archive may only *build data*. Its statements must have one of the shapes
the emitter writes:

- ``name = <value>``, ``del name, ...``, a string (docstring);
- ``from module import name [as alias]``, where ``module.name`` resolves now,
  statically, to an allowed callable (or to a class only used as the
  namespace of allowed ones: ``Outer.Inner``); ``import module`` is refused;
- steps on an object the archive created: ``<t>[<value>] = <value>`` and
  ``<t>.append/extend/update(<value>)`` on containers (MUTABLE: displays,
  list, dict, set, bytearray, numpy arrays, collections, allowed classes);
  ``<t>.attr = <value>``, ``<t>.__setstate__(<value>)`` and
  ``<t>.__dict__.update(<value>)`` only on instances of allowed classes and
  the pure Python collections (SETTABLE); ``__dict__.update`` only with a
  dict display of plain string keys (no ``__``), or a name holding one that
  was given only such keys and used no other way. ``<t>`` is a name or
  ``container['key']`` after ``container['key'] = ...`` (DataSet metadata);
- the scoped style's ``def f(a=a, ...):`` (defaults are the names themselves;
  no decorators, annotations, ``*``/``**``) holding local imports, steps and a
  final ``return <value>``, called without arguments: ``f = f()``, ``f()``;
- exact copies of the array loader prologue (regenerated from its store path,
  which must be relative without ``..``, and its plain array keys), the
  single-item epilogue, the DataSet footer (last: it deletes names the
  archive chose) and the ``try: del __builtins__ ... except NameError: pass``
  clean-up.

A ``<value>`` is a literal (numbers, strings, bytes, ``...``, ``-1``,
``(1-2j)``, containers of values), a name the archive bound, an allowed
builtin, a class constant of an allowed class (``Color.RED``,
``timezone.utc``: an instance of that very class), ``_arrays['key']``, or a
call of an allowed callable with plain positional and keyword arguments
(``Cls.__new__(Cls, ...)`` included).

Allowed callables: the builtin constructors (bool int float complex str bytes
bytearray list tuple dict set frozenset range slice object), numpy ``array``,
``zeros``, ``empty`` (without ``copy=``/``like=``), ``dtype`` and the scalar
types, the value types of ``datetime``, ``decimal``, ``fractions``, ``uuid``,
``pathlib`` and ``collections``, the ``scipy.sparse`` matrix and array
classes, and what the caller adds: ``allow=[obj, ...]`` (classes or
functions) and ``allow_modules=['pkg']`` (every class defined in ``pkg`` or
below it).

Why this is safe
----------------
- Every call is resolved before anything runs, by identity, to an allowed
  callable: no call of a computed expression, of a name bound to data, of a
  method other than the step methods, no ``*``/``**`` arguments, no string
  constructors with an encoding (a codec lookup imports modules).
- No attribute is read but class constants and nested classes of classes
  (looked up with ``inspect.getattr_static``, so no descriptor or metaclass
  code runs now, and only in classes whose lookup at run time is the plain
  one), ``__new__`` in the ``Cls.__new__(Cls)`` shape and the step methods;
  no name or attribute starting with ``__`` otherwise: no way to
  ``__class__``, ``__subclasses__``, ``__globals__`` or ``__builtins__``.
- The name environment is exact: module code is straight-line (the only
  branches are the exact blocks), names are bound only by assignment,
  ``from`` import and ``def``; dunder names and the array mapping's name cannot
  be rebound. Functions see only their parameters, local imports, the array
  mapping and builtins the module never rebinds, and run only with their
  defaults; no lambda, comprehension, f-string, walrus or ``global``.
- Steps mutate only objects the archive created with allowed constructors:
  no class, module, enum member, shared numpy dtype or caller's array.
- The code that runs is the allowed classes' own (``__init__``,
  ``__setstate__``, ``__setitem__``, ...): allowing a class means trusting it.

What it does not do: bound memory or time (``bytes(10**12)`` costs what it
says); make allowed classes safe (one whose constructor returns an existing
object lets the steps change it); accept values that are functions, modules
or bound methods, or persist 3.2 ``get_persistent_rep`` expressions.
"""

# The package, in the order a check runs:
#   renamed.py   ``renames`` written into the imports first
#   verifier.py  the walk over the statements, tracking what each name holds
#   policy.py    the allow-list it asks: callables, modules, allowed steps
#   blocks.py    persist's own blocks, allowed only verbatim
#   report.py    the UnsafeArchiveError of a refusal

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from persist.errors import UnsafeArchiveError
from persist.safe.policy import Policy
from persist.safe.renamed import rename_imports
from persist.safe.verifier import Verifier

__all__ = ["Policy", "Verified", "verify"]


@dataclass(frozen=True, slots=True)
class Verified:
    """An archive that passed: its tree (compile this) and its store path."""

    tree: ast.Module
    store: str | None


def verify(
    text: str,
    filename: str = "<archive>",
    *,
    allow: Iterable[Any] = (),
    allow_modules: Iterable[str] = (),
    data_name: str = "_arrays",
    renames: Mapping[str, str] | None = None,
) -> Verified:
    """Check archive ``text`` against the allow-list without running it.

    Parameters
    ----------
    text : str
        The archive's source.
    filename : str
        Named in error messages.
    allow : iterable
        Classes and functions the archive may call besides the defaults.
    allow_modules : iterable of str
        Modules whose classes the archive may call.
    data_name : str
        Name of the external array mapping.
    renames : mapping, optional
        ``persist.renames`` table: applied to the tree's imports, which are then
        verified; run the tree with the ordinary builtins.

    Returns
    -------
    Verified
        The parsed tree (compile this one) and the array store path named by
        the loader prologue, if any.

    Raises
    ------
    UnsafeArchiveError
        A statement or expression outside the allow-list; names line and construct.
    SyntaxError
        ``text`` is not Python.
    LoadError
        A module the archive may import from cannot be imported.
    """
    policy = Policy(allow, allow_modules)
    try:
        tree = ast.parse(text, filename)
    except ValueError as exc:  # null bytes (a SyntaxError from Python 3.12 on)
        raise SyntaxError(str(exc)) from exc
    except (RecursionError, MemoryError) as exc:
        raise UnsafeArchiveError(
            f"{filename}: unsafe archive: nesting too deep to parse",
            filename,
            None,
            "deep nesting",
        ) from exc
    verifier = Verifier(text, filename, policy, data_name)
    if renames:
        rename_imports(tree, renames, text, filename)
    verifier.module(tree)
    return Verified(tree, verifier.store)
