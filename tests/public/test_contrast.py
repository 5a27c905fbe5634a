"""WCAG 2.1 AA: every text colour the public site sets is at least 4.5:1 on white and on the
page background; status colours set by the shared style sheet are darkened where they fall short."""

from __future__ import annotations

import re
from pathlib import Path

import kechuang

CSS = Path(kechuang.__file__).parent / "static" / "kechuang" / "public.css"
WHITE, PAGE = "#ffffff", "#f8fafc"


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_of_the_public_site_meet_aa():
    css = CSS.read_text()
    colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", css)
    colours += re.findall(r"--(?:behind|no_data|muted):\s*(#[0-9a-fA-F]{6})", css)
    assert len(colours) >= 6
    weak = [c for c in colours if c.lower() != "#ffffff" and min(contrast(c, WHITE), contrast(c, PAGE)) < 4.5]
    assert not weak, weak


def test_shared_status_colours_used_as_text_meet_aa():
    site = (CSS.parent / "site.css").read_text()
    variables = dict(re.findall(r"--(\w+):\s*(#[0-9a-fA-F]{6})", site))
    overridden = dict(re.findall(r"--(\w+):\s*(#[0-9a-fA-F]{6})", CSS.read_text()))
    for name in ("met", "ahead", "on_track", "behind", "seriously_behind", "no_data"):
        colour = overridden.get(name, variables[name])
        assert contrast(colour, WHITE) >= 4.5, (name, colour)
    assert contrast("#ffffff", "#0f2a5c") >= 4.5  # the header's white on dark blue
    assert contrast("#1f2937", "#fffbeb") >= 4.5  # the waiting line
