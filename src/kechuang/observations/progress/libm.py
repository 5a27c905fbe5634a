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


def _each(fn: Callable[..., float], *arrays: np.ndarray) -> np.ndarray:
    shaped = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in arrays))
    size = shaped[0].size
    values = map(fn, *(a.ravel().tolist() for a in shaped))
    return np.fromiter(values, dtype=float, count=size).reshape(shaped[0].shape)


def exp(x: np.ndarray) -> np.ndarray:
    return _each(_exp, x)


def log(x: np.ndarray) -> np.ndarray:
    return _each(_log, x)


def power(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return _each(_pow, x, y)


def arctan(x: np.ndarray) -> np.ndarray:
    return _each(math.atan, x)  # atan(±inf) = ±π/2 and atan(nan) = nan, as numpy's


def sin(x: np.ndarray) -> np.ndarray:
    return _each(_sin, x)


def cos(x: np.ndarray) -> np.ndarray:
    return _each(_cos, x)
