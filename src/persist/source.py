"""Reading an archive's text the way ``import`` reads it.

An archive is a Python module, so whatever ``import`` accepts must load too. A
file saved by an editor may start with a UTF-8 byte-order mark, or declare its
encoding in a ``# -*- coding: latin-1 -*-`` line (PEP 263); decoding every
file as plain UTF-8 made ``persist.load`` refuse the first ("invalid
non-printable character U+FEFF") and misread or refuse the second.

    text = read_source(Path("calibration.py"))  # the mark dropped, decoded

persist itself always writes UTF-8, with no mark.
"""

from __future__ import annotations

import tokenize
from pathlib import Path


def read_source(path: Path) -> str:
    """The text of the Python file at ``path``, decoded as ``import`` decodes it.

    Raises OSError, SyntaxError (an unknown or contradictory declared
    encoding) or UnicodeDecodeError (bytes that are not in that encoding).
    """
    with tokenize.open(path) as handle:
        return handle.read()
