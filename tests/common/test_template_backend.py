"""A rendered page's context is freed with the request, not left for the garbage collector."""

from __future__ import annotations

import gc
import weakref

from django.template import engines
from django.test import RequestFactory


class _Row:
    """Something a page shows."""


def test_what_a_page_showed_is_freed_as_soon_as_it_is_rendered():
    """Django's own backend keeps the context in a reference cycle until the collector's next pass
    (a pause of milliseconds on a large page); ours lets reference counting free it at once."""
    template = engines["django"].from_string("{% for row in rows %}{{ forloop.counter }}{% endfor %}")
    request = RequestFactory().get("/")
    rows = [_Row() for _ in range(3)]
    watched = [weakref.ref(row) for row in rows]
    gc.disable()  # only reference counting may free them
    try:
        assert template.render({"rows": rows}, request) == "123"
        del rows
        assert [ref() for ref in watched] == [None, None, None]
    finally:
        gc.enable()


def test_a_template_without_a_request_and_a_missing_one_behave_as_django_s():
    from django.template import TemplateDoesNotExist

    assert engines["django"].from_string("{{ a }}+{{ b }}").render({"a": 1, "b": "<x>"}) == "1+&lt;x&gt;"
    try:
        engines["django"].get_template("no/such/template.html")
    except TemplateDoesNotExist as exc:
        assert exc.backend is engines["django"]
    else:
        raise AssertionError("a missing template was found")
