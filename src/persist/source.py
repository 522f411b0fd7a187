"""Reading an archive's text the way ``import`` reads it.

An archive is a Python module, so whatever ``import`` accepts must load too. A
file saved by an editor may start with a UTF-8 byte-order mark, or declare its
encoding in a ``# -*- coding: latin-1 -*-`` line (PEP 263); decoding every
file as plain UTF-8 made ``persist.load`` refuse the first ("invalid
non-printable character U+FEFF") and misread or refuse the second.

    text = read_source(Path("calibration.py"))  # the mark dropped, decoded

persist itself always writes UTF-8, with no mark. A hand-edited file merged
into on saving keeps its lines, an encoding declaration too: ``declare_utf8``
makes that one say what the saved file is.

    # -*- coding: latin-1 -*-     ->     # -*- coding: utf-8 -*-
"""

from __future__ import annotations

import codecs
import re
import tokenize
from pathlib import Path

# PEP 263: a declaration is a comment in the first two lines; the second is
# looked at only when the first is blank or a comment
_DECLARATION = re.compile(r"[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)
_BLANK_OR_COMMENT = re.compile(r"[ \t\f]*(?:#|$)", re.ASCII)


def read_source(path: Path) -> str:
    """The text of the Python file at ``path``, decoded as ``import`` decodes it.

    Raises OSError, SyntaxError (an unknown or contradictory declared
    encoding) or UnicodeDecodeError (bytes that are not in that encoding).
    """
    with tokenize.open(path) as handle:
        return handle.read()


def declare_utf8(text: str) -> str:
    """``text`` (as ``read_source`` returned it) with an encoding declaration
    that names another encoding than UTF-8 changed to name UTF-8.

    The text is saved as UTF-8: keeping ``coding: latin-1`` would make
    ``import`` decode it as Latin-1 (``'café'`` read back as ``'cafÃ©'``).
    Only the name changes, so the rest of the line (an editor's settings)
    and the line numbers stay."""
    lines = text.split("\n", 2)
    for index, line in enumerate(lines[:2]):
        found = _DECLARATION.match(line)
        if found is not None:
            if codecs.lookup(found.group(1)).name == "utf-8":
                return text
            lines[index] = line[: found.start(1)] + "utf-8" + line[found.end(1) :]
            return "\n".join(lines)
        if _BLANK_OR_COMMENT.match(line) is None:
            return text
    return text
