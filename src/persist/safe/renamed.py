"""``renames`` written into an archive's imports before it is verified, so that
what is verified is what runs (with the ordinary ``__import__``).

    from old.module import Name as _Name     renames={'old.module': 'new.module'}
    -> from new.module import Name as _Name

An import of several names, some renamed, becomes one import per new module
plus the names that kept their place. This module checks nothing else.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from persist.safe.report import unsafe


def rename_imports(
    tree: ast.Module, renames: Mapping[str, str], text: str, filename: str
) -> None:
    """Rewrite the ``from`` imports of ``tree`` in place (``text`` and
    ``filename`` name a refused one: a name renamed to a bare module)."""
    from persist.renames import rename

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        new: list[ast.stmt] = []
        for stmt in body:
            at = len(new)
            new.append(stmt)
            if not isinstance(stmt, ast.ImportFrom) or stmt.level or not stmt.module:
                continue
            kept = []
            for alias in stmt.names:
                target = rename(f"{stmt.module}.{alias.name}", renames)
                module, _, name = target.rpartition(".")
                if target == f"{stmt.module}.{alias.name}":
                    kept.append(alias)
                    continue
                if not module:
                    raise unsafe(text, filename, stmt, f"import renamed to {target!r}")
                bound = ast.alias(name, alias.asname or alias.name)
                renamed = ast.ImportFrom(module, [bound], 0)
                new.append(ast.copy_location(renamed, stmt))
            stmt.names = kept  # the names not renamed stay as they are
            if not kept:
                del new[at]  # (not new.remove: a scan per import is quadratic)
        body[:] = new
    ast.fix_missing_locations(tree)
