"""Sphinx configuration for the persist documentation.

Build (from the repository root, after ``python -m pip install -e '.[docs]'``)::

    python -m sphinx -W -b html docs docs/_build/html
"""

from __future__ import annotations

import persist

project = "persist"
author = "the persist developers"
copyright = "the persist developers"  # noqa: A001  (Sphinx's name)
release = persist.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "README.md"]

# numpy-style docstrings only
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented"
autodoc_default_options = {"members": True, "show-inheritance": True}

myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

html_theme = "alabaster"
html_title = f"persist {release}"
html_theme_options = {"page_width": "1180px", "sidebar_width": "220px"}
html_static_path = ["_static"]
html_css_files = ["custom.css"]


def _literal_diagrams(app, what, name, obj, options, lines):
    """persist's module docstrings show layouts and code as indented blocks
    after a paragraph (plain-text style, no ``::``). Render each such block
    verbatim instead of as a reflowed block quote."""
    if what != "module":
        return
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        opens_block = (
            line.startswith(" ")
            and line.strip()
            and previous == ""
            and len(out) >= 2
            and not out[-2].startswith(" ")
            and not out[-2].rstrip().endswith("::")
        )
        if opens_block:
            out.extend(["::", ""])
        out.append(line)
    lines[:] = out


def setup(app):
    app.connect("autodoc-process-docstring", _literal_diagrams)
