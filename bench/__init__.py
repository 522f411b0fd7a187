"""Benchmarks of persist against pickle, jsonpickle and persist 3.2.1.

Run ``python -m bench --quick`` (a minute or two) or ``python -m bench --full``;
see bench/README.md. This is measurement, not a test: pytest collects only
``tests/``.
"""
