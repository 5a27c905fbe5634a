"""One plan's content, written out as realistic saved web pages and as the .docx it was published beside.

The pages carry what real district and county sites wrap an article in: scripts
and styles, a banner, menus, a breadcrumb, a sidebar of other notices, an
information table (索引号/发文字号), a byline with a view counter, share links,
related links and a footer with the site's 网站标识码 and ICP number. The same
``PLAN`` content goes into a Word file, so the two can be compared block for block.

Cells of a table are ``(text, rowspan, colspan)``; a plain string is a 1×1 cell.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

import docx

Cell = str | tuple[str, int, int]

NOTICE_TITLE = "关于印发《某区科技创新发展行动方案（2024—2026年）》的通知"
PLAN_TITLE = "某区科技创新发展行动方案（2024—2026年）"

TARGETS_TABLE: list[list[Cell]] = [
    [("序号", 2, 1), ("类别", 2, 1), ("指标名称", 2, 1), ("单位", 2, 1), ("目标值", 1, 2)],
    ["2025年", "2026年"],
    ["1", ("创新投入", 2, 1), "研发经费投入强度", "%", "4.2", "4.5"],
    ["2", "规模以上工业企业研发机构覆盖率", "%", "45", "50"],
    ["3", ("创新主体", 2, 1), "高新技术企业数量", "家", "1100", "1200"],
    ["4", "科技型中小企业数量", "家", "2600", "3000"],
    ["5", "创新产出", "技术合同成交额", "亿元", "70", "80"],
]
TASKS_TABLE: list[list[Cell]] = [
    ["序号", "重点任务", "责任单位", "完成时限"],
    ["1", "建设市级以上科技企业孵化器3家", "区科委、各街道", "2026年"],
    ["2", "建成概念验证中心2个", "区科委、区财政局", "2025年"],
]

# (kind, content): "p" paragraph, "h" heading, "li" list items, "br" lines of one block broken by <br>,
# "table" a table. The Word file writes each line as its own paragraph.
PLAN: list[tuple[str, object]] = [
    ("p", "各街道、镇人民政府，区政府各委、办、局："),
    ("p", "现将《某区科技创新发展行动方案（2024—2026年）》印发给你们，请认真贯彻落实。"),
    ("p", "某区人民政府办公室"),
    ("p", "2024年3月12日"),
    ("h", PLAN_TITLE),
    ("p", "为深入实施创新驱动发展战略，加快建设具有全球影响力的科技创新中心重要承载区，制定本方案。"),
    ("h", "一、主要目标"),
    ("p", "到2026年，全区研发经费投入强度达到4.5%，高新技术企业数量达到1200家，技术合同成交额达到80亿元。"),
    ("p", "主要指标"),
    ("table", TARGETS_TABLE),
    ("h", "二、重点任务"),
    ("p", "（一）培育壮大科技企业。实施高新技术企业倍增计划，到2026年新增科技型中小企业400家。"),
    ("br", ["（二）建设创新载体。", "支持建设市级以上孵化器；", "推动众创空间提质增效。"]),
    ("li", ["加强知识产权保护。", "完善科技金融服务。"]),
    ("p", "重点任务分工"),
    ("table", TASKS_TABLE),
    ("h", "三、保障措施"),
    ("p", "加强组织领导，建立区级工作推进机制。"),
]

FURNITURE = (
    "首页",
    "政务公开",
    "办事服务",
    "当前位置",
    "网站标识码",
    "ICP备",
    "版权所有",
    "打印本页",
    "浏览次数",
    "分享到",
    "相关链接",
    "索引号",
    "关于2023年度科技创新券的通知",
    "统计代码",
    "font-size",
    "var _hmt",
    "隐藏的文字",
)


def _cell(cell: Cell) -> tuple[str, int, int]:
    return (cell, 1, 1) if isinstance(cell, str) else cell


def html_table(rows: Sequence[Sequence[Cell]], *, head_rows: int = 0) -> str:
    """A bordered HTML table with rowspan/colspan, the first ``head_rows`` rows in <thead> as <th>."""
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="600">']
    for ix, row in enumerate(rows):
        if ix == 0 and head_rows:
            out.append("<thead>")
        if ix == head_rows:
            out.append("<tbody>")
        tag = "th" if ix < head_rows else "td"
        cells = []
        for cell in row:
            text, rowspan, colspan = _cell(cell)
            spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
                f' colspan="{colspan}"' if colspan > 1 else ""
            )
            cells.append(f'<{tag}{spans} valign="middle"><p align="center">{html.escape(text)}</p></{tag}>')
        out.append("<tr>" + "".join(cells) + "</tr>")
        if ix == head_rows - 1:
            out.append("</thead>")
    out.append("</tbody></table>")
    return "\n".join(out)


def article_html(plan: Sequence[tuple[str, object]] = PLAN) -> str:
    """The plan as a CMS article body: indented paragraphs, headings, a list, a <br> block, tables."""
    out = []
    for kind, content in plan:
        if kind == "p":
            out.append(f"<p>\u3000\u3000{html.escape(str(content))}</p>")
        elif kind == "h":
            out.append(f'<p style="text-align:center"><strong>{html.escape(str(content))}</strong></p>')
        elif kind == "br":
            out.append("<p>" + "<br/>\n".join(html.escape(line) for line in content) + "</p>")
        elif kind == "li":
            out.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in content) + "</ul>")
        elif kind == "table":
            out.append(html_table(content, head_rows=2 if content is TARGETS_TABLE else 1))
    return "\n".join(out)


def district_page(*, charset: str = "gb2312", plan: Sequence[tuple[str, object]] = PLAN) -> str:
    """A district government site's article page, div-based, with all the site's furniture around it."""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{NOTICE_TITLE}_某区人民政府</title>
<meta name="keywords" content="科技创新,行动方案" />
<link rel="stylesheet" type="text/css" href="/css/style.css" />
<style type="text/css">.nav li {{ float: left; font-size: 14px; }} .footer {{ color: #666; }}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("<div>统计代码</div>");</script>
</head>
<body>
<!-- 头部 -->
<div class="top"><div class="logo"><a href="/"><img src="/images/logo.png" alt="某区人民政府" /></a></div>
<div class="search"><form action="/search"><input type="text" name="q" value="请输入关键字" /><input type="submit" value="搜索" /></form></div></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjmq/">走进某区</a></li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a> &gt; 区政府文件</div>
<div class="main">
 <div class="left">
  <h3>政务公开</h3>
  <ul><li><a href="#">政策文件</a></li><li><a href="#">政策解读</a></li><li><a href="#">规划计划</a></li><li><a href="#">财政信息</a></li></ul>
  <h3>热点专题</h3>
  <ul><li><a href="#">优化营商环境</a></li><li><a href="#">乡村振兴</a></li></ul>
 </div>
 <div class="right">
  <table class="xxgk_table">
   <tr><td>索引号：</td><td>MB2F12345/2024-00031</td><td>发布机构：</td><td>某区人民政府办公室</td></tr>
   <tr><td>发文字号：</td><td>某府办发〔2024〕12号</td><td>发布日期：</td><td>2024-03-15</td></tr>
  </table>
  <h1 class="article-title">{NOTICE_TITLE}</h1>
  <div class="article-info">发布时间：2024-03-15 09:30　来源：区政府办公室　浏览次数：<span id="count">1024</span>　【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】 <a href="javascript:window.print()">打印本页</a></div>
  <div class="article-content TRS_Editor" id="zoom">
   <div style="display:none">隐藏的文字</div>
{article_html(plan)}
   <script>document.getElementById("count").innerHTML = "1025";</script>
  </div>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
  <div class="related"><h4>相关链接</h4><ul><li><a href="#">关于2023年度科技创新券的通知</a></li><li><a href="#">某区2023年政府工作报告</a></li><li><a href="#">某区科技创新“十四五”规划</a></li></ul></div>
 </div>
</div>
<div class="footer">
 <p><a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">隐私声明</a></p>
 <p>主办单位：某区人民政府办公室　版权所有　网站标识码：3101160001</p>
 <p>沪ICP备12345678号-1　沪公网安备31011602000001号</p>
</div>
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script>console.log("科技")</script>
</body>
</html>
"""


def flat_page(plan: Sequence[tuple[str, object]] = PLAN) -> str:
    """A page whose article is one <div> of <br>-separated lines (no <p>, no title above it).

    Its tables are still tables; the title is only in <title>, with the site's name.
    """
    lines = []
    for kind, content in plan:
        if kind in ("p", "h"):
            lines.append("&nbsp;&nbsp;&nbsp;&nbsp;" + html.escape(str(content)) + "<br>")
        elif kind in ("br", "li"):
            lines.extend("&nbsp;&nbsp;&nbsp;&nbsp;" + html.escape(line) + "<br>" for line in content)
        elif kind == "table":
            lines.append(html_table(content))
    body = "\n".join(lines)
    return f"""<html><head><meta charset="utf-8"><title>{NOTICE_TITLE} - 某区人民政府网</title></head>
<body><div id="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></div>
<div class="crumbs">首页 &gt; 政务公开 &gt; 计划总结</div>
<div id="zoom">
{body}
</div>
<div class="foot">Copyright 版权所有 某区人民政府 沪ICP备1234567号</div>
</body></html>
"""


def layout_page(plan: Sequence[tuple[str, object]] = PLAN) -> str:
    """An older county site laid out in nested tables; the title sits in a cell above the article's."""
    return f"""<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>某区科学技术委员会</title></head>
<body topmargin="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td colspan="2"><img src="banner.jpg" width="1000" height="120"></td></tr>
  <tr><td colspan="2" class="menu"><a href="/">网站首页</a> | <a href="/kjdt/">科技动态</a> | <a href="/tzgg/">通知公告</a> | <a href="/zcfg/">政策法规</a> | <a href="/bszn/">办事指南</a></td></tr>
  <tr>
    <td width="220" valign="top">
      <table width="100%"><tr><td class="lefttitle">通知公告</td></tr>
      <tr><td><a href="#">关于申报2024年度科技计划项目的通知</a></td></tr>
      <tr><td><a href="#">关于开展科技型中小企业评价工作的通知</a></td></tr>
      <tr><td><a href="#">关于公布2023年度区级创新平台名单的通知</a></td></tr></table>
    </td>
    <td valign="top">
      <table width="100%" border="0"><tr><td height="30">您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/zcfg/">政策法规</a> &gt;&gt; 正文</td></tr></table>
      <table width="96%" align="center">
        <tr><td align="center" class="title"><font size="4"><b>{NOTICE_TITLE}</b></font></td></tr>
        <tr><td align="center">发布时间：2024-03-15&nbsp;&nbsp;作者：区科委&nbsp;&nbsp;点击数：356</td></tr>
        <tr><td class="content">
{article_html(plan)}
        </td></tr>
      </table>
    </td>
  </tr>
  <tr><td colspan="2" align="center" class="footer">版权所有：某区科学技术委员会&nbsp;&nbsp;地址：某区人民路1号<br>沪ICP备05012345号&nbsp;&nbsp;网站标识码：3101270011</td></tr>
</table>
</body>
</html>
"""


LOGIN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>统一身份认证平台</title>
<script src="/js/login.js"></script></head>
<body><div class="login-box"><h2>用户登录</h2>
<form method="post" action="/login"><label>用户名 <input type="text" name="username"></label>
<label>密码 <input type="password" name="password"></label>
<label>验证码 <input type="text" name="captcha"><img src="/captcha"></label>
<button type="submit">登录</button></form>
<p><a href="/forgot">忘记密码？</a> <a href="/register">注册</a></p></div>
<div class="footer">版权所有 某区人民政府</div></body></html>
"""


def plan_docx(plan: Sequence[tuple[str, object]] = PLAN, *, title: str | None = NOTICE_TITLE) -> bytes:
    """The same plan as a Word file: each line a paragraph, tables merged as in the pages."""
    document = docx.Document()
    if title:
        document.add_paragraph(title)
    for kind, content in plan:
        if kind in ("p", "h"):
            document.add_paragraph(str(content))
        elif kind in ("br", "li"):
            for line in content:
                document.add_paragraph(line)
        elif kind == "table":
            _docx_table(document, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, rows: Sequence[Sequence[Cell]]) -> None:
    """Lay the spanned cells on a grid, then merge in Word as the rowspans and colspans say."""
    grid: dict[tuple[int, int], tuple[str, int, int]] = {}
    taken: set[tuple[int, int]] = set()
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            text, rowspan, colspan = _cell(cell)
            grid[(r, c)] = (text, rowspan, colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
            width = max(width, c)
    table = document.add_table(rows=len(rows), cols=width)
    for (r, c), (text, rowspan, colspan) in grid.items():
        cell = table.cell(r, c)
        if rowspan > 1 or colspan > 1:
            cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
        cell.text = text
