"""Django's template backend, with each render's context let go as soon as the page is written.

Why: Django's `make_context` pushes the view's dictionary onto a new RequestContext as a
ContextDict that points back at its context: a reference cycle holding everything the page
showed. Nothing frees a cycle but the garbage collector, so each page's rows, tiles and bars
lived on until its next pass, and that pass (every few dozen requests of the national overview,
walking some 14,000 objects) stalled one request for about 5 ms. Emptying the context's stack
after rendering breaks the cycle: reference counting frees it all at once, as with any other
object of the request.
"""

from __future__ import annotations

from typing import Any

from django.template import TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates as _DjangoTemplates
from django.template.backends.django import Template as _Template
from django.template.backends.django import reraise
from django.template.context import make_context


class Template(_Template):
    def render(self, context: dict[str, Any] | None = None, request: Any = None) -> str:
        made = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(made)
        except TemplateDoesNotExist as exc:
            reraise(exc, self.backend)
        finally:
            made.dicts.clear()  # the cycle's one link we own: the rest is freed by reference count


class DjangoTemplates(_DjangoTemplates):
    """`django.template.backends.django.DjangoTemplates` whose templates are `Template`s."""

    def from_string(self, template_code: str) -> Template:
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name: str) -> Template:
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            reraise(exc, self)
