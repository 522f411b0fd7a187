"""A plain class instance: constructed with __new__, then its attributes set."""

from golden_types import Plain


def build():
    shared = [1, 2]
    return {
        "config": Plain(name="experiment", rate=0.5, steps=[1, 2, 3], extra=None),
        "empty": Plain(),
        "two": [Plain(data=shared), Plain(data=shared)],
        "nested": Plain(child=Plain(child=Plain(leaf=True))),
    }
