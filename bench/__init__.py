"""Benchmarks (`make bench` = `python -m bench`): each measurement beside its raw baseline, as a ratio.

Every `bench/bench_*.py` module exposes `main() -> int` and prints its own report.
"""
