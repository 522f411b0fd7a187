"""Shared objects that are not inserted get a name from the path that reaches
them first."""


def build():
    paths = {"input": "/data/in", "output": "/data/out"}
    cfg = {"paths": paths, "threads": 4}
    job = {"paths": paths, "cfg": cfg, "steps": [paths, {"id": 1}]}
    scratch = []
    return {
        "cfg": cfg,
        "job": job,
        "pair": [scratch, [scratch]],
    }
