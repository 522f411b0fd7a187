"""allocate_names: every name the output uses, decided once, deterministically.

- Roots keep their inserted names; a node inserted under several names is
  defined under the first and aliased under the others.
- A named intermediate is called after the path by which it was first reached:
  ``_b_1`` for ``b[1]``, ``_cfg_paths`` for ``cfg['paths']``; never a global
  counter, so an unrelated change renames nothing. Collisions get ``_2``, ``_3``.
- Imports get private aliases (``from numpy import array as _array``); builtins
  are written bare unless a name of the archive shadows them.
- External arrays get keys from the same paths, without the underscore (``b_1``).
- Scoped style: a call of imports only that builds several objects
  (``Point.__new__(Point)``) is one function named after its class
  (``_new_Point``), called once per object.

Names are allocated in node-id order, which lowering makes deterministic.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from persist.ir.graph import Graph, Label
from persist.ir.nodes import (
    Atom,
    Attr,
    Build,
    Call,
    Container,
    External,
    GlobalRef,
    Node,
    NodeId,
    Run,
    is_import,
    run_atom_types,
)
from persist.options import Options

ImportKey = tuple[str, str | None]  # (module, first part of qualname or None)
CallKey = tuple[NodeId, tuple[NodeId, ...]]  # a call's func and args

_ATOM_BUILTINS: dict[type, tuple[ImportKey, ...]] = {
    float: (("builtins", "float"),),
    complex: (("builtins", "complex"), ("builtins", "float")),
}
_WORD = re.compile(r"[A-Za-z0-9_]+")
_MAX_LEN = 40


@dataclass(frozen=True, slots=True)
class Names:
    """The names side table.

    Attributes
    ----------
    nodes : dict
        Node id -> the name its statement binds (root or helper name).
    helpers : tuple of str
        Generated names, deleted at the end.
    imports : dict
        Import key -> alias in the flat style (module scope).
    local_imports : dict
        Import key -> name inside a scoped function.
    bare_builtins : frozenset of str
        Builtins that may be written without an import.
    arrays : dict
        External node id -> its key in the array store.
    fill : str
        Name of the scoped style's fill functions.
    factories : dict
        Scoped style: ``(func, args)`` of a call of imports only that builds
        several named objects (``Point.__new__(Point)``) -> the name of the one
        function that makes each of them (``_new_Point``).
    """

    nodes: dict[NodeId, str]
    helpers: tuple[str, ...]
    imports: dict[ImportKey, str]
    local_imports: dict[ImportKey, str]
    bare_builtins: frozenset[str]
    arrays: dict[NodeId, str]
    fill: str
    import_order: tuple[ImportKey, ...] = field(default=())
    targets: dict[str, str] = field(default_factory=dict)
    factories: dict[CallKey, str] = field(default_factory=dict)

    def target(self, root: str) -> str:
        """What a root name's statement assigns to (the name itself, or an item
        of ``Options.root_container``)."""
        return self.targets.get(root, root)


def import_key(ref: GlobalRef) -> ImportKey:
    """What a GlobalRef imports: the module, or the first part of its qualname."""
    if ref.qualname is None:
        return (ref.module, None)
    return (ref.module, ref.qualname.split(".", 1)[0])


def _fragment(label: Label) -> str:
    if type(label) is int:  # an item: ``[12]`` gives "12"
        return str(label)[:24]
    label = str(label)
    inner = label[1:-1]
    if label[:1] == "[" and label[-1:] == "]" and inner.isascii() and inner.isdigit():
        return inner[:24]  # "[12]": the common case, what the words give
    return "_".join(_WORD.findall(label))[:24].strip("_")


class _Allocator:
    """Unique identifiers, ``wanted`` or ``wanted_2``, ``wanted_3``, ... With
    ``fold``, unique whatever their case: they name files (an array's
    ``T.npy`` and ``t.npy`` are one file on macOS and Windows)."""

    def __init__(self, taken: set[str], fold: bool = False) -> None:
        self.taken = taken
        self.fold = fold
        self.next_suffix: dict[str, int] = {}

    def _free(self, name: str) -> bool:
        return (name.casefold() if self.fold else name) not in self.taken

    def take(self, wanted: str) -> str:
        name = wanted
        if not self._free(name) or keyword.iskeyword(name) or not name.isidentifier():
            suffix = self.next_suffix.get(wanted, 2)
            while not self._free(f"{wanted}_{suffix}"):
                suffix += 1
            self.next_suffix[wanted] = suffix + 1
            name = f"{wanted}_{suffix}"
        self.taken.add(name.casefold() if self.fold else name)
        return name


def _path_words(
    graph: Graph, node_id: NodeId, words_of: dict[NodeId, str], roots: dict[NodeId, str]
) -> tuple[str, list[str]]:
    """The root the node hangs from, and the words from the nearest named
    ancestor (``words_of``: its name as a word) down to the node."""
    words: list[str] = []
    current = node_id
    while True:
        parent, label = graph.origin[current]
        frag = _fragment(label)
        if parent < 0:
            root = frag or "root"
            words.append(root)
            break
        if frag:
            words.append(frag)
        if parent in words_of:
            words.append(words_of[parent])
            root = roots[parent]
            break
        current = parent
    words.reverse()
    return root, words


def _join(root: str, words: list[str]) -> str:
    """``b_1`` from ``['b', '1']``; a long path keeps its root and last word."""
    name = "_".join([w for w in words if w])
    if len(name) > _MAX_LEN:
        name = f"{root[:16]}_{words[-1]}".strip("_")
    return name or "g"


def allocate_names(graph: Graph, named: frozenset[NodeId], options: Options) -> Names:
    """Allocate every name of the output."""
    prefix = options.helper_prefix
    container = options.root_container
    taken: set[str] = {options.data_name, "__builtins__"}
    if container is not None:
        taken.add(container)
    node_names: dict[NodeId, str] = {}
    root_of: dict[NodeId, str] = {}
    words_of: dict[NodeId, str] = {}
    targets: dict[str, str] = {}
    for name, node_id in graph.roots:
        if container is None:
            taken.add(name)
        else:
            targets[name] = f"{container}[{name!r}]"
        if node_id in named and node_id not in node_names:
            node_names[node_id] = targets.get(name, name)
            root_of[node_id] = words_of[node_id] = name
    allocator = _Allocator(taken)
    helpers: list[str] = []
    arrays: dict[NodeId, str] = {}
    array_keys = _Allocator(set(), fold=True)
    scoped = options.scoped
    calls: list[CallKey] = []  # (scoped) the call of each object, counted below
    for node_id in sorted(named):
        if scoped:
            made_by = call_key(graph.nodes, node_id)
            if made_by is not None:
                calls.append(made_by)
        if node_id in node_names:
            continue
        root, words = _path_words(graph, node_id, words_of, root_of)
        name = allocator.take(prefix + _join(root, words))
        node_names[node_id] = name
        helpers.append(name)
        root_of[node_id] = root
        words_of[node_id] = name[len(prefix) :] or "g"
    # array keys and imports: walk what the graph uses, in id order
    import_keys: set[ImportKey] = set()
    atom_kinds: set[type] = set()  # the types of the Runs' atoms, found below
    rows: list[tuple[Any, ...]] = []  # the values of depth-1 Runs: typed at once
    for node_id, node in enumerate(graph.nodes):
        kind = type(node)
        if kind is GlobalRef:
            import_keys.add(import_key(node))  # type: ignore[arg-type]
        elif kind is Container and node.kind in ("set", "frozenset"):  # type: ignore[union-attr]
            # written as frozenset({...}) and set()
            import_keys.add(("builtins", node.kind))  # type: ignore[union-attr]
        elif kind is Run:
            if node.kind in ("set", "frozenset"):  # type: ignore[union-attr]
                import_keys.add(("builtins", node.kind))  # type: ignore[union-attr]
            if node.depth == 1:  # type: ignore[union-attr]
                rows.append(node.values)  # type: ignore[union-attr]
            else:
                atom_kinds |= run_atom_types(node)  # type: ignore[arg-type]
        elif kind is Build:
            for step in node.steps:  # type: ignore[union-attr]
                if step.attrs:  # a setattrs step's pairs: typed with the Runs'
                    rows.append(step.attrs)
        elif kind is Atom and type(node.value) in (float, complex):  # type: ignore[union-attr]
            # nan, inf and some complex numbers are written float('nan'), complex(...)
            import_keys.update(_ATOM_BUILTINS[type(node.value)])  # type: ignore[union-attr]
        elif kind is External:
            if node_id in node_names:
                root, key_words = root_of[node_id], [words_of[node_id]]
            else:
                root, key_words = _path_words(graph, node_id, words_of, root_of)
            arrays[node_id] = array_keys.take(_join(root, key_words))
    atom_kinds.update(map(type, chain.from_iterable(rows)))
    for tp in atom_kinds & _ATOM_BUILTINS.keys():
        import_keys.update(_ATOM_BUILTINS[tp])
    ordered = tuple(sorted(import_keys, key=lambda k: (k[0], k[1] or "")))
    imports: dict[ImportKey, str] = {}
    bare: set[str] = set()
    for key in ordered:
        module, first = key
        if module == "builtins" and first is not None and first not in taken:
            if hasattr(builtins, first):
                bare.add(first)
                continue
        base = first if first is not None else module.rsplit(".", 1)[-1]
        imports[key] = allocator.take(prefix + base.lstrip("_"))
    # names inside scoped functions: bare where unambiguous
    counts: dict[str, int] = {}
    for key in ordered:
        base = key[1] if key[1] is not None else key[0].rsplit(".", 1)[-1]
        counts[base] = counts.get(base, 0) + 1
    local_imports: dict[ImportKey, str] = {}
    for key in ordered:
        base = key[1] if key[1] is not None else key[0].rsplit(".", 1)[-1]
        if (
            key[0] == "builtins"
            and base in bare
            or counts[base] == 1
            and base not in taken
            and not keyword.iskeyword(base)
        ):
            local_imports[key] = base
        else:
            local_imports[key] = imports.get(key) or allocator.take(prefix + base)
    fill = allocator.take(prefix + "fill")
    factories: dict[CallKey, str] = {}
    if scoped:
        for call, word in _shared_constructions(graph, Counter(calls)):
            factories[call] = allocator.take(prefix + "new_" + word)
    return Names(
        nodes=node_names,
        helpers=tuple(helpers),
        imports=imports,
        local_imports=local_imports,
        bare_builtins=frozenset(bare),
        arrays=arrays,
        fill=fill,
        import_order=ordered,
        targets=targets,
        factories=factories,
    )


def call_key(nodes: Sequence[Node], node_id: NodeId) -> CallKey | None:
    """``(func, args)`` of a call without keywords, or of a Build's base that
    is one, else None (a key of ``Names.factories`` if it calls imports only
    and builds several named objects)."""
    node = nodes[node_id]
    if type(node) is Build:
        if node.args is not None:  # the call is the Build's own
            return (node.base, node.args)
        base = nodes[node.base]
    else:
        base = node
    if type(base) is not Call or base.kwargs:
        return None
    return (base.func, base.args)


def _shared_constructions(
    graph: Graph, counts: dict[CallKey, int]
) -> list[tuple[CallKey, str]]:
    """The calls of imports only that build two or more named objects
    (``counts``: how many each call builds, in the order of their first
    object's id), each with a word for its function's name (the class:
    ``Point``)."""
    nodes = graph.nodes
    out = []
    for key, count in counts.items():
        if count > 1 and all(is_import(nodes, i) for i in (key[0], *key[1])):
            ref = nodes[key[0]]
            if isinstance(ref, Attr):
                ref = nodes[ref.obj]
            assert isinstance(ref, GlobalRef)
            qualname = ref.qualname or ref.module
            word = "".join(_WORD.findall(qualname.rsplit(".", 1)[-1])) or "object"
            out.append((key, word[:_MAX_LEN]))
    return out
