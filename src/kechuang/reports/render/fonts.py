"""The fonts a report names, and the font files the server draws charts and PDFs with.

Why two sets: Word shows the 公文 faces by their Chinese names (宋体, 仿宋, 黑体), which every
office machine has; the server has only what scripts/ensure_fonts.sh installs (Noto CJK). So the
.docx names the office faces on every run (East-Asian slot included), charts are drawn with Noto
Sans CJK SC, and the PDF conversion maps the office names onto Noto through ``fonts.conf`` here.
"""

from __future__ import annotations

from pathlib import Path

BODY = "仿宋"  # body text (公文正文)
TABLE = "宋体"  # tables, notes, the cover's issuer line
HEADING = "黑体"  # headings and the cover title
LATIN = "Times New Roman"  # digits and Latin letters beside the Chinese

CHART_FAMILY = "Noto Sans CJK SC"
CHART_FALLBACK = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei"]

FONTS_CONF = Path(__file__).with_name("fonts.conf")

MISSING_FONTS = "服务器缺少中文字体（Noto CJK），图表无法显示中文；请运行 scripts/ensure_fonts.sh 安装字体"


def chart_font_available() -> bool:
    """Whether matplotlib finds a CJK face (the charts would show boxes without one)."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return any(name in names for name in CHART_FALLBACK)
