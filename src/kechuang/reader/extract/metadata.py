"""Document metadata: title, issuer, region, document number, issue date, period.

A plan arrives either bare (title, issuer) or wrapped in a notice (issuer,
文号, 关于印发《…》的通知, date); both put what we need in the first lines.
"""

from __future__ import annotations

import re

from kechuang.reader.blocks import Block, Paragraph
from kechuang.reader.extract.numbers import cn_to_int, squeeze
from kechuang.reader.extract.periods import find_period, period_from_goal_years, single_year_period
from kechuang.reader.extract.sections import heading_level

HEAD_LINES = 40
_KINDS = r"(?:规划|计划|方案|意见|纲要|办法|要点|措施|行动|细则|指南|规定|政策|若干意见|实施意见)"
_TITLE_LINE = re.compile(rf"^.{{4,70}}{_KINDS}(?:[（(][^（）()]{{2,20}}[）)])?$")
_NOTICE_TITLE = re.compile(r"关于印发\s*《([^》]{4,80})》|关于印发\s*([^《》]{4,80}?)的通知")
_MADE_TITLE = re.compile(
    r"(?:特?制定|编制了?|制订了?|研究制定了?)\s*《([^》]{4,80})》[^。]{0,12}(?:现予印发|现印发|印发给|予以印发|现将)"
)
_ORGAN = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,40}(?:委员会|人民政府|政府|办公室|办公厅|管理委员会|管委会|科委|科技局|局|厅|委|中心)$"
)
_DOCNO = re.compile(
    r"[\u4e00-\u9fff]{1,10}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号"
)
_DATE = re.compile(
    r"^[（(]?\s*(?:成文日期|发布日期|印发日期|日期)?[:：]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:印发|发布|公布)?\s*[）)]?$"
)
_CN_DATE = re.compile(
    r"^[（(]?([〇○◯零Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日[）)]?$"
)
_ZERO = str.maketrans({"○": "〇", "◯": "〇", "Ｏ": "〇"})
_PROVINCE = re.compile(r"^[\u4e00-\u9fff]{2,3}省")
_CITY = re.compile(r"^[\u4e00-\u9fff]{2,3}市")
# a park or zone issues plans for itself: its name is the region when no city or district leads
_PARK = re.compile(r"^[\u4e00-\u9fff]{2,10}?(?:科技园区|产业园区|工业园区|开发区|高新区|园区)")
_DISTRICT = re.compile(r"^[\u4e00-\u9fff]{1,4}?(?:新区|自治县|区|县|旗)")
# a town or street office plans for itself too: the lowest level, used only when nothing above matches
_TOWN = re.compile(r"^[\u4e00-\u9fff]{1,4}?(?:镇|乡|街道)")


def _lines(blocks: list[Block]) -> list[str]:
    return [squeeze(b.text) for b in blocks if isinstance(b, Paragraph)]


# Lines of a web page that are never the document's title: breadcrumbs, page furniture, Q&A.
_NOT_TITLE = re.compile(
    r"[>＞»›|｜]|^(?:表\s*\d|附表|图\s*\d|【编者按】|编者按|首页|当前位置|您的位置|您现在的位置|位置[:：]|发布时间|发布日期|来源|字号|浏览|点击|索引号|"
    r"分享|打印|关闭|[一二三四五六七八九十\d]*问[:：、]?|答[:：]|问[:：]|Q\d*[:：])"
)
_QUOTED_PLAN = re.compile(rf"《([^》]{{4,70}}{_KINDS}(?:[（(][^（）()]{{2,20}}[）)])?)》")
_WRAPPED_TITLE = re.compile(r"《([^》]{4,80})》\s*(?:政策)?(?:解读|图解|一图读懂|问答|答记者问)")
_WRAPPER_FIRST = re.compile(r"^(?:一图读懂|图解|政策解读|解读)[:：]?\s*《([^》]{4,80})》")


def _title_candidates(head: list[str]) -> list[str]:
    """Head lines with furniture and headings left out, a title broken over two lines joined."""
    lines = [
        line
        for line in head
        if line and not _NOT_TITLE.search(line) and heading_level(line) is None and len(line) <= 70
    ]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        joined = squeeze(line + nxt)
        if (
            nxt
            and not _TITLE_LINE.match(line)
            and _TITLE_LINE.match(joined)
            and len(joined) <= 70
            and not re.search(r"[。；，,：:]", joined)
            and not _ORGAN.match(line)
            and not parse_date(nxt)
            and not parse_date(line)
            and not re.match(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月", line)
            and not re.fullmatch(r"[（(【\[].*[）)】\]]", line)
        ):
            out.append(joined)
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def find_title(lines: list[str]) -> str | None:
    head = lines[:HEAD_LINES]
    joined = "\n".join(head)
    for line in head[:12]:  # a 政策解读 page wraps the plan: its title is the plan's
        m = _WRAPPED_TITLE.search(line) or _WRAPPER_FIRST.search(line)
        if m and len(line) <= 90:
            return squeeze(m.group(1))
    for pattern in (_NOTICE_TITLE, _MADE_TITLE):
        m = pattern.search(joined)
        if m:
            return squeeze(next(g for g in m.groups() if g))
    candidates = _title_candidates(head)
    for line in candidates:
        if _TITLE_LINE.match(line) and not re.search(r"[。；，,]|通知|印发", line):
            return line
    for m in _QUOTED_PLAN.finditer(joined):  # "《某县科技创新“十五五”规划》已经…审议通过"
        return squeeze(m.group(1))
    for line in candidates:
        if 4 <= len(line) <= 60 and not re.search(r"[。；：:，,]", line) and not _ORGAN.match(line):
            if parse_date(line) or re.search(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}", line):
                continue
            return line
    return None


def find_issuer(lines: list[str]) -> str | None:
    head = lines[:HEAD_LINES]
    for line in head[:15]:
        if _ORGAN.match(line) and len(line) <= 30:
            return line
    for ix, line in enumerate(head):
        if parse_date(line) and ix > 0 and _ORGAN.match(head[ix - 1]):
            return head[ix - 1]
    return None


_PARK_NAME = re.compile(r"(?:高新区|开发区|园区|科技城|产业园|示范区|自贸区|保税区)$")


def find_region(*texts: str | None) -> str | None:
    """The area a plan is for: a district's government issuing a park's programme gives the district."""
    found = [_region_of(t) for t in texts if t]
    found = [f for f in found if f]
    if not found:
        return None
    first = found[0]
    if _PARK_NAME.search(first):
        for other in found[1:]:
            if re.search(r"(?:区|县|旗)$", other) and not _PARK_NAME.search(other):
                return other
    return first


def _region_of(text: str) -> str | None:
    """The most specific area a title or issuer starts with: 区/县 over 市 over 省."""
    province = _PROVINCE.match(text)
    region = _region_below_province(text)
    return region or (province.group(0) if province else None)


def _region_below_province(*texts: str | None) -> str | None:
    city = None
    for text in texts:
        if not text:
            continue
        t = _PROVINCE.sub("", text)
        m = _CITY.match(t)
        rest = t
        if m:
            city = city or m.group(0)
            rest = t[m.end() :]
        d = _DISTRICT.match(rest)
        if d and not d.group(0).startswith(("关于", "印发", "推进", "加快")):
            return d.group(0)
        if city is None:
            park = _PARK.match(t)
            if park:
                return park.group(0)
        town = _TOWN.match(rest)
        if town and not town.group(0).startswith(("关于", "印发", "推进", "加快", "城乡", "乡村")):
            return town.group(0)
    return city


def find_doc_number(lines: list[str]) -> str | None:
    for line in lines[:HEAD_LINES]:
        m = _DOCNO.search(line)
        if m and (len(line) - len(m.group(0)) <= 8 or re.match(r"^(文号|发文字号|文件编号)", line)):
            return clean_doc_number(m.group(0))
    return None


def clean_doc_number(text: str) -> str:
    """ "璧高新管发〔2026]6号" (a scan, a hasty typist) → "璧高新管发〔2026〕6号"."""
    text = re.sub(r"\s+", "", text)
    pairs = {"〔": "〕", "[": "]", "［": "］", "【": "】", "(": ")", "（": "）"}
    m = re.search(r"([〔\[［【(（])(\d{4})([〕\]］】)）])", text)
    if m and pairs[m.group(1)] != m.group(3):  # brackets of two kinds: one was misread
        text = text[: m.start()] + f"〔{m.group(2)}〕" + text[m.end() :]
    return text


def parse_date(line: str) -> str | None:
    s = line.replace(" ", "")
    m = _DATE.match(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _CN_DATE.match(s)
        if not m:
            return None
        y = int("".join(str(cn_to_int(ch) or 0) for ch in m.group(1).translate(_ZERO)))
        mo, d = cn_to_int(m.group(2)) or 0, cn_to_int(m.group(3)) or 0
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def find_issued(lines: list[str]) -> str | None:
    for line in lines:
        date = parse_date(line)
        if date:
            return date
    return None


_LABEL = re.compile(
    r"(?P<label>发文机关|发布机构|发文单位|成文机关|文\s*号|发文字号|成文日期|印发日期)\s*[:：]\s*"
    r"(?P<value>[^\s:：]{2,40}?)(?=\s|$|发文机关|发布机构|发文单位|成文机关|文号|发文字号|成文日期|印发日期|发布日期|"
    r"主题分类|分类|索引号|生成日期|有效性|来源|发布时间)"
)
_ORGAN_ACTS = re.compile(
    r"([\u4e00-\u9fff]{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|管理委员会|管委会|委员会|科学技术局|科技局|科学技术厅|科技厅))"
    r"(?:近日|日前|于[^，。]{0,14})?(?:正式)?(?:印发|出台|发布)(?:了)?\s*《"
)
_DATE_ACTS = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^。；]{0,12}?(?:印发|出台|发布|施行)"
)


_LABELLED_DATE = re.compile(
    r"(?:成文日期|印发日期)\s*[:：]\s*((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})"
)


def labelled_fields(text: str) -> dict[str, str]:
    """A web page's 信息公开 box (发文机关：… 文号：… 成文日期：…) flattened into running text."""
    out: dict[str, str] = {}
    for m in _LABEL.finditer(text):
        label, value = re.sub(r"\s", "", m.group("label")), m.group("value")
        if label in ("发文机关", "发布机构", "发文单位", "成文机关") and _ORGAN.match(value):
            out.setdefault("issuer", value)
        elif label in ("文号", "发文字号") and _DOCNO.search(value):
            out.setdefault("doc_number", clean_doc_number(_DOCNO.search(value).group(0)))
    m = _LABELLED_DATE.search(text)
    if m:
        out["issued"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return out


def reported_fields(text: str) -> dict[str, str]:
    """What a news or 解读 page says of the plan it reports: who issued it, its 文号 and date."""
    out: dict[str, str] = {}
    m = _ORGAN_ACTS.search(text)
    if m:
        out["issuer"] = re.sub(r"^(?:近日|日前|为[^，]*，)", "", m.group(1))
    m = _DOCNO.search(text)
    if m:
        out["doc_number"] = clean_doc_number(m.group(0))
    m = _DATE_ACTS.search(text)
    if m:
        out["issued"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return out


def read_metadata(blocks: list[Block]) -> dict:
    lines = _lines(blocks)
    title = find_title(lines)
    issuer = find_issuer(lines)
    head_text = " ".join(lines[:HEAD_LINES])[:4000]
    fields = labelled_fields(head_text)
    if not fields and not issuer and not find_doc_number(lines):
        fields = reported_fields(head_text)
    period = find_period(title or "") or single_year_period(title or "")
    period = period or find_period(" ".join(lines[:HEAD_LINES])[:3000])
    issued = find_issued(lines) or fields.get("issued")
    issuer = issuer or fields.get("issuer")
    period = period or period_from_goal_years(" ".join(lines), int(issued[:4]) if issued else None)
    return {
        "title": title,
        "issuer": issuer,
        "region": find_region(title, issuer),
        "doc_number": find_doc_number(lines) or fields.get("doc_number"),
        "issued": issued,
        "period": {"start": period[0], "end": period[1]} if period else None,
    }
