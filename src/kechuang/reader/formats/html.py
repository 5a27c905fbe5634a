"""Web pages (.html/.htm saved from a government site, or a Word file saved as a web page) → blocks.

A published plan sits in a page full of other things: a banner, menus, a
breadcrumb ("首页 > 政务公开 > …"), a sidebar of other notices, a footer with
the site's 网站标识码 and ICP number. The page is parsed with lxml, then
readability-lxml picks the element that holds the article, and this module
walks *that element of our own tree* itself:

- paragraphs: every block element (p, h1–h6, li, div with text, …) and every
  ``<br>`` ends a line, so each becomes its own paragraph, in page order;
- tables: an HTML ``<table>`` of data becomes a Table, rows of cell strings,
  with ``rowspan``/``colspan`` expanded the way the Word reader does (a merged
  cell's text once, empty cells below and to the right); a table used for page
  layout (it holds other tables, or has one column) is walked as text;
- the article title, which the article element usually leaves out (it sits in
  an ``<h1>`` above it and in ``<title>``), is put back as the first paragraph,
  since the metadata reader finds the title in the first lines;
- what is left of the page's furniture inside the article (breadcrumbs, menus
  of links, footers, "打印本页 关闭窗口") is dropped line by line.

Why readability-lxml and not trafilatura (both were tried on pages written for
the tests: a div-based district page with a 信息公开 table, a county page laid out
in nested tables, a page whose article is one ``<div>`` of ``<br>`` lines, and
a Word "save as web page" file): trafilatura returned the table-layout page's
menu, sidebar, breadcrumb and footer as table rows and fused the article into
one cell, and on the ``<br>`` page it kept the menu and the footer; readability
picked the article cell on the layout page and the article block elsewhere.
readability's own output drops short lists and small tables (under 25
characters, which is a sentence of Chinese), so only its *choice of element*
is used (each element is tagged before it sees the tree, and the tags in its
output point back into our tree): tables and lists are read from the page
itself. It also needs fewer packages (trafilatura pulls in date parsers and
URL tools a saved page has no use for).

Hostile pages: libxml2 stops at 256 levels of nesting (reported, then refused
here), and a page with more tags than any plan needs is refused before it is
parsed, so the tree never grows past a few tens of megabytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from kechuang.reader.blocks import Block, Paragraph, Table
from kechuang.reader.deadline import NO_DEADLINE, Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.formats.docx import caption_tables
from kechuang.reader.formats.encoding import decode_text, junk_ratio
from kechuang.reader.formats.text import clean_line, lines_to_blocks

# A long plan saved from Word as a web page has some 20,000 tags; a district page around 2,000.
MAX_TAGS = 200_000
# readability takes about a second per 40,000 elements; a page larger than this is a long document
# saved as a web page (Word's "另存为网页"), not a site's template around an article: read it whole.
_READABILITY_ELEMENTS = 60_000
MAX_COLSPAN = 50
MAX_ROWSPAN = 1_000
MAX_COLUMNS = 64

LOGIN_PAGE = "网页是登录页面，不含规划正文，请打开规划全文页面后另存为网页再上传"
NO_TEXT = "网页中没有找到规划正文"
TOO_DEEP = "网页的标签嵌套过深（超过 256 层），无法读取"
TOO_MANY_TAGS = f"网页过于复杂（超过 {MAX_TAGS} 个标签），不像是一份规划网页"
TOO_BIG_PART = "网页中有一处内容过长（超过 10 MB），无法读取"

_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([a-z0-9_.:\-]{2,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,200}encoding\s*=\s*["']([a-z0-9_.:\-]{2,40})""", re.IGNORECASE)
# Chinese pages declare these for GBK text; GB18030 decodes all of them (and the characters GBK lacks).
_GB = {
    "gb2312",
    "gbk",
    "x-gbk",
    "gb_2312-80",
    "csgb2312",
    "euc-cn",
    "cp936",
    "ms936",
    "windows-936",
    "gb18030",
}
# A declared Western single-byte charset on a Chinese page is a template default, not the truth.
_WESTERN = {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"}

_SKIP_TAGS = {
    "script", "style", "noscript", "template", "head", "title", "iframe", "frame", "frameset", "object",
    "embed", "svg", "math", "canvas", "video", "audio", "map", "button", "input", "select", "option",
    "textarea", "label", "nav", "footer", "aside", "xml", "link", "meta", "img", "area", "dialog",
}  # fmt: skip
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "section", "article", "main", "header", "center", "address", "figure", "figcaption", "form",
    "fieldset", "legend", "hr", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "body", "html",
    "details", "summary", "table", "pre",
}  # fmt: skip
# Words in class or id that name the page's furniture: long ones anywhere, short ones as whole words.
_FURNITURE_PARTS = (
    "breadcrumb",
    "crumb",
    "footer",
    "copyright",
    "sidebar",
    "pagination",
    "bdshare",
    "qrcode",
)
_FURNITURE_WORDS = {"nav", "navbar", "menu", "share", "foot", "side", "related", "toolbar", "tools", "pager"}
_PARAGRAPH_TAGS = ("p", "div", "table", "ul", "ol", "h4", "h5", "h6", "section", "article")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_DATA_URI = re.compile(r"data:[\w/+.-]{0,60};base64,[A-Za-z0-9+/=\s]{1000,}")

_CRUMB = re.compile(
    r"^(?:(?:当前位置|您现在的位置|您的位置|你的位置|你现在的位置|所在位置|现在位置|位置)\s*[:：]"
    r"|(?:网站首页|首页|主页)\s*(?:[>›»→/＞|]|&gt;))"
)
_FOOTER = re.compile(
    r"网站标识码|ICP\s*备|ICP\s*证|公网安备|版权所有|Copyright|©|主办单位\s*[:：]|承办单位\s*[:：]|"
    r"技术支持\s*[:：]|建议使用.{0,20}浏览器|最佳浏览|分辨率浏览|网站地图|联系我们",
    re.IGNORECASE,
)
_PAGE_TOOLS = re.compile(
    r"打印本页|关闭窗口|【\s*打印\s*】|【\s*关闭\s*】|字号\s*[:：]?\s*[【\[]?\s*大\s*中\s*小|[【\[]\s*大\s*中\s*小\s*[】\]]|"
    # a plan may count a site's visits ("科普网站点击量达到…"): only the counter with its colon is a tool
    r"^分享到|分享到\s*[:：]|扫一扫|(?:浏览次数|点击数|点击量|阅读次数|阅读数|访问量|访问次数)\s*[:：]|"
    r"^(?:上一篇|下一篇|上一条|下一条)\s*[:：]|"
    r"^(?:相关链接|相关文章|相关阅读|相关新闻|相关信息|相关文件|推荐阅读|热点推荐|附件下载)\s*[:：]?$|^返回顶部$|^【?返回】?$"
)
# "发布时间：… 来源：…" — the article's byline; its date is the web publication, not the plan's.
_BYLINE = re.compile(r"^(?:发布时间|发布日期|发文日期|更新时间|时间|日期|来源|信息来源|作者|编辑)\s*[:：]")
_BYLINE_FIELD = re.compile(r"(?:发布时间|发布日期|更新时间|来源|作者|编辑|责任编辑|浏览|点击|阅读)\s*[:：]")
# The 信息公开 box many sites put above an article: labels beside their values, not data.
_INFO_LABELS = {
    "索引号", "发文字号", "文号", "发文机关", "发布机构", "发文单位", "成文日期", "发布日期", "印发日期",
    "生效日期", "主题分类", "主题词", "公开方式", "公开范围", "有效性", "信息类别", "体裁分类", "组配分类",
    "文件编号", "所属机构", "信息来源",
}  # fmt: skip
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|\s-\s|\s–\s|\s—\s|--)\s*")


def looks_like_html(data: bytes) -> bool:
    """A saved web page, told by how it starts (after any byte-order mark and blank space)."""
    head = data[:2048]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, errors="ignore").encode("utf-8")
            break
    head = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n\x00")
    return bool(_HTML_START.match(head))


def decode_html(data: bytes) -> str:
    """The page's text: by byte-order mark, then the declared charset, then by its content.

    A page whose bytes are valid UTF-8 is read as UTF-8 whatever it declares: pages saved
    by a browser are often re-encoded while the template's ``gb2312`` declaration stays.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReaderError("网页文件编码损坏，无法解码") from exc
    declared = _declared_charset(data)
    text = None
    if declared and declared not in ("utf-8", "utf8"):
        try:
            data.decode("utf-8")
            non_ascii = any(b > 0x7F for b in data[:200_000])
        except UnicodeDecodeError:
            non_ascii = False
        if not non_ascii:
            try:
                text = data.decode(declared)
            except (UnicodeDecodeError, LookupError):
                text = None
    if text is None:
        text = decode_text(data)
    if junk_ratio(text) > 0.08:
        raise ReaderError("网页文件编码无法识别，请另存为 UTF-8 编码后重新上传")
    return text


def _declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", errors="ignore").lower()
    if name in _GB:
        return "gb18030"
    if name in _WESTERN or name.startswith(("utf-16", "utf-32", "ucs")):
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def html_to_blocks(data: bytes, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    """Read a saved web page into the blocks of its article; ReaderError for pages without one."""
    if data.count(b"<") > MAX_TAGS:
        raise ReaderError(TOO_MANY_TAGS)
    text = decode_html(data)
    root = _parse(text)
    deadline.check()
    _drop_invisible(root)
    body = root.find("body")
    if body is None:
        body = root
    if _is_login_page(root, body):
        raise ReaderError(LOGIN_PAGE)
    deadline.check()
    containers = _article_elements(root, body)
    deadline.check()
    walker = _Walker(deadline)
    for container in containers:
        walker.walk(container)
    blocks = walker.finish()
    if not any(isinstance(b, Table) or b.text.strip() for b in blocks):
        raise ReaderError(NO_TEXT)
    title = _page_title(root, containers)
    if title and not _title_present(title, blocks):
        blocks.insert(0, Paragraph(title))
    caption_tables(blocks)
    return blocks


# ---------------------------------------------------------------- parsing


def _parse(text: str) -> lxml.html.HtmlElement:
    # Our own decoding wins: the bytes handed to libxml2 are UTF-8 and say so.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    # Pictures embedded by "save as one file": never text, and libxml2 stops at a value over 10 MB.
    text = _DATA_URI.sub("data:,", text)
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReaderError(NO_TEXT) from exc
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise ReaderError(TOO_DEEP if "depth" in error.message.lower() else TOO_BIG_PART)
    return root


def _drop_invisible(root: lxml.html.HtmlElement) -> None:
    """Scripts, styles, forms' controls and hidden elements never reach the text."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # comments, processing instructions, entities
            continue
        if el.tag in ("script", "style", "noscript", "template", "xml") or el.get("hidden") is not None:
            doomed.append(el)
            continue
        style = el.get("style")
        if style and _HIDDEN_STYLE.search(style):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()


def _is_login_page(root: lxml.html.HtmlElement, body: lxml.html.HtmlElement) -> bool:
    """A password box and little else: what a session-expired download of a plan page saves."""
    if not root.xpath(".//input[translate(@type, 'PASWORD', 'pasword')='password']"):
        return False
    words = _SPACES.sub("", body.text_content())
    return len(words) < 600


def _article_elements(root: lxml.html.HtmlElement, body: lxml.html.HtmlElement) -> list:
    """The element(s) readability-lxml judges to hold the article, as elements of *our* tree."""
    from readability import Document

    elements = list(root.iter())
    if len(elements) > _READABILITY_ELEMENTS:
        return [body]
    for ix, el in enumerate(elements):
        el.set("data-kc", str(ix))
    try:
        summary = Document(root, min_text_length=10, retry_length=100).summary(html_partial=True)
    except Exception:  # readability raises Unparseable and more for odd pages: then read the whole body
        summary = ""
    chosen: list = []
    if summary:
        try:
            picked = lxml.html.fromstring(summary)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            picked = None
        if picked is not None:
            for el in picked.iter():
                ix = el.get("data-kc")
                if ix is None or not ix.isdigit() or int(ix) >= len(elements):
                    continue
                if any(a.get("data-kc") is not None for a in el.iterancestors()):
                    continue
                chosen.append(elements[int(ix)])
    for el in elements:
        el.attrib.pop("data-kc", None)
    chosen = [_outside_data_tables(el) for el in chosen if el.tag not in ("html", "head")]
    if not chosen or not any(_SPACES.sub("", el.text_content()) for el in chosen):
        return [body]
    return _drop_nested(chosen)


def _outside_data_tables(el):
    """A part of a data table (readability may pick the row with the longest text) stands for the
    element holding the whole table, so the table and the text around it are read."""
    outer = None
    for candidate in (el, *el.iterancestors("table")):
        if candidate.tag == "table" and not _is_layout_table(candidate):
            outer = candidate
    if outer is None or outer.getparent() is None:
        return el
    return outer.getparent()


def _drop_nested(chosen: list) -> list:
    keep = set(chosen)
    out = []
    for el in chosen:
        if any(a in keep for a in el.iterancestors()):
            continue
        out.append(el)
    return out


# ---------------------------------------------------------------- the walk


@dataclass
class _Stats:
    chars: int = 0
    link_chars: int = 0
    links: int = 0


def _link_stats(el, memo: dict) -> _Stats:
    """Characters of text, of link text and number of links under ``el`` (memoised, one pass)."""
    found = memo.get(el)
    if found is not None:
        return found
    stats = _Stats()
    own = len(_SPACES.sub("", el.text or ""))
    stats.chars += own
    if el.tag == "a":
        stats.links += 1
        stats.link_chars += own
    for child in el:
        if not isinstance(child.tag, str):
            continue
        sub = _link_stats(child, memo)
        stats.chars += sub.chars
        stats.links += sub.links
        stats.link_chars += sub.chars if el.tag == "a" else sub.link_chars
        tail = len(_SPACES.sub("", child.tail or ""))
        stats.chars += tail
        if el.tag == "a":
            stats.link_chars += tail
    memo[el] = stats
    return stats


def _is_furniture(el) -> bool:
    """A menu, breadcrumb, footer or share bar named so by its class or id."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if not names.strip():
        return False
    if any(part in names for part in _FURNITURE_PARTS):
        return True
    words = set(re.split(r"[^a-z0-9]+", names))
    return bool(words & _FURNITURE_WORDS)


def _is_menu(el, memo: dict) -> bool:
    """Mostly link text: a menu or a list of other notices (a plan's paragraph links little)."""
    stats = _link_stats(el, memo)
    if stats.links < 2 or stats.chars == 0:
        return False
    share = stats.link_chars / stats.chars
    return share >= 0.7 and (stats.links >= 3 or stats.chars < 40)


def _is_layout_table(table) -> bool:
    """A table that lays out the page rather than holding data.

    It has a single column, or a cell holds a heading or a whole article's worth of text,
    or it holds other tables and a cell with several paragraphs. A data table may nest a
    small table in a cell (its text then joins the cell's), and a Word cell may hold a few
    paragraphs, so neither alone makes a table a layout.
    """
    widest = 0
    for tr in _rows(table):
        widest = max(widest, sum(_span(td, "colspan", MAX_COLSPAN) for td in _cells(tr)))
    if widest <= 1:
        return True
    nested = table.find(".//table") is not None
    for tr in _rows(table):
        for td in _cells(tr):
            if td.find(".//h1") is not None or td.find(".//h2") is not None or td.find(".//h3") is not None:
                return True
            if len(_SPACES.sub("", td.text_content())) > 1500:
                return True
            if nested and sum(1 for el in td.iter(*_PARAGRAPH_TAGS)) >= 4:
                return True
    return False


def _rows(table) -> list:
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if tr.tag == "tr")
    return rows


def _cells(tr) -> list:
    return [td for td in tr if td.tag in ("td", "th")]


def _span(td, name: str, cap: int) -> int:
    raw = (td.get(name) or "1").strip()
    m = re.match(r"\d+", raw)
    value = int(m.group(0)) if m else 1
    return min(max(1, value), cap)


class _Walker:
    """Turns an element tree into lines and tables, in page order."""

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline
        self.blocks: list[Block] = []
        self.lines: list[str] = []
        self.current: list[str] = []
        self.memo: dict = {}
        self.seen = 0

    # -- lines

    def newline(self) -> None:
        if self.current:
            line = _finish_line("".join(self.current))
            self.current = []
            if line and not _is_boilerplate(line):
                self.lines.append(line)

    def flush(self) -> None:
        self.newline()
        if self.lines:
            self.blocks.extend(lines_to_blocks(self.lines, join=False, deadline=self.deadline))
            self.lines = []

    def finish(self) -> list[Block]:
        self.flush()
        return self.blocks

    # -- elements

    def walk(self, el) -> None:
        self.seen += 1
        if self.seen % 500 == 0:
            self.deadline.check()
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS or _is_furniture(el):
            return
        if tag == "header" and not any(a.tag in ("article", "main") for a in el.iterancestors()):
            return
        if tag in _BLOCK_TAGS and tag not in ("body", "html") and _is_menu(el, self.memo):
            return
        if tag == "br":
            self.newline()
            return
        if tag == "table" and not _is_layout_table(el):
            self.table(el)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.newline()
        if tag == "pre":
            for line in el.text_content().splitlines():
                self.current.append(line)
                self.newline()
        else:
            if el.text:
                self.current.append(el.text)
            for child in el:
                if isinstance(child.tag, str):
                    self.walk(child)
                if child.tail:
                    self.current.append(child.tail)
        if block:
            self.newline()

    def table(self, table) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.newline()
            self.current.append(caption.text_content())
            self.newline()
        rows = _table_rows(table)
        info = _info_lines(rows)
        if info:
            self.newline()
            self.lines.extend(info)
        elif rows:
            self.flush()
            self.blocks.append(Table(rows))


def _table_rows(table) -> list[list[str]]:
    """Rows of cell strings, merged cells given once and empty below and to the right."""
    carry: dict[int, int] = {}
    rows: list[list[str]] = []
    for tr in _rows(table):
        above = {c for c, n in carry.items() if n > 0}
        for c in above:
            carry[c] -= 1
        row: dict[int, str] = {}
        col = 0
        for td in _cells(tr):
            while col in above:
                row[col] = ""
                col += 1
            if col >= MAX_COLUMNS:
                break
            colspan = min(_span(td, "colspan", MAX_COLSPAN), MAX_COLUMNS - col)
            rowspan = _span(td, "rowspan", MAX_ROWSPAN)
            row[col] = _cell_text(td)
            for k in range(1, colspan):
                row[col + k] = ""
            if rowspan > 1:
                for k in range(colspan):
                    carry[col + k] = rowspan - 1
            col += colspan
        for c in above:
            row.setdefault(c, "")
        if row:
            cells = [row.get(c, "") for c in range(max(row) + 1)]
            if any(c.strip() for c in cells):
                rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _info_lines(rows: list[list[str]]) -> list[str]:
    """ "发文字号：…" lines from a 信息公开 box (two or more of its labels), else nothing.

    Read as a table it would pass its document number off as a goal; as lines it gives the
    metadata reader the number and dates it looks for.
    """
    if len(rows) > 10:
        return []
    lines: list[str] = []
    labels = 0
    for row in rows:
        cells = [c for c in row if c.strip()]
        ix = 0
        while ix < len(cells):
            label = re.sub(r"[\s:：]+$", "", cells[ix]).replace(" ", "")
            inline = re.match(r"^([^:：]{2,6})[:：]\s*(\S.*)$", cells[ix])
            if label in _INFO_LABELS and ix + 1 < len(cells):
                labels += 1
                lines.append(f"{label}：{cells[ix + 1].strip()}")
                ix += 2
                continue
            if inline and inline.group(1).replace(" ", "") in _INFO_LABELS:
                labels += 1
                lines.append(f"{inline.group(1).replace(' ', '')}：{inline.group(2).strip()}")
            else:
                lines.append(cells[ix])
            ix += 1
    return lines if labels >= 2 else []


def _cell_text(td) -> str:
    """A cell's text with its paragraphs and line breaks joined by spaces, as in a Word cell."""
    parts: list[str] = []
    current: list[str] = []

    def end() -> None:
        if current:
            line = _finish_line("".join(current))
            current.clear()
            if line:
                parts.append(line)

    def visit(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "br":
            end()
            return
        block = tag in _BLOCK_TAGS
        if block:
            end()
        if el.text:
            current.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                visit(child)
            if child.tail:
                current.append(child.tail)
        if block:
            end()

    if td.text:
        current.append(td.text)
    for child in td:
        if isinstance(child.tag, str):
            visit(child)
        if child.tail:
            current.append(child.tail)
    end()
    return " ".join(parts)


def _finish_line(raw: str) -> str:
    """HTML white space: a line break between Chinese characters vanishes, other runs become one space."""
    raw = _CJK_BREAK.sub("", raw)
    raw = _SPACES.sub(" ", raw)
    return clean_line(raw).strip()


def _is_boilerplate(line: str) -> bool:
    """Breadcrumbs, footers, page tools and bylines that sit inside the article's element."""
    squeezed = line.replace(" ", "")
    if len(squeezed) > 150:
        return False
    if _CRUMB.match(squeezed) or _FOOTER.search(line) or _PAGE_TOOLS.search(squeezed):
        return True
    return bool(_BYLINE.match(squeezed) and len(_BYLINE_FIELD.findall(squeezed)) >= 2)


# ---------------------------------------------------------------- the title


def _text(el) -> str:
    return _finish_line(el.text_content())


def _page_title(root, containers: list) -> str | None:
    """The article's title, which the article element usually leaves out.

    First a heading that matches the page's ``<title>`` ("文章标题_站点名" or "站点名 - 文章标题",
    the article's being the longer part); else the heading nearest above the article, an
    ``<h1>`` before a title-classed element before an ``<h2>``/``<h3>`` (a sidebar's headings are
    those); else that longer part of ``<title>``.
    """
    title_el = root.find(".//title")
    page_title = _finish_line(title_el.text_content()) if title_el is not None else ""
    parts = [p for p in _TITLE_SPLIT.split(page_title) if p]
    best_part = max(parts, key=len) if parts else ""
    best_key = best_part.replace(" ", "")
    inside = set()
    for container in containers:
        inside.update(container.iter())
    first = containers[0] if containers else None
    above: dict[int, str] = {}
    for el in root.iter():
        if el is first:
            break
        rank = _title_rank(el)
        if el in inside or rank is None:
            continue
        if any(_is_furniture(a) or a.tag in ("nav", "footer", "a") for a in el.iterancestors()):
            continue
        text = _text(el)
        key = text.replace(" ", "")
        if not 4 <= len(key) <= 120 or _is_boilerplate(text) or re.search(r"[。；]$", key):
            continue
        if best_key and (key in best_key or best_key in key) and len(key) >= min(len(best_key), 8):
            return text
        if len(key) >= 6:
            above[rank] = text  # the nearest of its rank
    for el in root.iter("h1", "h2"):
        if el in inside:
            key = _text(el).replace(" ", "")
            if best_key and len(key) >= 4 and (key in best_key or best_key in key):
                return _text(el)
    if above:
        return above[min(above)]
    if 4 <= len(best_key) <= 120:
        return best_part
    return None


def _title_rank(el) -> int | None:
    """How surely an element is the article's title: 0 (h1) to 3 (h3); None for other elements."""
    if el.tag == "h1":
        return 0
    if el.tag in ("td", "div", "p", "span", "strong", "b", "font") and _titled(el):
        return 1
    return {"h2": 2, "h3": 3}.get(el.tag)


def _titled(el) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return bool(re.search(r"title|tit\b|biaoti|bt\b|headline", names))


def _title_present(title: str, blocks: list[Block]) -> bool:
    """The title (or a line holding it, or a long part of it) is already among the first lines."""
    key = title.replace(" ", "")
    for block in blocks[:8]:
        if not isinstance(block, Paragraph):
            continue
        text = block.text.replace(" ", "")
        if key in text or (text in key and len(text) >= 0.8 * len(key)):
            return True
    return False
