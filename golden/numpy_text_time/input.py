"""numpy arrays of strings, bytes, dates, durations and records."""

import numpy as np


def build():
    return {
        "unicode": np.array(["a", "naïve", "日本", ""]),
        "bytes": np.array([b"ab", b"\x00\xff"], dtype="S2"),
        "dates": np.array(["2024-01-31", "1969-12-31", "NaT"], dtype="datetime64[D]"),
        "stamps": np.array(["2024-01-31T12:30:15.123456789"], dtype="datetime64[ns]"),
        "durations": np.array([1, -2, "NaT"], dtype="timedelta64[s]"),
        "records": np.array(
            [(1, 2.5, "ab"), (-1, np.nan, "")],
            dtype=[("id", "<i4"), ("value", "<f8"), ("name", "<U4")],
        ),
        "nested_record": np.zeros(2, dtype=[("pos", "<f4", (3,)), ("ok", "?")]),
        "objects": np.array([1, "two", [3]], dtype=object),
    }
