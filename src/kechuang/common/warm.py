"""Server start-up: load every view before the first request and keep start-up objects out of the
garbage collector's way.

Why: a page that builds thousands of small objects (the national comparison, 3,000 rows) triggers
full collections, and each full collection walks every object alive in the process, most of them
Django's and our modules' own, loaded once and never freed. ``gc.freeze()`` moves those into a
permanent generation the collector skips (as CPython's documentation suggests for pre-fork
servers); the pages' own garbage is collected as before.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Import every URL's view, collect once, then freeze what is alive (call once per process)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's views
    gc.collect()
    gc.freeze()
