"""A list and a dict nested 300 deep: the deeper parts are hoisted into named
statements, since CPython refuses about 200 nested brackets."""


def build():
    deep = ["bottom"]
    for level in range(299):
        deep = [level, deep] if level % 100 == 0 else [deep]
    tree = {}
    for level in range(300):
        tree = {"level": level, "next": tree} if level % 100 == 0 else {"next": tree}
    return {"deep": deep, "tree": tree}
