"""A cycle that runs through a tuple: the list is filled after the tuple exists."""


def build():
    holder = []
    pair = ("pair", holder)
    holder.append(pair)
    outer = [(1, (2, holder))]
    return {"holder": holder, "outer": outer}
