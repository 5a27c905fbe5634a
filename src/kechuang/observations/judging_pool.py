"""Judging many targets on every core: the engine is pure, so the work splits cleanly.

Workers are forked after the observations are loaded, so they inherit the index instead of
receiving it; only the judgements travel back. Where fork is unavailable, or the batch is
small enough that starting processes costs more than it saves, the work stays in-process.
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import os
from typing import TYPE_CHECKING, Any

from kechuang.observations.progress import TargetProgress, Thresholds

if TYPE_CHECKING:
    from kechuang.observations.monitoring import ObservationIndex, TargetSpec

MIN_PARALLEL_TARGETS = 20000
_inherited: dict[str, Any] = {}


def _judge_share(bounds: tuple[int, int]) -> list[TargetProgress]:
    from kechuang.observations.monitoring import judge_chunk

    lo, hi = bounds
    state = _inherited
    return judge_chunk(
        state["specs"][lo:hi], state["index"], as_of=state["as_of"], thresholds=state["thresholds"]
    )


def judge_in_parallel(
    specs: list[TargetSpec],
    index: ObservationIndex,
    *,
    as_of: dt.date,
    thresholds: Thresholds,
    workers: int | None = None,
) -> list[TargetProgress]:
    """The engine's judgement of every spec, in order, using up to ``workers`` processes."""
    from kechuang.observations.monitoring import judge_chunk

    workers = workers or os.cpu_count() or 1
    if (
        workers <= 1
        or len(specs) < MIN_PARALLEL_TARGETS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return judge_chunk(specs, index, as_of=as_of, thresholds=thresholds)
    step = math.ceil(len(specs) / workers)
    shares = [(lo, min(lo + step, len(specs))) for lo in range(0, len(specs), step)]
    _inherited.update(specs=specs, index=index, as_of=as_of, thresholds=thresholds)
    try:
        with multiprocessing.get_context("fork").Pool(len(shares) - 1) as pool:
            pending = pool.map_async(_judge_share, shares[1:])
            results = _judge_share(shares[0])  # the parent takes the first share itself
            for part in pending.get():
                results.extend(part)
    finally:
        _inherited.clear()
    return results
