"""Regeneration: keep what a person added to an archive when it is saved again.

People edit archives by hand (comments, blank lines, notes) and then the
program saves the same names again. ``regenerate(old, new)`` merges the new text
into the old file's concrete syntax tree:

    # calibration from run 12           # calibration from run 12
    gain = 1.5               ->         gain = 1.75
    # keep this one fixed               # keep this one fixed
    offset = 0.0                        offset = 0.0

- A statement of the new text that is equal (same AST) to an old statement for
  the same target is kept exactly as it was, comments and blank lines included.
- A statement whose value changed is replaced by the new one; the comment lines
  above it are kept (they talk about the name, which still exists).
- New statements come in the new order; statements that no longer exist are
  dropped, with their comments. The module's header comments are kept.

Statements are matched by what they bind or act on (``gain = ...`` by ``gain``,
``x.a = ...`` by ``x.a``, ``x[key] = ...`` by ``x[key]`` in any layout,
``def x`` by ``x``), counting repeats in order.

The merge runs on the texts with their values swapped for short names
(``persist.emit.shrink``), which it puts back: libcst parses and prints a
megabyte in seconds, the values of a big archive in tens of seconds.
"""

from __future__ import annotations

import ast
import re
from collections import Counter, defaultdict

import libcst as cst

from persist.emit.shrink import Shrunk, expand, shrink


def _key(statement: cst.BaseStatement, module: cst.Module) -> str:
    """What a statement binds or acts on."""
    if isinstance(statement, cst.FunctionDef):
        return "def " + statement.name.value
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            return "= " + _expression(small.targets[0].target, module)
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            return "call " + _expression(small.value.func, module)
    code = module.code_for_node(statement.with_changes(leading_lines=()))
    return "stmt " + code.split("\n", 1)[0]


# a target that is a name or a dotted name has one spelling only
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*")


def _expression(node: cst.CSTNode, module: cst.Module) -> str:
    """An expression's AST, which ignores its layout: a target laid out on
    several lines (``x[`` a long key ``] = ...``), perhaps with a comment
    added by hand inside it, or whose key a formatter requoted (``x['k']``
    and ``x["k"]``), is the same target."""
    code = module.code_for_node(node)
    if _DOTTED.fullmatch(code):
        return code
    try:
        return _dump(ast.parse(code.strip(), mode="eval"))
    except SyntaxError:
        return code


def _means_the_same(
    previous: cst.BaseStatement,
    old: cst.Module,
    statement: cst.BaseStatement,
    new: cst.Module,
    shrunk: Shrunk,
) -> bool:
    """Whether two statements have the same AST, which ignores comments and
    layout. Shrunk values compare by name first (the same name is the same
    text); values of different texts may still have the same tree (a list
    exploded by hand, a requoted string), so those are compared in full."""
    codes = [_code(previous, old), _code(statement, new)]
    if _meaning(codes[0]) == _meaning(codes[1]):
        return True
    full = [expand(code, shrunk) for code in codes]
    return full != codes and _meaning(full[0]) == _meaning(full[1])


def _code(statement: cst.BaseStatement, module: cst.Module) -> str:
    """The statement's text, without the comment and blank lines above it."""
    return module.code_for_node(statement.with_changes(leading_lines=()))


def _meaning(code: str) -> str:
    """A statement's AST, which ignores comments and layout."""
    try:
        tree = ast.parse(code.strip() + "\n")
    except SyntaxError:
        return code
    return _dump(tree)


def _dump(tree: ast.AST) -> str:
    """``ast.dump``, also of an int too long for decimal text (dumped in hex)."""
    try:
        return ast.dump(tree)
    except ValueError:
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and type(node.value) is int:
                node.value = ("int", hex(node.value))  # type: ignore[assignment]
        return ast.dump(tree)


CstStatement = cst.SimpleStatementLine | cst.BaseCompoundStatement


def _keep_trailing_comment(
    previous: CstStatement, statement: CstStatement, module: cst.Module
) -> CstStatement:
    """Carry ``x = 1  # volts`` over to a changed one-line statement."""
    if not (
        isinstance(previous, cst.SimpleStatementLine)
        and isinstance(statement, cst.SimpleStatementLine)
        and previous.trailing_whitespace.comment is not None
        and "\n"
        not in module.code_for_node(statement.with_changes(leading_lines=())).strip()
    ):
        return statement
    return statement.with_changes(trailing_whitespace=previous.trailing_whitespace)


def has_hand_edits(old_text: str, new_text: str) -> bool:
    """A cheap test: does the old file hold more comment or blank lines, or
    lines indented otherwise than persist indents (a tab, two spaces), than
    the new text? If not, there is nothing to keep and regeneration can be
    skipped.

    Lines are counted, not only looked up: the new text has blank lines of its
    own (between the scoped style's functions, around the array loader), and
    one more put there by hand is an edit too."""
    new_lines = Counter(new_text.splitlines())
    old_lines = Counter(old_text.splitlines())
    return any(
        count > new_lines[line] and _is_hand_made(line)
        for line, count in old_lines.items()
    )


def _is_hand_made(line: str) -> bool:
    """Whether persist never writes ``line``: blank, a comment, or indented
    by other than a multiple of four spaces."""
    if not line.strip() or "#" in line:
        return True
    body = line.lstrip(" ")
    return body[:1] == "\t" or (len(line) - len(body)) % 4 != 0


def regenerate(old_text: str, new_text: str) -> str:
    """The new archive text, keeping the old file's comments where the statements
    they belong to are unchanged.

    An old text that Python does not parse is broken: nothing of it is kept.
    Python's parser decides, before libcst sees the text: libcst's parser
    crashes the process on brackets nested a few thousand deep (CPython
    refuses more than 200), and its recursive walks overflow the stack well
    before that (250 levels), so a RecursionError also means "nothing kept".
    """
    try:
        old_tree = ast.parse(old_text)
    except (SyntaxError, ValueError, RecursionError):  # ValueError: NUL, in 3.10
        return new_text
    try:
        return _merge(new_text, shrink(old_tree, old_text, new_text))
    except RecursionError:
        return new_text


def _merge(new_text: str, shrunk: Shrunk) -> str:
    """``regenerate`` of an old text that parses, merging the shrunk texts
    (see emit/shrink: libcst takes seconds and gigabytes over megabytes)."""
    try:
        old = cst.parse_module(shrunk.old)
    except cst.ParserSyntaxError:  # Python accepts what libcst does not know
        return new_text
    new = cst.parse_module(shrunk.new)
    pool: dict[str, list[cst.SimpleStatementLine | cst.BaseCompoundStatement]] = (
        defaultdict(list)
    )
    for statement in old.body:
        pool[_key(statement, old)].append(statement)
    seen: dict[str, int] = defaultdict(int)
    body: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = []
    for statement in new.body:
        key = _key(statement, new)
        index = seen[key]
        seen[key] += 1
        candidates = pool.get(key, [])
        if index >= len(candidates):
            body.append(statement)
            continue
        previous = candidates[index]
        if _means_the_same(previous, old, statement, new, shrunk):
            body.append(previous)
        else:
            kept = [line for line in previous.leading_lines if line.comment is not None]
            if kept:
                statement = statement.with_changes(
                    leading_lines=[*statement.leading_lines, *kept]
                )
            statement = _keep_trailing_comment(previous, statement, new)
            body.append(statement)
    # the file's own indentation, which its kept statements were parsed with
    # (libcst stores only an indentation that differs from the module's)
    merged = new.with_changes(
        body=body,
        header=old.header or new.header,
        footer=old.footer,
        default_indent=old.default_indent,
    )
    return expand(merged.code, shrunk)
