"""The scalar engine's transcendental functions (Python's `math`, i.e. the C library's), applied
element by element to numpy arrays.

Why: the batch engine must give judge_target's numbers to the last bit. numpy computes exp,
log, pow, atan, sin and cos with its own vectorised code on CPUs that have AVX-512, and those
differ from the C library's now and then in the last bit (a forecast of 751.3002139781207
against 751.3002139781208). Where numpy would return inf or nan instead of raising, so do these.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np


def _log(x: float) -> float:
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _pow(x: float, y: float) -> float:
    try:
        return math.pow(x, y)
    except OverflowError:
        return math.inf if x > 0 or float(y).is_integer() and y % 2 == 0 else -math.inf
    except ValueError:  # 0 to a negative power, or a negative base to a fractional one
        return math.inf if x == 0 else math.nan


def _sin(x: float) -> float:
    return math.sin(x) if math.isfinite(x) else math.nan


def _cos(x: float) -> float:
    return math.cos(x) if math.isfinite(x) else math.nan


def _each(
    fn: Callable[..., float], *arrays: np.ndarray, fast: Callable[..., float] | None = None
) -> np.ndarray:
    """`fn` element by element. `fast`, the bare `math` function, is tried first over the whole
    array (no Python call per element); it raises where `fn` handles a domain or range edge, and
    then `fn` does every element (elsewhere the two agree)."""
    shaped = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in arrays))
    size = shaped[0].size
    lists = [a.ravel().tolist() for a in shaped]
    if fast is not None:
        try:
            return np.fromiter(map(fast, *lists), dtype=float, count=size).reshape(shaped[0].shape)
        except (OverflowError, ValueError):
            pass
    return np.fromiter(map(fn, *lists), dtype=float, count=size).reshape(shaped[0].shape)


def exp(x: np.ndarray) -> np.ndarray:
    return _each(_exp, x, fast=math.exp)


def log(x: np.ndarray) -> np.ndarray:
    return _each(_log, x, fast=math.log)


def power(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return _each(_pow, x, y, fast=math.pow)


def arctan(x: np.ndarray) -> np.ndarray:
    return _each(math.atan, x)  # atan(±inf) = ±π/2 and atan(nan) = nan, as numpy's


def sin(x: np.ndarray) -> np.ndarray:
    return _each(_sin, x, fast=math.sin)


def cos(x: np.ndarray) -> np.ndarray:
    return _each(_cos, x, fast=math.cos)
