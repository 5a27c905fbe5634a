"""`kechuang public export DIR`: the whole public site as files a district uploads to its portal.

Why these choices: the pages are the server's own views rendered with an anonymous request (the
same templates, the same public rules), so the copy never says something the site would not.
Every link is rewritten relative to the page that holds it and points at a file (``…/index.html``,
never a folder), so the folder works at any path of any web server and opened from disk
(file://). Only what the pages use is copied from the static files (styles, scripts, ECharts).
The feedback form needs the server, so the exported plan pages carry a note instead.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import posixpath
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from kechuang.observations.monitoring import PlanRows
from kechuang.plans.models import Indicator
from kechuang.public import downloads, site, views

PUBLIC_PREFIX = "/public/"
_LINK = re.compile(r'(?P<attr>\b(?:href|src|action))="(?P<url>[^"]*)"')


@dataclass
class ExportResult:
    pages: int = 0
    data_files: int = 0
    static_files: int = 0
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (page, link) outside the export


def file_for(url_path: str) -> str | None:
    """The file (relative to the export folder) a site path is written to, or None if not exported."""
    static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    if url_path.startswith(static):
        return "static/" + url_path[len(static) :]
    if not url_path.startswith(PUBLIC_PREFIX):
        return None
    rest = url_path[len(PUBLIC_PREFIX) :]
    return rest + "index.html" if rest == "" or rest.endswith("/") else rest


def _request(path: str) -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.kechuang_static_export = True  # views leave out the form and the links to staff pages
    return request


def render_path(path: str) -> bytes:
    """The body the server returns for ``path`` to an anonymous reader."""
    match = resolve(path)
    return _body(path, match.func(_request(path), *match.args, **match.kwargs))


def _body(path: str, response: HttpResponse) -> bytes:
    if response.status_code != 200:
        raise RuntimeError(f"{path} 返回 {response.status_code}")
    return response.content


class _PlanAtHand:
    """The plan whose indicators are being rendered: its indicators loaded and its targets judged
    once, not once per indicator page (paths come in plan order, so one plan is at hand at a time)."""

    def __init__(self) -> None:
        self.plan_id: int | None = None
        self.indicators: dict[int, Indicator] = {}
        self.rows: PlanRows | None = None

    def indicator(self, pk: int, as_of: dt.date) -> tuple[Indicator, PlanRows | None]:
        if pk not in self.indicators:
            indicator = site.get_public_indicator(pk)
            plan = indicator.plan
            self.plan_id = plan.pk
            self.indicators = {i.pk: i for i in Indicator.objects.filter(plan=plan).select_related("catalog")}
            for i in self.indicators.values():
                i.plan = plan
            self.indicators[pk] = indicator
            self.rows = site.judge_public(plan, as_of)
        return self.indicators[pk], self.rows


_at_hand = _PlanAtHand()


def _indicator(path: str, pk: int, as_of: dt.date, out: Path, target: str) -> tuple[bytes, int]:
    """The indicator's page and its three data files, from one judgement (as the view does)."""
    indicator, plan_rows = _at_hand.indicator(pk, as_of)
    page = site.indicator_page(indicator, as_of, plan_rows)
    for fmt in downloads.FORMATS:
        body, _ = downloads.file_bytes(indicator, page, fmt)
        _write(out / posixpath.dirname(target) / f"figures.{fmt}", body)
    return _body(path, views.render_indicator(_request(path), page)), len(downloads.FORMATS)


def relink(html: str, page_file: str, known: Callable[[str], bool], result: ExportResult) -> str:
    """Every site-absolute link in ``html`` rewritten relative to ``page_file``."""
    here = posixpath.dirname(page_file) or "."

    def fix(m: re.Match) -> str:
        url = m.group("url")
        if not url.startswith("/") or url.startswith("//"):
            return m.group(0)
        path, _, fragment = url.partition("#")
        path = path.partition("?")[0]
        target = file_for(path)
        if target is None or not known(target):
            result.unresolved.append((page_file, url))
            return m.group(0)
        rel = posixpath.relpath(target, here)
        return f'{m.group("attr")}="{rel}{"#" + fragment if fragment else ""}"'

    return _LINK.sub(fix, html)


def site_paths() -> Iterator[str]:
    """Every page of the public site, index first."""
    yield PUBLIC_PREFIX
    yield f"{PUBLIC_PREFIX}method/"
    plans = site.published_plans().order_by("area__code", "pk").values_list("pk", flat=True)
    for pk in plans:
        yield f"{PUBLIC_PREFIX}plans/{pk}/"
    indicators = Indicator.objects.filter(plan__in=site.published_plans()).order_by("plan_id", "pk")
    for pk in indicators.values_list("pk", flat=True):
        yield f"{PUBLIC_PREFIX}indicators/{pk}/"


def export_site(out: Path, *, progress: Callable[[int], object] | None = None) -> ExportResult:
    """Write the public site into ``out`` (created if missing); ``progress(total)`` returns a bar
    with ``update(n)`` and ``close()``, or None for none. Pages are written one by one (a national
    site does not fit in memory), so every file name is worked out before the first page."""
    from django.utils import timezone

    out.mkdir(parents=True, exist_ok=True)
    _at_hand.__init__()  # nothing from an earlier export in this process
    result = ExportResult()
    paths = list(site_paths())
    files = {file_for(p) for p in paths}
    for path in paths:
        if path.startswith(f"{PUBLIC_PREFIX}indicators/"):
            files.update(f"{path[len(PUBLIC_PREFIX) :]}figures.{fmt}" for fmt in downloads.FORMATS)
    statics: dict[str, Path] = {}

    def known(target: str) -> bool:
        if target in files or target in statics:
            return True
        if target.startswith("static/") and (source := finders.find(target[len("static/") :])):
            statics[target] = Path(source)
            return True
        return False

    bar = progress(len(paths)) if progress is not None else None
    as_of = timezone.localdate()
    for done in _render_all(paths, out, as_of, known, files, statics, result):
        if bar is not None:
            bar.update(done)
    for rel, source in statics.items():
        _copy(source, out / rel)
        result.static_files += 1
    if bar is not None:
        bar.close()
    return result


def _render(path: str, out: Path, as_of: dt.date, known: Callable[[str], bool], result: ExportResult) -> None:
    target = file_for(path)
    if path.startswith(f"{PUBLIC_PREFIX}indicators/"):
        pk = int(path.rstrip("/").rsplit("/", 1)[1])
        body, count = _indicator(path, pk, as_of, out, target)
        result.data_files += count
    else:
        body = render_path(path)
    _write(out / target, relink(body.decode("utf-8"), target, known, result).encode("utf-8"))
    result.pages += 1


# A national site (3,000 plans, 120,000 pages) is rendered by one forked process per core; a
# district's few hundred pages are not worth the start-up.
PARALLEL_PAGES = 2000
_SHARE = 200
_inherited: dict = {}


def _render_share(share: list[str]) -> tuple[int, int, list[tuple[str, str]], dict[str, Path]]:
    state = _inherited
    part, statics = ExportResult(), {}

    def known(target: str) -> bool:
        if target in state["files"]:
            return True
        if target.startswith("static/") and (source := finders.find(target[len("static/") :])):
            statics[target] = Path(source)
            return True
        return False

    for path in share:
        _render(path, state["out"], state["as_of"], known, part)
    return part.pages, part.data_files, part.unresolved, statics


def _render_all(
    paths: list[str],
    out: Path,
    as_of: dt.date,
    known: Callable[[str], bool],
    files: set,
    statics: dict[str, Path],
    result: ExportResult,
) -> Iterator[int]:
    """Render every path into `out`, yielding how many pages were just done (for the bar)."""
    workers = os.cpu_count() or 1
    if len(paths) < PARALLEL_PAGES or workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for path in paths:
            _render(path, out, as_of, known, result)
            yield 1
        return
    shares = [paths[k : k + _SHARE] for k in range(0, len(paths), _SHARE)]
    _inherited.update(out=out, as_of=as_of, files=files)
    connections.close_all()  # each forked worker opens its own connection
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=connections.close_all) as pool:
            for pages, data_files, unresolved, found in pool.imap_unordered(_render_share, shares):
                result.pages += pages
                result.data_files += data_files
                result.unresolved.extend(unresolved)
                statics.update(found)
                yield pages
    finally:
        _inherited.clear()


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)


def _copy(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)
