
def origin():
    from golden_types import Point
    return Point(x=0.0, y=0.0)
origin = origin()

def run(origin=origin):
    from golden_types import Point
    from golden_types import Run
    return Run(name='first', points=[origin, Point(x=1.5, y=-2.0)], tags={'seed': 42})
run = run()

def empty_run():
    from golden_types import Run
    return Run(name='empty', points=[], tags={})
empty_run = empty_run()

def frozen():
    from golden_types import Frozen
    return Frozen(key='k', value=1)
frozen = frozen()

def frozen_set():
    from golden_types import Frozen
    return {Frozen(key='a', value=1), Frozen(key='b', value=2)}
frozen_set = frozen_set()

try:
    del __builtins__, _arrays
except NameError:
    pass
