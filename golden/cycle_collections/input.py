"""Cycles through containers whose constructors copy their argument
(defaultdict, OrderedDict, deque): they are built empty and filled after,
never by splitting the copied argument. The Counter's key hashes by identity:
it goes in before its state, which holds the Counter, as pickle does."""

import collections

from golden_types import Plain


def build():
    tally = collections.defaultdict(list)
    tally["self"] = tally
    tally["more"] = [1]
    ordered = collections.OrderedDict([("a", 1)])
    ordered["me"] = (ordered, 2)
    ordered["b"] = 3
    queue = collections.deque([1, 2], maxlen=3)
    queue.append((queue,))
    key = Plain()
    counts = collections.Counter({key: 2})
    key.owner = counts
    holder = []
    holder.append(collections.defaultdict(int, {"a": 1, "holder": holder}))
    return {
        "tally": tally,
        "ordered": ordered,
        "queue": queue,
        "counts": counts,
        "holder": holder,
    }
