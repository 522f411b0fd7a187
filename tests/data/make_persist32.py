"""Write the persist 3.2 fixtures in ``tests/data/persist32/``.

The tests need files written by persist 3.2 itself, and CI has no 3.2, so
the files are committed. To make them again, run this with persist 3.2.1
installed (numpy, no h5py):

    python tests/data/make_persist32.py

Each fixture is small on purpose: a test reads its text in a diff.
"""

import os
import shutil

from persist.archive import Archive, DataSet

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "persist32")


def single_items() -> None:
    """Single-item modules, flat and scoped, and a single-item package."""
    for scoped in (False, True):
        archive = Archive(single_item_mode=True, scoped=scoped)
        archive.insert(b=[1, 2])
        archive.save(HERE, "scoped_item" if scoped else "flat_item", package=False)
    archive = Archive(single_item_mode=True)
    archive.insert(b=[1, 2])
    archive.save(HERE, "item_package", package=True)


def plain_archive() -> None:
    """The smallest archive: one int, saved as a package (default style)."""
    archive = Archive()
    archive.insert(i=1)
    archive.save(HERE, "plain", package=True)


def dataset() -> None:
    """A DataSet with an ordinary item and items named like 4's methods."""
    ds = DataSet("ds", "w", path=HERE)
    ds.x = [3, 4]
    ds["x"] = "info of x"
    for name in ("keys", "load", "update", "close"):
        setattr(ds, name, name.upper())
    ds._close()


if __name__ == "__main__":
    shutil.rmtree(HERE, ignore_errors=True)
    os.makedirs(HERE)
    single_items()
    plain_archive()
    dataset()
