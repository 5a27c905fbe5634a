"""Saved web pages read like the Word file they were published beside: the article only, tables as tables."""

from __future__ import annotations

import codecs

import pytest

from kechuang.reader import ReaderError, extract_bytes
from kechuang.reader.blocks import Paragraph, Table
from kechuang.reader.formats import detect_format, read_blocks
from kechuang.reader.formats.html import LOGIN_PAGE, NO_TEXT, TOO_DEEP, TOO_MANY_TAGS

from . import webgen


def _texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def _all_text(blocks) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Table):
            parts.extend(cell for row in block.rows for cell in row)
        else:
            parts.append(block.text)
    return "\n".join(parts)


def _page(body: str, *, head: str = "<title>测试页面</title>") -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'.encode()
    )


@pytest.fixture(scope="module")
def docx_result() -> dict:
    return extract_bytes(webgen.plan_docx(), "plan.docx")


# --- what is a web page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        b"<!DOCTYPE html>\n<html>",
        b"<html lang='zh-CN'>",
        b"\n\n  <HTML>",
        b"<!-- saved from url=(0014)about:internet -->\n<html>",
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">',
        codecs.BOM_UTF8 + b"<!doctype html>",
        b"<head><meta charset=gbk>",
    ],
)
def test_pages_are_told_by_how_they_start(start):
    assert (
        detect_format(start + "<body><p>到2026年，高新技术企业达到500家。</p></body></html>".encode())
        == "html"
    )


def test_utf16_page_with_bom_is_html_and_text_mentioning_tags_is_not():
    page = "<html><body><p>某区科技创新行动方案（2024—2026年）</p><p>到2026年，孵化器达到10家。</p></body></html>"
    assert detect_format(codecs.BOM_UTF16_LE + page.encode("utf-16-le")) == "html"
    text = "某区行动方案\n\n网页用 <html> 和 <body> 标签书写。\n到2026年，孵化器达到10家。\n"
    assert detect_format(text.encode()) == "text"
    assert detect_format("<div>表格</div>\n| 序号 | 指标 |\n".encode()) == "text"


# --- a whole page gives the same plan as the Word file ---------------------------------------------


def test_gbk_district_page_gives_the_same_plan_as_its_word_file(docx_result):
    data = webgen.district_page(charset="gb2312").encode("gb18030")

    assert detect_format(data) == "html"
    assert extract_bytes(data, "plan.html") == docx_result
    assert read_blocks(data) == read_blocks(webgen.plan_docx())
    assert docx_result["document"]["title"] == webgen.PLAN_TITLE
    assert len(docx_result["indicators"]) == 7 and len(docx_result["tasks"]) == 2


def test_page_furniture_scripts_and_hidden_text_never_reach_the_blocks():
    blocks = read_blocks(webgen.district_page(charset="utf-8").encode())

    text = _all_text(blocks)
    for word in webgen.FURNITURE:
        assert word not in text, word
    assert _texts(blocks)[0] == webgen.NOTICE_TITLE  # the <h1> above the article comes back first


def test_merged_header_cells_are_read_once_like_word_merges():
    blocks = read_blocks(webgen.district_page(charset="utf-8").encode())

    targets = next(b for b in blocks if isinstance(b, Table))
    assert targets.rows[:3] == [
        ["序号", "类别", "指标名称", "单位", "目标值", ""],
        ["", "", "", "", "2025年", "2026年"],
        ["1", "创新投入", "研发经费投入强度", "%", "4.2", "4.5"],
    ]
    assert targets.rows[3][:2] == ["2", ""]  # 创新投入 spans two rows: empty below
    assert targets.caption == "主要指标"


def test_flattened_page_of_br_lines_gives_the_same_plan(docx_result):
    data = webgen.flat_page().encode()

    blocks = read_blocks(data)

    texts = _texts(blocks)
    assert texts[0] == webgen.NOTICE_TITLE  # only in <title>, with the site's name cut off
    assert texts[1:4] == ["各街道、镇人民政府，区政府各委、办、局：", webgen.PLAN[1][1], "某区人民政府办公室"]
    assert "首页" not in _all_text(blocks) and "ICP" not in _all_text(blocks)
    assert extract_bytes(data, "plan.htm") == docx_result


def test_page_laid_out_in_nested_tables_gives_the_same_plan(docx_result):
    data = webgen.layout_page().encode()

    blocks = read_blocks(data)

    assert _texts(blocks)[0] == webgen.NOTICE_TITLE  # from the title cell above the article's cell
    text = _all_text(blocks)
    for word in ("网站首页", "通知公告", "您现在的位置", "点击数", "网站标识码", "申报2024年度科技计划"):
        assert word not in text, word
    assert extract_bytes(data, "plan.html") == docx_result


def test_the_title_above_the_article_is_the_h1_not_a_nearer_box_heading():
    long = "为加快建设科技创新策源地，推动高质量发展，结合本区实际，制定本方案，请各单位认真贯彻落实。"
    body = f"""<h1>某区科技成果转化行动方案（2024—2026年）</h1>
      <div class="box"><h3>本栏目其他文件目录</h3><p>共 12 份</p></div>
      <div class="text"><p>{long}</p><p>{long}</p><p>到2026年，技术合同成交额达到80亿元。</p></div>"""

    texts = _texts(read_blocks(_page(body, head="<title>某区科学技术委员会</title>")))

    assert texts[0] == "某区科技成果转化行动方案（2024—2026年）"
    assert "本栏目其他文件目录" not in texts


# --- encodings ------------------------------------------------------------------------------------


def test_declared_gb2312_is_read_as_gb18030_so_gbk_only_characters_survive():
    # 堃 and 镕 are GBK characters outside GB2312: a strict GB2312 decoder would fail on them.
    body = "<p>某区科技创新行动方案（2024—2026年）</p><p>到2026年，堃镕科技园孵化企业达到80家。</p>"
    data = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>{body}</body></html>'

    blocks = read_blocks(data.encode("gbk"))

    assert "到2026年，堃镕科技园孵化企业达到80家。" in _texts(blocks)


def test_page_saved_as_utf8_under_a_gb2312_declaration_is_read_as_utf8():
    data = '<html><head><meta charset="gb2312"><title>x</title></head><body><p>到2026年，孵化器达到10家。</p></body></html>'

    assert "到2026年，孵化器达到10家。" in _texts(read_blocks(data.encode("utf-8")))


def test_undeclared_encoding_is_found_from_the_content():
    data = "<html><body><p>某区科技创新行动方案（2024—2026年）</p><p>到2026年，孵化器达到10家。</p></body></html>"

    assert "到2026年，孵化器达到10家。" in _texts(read_blocks(data.encode("gbk")))
    assert "到2026年，孵化器达到10家。" in _texts(read_blocks(codecs.BOM_UTF16_LE + data.encode("utf-16-le")))


# --- the walk -------------------------------------------------------------------------------------


def test_block_elements_and_line_breaks_become_paragraphs_in_page_order():
    body = """<div id="content">
      <h2>一、主要目标</h2>
      <p>到2026年，<span>高新技术企业</span>达到<b>1200</b>家。</p>
      <div>二、重点任务</div>
      <ol><li>建设孵化器</li><li>培育
          企业</li></ol>
      <p>第一行<br>第二行<br/>第三行</p>
      <h6>三、保障措施</h6>
      <div><div>加强组织领导。</div>落实工作责任。</div>
      <pre>一行
二行</pre>
    </div>"""

    texts = _texts(read_blocks(_page(body)))

    assert texts == [
        "测试页面",
        "一、主要目标",
        "到2026年，高新技术企业达到1200家。",
        "二、重点任务",
        "建设孵化器",
        "培育企业",  # a line break between Chinese characters is not a space
        "第一行",
        "第二行",
        "第三行",
        "三、保障措施",
        "加强组织领导。",
        "落实工作责任。",
        "一行",
        "二行",
    ]


def test_cells_spanning_rows_and_columns_expand_like_word_cells():
    table = """<table>
      <thead><tr><th rowspan="2">序号</th><th colspan="2">指标</th><th rowspan="2">2026年</th></tr>
             <tr><th>名称</th><th>单位</th></tr></thead>
      <tbody>
        <tr><td>1</td><td rowspan="2" colspan="2">孵化器和众创空间</td><td>40</td></tr>
        <tr><td>2</td><td>15</td></tr>
        <tr><td>3</td><td>技术合同<br>成交额</td><td><p>亿元</p></td><td>80</td></tr>
        <tr><td></td><td></td><td></td><td></td></tr>
      </tbody>
      <tfoot><tr><td colspan="4">注：带*为约束性指标</td></tr></tfoot>
    </table>"""

    (block,) = [b for b in read_blocks(_page(f"<p>主要指标如下：</p>{table}")) if isinstance(b, Table)]

    assert block.rows == [
        ["序号", "指标", "", "2026年"],
        ["", "名称", "单位", ""],
        ["1", "孵化器和众创空间", "", "40"],
        ["2", "", "", "15"],
        ["3", "技术合同 成交额", "亿元", "80"],
        ["注：带*为约束性指标", "", "", ""],
    ]


def test_a_small_table_inside_a_cell_joins_the_cell_and_huge_spans_are_capped():
    table = (
        "<table><tr><td>序号</td><td>任务</td><td>责任单位</td></tr>"
        "<tr><td>1</td><td>建设孵化器<table><tr><td>甲</td><td>乙</td></tr></table></td>"
        '<td colspan="100000" rowspan="100000">区科委</td></tr></table>'
    )

    (block,) = [b for b in read_blocks(_page(table)) if isinstance(b, Table)]

    assert block.rows[1][:3] == ["1", "建设孵化器 甲 乙", "区科委"]
    assert block.width <= 64


def test_page_tools_go_but_plan_sentences_that_sound_like_them_stay():
    body = """<div class="content">
      <p>发布时间：2024-03-15　浏览次数：1024</p><p>首页 &gt; 政务公开 &gt; 规划计划</p>
      <p>到2025年，科普网站点击量达到100万次。</p><p>推动科技成果分享到各园区。</p>
      <p>【打印本页】　【关闭窗口】</p><p>分享到：微信 微博</p><p>网站标识码：3101160001</p>
    </div>"""

    assert _texts(read_blocks(_page(body)))[1:] == [
        "到2025年，科普网站点击量达到100万次。",
        "推动科技成果分享到各园区。",
    ]


def test_scripts_styles_comments_and_hidden_elements_never_leak():
    body = """<p>到2026年，孵化器达到10家。</p>
      <script>var secret = "脚本里的字";</script><noscript>请启用脚本</noscript>
      <style>p { color: red } /* 样式里的字 */</style>
      <!-- 注释里的字 -->
      <p hidden>隐藏属性的字</p><p style="display: none">不显示的字</p>
      <template><p>模板里的字</p></template>
      <form><input type="text" value="输入框里的字"><select><option>选项里的字</option></select></form>"""

    text = _all_text(read_blocks(_page(body)))

    for word in ("脚本", "样式", "注释", "隐藏属性", "不显示", "模板", "输入框", "选项", "请启用", "color"):
        assert word not in text, word
    assert "到2026年，孵化器达到10家。" in text


def test_word_saved_as_web_page_reads_like_the_document():
    data = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312"><meta name=ProgId content=Word.Document>
<title>某区加快科技成果转化三年行动计划</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm;} --></style></head>
<body lang=ZH-CN><div class=Section1>
<p class=MsoNormal align=center><b><span style='font-size:22.0pt'>某区加快科技成果转化三年行动计划（<span lang=EN-US>2024-2026</span>年）<o:p></o:p></span></b></p>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<p class=MsoNormal style='text-indent:32.0pt'>到<span lang=EN-US>2026</span>年，技术合同成交额达到<span lang=EN-US>50</span>亿元。</p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <tr><td><p class=MsoNormal>序号</p></td><td><p class=MsoNormal>指标</p></td><td><p class=MsoNormal>单位</p></td><td><p class=MsoNormal><span lang=EN-US>2026</span>年</p></td></tr>
 <tr><td><p class=MsoNormal>1</p></td><td><p class=MsoNormal>概念验证中心</p></td><td><p class=MsoNormal>个</p></td><td><p class=MsoNormal>5</p></td></tr>
</table></div></body></html>""".encode("gbk")

    result = extract_bytes(data, "plan.htm")

    assert result["document"]["title"] == "某区加快科技成果转化三年行动计划（2024-2026年）"
    targets = {i["name"]: i["targets"][0]["value"] for i in result["indicators"]}
    assert targets == {"技术合同成交额": 50, "概念验证中心": 5}


def test_an_information_box_inside_the_article_gives_its_number_not_a_goal(docx_result):
    box = (
        '<table class="xxgk"><tr><td>索引号：</td><td>MB2F12345/2024-00031</td><td>发布机构：</td>'
        "<td>某区人民政府办公室</td></tr><tr><td>发文字号：</td><td>某府办发〔2024〕12号</td>"
        "<td>成文日期：</td><td>2024年03月12日</td></tr></table>"
    )
    page = webgen.district_page(charset="utf-8").replace('<div style="display:none">隐藏的文字</div>', box)

    result = extract_bytes(page.encode(), "plan.html")

    assert result["document"]["doc_number"] == "某府办发〔2024〕12号"
    assert result["indicators"] == docx_result["indicators"]
    assert "发文字号：某府办发〔2024〕12号" in _texts(read_blocks(page.encode()))


def test_a_page_saved_with_its_pictures_inside_is_read_past_them():
    picture = "A" * (11 * 1024 * 1024)  # over libxml2's 10 MB limit for one value
    body = f'<p>到2026年，孵化器达到10家。</p><img src="data:image/png;base64,{picture}"><p>到2026年，众创空间达到20家。</p>'

    texts = _texts(read_blocks(_page(body)))

    assert texts[-2:] == ["到2026年，孵化器达到10家。", "到2026年，众创空间达到20家。"]


# --- pages that hold no plan ----------------------------------------------------------------------


def _refused(data: bytes) -> str:
    with pytest.raises(ReaderError) as caught:
        extract_bytes(data, "page.html")
    message = str(caught.value)
    assert "\n" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert not any(word in message for word in ("html", "lxml", "Error", "readability"))
    return message


def test_a_login_page_is_named_for_what_it_is():
    assert _refused(webgen.LOGIN_PAGE.encode()) == LOGIN_PAGE


def test_a_page_without_text_is_refused():
    assert _refused(_page("<div><img src='a.png'><script>var a = 1;</script></div>")) == NO_TEXT


def test_a_page_nested_deeper_than_any_plan_is_refused():
    deep = b"<div>" * 1000 + "到2026年，孵化器达到10家。".encode() + b"</div>" * 1000
    assert _refused(_page(deep.decode())) == TOO_DEEP


def test_a_page_with_more_tags_than_any_plan_is_refused_before_it_is_parsed():
    many = "<p>到2026年，孵化器达到10家。</p>" * 120_000
    assert _refused(_page(many)) == TOO_MANY_TAGS
