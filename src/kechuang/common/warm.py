"""Server start-up: load every view before the first request and keep start-up objects out of the
garbage collector's way.

Why: a page that builds thousands of small objects (the national comparison, 3,000 rows) triggers
full collections, and each full collection walks every object alive in the process, most of them
Django's and our modules' own, loaded once and never freed. ``gc.freeze()`` moves those into a
permanent generation the collector skips (as CPython's documentation suggests for pre-fork
servers); the pages' own garbage is collected as before.

The youngest generation is also collected less often: at CPython's default (every 700 new
objects) the national overview, which builds some 25,000 objects and frees nearly all of them by
reference count, ran six collections a request, a tenth of its time, for no garbage.
"""

from __future__ import annotations

import gc

# Objects allocated (less those freed) between collections of the youngest generation; the older
# generations' thresholds are CPython's. Cycles still get collected, a request or so later.
YOUNG_THRESHOLD = 20_000


def freeze_startup_objects() -> None:
    """Import every URL's view, collect once, then freeze what is alive and collect the young
    generation less often (call once per process)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's views
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
