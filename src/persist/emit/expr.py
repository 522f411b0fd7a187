"""IR nodes -> layout documents, one method per node kind.

Named nodes are written as their names, everything else inline:

    Container('list', [Atom(1), <named x>])   ->   Seq('[', ['1', 'x'], ']')

The writer invents no names: it reads node names, import names and array keys
from the side tables the passes produced.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from persist.emit.layout import Doc, Pair, Seq, flat, width
from persist.ir.graph import Graph
from persist.ir.nodes import (
    Atom,
    Attr,
    Build,
    Call,
    Container,
    External,
    GlobalRef,
    NodeId,
    Raw,
    Run,
    is_import,
)
from persist.passes.names import ImportKey, Names, import_key

_HEX_BITS = 12_000  # past ~4300 digits int() and repr() refuse decimal text
# an int whose repr is shorter has fewer bits than _HEX_BITS (log2(10) > 3.3)
_DECIMAL_DIGITS = 3_600
# atoms whose repr is their text but for these values (and huge ints)
_REPR_KINDS = frozenset({int, float, str, bytes, bool, type(None)})
_NON_FINITE = frozenset({"inf", "-inf", "nan"})
_FEW_ATOMS = 8  # atom_texts writes as many one by one
_BRACKETS = {"list": ("[", "]"), "tuple": ("(", ")"), "dict": ("{", "}")}


def _row_text(values: tuple[Any, ...], limit: int) -> str | None:
    """The one-line text of a list of atoms by a single ``repr``, if it is
    exactly what ``atom_text`` writes and at most ``limit`` wide, else None
    (then its document is made). Within a line no int is long enough to need
    hex, and a non-finite float shows as ``inf`` or ``nan`` (a string that
    holds those letters only sends the row the slow way)."""
    kinds = set(map(type, values))
    if not kinds <= _REPR_KINDS:
        return None
    try:
        text = repr(list(values))
    except ValueError:  # an int too long for decimal text
        return None
    if len(text) > limit or float in kinds and ("inf" in text or "nan" in text):
        return None
    return text


# the characters of a list of lists of ints, floats, bools and None (repr'd):
# a string, bytes, complex number or ``...`` shows a character not in this set
_NUMBER_ROWS = b"0123456789.-+e, []TrueFalsNon"


def _rows_texts(rows: Sequence[Run], limit: int) -> list[str] | None:
    """The one-line texts of many rows of atoms (list Runs of depth 1) by one
    ``repr`` of them all, if each is what ``atom_text`` writes and at most
    ``limit`` wide, else None. Only rows of numbers, bools and None: then
    ``], [`` can only stand between two rows, and the text shows any atom
    written differently from its repr (``inf``, ``nan``, ``1j``, ``...``)."""
    try:
        text = repr([list(row.values) for row in rows])
    except ValueError:  # an int too long for decimal text
        return None
    if text.encode().translate(None, _NUMBER_ROWS) or "nan" in text:  # (no "i")
        return None
    parts = text[1:-1].replace("], [", "]\0[").split("\0")
    if len(parts) != len(rows) or max(map(len, parts)) > limit:
        return None
    return parts


def _dict_item(key: Doc, value: Doc) -> tuple[str, Doc]:
    """A dict literal's ``(prefix, document)`` item: a key that is a bracketed
    document (a tuple, a frozenset) stays one, so that a key too long for its
    line can be exploded."""
    if type(key) is str:
        return key + ": ", value
    return "", Pair(key, ": ", value)


def _all_rows(values: tuple[Any, ...]) -> bool:
    """Whether every item of a depth-2 Run is a list Run (then of depth 1)."""
    return set(map(type, values)) == {Run} and set(map(_kind, values)) == {"list"}


_kind = attrgetter("kind")


def atom_text(value: Any, builtin: Callable[[str], str] = str) -> str:
    """Source text that evaluates to exactly ``value``; ``builtin(name)`` spells
    the builtins ``float`` and ``complex`` (an archive name may shadow them)."""
    tp = type(value)
    if tp is str or tp is bool or value is None or tp is bytes:
        return repr(value)
    if tp is int:
        if value.bit_length() > _HEX_BITS:
            return hex(value)
        return repr(value)
    if tp is float:
        if math.isfinite(value):
            return repr(value)
        if math.isnan(value):  # (-nan: numpy makes it of 0/0, on x86)
            nan = f"{builtin('float')}('nan')"
            return "-" + nan if math.copysign(1.0, value) < 0 else nan
        return (
            f"{builtin('float')}('inf')" if value > 0 else f"-{builtin('float')}('inf')"
        )
    if tp is complex:
        re, im = value.real, value.imag
        if _plain(re) and _plain(im) and not (re == 0 and im < 0):
            return repr(value)  # e.g. '1j', '(1-2j)': exact for these signs
        return (
            f"{builtin('complex')}({atom_text(re, builtin)}, {atom_text(im, builtin)})"
        )
    if value is Ellipsis:
        return "..."
    raise TypeError(f"not an atom: {value!r}")


def _plain(part: float) -> bool:
    """Finite and not -0.0: the parts a complex literal can spell exactly."""
    return math.isfinite(part) and not (part == 0 and math.copysign(1.0, part) < 0)


class ItemDocs:
    """The document of a Run's item ``i``, made only when the Seq of the items'
    flat texts is exploded (``Seq.leaves``'s ``explode``): the one made on the
    way if any, else the item's own. ``values_only`` gives a dict's values,
    ``i`` counting pairs. A plain object, not a closure: compiled by mypyc, a
    closure and its environment refer to each other, and that cycle held the
    writer, and through it the whole graph, until the next collection (which
    then walked it all: 10-15% of a dump of 100,000 values)."""

    __slots__ = ("writer", "values", "texts", "docs", "stride", "offset")

    def __init__(
        self,
        writer: ExpressionWriter,
        values: tuple[Any, ...],
        texts: list[str],
        docs: dict[int, Doc],
        stride: int = 1,
        offset: int = 0,
    ) -> None:
        self.writer = writer
        self.values = values
        self.texts = texts
        self.docs = docs
        self.stride = stride
        self.offset = offset

    def __call__(self, i: int) -> Doc:
        i = i * self.stride + self.offset
        found = self.docs.get(i)
        if found is None:
            value = self.values[i]
            found = self.writer._run(value) if type(value) is Run else self.texts[i]
        return found

    def values_only(self) -> ItemDocs:
        return ItemDocs(self.writer, self.values, self.texts, self.docs, 2, 1)


class ExpressionWriter:
    """Builds documents for the inline expressions of one output."""

    def __init__(
        self,
        graph: Graph,
        names: Names,
        data_name: str,
        scoped: bool,
        line_length: int = 88,
    ) -> None:
        self.nodes = graph.nodes
        self.names = names.nodes
        self.imports = names.local_imports if scoped else names.imports
        self.bare = names.bare_builtins
        self.arrays = names.arrays
        self.data_name = data_name
        self.line_length = line_length
        self.used_imports: set[ImportKey] = set()
        self._imported: dict[NodeId, tuple[str, ImportKey | None]] = {}
        self._import_calls: dict[
            tuple[NodeId, tuple[NodeId, ...]], tuple[Doc, tuple[ImportKey, ...]]
        ] = {}

    def doc(self, node_id: NodeId) -> Doc:
        """The expression for a reference to ``node_id``."""
        name = self.names.get(node_id)
        if name is not None:
            return name
        return self.value(node_id)

    def value(self, node_id: NodeId) -> Doc:
        """The expression that builds ``node_id`` (ignoring its own name)."""
        node = self.nodes[node_id]
        kind = type(node)
        if kind is Atom:
            return atom_text(node.value, self._builtin)  # type: ignore[union-attr]
        if kind is Run:
            return self._run(node)  # type: ignore[arg-type]
        if kind is Container:
            return self._container(node)  # type: ignore[arg-type]
        if kind is Call:
            call: Call = node  # type: ignore[assignment]
            return self._call(call.func, call.args, call.kwargs)
        if kind is GlobalRef:
            return self._import_text(node_id)
        if kind is Attr:
            if type(self.nodes[node.obj]) is GlobalRef:  # type: ignore[union-attr]
                return self._import_text(node_id)
            base = self.doc(node.obj)  # type: ignore[union-attr]
            text = flat(base)
            if type(self.nodes[node.obj]) is Atom:  # type: ignore[union-attr]
                text = f"({text})"
            return f"{text}.{node.name}"  # type: ignore[union-attr]
        if kind is External:
            return f"{self.data_name}[{self.arrays[node_id]!r}]"
        if kind is Raw:
            return self._raw(node)  # type: ignore[arg-type]
        if kind is Build:
            build: Build = node  # type: ignore[assignment]
            if build.args is not None:  # its own call: written as a Call's
                return self._call(build.base, build.args, ())
            return self.doc(build.base)
        raise TypeError(f"unknown node {node!r}")

    def _import_text(self, node_id: NodeId) -> str:
        """The text of an import or an attribute of one (``_Point.__new__``),
        worked out once per node (objects of one class all refer to these);
        the import is marked used on every call."""
        found = self._imported.get(node_id)
        if found is not None:
            if found[1] is not None:
                self.used_imports.add(found[1])
            return found[0]
        node = self.nodes[node_id]
        if type(node) is GlobalRef:
            key = import_key(node)
            text = self.global_text(node)
            used = key if key in self.used_imports else None
        else:
            attr: Attr = node  # type: ignore[assignment]
            text = f"{self._import_text(attr.obj)}.{attr.name}"
            used = self._imported[attr.obj][1]
        self._imported[node_id] = (text, used)
        return text

    def global_text(self, ref: GlobalRef) -> str:
        key = import_key(ref)
        if key[0] == "builtins" and key[1] in self.bare:
            head = key[1]
        else:
            self.used_imports.add(key)
            head = self.imports[key]
        if ref.qualname is not None and "." in ref.qualname:
            return head + "." + ref.qualname.split(".", 1)[1]
        return head

    def _container(self, node: Container) -> Doc:
        doc = self.doc
        if node.kind == "dict" and node.items:
            keys = self._atom_node_texts(node.items[0::2])
            if keys is not None:
                values = [doc(i) for i in node.items[1::2]]
                return Seq(
                    "{", list(zip([k + ": " for k in keys], values, strict=True)), "}"
                )
        return self._bracketed(node.kind, [doc(i) for i in node.items])

    def _atom_node_texts(self, ids: Sequence[NodeId]) -> list[str] | None:
        """The texts of nodes that are all unnamed atoms (a dict's string
        keys, a dataclass call's arguments), written in bulk; else None."""
        nodes = self.nodes
        if type(nodes[ids[0]]) is not Atom:  # (an array's data, first: no)
            return None
        atoms = [nodes[k] for k in ids]
        if set(map(type, atoms)) != {Atom} or not self.names.keys().isdisjoint(ids):
            return None
        return self.atom_texts([a.value for a in atoms])  # type: ignore[union-attr]

    def _run(self, node: Run) -> Doc:
        """A Run's document. Atoms are written in bulk (``atom_texts``); a
        nested Run whose items are all narrower than a line is a Seq of their
        flat texts (a row of atoms joined at once), and an item that does not
        fit where it lands is laid out from its own document, made then
        (``explode``); one with a wider item is a Seq of item documents."""
        kind = node.kind
        values = node.values
        if node.depth == 1:
            flat_texts = self.atom_texts(values)
            if not flat_texts or kind not in _BRACKETS:
                return self._bracketed(kind, flat_texts)
            return self._leaves(kind, flat_texts, None)
        limit = self.line_length
        if kind == "list" and node.depth == 2 and _all_rows(values):
            rows = _rows_texts(values, limit)
            if rows is not None:
                return self._leaves(kind, rows, ItemDocs(self, values, rows, {}))
        atoms = [v for v in values if type(v) is not Run]
        atom_texts = iter(self.atom_texts(atoms) if atoms else ())
        most = (limit + 2) // 3  # items in a row that could fit: "1, " each
        texts: list[str] = []
        docs: dict[int, Doc] = {}  # the item documents made on the way
        narrow = True
        for i, value in enumerate(values):
            if type(value) is not Run:
                texts.append(next(atom_texts))
                continue
            text = None
            if narrow and value.kind == "list" and value.depth == 1:
                if len(value.values) <= most:  # a row: its text, no document
                    text = _row_text(value.values, limit)
            if text is None:
                doc = docs[i] = self._run(value)
                if narrow and width(doc) <= limit:
                    text = flat(doc)
                else:
                    narrow = False
                    text = ""
            texts.append(text)
        if not narrow:  # some item must be exploded wherever it lands
            run = self._run
            return self._bracketed(
                kind,
                [
                    docs.get(i) or (run(v) if type(v) is Run else texts[i])
                    for i, v in enumerate(values)
                ],
            )
        return self._leaves(kind, texts, ItemDocs(self, values, texts, docs))

    def _leaves(self, kind: str, texts: list[str], explode: ItemDocs | None) -> Seq:
        """A Seq of a list, tuple or dict Run's item texts (a dict's alternate
        key, value; ``explode`` is given the index into ``texts``)."""
        open, close = _BRACKETS[kind]
        if kind == "dict":
            keys = [k + ": " for k in texts[0::2]]
            if explode is not None:
                explode = explode.values_only()
            return Seq.leaves(open, texts[1::2], close, prefixes=keys, explode=explode)
        one = kind == "tuple" and len(texts) == 1
        return Seq.leaves(open, texts, close, one=one, explode=explode)

    def atom_texts(self, values: Sequence[Any]) -> list[str]:
        """Texts of many atoms: ``repr`` of each where that is the text (all
        but non-finite floats, huge ints, complex numbers and ``...``), checked
        in bulk; a few (a plain object's attributes) each by ``atom_text``,
        which costs less than the bulk checks' sets."""
        if len(values) <= _FEW_ATOMS:
            builtin = self._builtin
            return [atom_text(v, builtin) for v in values]
        kinds = set(map(type, values))
        if kinds <= _REPR_KINDS:
            try:
                texts = list(map(repr, values))
            except ValueError:  # an int too long for decimal text
                texts = []
            if (
                texts
                and (float not in kinds or _NON_FINITE.isdisjoint(texts))
                and (int not in kinds or max(map(len, texts)) < _DECIMAL_DIGITS)
            ):
                return texts
        return [atom_text(v, self._builtin) for v in values]

    def setattr_lines(self, target: str, pairs: tuple[Any, ...]) -> list[str]:
        """``target.name = text`` for each name and atom of a setattrs step's
        pairs (each atom written by ``atom_text``, as ``atom_texts`` writes
        a few)."""
        builtin = self._builtin
        return [
            f"{target}.{pairs[i]} = {atom_text(pairs[i + 1], builtin)}"
            for i in range(0, len(pairs), 2)
        ]

    def _bracketed(self, kind: str, docs: Sequence[Doc]) -> Doc:
        """A container literal from its item documents (a dict's alternate)."""
        if kind == "list":
            return Seq("[", [("", d) for d in docs], "]")
        if kind == "tuple":
            if not docs:
                return "()"
            return Seq("(", [("", d) for d in docs], ")", one=len(docs) == 1)
        if kind == "dict":
            return Seq(
                "{",
                [_dict_item(docs[i], docs[i + 1]) for i in range(0, len(docs), 2)],
                "}",
            )
        if kind == "set":
            if not docs:
                return self._builtin("set") + "()"
            return Seq("{", [("", d) for d in docs], "}")
        if kind == "frozenset":
            name = self._builtin("frozenset")
            if not docs:
                return name + "()"
            return Seq(name + "(", [("", Seq("{", [("", d) for d in docs], "}"))], ")")
        raise TypeError(kind)

    def _builtin(self, name: str) -> str:
        return self.global_text(GlobalRef("builtins", name))

    def _call(
        self,
        func: NodeId,
        args: tuple[NodeId, ...],
        kwargs: tuple[tuple[str, NodeId], ...],
    ) -> Doc:
        """``func(args, kw=...)``. A call of imports only (``_Point.__new__(
        _Point)``, made once per object of a class) is made once, then the
        same document reused."""
        if kwargs:
            return self._call_doc(func, args, kwargs)
        key = (func, args)
        found = self._import_calls.get(key)
        if found is not None:
            self.used_imports.update(found[1])
            return found[0]
        nodes = self.nodes
        if not all(is_import(nodes, i) for i in args + (func,)):
            return self._call_doc(func, args, kwargs)
        outer = self.used_imports
        self.used_imports = set()
        try:
            doc = self._call_doc(func, args, kwargs)
            used = tuple(self.used_imports)
        finally:
            outer.update(self.used_imports)
            self.used_imports = outer
        self._import_calls[key] = (doc, used)
        return doc

    def _call_doc(
        self,
        func_id: NodeId,
        args: tuple[NodeId, ...],
        kwargs: tuple[tuple[str, NodeId], ...],
    ) -> Doc:
        kind = type(self.nodes[func_id])
        if kind is GlobalRef:  # the usual function: an import, never named
            func = self._import_text(func_id)
        else:
            func = flat(self.doc(func_id))
            if kind is not Attr and func_id not in self.names:
                func = f"({func})"
        ids = args + tuple([v for _, v in kwargs]) if kwargs else args
        texts = self._atom_node_texts(ids) if ids else None
        if texts is not None:  # Point(x=1.5, y=2.5): joined as one text
            prefixes = None
            if kwargs:
                prefixes = [""] * len(args) + [f"{k}=" for k, _ in kwargs]
            return Seq.leaves(func + "(", texts, ")", prefixes=prefixes)
        doc = self.doc
        items = [("", doc(i)) for i in args]
        for k, v in kwargs:
            items.append((k + "=", doc(v)))
        return Seq(func + "(", items, ")")

    def _raw(self, node: Raw) -> str:
        bound: dict[str, str] = {k: flat(self.doc(v)) for k, v in node.args}
        bound.update((k, flat(self.doc(v))) for k, v in node.imports)
        tree = ast.parse(node.template.strip(), mode="eval")
        return ast.unparse(_Substitute(bound).visit(tree))


class _Substitute(ast.NodeTransformer):
    """Replaces the names of a ``Raw`` template by the texts they are bound to."""

    def __init__(self, bound: dict[str, str]) -> None:
        self.bound = bound

    def visit_Name(self, name: ast.Name) -> ast.AST:
        text = self.bound.get(name.id)
        if text is None:
            return name
        return ast.copy_location(ast.parse(text, mode="eval").body, name)
