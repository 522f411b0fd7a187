"""The verifier: one walk over an archive's syntax tree, statement by
statement, that knows what every name holds and refuses what is not allowed.

    from numpy import array as _array   _array: the allowed callable numpy.array
    x = _array([1, 2])                  x: an object the archive made (MUTABLE)
    x[0] = 5                            passes: a step on such an object
    y = _array.__class__                refused: "the attribute '__class__'"

Expressions are checked with an explicit stack, so nesting depth costs no
recursion. What may be called comes from ``policy.py``; blocks that must be
verbatim are matched by ``blocks.py``. Nothing here runs the archive.
"""

from __future__ import annotations

import ast
import builtins
import inspect
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np

from persist.errors import LoadError
from persist.safe.blocks import (
    constant,
    footer_length,
    is_cleanup,
    is_loader,
    loader_parts,
    same_tree,
    single_item_name,
)
from persist.safe.policy import (
    BUILTIN_FLAGS,
    MUTABLE,
    SETTABLE,
    Policy,
    class_attribute,
    is_class,
    plain_lookup,
)
from persist.safe.report import construct_name, source_segment, unsafe

_ONE_ARGUMENT = (str, bytes, bytearray)  # an encoding argument looks up codecs
# array(x, copy=False) could hand out the caller's arrays for the steps to change
_REFUSED_KEYWORDS = {"copy", "like"}
_STEP_METHODS = {"append": MUTABLE, "extend": MUTABLE, "update": MUTABLE}
_NUMBERS = (int, float, complex)


def _is_array_key(key: object) -> bool:
    """Identifier characters only, in any script (``x_0``, ``café``, ``0``):
    no separator, no dot, so ``<store>/<key>.npy`` stays in the store."""
    return isinstance(key, str) and key != "" and ("_" + key).isidentifier()


def _is_store(folder: str) -> bool:
    """A relative path of such names, each maybe ending in ``.h5``
    (``x_data/0123abcd``): it names a file or directory in the archive's
    directory, nowhere else."""
    return all(_is_array_key(part.removesuffix(".h5")) for part in folder.split("/"))


def _plain_key(key: ast.expr | None) -> bool:
    """A dict key that cannot name a special attribute."""
    return isinstance(key, ast.Constant) and (
        type(key.value) is str and not key.value.startswith("__")
    )


def _sign(node: ast.expr) -> ast.expr:
    """``1`` for ``-1`` and ``+1``."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return node.operand
    return node


@dataclass(eq=False, slots=True)
class Binding:
    """What a name (or ``container['key']``) holds, as far as verification knows.

    kind: ``object`` (a value; ``flags`` say which steps it accepts), ``ref``
    (an allowed callable, ``obj``; calling it gives ``call`` flags),
    ``namespace`` (a class only used as ``Outer.Inner``), ``function`` (a
    scoped-style function; calling it gives ``result``), ``arrays`` (the
    external array mapping). ``items`` tracks the values set by
    ``d['key'] = v`` on a dict display, until the dict is used any other way.
    ``plain_keys``: a dict display whose keys are all strings not starting
    with ``__``, and so far only given more such keys; it goes with ``items``.
    """

    kind: str
    flags: int = 0
    obj: Any = None
    call: int = 0
    result: Binding | None = None
    items: dict[str, Binding] | None = None
    plain_keys: bool = False


class Verifier:
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
        # dicts a function's __dict__.update relies on: it runs when called,
        # so they must keep plain keys to the end of the module
        self.relied: list[tuple[Binding, ast.expr]] = []

    # -- reporting -----------------------------------------------------------------
    def fail(self, node: ast.AST, construct: str) -> NoReturn:
        raise unsafe(self.text, self.filename, node, construct)

    def refuse(self, node: ast.AST) -> NoReturn:
        self.fail(node, construct_name(node))

    def source(self, node: ast.AST) -> str:
        return source_segment(self.text, node)

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
        flags = BUILTIN_FLAGS.get(name)
        if flags is None:
            self.fail(node, f"the name {name!r} (unbound, not an allowed builtin)")
        return Binding("ref", obj=getattr(builtins, name), call=flags)

    def use(self, binding: Binding, node: ast.AST, alias: bool = False) -> Binding:
        """``binding`` read as a value (it may now be reached other ways, unless
        it is only passed on as a parameter of the same name: ``alias``)."""
        if binding.kind == "function":
            self.fail(node, "a function as a value")
        if binding.kind == "namespace":
            name = class_attribute(binding.obj, "__qualname__")
            self.fail(node, f"the class {name} (not allowed)")
        if binding.kind == "arrays":
            self.fail(node, "the array mapping as a value")
        if not alias:
            binding.items = None
            binding.plain_keys = False
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
            if not is_class(obj) or not plain_lookup(obj):
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
        if is_class(obj):
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
        if found is None or not plain_lookup(found):
            self.fail(node, f"import from module {module!r}")
        try:  # the module's own __getattr__ does not run
            obj = inspect.getattr_static(found, name)
        except AttributeError:
            self.fail(node, f"import of {module}.{name} (it does not resolve)")
        flags = self.policy.call_flags(obj)
        if flags is not None:
            return Binding("ref", obj=obj, call=flags)
        if is_class(obj):
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
            plain = all(map(_plain_key, node.keys))
            return Binding("object", flags=MUTABLE, items={}, plain_keys=plain)
        if isinstance(node, ast.Call):
            return self.call(node, stack)
        if isinstance(node, ast.Attribute):
            return self.use(self.reference(node), node)
        if isinstance(node, ast.Subscript):
            return self.item(node)
        operand = _sign(node)
        if operand is not node and (
            isinstance(operand, ast.Call) or constant(operand, *_NUMBERS)
        ):
            stack.append(operand)  # -1, -float('inf')
            return Binding("object")
        if isinstance(node, ast.BinOp):
            if (
                isinstance(node.op, (ast.Add, ast.Sub))
                and constant(_sign(node.left), *_NUMBERS)
                and constant(node.right, complex)
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
            if not _is_array_key(key.value):
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
            if cls.kind != "ref" or not is_class(cls.obj):
                self.fail(func, f"{self.source(func)} (not an allowed class)")
            if not node.args or not same_tree(node.args[0], func.value):
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
        text = is_class(callee.obj) and issubclass(callee.obj, _ONE_ARGUMENT)
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
            if constant(key, str) and base.items is not None:
                base.items[key.value] = value  # type: ignore[attr-defined]
            else:
                base.items = None
                self.value(key)
            base.plain_keys = base.plain_keys and _plain_key(key)
        else:
            self.fail(target, "this assignment target")

    def expression(self, stmt: ast.Expr) -> None:
        """A docstring, a call of a scoped function, or a method step."""
        call = stmt.value
        if constant(call, str):
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
        if flags == SETTABLE and method == "update":
            self.attributes(call.args[0])
        else:
            self.value(call.args[0])
        changed = self.target(base, flags, f"{method}()")
        changed.items = None
        changed.plain_keys = False

    def attributes(self, node: ast.expr) -> None:
        """The argument of ``x.__dict__.update``: a dict the archive wrote whose
        keys are plain attribute names. A key such as ``'__array_interface__'``
        would give the object a hook that numpy follows to raw memory. The
        dict is copied, not kept: reading it here leaves it tracked."""
        if isinstance(node, ast.Dict):
            plain = self.value(node).plain_keys
        elif isinstance(node, ast.Name):
            binding = self.use(self.lookup(node.id, node), node, alias=True)
            plain = binding.plain_keys
            if self.local is not None:  # it runs when called: checked at the end
                self.relied.append((binding, node))
        elif isinstance(node, ast.Subscript) and self.local is None:
            # (in a function, the item read when it runs may be another by then)
            plain = self.item(node).plain_keys
        else:
            plain = False
        if not plain:
            self.fail(node, "__dict__.update() with other than a dict of plain names")

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
            binding = self.lookup(default.id, default)
            local[param.arg] = self.use(binding, default, alias=True)
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
                result = self.value(returned)  # (a value use: no more plain_keys)
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
            if not is_cleanup(stmt, self.data_name):
                self.fail(stmt, "try other than the clean-up")
            self.env.pop(self.data_name, None)
        else:
            self.refuse(stmt)

    # -- the exact blocks -----------------------------------------------------------
    def exact_if(self, stmt: ast.If) -> None:
        """The single-item epilogue or the array loader prologue."""
        name = single_item_name(stmt)
        if name is not None:
            self.use(self.lookup(name.id, name), name)
            return
        store = self.prologue(stmt)
        if store is None:
            self.fail(stmt, "if other than the array loader or the single-item hook")
        self.store = store

    def prologue(self, stmt: ast.If) -> str | None:
        """The store path of an exact array loader prologue, else None."""
        parts = loader_parts(stmt)
        if parts is None:
            return None
        folder, keys = parts
        if not _is_store(folder) or not all(map(_is_array_key, keys)):
            self.fail(stmt, f"the array store {folder!r} or its keys")
        return folder if is_loader(stmt, folder, keys, self.data_name) else None

    def footer(self, rest: list[ast.stmt], stmt: ast.stmt) -> None:
        """The DataSet footer deletes the names that are keys of ``_info_dict``,
        a dict the archive wrote: which names those are is not known here. So
        it must end the module (only the clean-up may follow), where no name
        is read any more, and the builtin it calls must be the builtin."""
        if len(rest) > 1 or (rest and not isinstance(rest[0], ast.Try)):
            self.fail(stmt, "a statement after the DataSet footer")
        if "globals" in self.module_names:
            self.fail(stmt, "the DataSet footer with the name 'globals' rebound")
        self.env.clear()

    # -- the module ----------------------------------------------------------------
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
                skip = footer_length(body, i)
            if skip:
                self.footer(body[i + skip :], stmt)
                i += skip
                continue
            self.statement(stmt)
            i += 1
        for binding, node in self.relied:
            if not binding.plain_keys:
                self.fail(node, "__dict__.update() of a dict given other keys later")
