"""Throughput, latency and memory benchmarks of the extraction path; run with ``python -m bench``.

Not part of the test suite: figures depend on the machine and its load, so nothing here asserts.
See docs/benchmarks.md for what each figure means and how it is measured.
"""
