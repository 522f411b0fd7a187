"""The seed example: one list reached twice keeps one identity."""


def build():
    x = [1, 2, 3]
    y = [x, x]
    return {"x": x, "y": y}
