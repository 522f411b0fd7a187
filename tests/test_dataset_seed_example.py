"""DataSet: its public names, and the seed's example (cells 11 and 12 of its
"DataSet Examples") run verbatim in a fresh interpreter."""

from __future__ import annotations

import os
from pathlib import Path

import persist
import persist.archive
import persist.dataset
from dataset_helpers import SEED_DIR, fresh_python
from persist import DataSetError


def test_public_names() -> None:
    assert persist.DataSet is persist.archive.DataSet is persist.dataset.DataSet
    assert issubclass(DataSetError, persist.ArchiveError)


# -- the seed's example, verbatim ------------------------------------------------------

# Cell [11] of the seed's "DataSet Examples", verbatim except for one line: the
# IPython shell escape `!tree $tmpdir` is not Python, so it is replaced by a
# Python listing of the files under tmpdir (marked below).
CELL_11 = """\
import os.path, pprint, sys, tempfile, shutil, numpy as np
from persist.archive import DataSet
tmpdir = tempfile.mkdtemp()  # Make temporary directory for dataset
print("Storing dataset in {}".format(tmpdir))

a = np.arange(10)
x = np.arange(15)

ds = DataSet('dataset', 'w', path=tmpdir, array_threshold=12, data_format='npy')

ds.a = a
ds.x = [a, x]
ds['a'] = "A small array"
ds['x'] = "A list with a small and large array"

# -- replaces `!tree $tmpdir` (IPython shell syntax) --
for _root, _dirs, _files in sorted(os.walk(tmpdir)):
    for _file in sorted(_files):
        print("tree:", os.path.relpath(os.path.join(_root, _file), tmpdir))
# -- end of replacement --

del ds

ds = DataSet('dataset', 'r', path=tmpdir)
print(ds['a'])
print(ds['x'])
print(ds.a)   # The arrays a and x are not actually loaded until here
print(ds.x)
"""

# Cell [12], verbatim.
CELL_12 = """\
sys.path.append(tmpdir)
import dataset   # Only imports _info_dict at this point
print
print('import dataset: The dataset module initially contains')
print(dir(dataset))

import dataset.a, dataset.x   # Now we get a and x
print
print('import dataset.a, dataset.x: The dataset module now contains')
print(dir(dataset))

sys.path.pop()

shutil.rmtree(tmpdir)        # Remove files
"""


def test_seed_dataset_example_cells_11_and_12(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = fresh_python(
        CELL_11 + CELL_12, block_persist=False, env={"TMPDIR": str(tmp)}
    ).splitlines()
    first = out.pop(0)
    assert first.startswith(f"Storing dataset in {tmp}{os.sep}")
    tree = [line[len("tree: ") :] for line in out if line.startswith("tree: ")]
    assert tree
    rest = [line for line in out if not line.startswith("tree: ")]
    visible = [p for p in tree if not p.startswith(".") and "/." not in p]
    visible = [p for p in visible if "__pycache__" not in p]
    # the seed's tree: __init__.py, _this_dir_is_a_DataSet, a.py, x.py and one
    # array file under x_data (a has 10 <= 12 elements: inline, no a_data)
    assert {
        "dataset/__init__.py",
        "dataset/_this_dir_is_a_DataSet",
        "dataset/a.py",
        "dataset/x.py",
    } <= set(visible)
    data = [p for p in visible if p.startswith("dataset/x_data/")]
    assert len(data) == 1 and data[0].endswith(".npy")
    assert not [p for p in visible if p.startswith("dataset/a_data")]
    assert len(visible) == 5
    assert rest == [
        "A small array",
        "A list with a small and large array",
        "[0 1 2 3 4 5 6 7 8 9]",
        "[array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), array([ 0,  1,  2,  3,  4,  5,  6,  "
        "7,  8,  9, 10, 11, 12, 13, 14])]",
        "import dataset: The dataset module initially contains",
        str(SEED_DIR),
        "import dataset.a, dataset.x: The dataset module now contains",
        str([*SEED_DIR, "a", "x"]),
    ]
    assert list(tmp.iterdir()) == []  # the cell removed its files
