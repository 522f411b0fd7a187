"""Two lists that contain each other, and a longer ring through a dict and a set
holder."""


def build():
    a = [1]
    b = [2, a]
    a.append(b)
    ring = {"name": "ring"}
    link = [ring]
    ring["next"] = {"prev": link, "first": ring}
    return {"a": a, "b": b, "ring": ring}
