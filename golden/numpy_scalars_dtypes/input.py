"""numpy scalars keep their exact type; dtypes are written by name or spec."""

import numpy as np


def build():
    return {
        "scalars": [
            np.float32(0.1),
            np.float64(-0.0),
            np.int8(-5),
            np.uint32(4000000000),
            np.int64(2**62),
            np.bool_(True),
            np.complex64(1 - 1j),
            np.float16(0.5),
        ],
        "times": [
            np.datetime64("2024-02-29T08:00", "m"),
            np.timedelta64(90, "s"),
            np.datetime64("NaT", "D"),
        ],
        "strings": [np.str_("text"), np.bytes_(b"raw")],
        "dtypes": [
            np.dtype("float64"),
            np.dtype("<U8"),
            np.dtype(">i2"),
            np.dtype("datetime64[ms]"),
            np.dtype([("x", "<f8"), ("y", "<i4")]),
        ],
        "dtype_kinds": {"int": np.int32, "float": np.float64},
    }
