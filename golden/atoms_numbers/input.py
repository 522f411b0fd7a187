"""Numbers and other atoms: exact, including the floats repr cannot write plainly."""


def build():
    return {
        "small": [0, 1, -1, 255, 2**31, -(2**63)],
        "huge": [2**200, -(3**150), 10**100 + 1],
        "flags": [True, False, None],
        "floats": [
            0.0,
            -0.0,
            0.1,
            1e-300,
            5e-324,
            1.7976931348623157e308,
            1e16,
            123456.789,
        ],
        "special": [float("inf"), float("-inf"), float("nan")],
        "complexes": [
            1j,
            complex(1.5, -2),
            complex(-0.0, -0.0),
            complex(float("inf"), float("nan")),
        ],
        "nothing": None,
        "one": 1,
        "pi": 3.141592653589793,
    }
