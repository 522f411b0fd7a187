"""collections: OrderedDict, defaultdict, deque, Counter and named tuples."""

import collections

from golden_types import Pair, Span


def build():
    tally = collections.defaultdict(list)
    tally["a"].append(1)
    tally["b"].extend([2, 3])
    return {
        "ordered": collections.OrderedDict([("b", 1), ("a", 2)]),
        "empty_ordered": collections.OrderedDict(),
        "tally": tally,
        "counts": collections.defaultdict(int, {"x": 3}),
        "no_factory": collections.defaultdict(None),
        "queue": collections.deque([1, 2, 3]),
        "window": collections.deque([4, 5], maxlen=3),
        "counter": collections.Counter("abracadabra"),
        "pair": Pair(1, [2]),
        "span": Span(0, 10, "all"),
        "spans": [Span(1, 2), Pair("x", "y")],
    }
