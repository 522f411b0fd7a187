"""persist: archive Python objects as importable, human-readable Python source.

>>> import persist
>>> archive = persist.Archive()
>>> archive.insert(x=[1, 2, 3])
>>> print(str(archive).splitlines()[0])
x = [1, 2, 3]

``persist.load`` is the function ``load``, not the module ``persist/load.py``
of the same name: importing the package binds the name to the function, over
the submodule. ``import persist.load as m`` therefore gives the function too,
since Python takes ``m`` from the package's attribute. ``from persist.load
import loads`` works as usual; the module itself is
``sys.modules['persist.load']`` (or ``importlib.import_module('persist.load')``).
"""

from persist.archive import Archive, restore
from persist.dataset import DataSet, DataSetError, DataSetLockedError
from persist.errors import (
    ArchiveError,
    CycleError,
    DuplicateError,
    InvalidNameError,
    LoadError,
    UnarchivableError,
    UnsafeArchiveError,
)
from persist.load import dump, dumps, load, loads

__version__ = "4.0.0.dev0"

__all__ = [
    "Archive",
    "ArchiveError",
    "CycleError",
    "DataSet",
    "DataSetError",
    "DataSetLockedError",
    "DuplicateError",
    "InvalidNameError",
    "LoadError",
    "UnarchivableError",
    "UnsafeArchiveError",
    "dump",
    "dumps",
    "load",
    "loads",
    "restore",
]
