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
  the pure Python collections (SETTABLE). ``<t>`` is a name or
  ``container['key']`` after ``container['key'] = ...`` (DataSet metadata);
- the scoped style's ``def f(a=a, ...):`` (defaults are the names themselves;
  no decorators, annotations, ``*``/``**``) holding local imports, steps and a
  final ``return <value>``, called without arguments: ``f = f()``, ``f()``;
- exact copies of the array loader prologue (regenerated from its store path,
  which must be relative without ``..``, and its plain array keys), the
  single-item epilogue, the DataSet footer and the ``try: del __builtins__ ...
  except NameError: pass`` clean-up.

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

from __future__ import annotations

import ast
import builtins
import collections
import datetime
import decimal
import enum
import fractions
import functools
import importlib
import inspect
import pathlib
import re
import sys
import types
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np

from persist.errors import LoadError, UnsafeArchiveError

__all__ = ["Policy", "Verified", "verify"]

MUTABLE = 1  # setitem, append, extend, update
SETTABLE = 2  # setattr, __setstate__, __dict__.update
OWN = MUTABLE | SETTABLE

_BUILTIN_FLAGS = {
    **dict.fromkeys(
        ("bool", "int", "float", "complex", "str", "bytes", "tuple", "frozenset")
        + ("range", "slice", "object"),
        0,
    ),
    **dict.fromkeys(("list", "dict", "set", "bytearray"), MUTABLE),
}
_ONE_ARGUMENT = (str, bytes, bytearray)  # an encoding argument looks up codecs
# array(x, copy=False) could hand out the caller's arrays for the steps to change
_REFUSED_KEYWORDS = {"copy", "like"}
_DEFAULT_MODULES = frozenset(
    {"builtins", "numpy", "datetime", "decimal", "fractions", "uuid", "collections"}
    | {"pathlib", "scipy.sparse"}
)
_SPARSE = frozenset(
    f"{fmt}_{kind}"
    for fmt in ("csr", "csc", "bsr", "coo", "dia", "lil", "dok")
    for kind in ("matrix", "array")
)
_STEP_METHODS = {"append": MUTABLE, "extend": MUTABLE, "update": MUTABLE}
_ARRAY_KEY = re.compile(r"[A-Za-z0-9_]+")
_STORE = re.compile(r"[A-Za-z0-9_]+(?:\.h5)?(?:/[A-Za-z0-9_]+(?:\.h5)?)*")
_NUMBERS = (int, float, complex)


def _defaults() -> dict[int, tuple[Any, int]]:
    table: dict[int, tuple[Any, int]] = {}

    def add(flags: int, *objects: Any) -> None:
        for obj in objects:
            table[id(obj)] = (obj, flags)

    for name, flags in _BUILTIN_FLAGS.items():
        add(flags, getattr(builtins, name))
    add(MUTABLE, np.array, np.zeros, np.empty)
    add(0, np.dtype, decimal.Decimal, fractions.Fraction, uuid.UUID)
    add(0, datetime.date, datetime.datetime, datetime.time, datetime.timedelta)
    add(0, datetime.timezone, pathlib.PurePath, pathlib.PurePosixPath)
    add(
        0, pathlib.PureWindowsPath, pathlib.Path, pathlib.PosixPath, pathlib.WindowsPath
    )
    add(MUTABLE, collections.OrderedDict, collections.defaultdict)
    add(MUTABLE, collections.Counter, collections.deque)
    # pure Python classes, rebuilt through the pickle protocol with setattr steps
    add(OWN, collections.ChainMap, collections.UserDict, collections.UserList)
    add(OWN, collections.UserString)
    return table


_DEFAULTS = _defaults()


def _within(module: Any, roots: tuple[str, ...]) -> bool:
    return type(module) is str and any(
        module == root or module.startswith(root + ".") for root in roots
    )


def _is_class(obj: Any) -> bool:
    """``isinstance(obj, type)`` without asking ``obj`` (no ``__class__`` lookup)."""
    return issubclass(type(obj), type)


def _plain_lookup(obj: Any) -> bool:
    """Whether ``obj.name`` at run time finds what ``getattr_static`` finds: no
    ``__getattribute__`` of its own class (metaclass, module subclass)."""
    own = inspect.getattr_static(type(obj), "__getattribute__", None)
    return own is type.__getattribute__ or own is types.ModuleType.__getattribute__


def _class_attribute(cls: type, name: str) -> Any:
    """``cls.__module__`` (or ``__name__``, ``__qualname__``) as ``type`` stores it,
    whatever the metaclass says."""
    return type.__dict__[name].__get__(cls, type)


class Policy:
    """Which callables an archive may call, and which modules it may import from.

    Parameters
    ----------
    allow : iterable
        Classes or functions the archive may call, in addition to the defaults.
    allow_modules : iterable of str
        Modules whose classes (those defined in them or in their submodules)
        the archive may call.
    """

    def __init__(
        self, allow: Iterable[Any] = (), allow_modules: Iterable[str] = ()
    ) -> None:
        from persist.lower.refs import find_global

        if isinstance(allow_modules, str):
            allow_modules = (allow_modules,)
        self.modules = tuple(allow_modules)
        for module in self.modules:
            if not isinstance(module, str):
                raise TypeError(f"allow_modules takes module names, not {module!r}")
        if isinstance(allow, type) or callable(allow):
            allow = (allow,)
        self.allowed = {id(obj): obj for obj in allow}
        importable = set(_DEFAULT_MODULES)
        for obj in self.allowed.values():
            home = getattr(obj, "__module__", None)
            if isinstance(home, str):
                importable.add(home)
            found = find_global(obj)
            if found is not None:
                importable.add(found[0])
        self.importable = frozenset(importable)

    def module(self, name: str) -> Any:
        """The module ``name`` if an archive may import from it, else None.

        Only the default modules and ``allow_modules`` are imported here; the
        modules of ``allow`` objects are used only once imported."""
        found = sys.modules.get(name)
        if found is None and (name in _DEFAULT_MODULES or _within(name, self.modules)):
            found = importlib.import_module(name)
        if name in self.importable or _within(name, self.modules):
            return found
        return None

    def call_flags(self, obj: Any) -> int | None:
        """None if ``obj`` may not be called; else the steps its results accept."""
        found = _DEFAULTS.get(id(obj))
        if found is not None and found[0] is obj:
            return found[1]
        is_class = _is_class(obj)
        if is_class:
            module = _class_attribute(obj, "__module__")
            if issubclass(obj, np.generic) and module == "numpy":
                return 0
            if _within(module, ("scipy.sparse",)):
                return 0 if _class_attribute(obj, "__name__") in _SPARSE else None
        if self.allowed.get(id(obj)) is obj or (
            is_class and _within(_class_attribute(obj, "__module__"), self.modules)
        ):
            # enum members are shared singletons: no steps on them
            return 0 if is_class and issubclass(obj, enum.Enum) else OWN
        return None


@dataclass(eq=False, slots=True)
class Binding:
    """What a name (or ``container['key']``) holds, as far as verification knows.

    kind: ``object`` (a value; ``flags`` say which steps it accepts), ``ref``
    (an allowed callable, ``obj``; calling it gives ``call`` flags),
    ``namespace`` (a class only used as ``Outer.Inner``), ``function`` (a
    scoped-style function; calling it gives ``result``), ``arrays`` (the
    external array mapping). ``items`` tracks the values set by
    ``d['key'] = v`` on a dict display, until the dict is used any other way.
    """

    kind: str
    flags: int = 0
    obj: Any = None
    call: int = 0
    result: Binding | None = None
    items: dict[str, Binding] | None = None


@dataclass(frozen=True, slots=True)
class Verified:
    """An archive that passed: its tree (compile this) and its store path."""

    tree: ast.Module
    store: str | None


_NAMES = {
    "Lambda": "lambda",
    "ListComp": "list comprehension",
    "SetComp": "set comprehension",
    "DictComp": "dict comprehension",
    "GeneratorExp": "generator expression",
    "NamedExpr": "assignment expression (:=)",
    "JoinedStr": "f-string",
    "Starred": "starred argument",
    "Global": "global statement",
    "Nonlocal": "nonlocal statement",
    "ClassDef": "class definition",
    "AsyncFunctionDef": "async function",
    "Import": "import of a module",
}


def _same_tree(a: Any, b: Any) -> bool:
    """Structural equality of two syntax trees, positions aside (iterative)."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, ast.AST):
            stack.extend((getattr(x, f, None), getattr(y, f, None)) for f in x._fields)
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y, strict=True))
        elif x != y:
            return False
    return True


def _constant(node: ast.AST, *kinds: type) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in kinds


def _sign(node: ast.expr) -> ast.expr:
    """``1`` for ``-1`` and ``+1``."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return node.operand
    return node


@functools.lru_cache(maxsize=64)
def _template(text: str) -> list[ast.stmt]:
    """The statements of ``text`` (cached: never change them)."""
    return ast.parse(text).body


class _Verifier:
    """One pass over a module, statement by statement, tracking the names."""

    def __init__(self, text: str, filename: str, policy: Policy, data: str) -> None:
        self.text = text
        self.filename = filename
        self.policy = policy
        self.data_name = data
        self.arrays = Binding("arrays")
        self.env: dict[str, Binding] = {data: self.arrays}
        self.local: dict[str, Binding] | None = None  # inside a function
        self.module_names: set[str] = set()  # bound anywhere at module level
        self.store: str | None = None

    # -- reporting -----------------------------------------------------------------
    def fail(self, node: ast.AST, construct: str) -> NoReturn:
        lineno = getattr(node, "lineno", None)
        where = f"{self.filename}:{lineno}" if lineno else self.filename
        lines = self.text.splitlines()
        source = ""
        if lineno and 0 < lineno <= len(lines):
            source = "\n    " + lines[lineno - 1].strip()[:120]
        raise UnsafeArchiveError(
            f"{where}: unsafe archive: {construct} is not allowed{source}",
            self.filename,
            lineno,
            construct,
        )

    def refuse(self, node: ast.AST) -> NoReturn:
        kind = type(node).__name__
        what = "statement" if isinstance(node, ast.stmt) else "expression"
        self.fail(node, _NAMES.get(kind, f"{kind} {what}"))

    def source(self, node: ast.AST) -> str:
        return (ast.get_source_segment(self.text, node) or type(node).__name__)[:60]

    # -- names -----------------------------------------------------------------------
    def check_name(self, node: ast.AST, name: str) -> None:
        """A name the archive may bind or delete."""
        if name.startswith("__") or name == self.data_name:
            self.fail(node, f"binding the name {name!r}")

    def lookup(self, name: str, node: ast.AST) -> Binding:
        if name.startswith("__"):
            self.fail(node, f"the name {name!r}")
        if self.local is not None:
            found = self.local.get(name)
            if found is not None:
                return found
            if name == self.data_name:
                return self.arrays
            if name in self.module_names:
                self.fail(node, f"reading the module's name {name!r} in a function")
        else:
            found = self.env.get(name)
            if found is not None:
                return found
        flags = _BUILTIN_FLAGS.get(name)
        if flags is None:
            self.fail(node, f"the name {name!r} (unbound, not an allowed builtin)")
        return Binding("ref", obj=getattr(builtins, name), call=flags)

    def use(self, binding: Binding, node: ast.AST) -> Binding:
        """``binding`` read as a value (it may now be reached other ways)."""
        if binding.kind == "function":
            self.fail(node, "a function as a value")
        if binding.kind == "namespace":
            name = _class_attribute(binding.obj, "__qualname__")
            self.fail(node, f"the class {name} (not allowed)")
        if binding.kind == "arrays":
            self.fail(node, "the array mapping as a value")
        binding.items = None
        return binding

    def reference(self, node: ast.expr) -> Binding:
        """A name, or attributes of a class: ``Outer.Inner``, ``Color.RED``."""
        chain: list[ast.Attribute] = []
        head = node
        while isinstance(head, ast.Attribute):
            chain.append(head)
            head = head.value
        if not isinstance(head, ast.Name):
            self.fail(node, f"the attribute {chain[-1].attr!r} of an expression")
        binding = self.lookup(head.id, head)
        if not chain:
            return binding
        if binding.kind not in ("ref", "namespace"):
            self.fail(chain[-1], f"the attribute {chain[-1].attr!r} of an object")
        obj = parent = binding.obj
        for link in reversed(chain):
            if link.attr.startswith("__"):
                self.fail(link, f"the attribute {link.attr!r}")
            if not _is_class(obj) or not _plain_lookup(obj):
                self.fail(link, f"the attribute {link.attr!r} of a non-class")
            parent = obj
            try:  # no descriptor, no metaclass __getattr__ runs
                obj = inspect.getattr_static(obj, link.attr)
            except AttributeError:
                self.fail(link, f"the attribute {link.attr!r} (it does not resolve)")
        flags = self.policy.call_flags(obj)
        if flags is not None:
            return Binding("ref", obj=obj, call=flags)
        if type(obj) is parent and self.policy.call_flags(parent) is not None:
            return Binding("object")  # a class constant: Color.RED, timezone.utc
        if _is_class(obj):
            return Binding("namespace", obj=obj)
        self.fail(node, f"the attribute {chain[0].attr!r} (not a class or constant)")

    def resolve_import(self, node: ast.ImportFrom, module: str, name: str) -> Binding:
        if name.startswith("__"):
            self.fail(node, f"import of {module}.{name}")
        try:
            found = self.policy.module(module)
        except Exception as exc:
            raise LoadError(
                f"{self.filename}:{node.lineno}: cannot import {module}: {exc}",
                self.filename,
                node.lineno,
            ) from exc
        if found is None or not _plain_lookup(found):
            self.fail(node, f"import from module {module!r}")
        try:  # the module's own __getattr__ does not run
            obj = inspect.getattr_static(found, name)
        except AttributeError:
            self.fail(node, f"import of {module}.{name} (it does not resolve)")
        flags = self.policy.call_flags(obj)
        if flags is not None:
            return Binding("ref", obj=obj, call=flags)
        if _is_class(obj):
            return Binding("namespace", obj=obj)
        self.fail(node, f"import of {module}.{name} (not an allowed callable)")

    # -- expressions -------------------------------------------------------------------
    def value(self, root: ast.expr) -> Binding:
        """Check a value expression (iteratively: any depth); what it gives."""
        stack = [root]
        result: Binding | None = None
        while stack:
            binding = self.node(stack.pop(), stack)
            if result is None:
                result = binding
        assert result is not None
        return result

    def node(self, node: ast.expr, stack: list[ast.expr]) -> Binding:
        """Check ``node`` itself and queue its parts."""
        if isinstance(node, ast.Constant):
            return Binding("object")
        if isinstance(node, ast.Name):
            return self.use(self.lookup(node.id, node), node)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            for item in node.elts:
                if isinstance(item, ast.Starred):
                    self.refuse(item)
                stack.append(item)
            mutable = not isinstance(node, ast.Tuple)
            return Binding("object", flags=MUTABLE if mutable else 0)
        if isinstance(node, ast.Dict):
            for key in node.keys:
                if key is None:
                    self.fail(node, "dict unpacking (**)")
                stack.append(key)
            stack.extend(node.values)
            return Binding("object", flags=MUTABLE, items={})
        if isinstance(node, ast.Call):
            return self.call(node, stack)
        if isinstance(node, ast.Attribute):
            return self.use(self.reference(node), node)
        if isinstance(node, ast.Subscript):
            return self.item(node)
        operand = _sign(node)
        if operand is not node and (
            isinstance(operand, ast.Call) or _constant(operand, *_NUMBERS)
        ):
            stack.append(operand)  # -1, -float('inf')
            return Binding("object")
        if isinstance(node, ast.BinOp):
            if (
                isinstance(node.op, (ast.Add, ast.Sub))
                and _constant(_sign(node.left), *_NUMBERS)
                and _constant(node.right, complex)
            ):
                return Binding("object")  # (1-2j)
            self.fail(node, "arithmetic other than a complex literal")
        self.refuse(node)

    def item(self, node: ast.Subscript) -> Binding:
        """``_arrays['key']``, or ``d['key']`` after ``d['key'] = value``."""
        key = node.slice
        if not isinstance(node.value, ast.Name) or not isinstance(key, ast.Constant):
            self.fail(node, f"the subscript {self.source(node)}")
        binding = self.lookup(node.value.id, node.value)
        if binding.kind == "arrays":
            if not isinstance(key.value, str) or not _ARRAY_KEY.fullmatch(key.value):
                self.fail(node, f"the array key {key.value!r}")
            return Binding("object")
        if binding.items is None or key.value not in binding.items:
            self.fail(node, f"the subscript {self.source(node)}")
        return binding.items[key.value]

    def call(self, node: ast.Call, stack: list[ast.expr]) -> Binding:
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                self.refuse(arg)
            stack.append(arg)
        for keyword in node.keywords:
            if keyword.arg is None:
                self.fail(keyword.value, "keyword unpacking (**)")
            stack.append(keyword.value)
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "__new__":
            cls = self.reference(func.value)
            if cls.kind != "ref" or not _is_class(cls.obj):
                self.fail(func, f"{self.source(func)} (not an allowed class)")
            if not node.args or not _same_tree(node.args[0], func.value):
                self.fail(node, "__new__ other than Cls.__new__(Cls, ...)")
            return Binding("object", flags=cls.call)
        if not isinstance(func, (ast.Name, ast.Attribute)):
            self.fail(node, "a call of an expression")
        callee = self.reference(func)
        if callee.kind == "function" and not (node.args or node.keywords):
            assert callee.result is not None
            if callee.result.kind == "ref":
                return callee.result
            return Binding("object", flags=callee.result.flags)
        if callee.kind != "ref":
            self.fail(node, f"a call of {self.source(func)} (not an allowed callable)")
        if any(callee.obj is f for f in (np.array, np.zeros, np.empty)):
            for keyword in node.keywords:
                if keyword.arg in _REFUSED_KEYWORDS:
                    self.fail(keyword.value, f"the keyword {keyword.arg}=")
        text = _is_class(callee.obj) and issubclass(callee.obj, _ONE_ARGUMENT)
        if text and (len(node.args) > 1 or node.keywords):
            self.fail(node, f"{self.source(func)}() with an encoding")
        return Binding("object", flags=callee.call)

    # -- statements ----------------------------------------------------------------
    def target(self, node: ast.expr, flags: int, what: str) -> Binding:
        """The object a step changes: a name or ``container['key']`` holding an
        object the archive created, whose flags allow the step."""
        if isinstance(node, ast.Name):
            binding = self.lookup(node.id, node)
        elif isinstance(node, ast.Subscript):
            binding = self.item(node)
        else:
            self.fail(node, f"{what} on {self.source(node)}")
        if binding.kind != "object" or binding.flags & flags != flags:
            self.fail(node, f"{what} on an object the archive did not create")
        return binding

    def assign(self, stmt: ast.Assign) -> None:
        if len(stmt.targets) != 1:
            self.fail(stmt, "chained assignment")
        value = self.value(stmt.value)
        target = stmt.targets[0]
        if isinstance(target, ast.Name):
            if self.local is not None:
                self.fail(target, "assignment inside a function")
            self.check_name(target, target.id)
            self.env[target.id] = value
        elif isinstance(target, ast.Attribute):
            if target.attr.startswith("__"):
                self.fail(target, f"setting the attribute {target.attr!r}")
            self.target(target.value, SETTABLE, "setting an attribute")
        elif isinstance(target, ast.Subscript):
            base = self.target(target.value, MUTABLE, "setting an item")
            key = target.slice
            if isinstance(key, ast.Slice):
                self.fail(key, "a slice")
            if _constant(key, str) and base.items is not None:
                base.items[key.value] = value  # type: ignore[attr-defined]
            else:
                base.items = None
                self.value(key)
        else:
            self.fail(target, "this assignment target")

    def expression(self, stmt: ast.Expr) -> None:
        """A docstring, a call of a scoped function, or a method step."""
        call = stmt.value
        if _constant(call, str):
            return
        if not isinstance(call, ast.Call) or call.keywords:
            self.fail(stmt, "this expression statement")
        func = call.func
        if isinstance(func, ast.Name):
            if self.lookup(func.id, func).kind != "function" or call.args:
                self.fail(call, f"the call {self.source(call)} as a statement")
            return
        if not isinstance(func, ast.Attribute):
            self.fail(call, "this call statement")
        method, base = func.attr, func.value
        flags = _STEP_METHODS.get(method)
        if method == "__setstate__":
            flags = SETTABLE
        elif isinstance(base, ast.Attribute) and base.attr == "__dict__":
            flags = SETTABLE if method == "update" else None
            base = base.value
        if flags is None:
            self.fail(func, f"calling the method {method!r}")
        if len(call.args) != 1 or isinstance(call.args[0], ast.Starred):
            self.fail(call, f"{method}() with other than one plain argument")
        self.value(call.args[0])
        self.target(base, flags, f"{method}()").items = None

    def import_from(self, stmt: ast.ImportFrom) -> None:
        if stmt.level or stmt.module is None:
            self.fail(stmt, "a relative import")
        for alias in stmt.names:
            if alias.name == "*":
                self.fail(stmt, "import *")
            bound = alias.asname or alias.name
            self.check_name(stmt, bound)
            binding = self.resolve_import(stmt, stmt.module, alias.name)
            (self.env if self.local is None else self.local)[bound] = binding

    def delete(self, stmt: ast.Delete) -> None:
        targets = stmt.targets
        if len(targets) == 1 and isinstance(targets[0], ast.Tuple):
            targets = targets[0].elts  # del (a, b), the exploded form
        for target in targets:
            if not isinstance(target, ast.Name):
                self.fail(target, "deleting other than a name")
            self.check_name(target, target.id)
            if self.env.pop(target.id, None) is None:
                self.fail(target, f"deleting the unbound name {target.id!r}")

    def function(self, stmt: ast.FunctionDef) -> None:
        """``def f(a=a, ...):`` with local imports, steps and ``return <value>``."""
        args = stmt.args
        if (
            stmt.decorator_list
            or stmt.returns
            or getattr(stmt, "type_params", None)
            or args.posonlyargs
            or args.vararg
            or args.kwonlyargs
            or args.kwarg
            or len(args.defaults) != len(args.args)
        ):
            self.fail(stmt, "a function other than def f(a=a, ...)")
        self.check_name(stmt, stmt.name)
        local: dict[str, Binding] = {}
        for param, default in zip(args.args, args.defaults, strict=True):
            if not (isinstance(default, ast.Name) and default.id == param.arg):
                self.fail(param, "a parameter other than name=name")
            if param.annotation:
                self.fail(param, "an annotation")
            local[param.arg] = self.use(self.lookup(default.id, default), default)
        result = Binding("object")  # None
        *body, last = stmt.body
        returned = last.value if isinstance(last, ast.Return) else None
        if returned is None:
            body.append(last)
        self.local = local
        try:
            for inner in body:
                if not isinstance(inner, (ast.ImportFrom, ast.Expr, ast.Assign)):
                    self.refuse(inner)
                self.statement(inner)
            if returned is not None:
                result = self.value(returned)
        finally:
            self.local = None
        self.env[stmt.name] = Binding("function", result=result)

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assign):
            self.assign(stmt)
        elif isinstance(stmt, ast.Expr):
            self.expression(stmt)
        elif isinstance(stmt, ast.ImportFrom):
            self.import_from(stmt)
        elif self.local is not None:
            self.refuse(stmt)
        elif isinstance(stmt, ast.Delete):
            self.delete(stmt)
        elif isinstance(stmt, ast.FunctionDef):
            self.function(stmt)
        elif isinstance(stmt, ast.If):
            self.exact_if(stmt)
        elif isinstance(stmt, ast.Try):
            if not any(_same_tree(stmt, t) for t in self.cleanups()):
                self.fail(stmt, "try other than the clean-up")
            self.env.pop(self.data_name, None)
        else:
            self.refuse(stmt)

    # -- the exact blocks -----------------------------------------------------------
    def cleanups(self) -> list[ast.stmt]:
        from persist.emit.statements import _CLEANUP

        flat = _template(_CLEANUP.format(data=self.data_name))
        dataset = _template("try:\n    del __builtins__\nexcept NameError:\n    pass\n")
        return flat + dataset

    def exact_if(self, stmt: ast.If) -> None:
        """The single-item epilogue or the array loader prologue."""
        from persist.archive import _SINGLE_ITEM

        name = stmt.body[0].value if isinstance(stmt.body[0], ast.Assign) else None
        if isinstance(name, ast.Name):
            epilogue = _template(_SINGLE_ITEM.format(name=name.id))
            if _same_tree([stmt], epilogue):
                self.use(self.lookup(name.id, name), name)
                return
        store = self.prologue(stmt)
        if store is None:
            self.fail(stmt, "if other than the array loader or the single-item hook")
        self.store = store

    def prologue(self, stmt: ast.If) -> str | None:
        """The store path of an exact array loader prologue, else None."""
        from persist.store.arrays import FORMATS, loader_source

        folder: str | None = None
        keys: list[str] | None = None
        for node in ast.walk(stmt):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "join"
                and len(node.args) == 2
                and isinstance(node.args[0], ast.Call)
                and _constant(node.args[1], str)
            ):
                folder = folder or node.args[1].value  # type: ignore[attr-defined]
            elif (
                isinstance(node, ast.Tuple)
                and node.elts
                and keys is None
                and all(_constant(e, str) for e in node.elts)
            ):
                keys = [e.value for e in node.elts]  # type: ignore[attr-defined]
        if folder is None or keys is None:
            return None
        if not _STORE.fullmatch(folder) or not all(map(_ARRAY_KEY.fullmatch, keys)):
            self.fail(stmt, f"the array store {folder!r} or its keys")
        for data_format in FORMATS:
            source = loader_source(data_format, folder, keys, self.data_name)
            if _same_tree([stmt], _template(source)):
                return folder
        return None

    def footer(self, body: list[ast.stmt], i: int) -> int:
        """How many statements from ``body[i]`` are the DataSet footer (0: none)."""
        from persist.dataset import _END_MARK, _FOOTER

        footer = _template(_FOOTER.format(end=_END_MARK))
        footer = [s for s in footer if not isinstance(s, ast.Try)]
        return len(footer) if _same_tree(body[i : i + len(footer)], footer) else 0

    # -- the module ----------------------------------------------------------------
    def rename_imports(self, tree: ast.Module, renames: Mapping[str, str]) -> None:
        """Write ``renames`` into the tree's imports, so that what is verified
        is what runs (with the ordinary ``__import__``)."""
        from persist.renames import rename

        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if not isinstance(body, list):
                continue
            new: list[ast.stmt] = []
            for stmt in body:
                new.append(stmt)
                if (
                    not isinstance(stmt, ast.ImportFrom)
                    or stmt.level
                    or not stmt.module
                ):
                    continue
                kept = []
                for alias in stmt.names:
                    target = rename(f"{stmt.module}.{alias.name}", renames)
                    module, _, name = target.rpartition(".")
                    if target == f"{stmt.module}.{alias.name}":
                        kept.append(alias)
                        continue
                    if not module:
                        self.fail(stmt, f"import renamed to {target!r}")
                    bound = ast.alias(name, alias.asname or alias.name)
                    renamed = ast.ImportFrom(module, [bound], 0)
                    new.append(ast.copy_location(renamed, stmt))
                stmt.names = kept  # the names not renamed stay as they are
                if not kept:
                    new.remove(stmt)
            body[:] = new
        ast.fix_missing_locations(tree)

    def module(self, tree: ast.Module) -> None:
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign):
                names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
                self.module_names.update(names)
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                self.module_names.update(a.asname or a.name for a in stmt.names)
            elif isinstance(
                stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            ):
                self.module_names.add(stmt.name)
        body = tree.body
        i = 0
        while i < len(body):
            stmt = body[i]
            skip = 0
            if (
                isinstance(stmt, ast.FunctionDef)
                and stmt.name == "_forget_loaded_items"
            ):
                skip = self.footer(body, i)
            if skip:
                # it deletes the names that are keys of _info_dict: forget them all
                self.env.clear()
                i += skip
                continue
            self.statement(stmt)
            i += 1


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
    verifier = _Verifier(text, filename, policy, data_name)
    if renames:
        verifier.rename_imports(tree, renames)
    verifier.module(tree)
    return Verified(tree, verifier.store)
