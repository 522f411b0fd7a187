"""A list that contains itself."""


def build():
    loop = [1, 2]
    loop.append(loop)
    loop.append(3)
    head_loop = []
    head_loop.append(head_loop)
    return {"loop": loop, "head_loop": head_loop}
