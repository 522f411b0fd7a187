"""pathlib paths keep their flavour."""

import pathlib


def build():
    return {
        "posix": pathlib.PurePosixPath("/data/run 1/out.h5"),
        "windows": pathlib.PureWindowsPath(r"C:\Users\me\notes.txt"),
        "relative": pathlib.PosixPath("results/2024"),
        "here": pathlib.PurePosixPath("."),
        "by_name": {pathlib.PurePosixPath("b"): 2, pathlib.PurePosixPath("a"): 1},
    }
