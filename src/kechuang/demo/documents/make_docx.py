"""Build the demo Word document jinshan_carrier_action_2024.docx.

The text is written for kechuang's demo data (figures follow Jinshan's public
2024-2026 carrier action plan; the sentences are our own). The project list at
the end is a real Word table whose 目标 column is merged vertically over the
rows it covers, so the plan reader has to deal with merged cells.

    python src/kechuang/demo/documents/make_docx.py [OUTPUT]
"""

import datetime
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "jinshan_carrier_action_2024.docx"

TITLE = "金山区科技创新创业载体高质量发展三年行动计划（2024—2026年）"
ISSUER = "上海市金山区科学技术委员会"

NOTICE = [
    "各镇人民政府、街道办事处，各园区管委会，区各有关部门：",
    "为推动全区科技创新创业载体由“数量扩张”转向“质量提升”，进一步增强科技创新对“上海湾区”"
    "城市品牌建设的支撑作用，我委研究制定了《" + TITLE + "》，现印发给你们，请结合各自职责认真组织实施。",
]

# (heading level, text); level 0 = body paragraph
BODY = [
    (
        0,
        "科技创新创业载体（以下简称“科创载体”）包括科技企业孵化器、众创空间、大学科技园和加速器等，"
        "是培育科技型企业、集聚创新要素的重要平台。为加快本区科创载体提质增效，培育经济发展新动能，"
        "制定本计划。本计划所称科创载体，指在本区注册并纳入区科委统计监测的各级各类载体。",
    ),
    (1, "一、指导思想"),
    (
        0,
        "深入贯彻习近平新时代中国特色社会主义思想和党的二十大精神，把优化科创生态、"
        "服务经济高质量发展作为主线，着力集聚创新资源、加速成果转化、孵化硬科技企业、布局未来产业，"
        "在新领域新赛道上塑造金山发展的新优势。",
    ),
    (1, "二、发展基础"),
    (
        0,
        "近年来，全区科创载体数量稳步增长，截至2023年底共有各级各类科创载体31家，其中国家级4家、"
        "市级14家，在孵企业超过900家，2023年当年新增毕业企业62家。但载体能级总体不高，"
        "专业化服务能力和投资孵化能力仍需提升，部分镇（园区）尚无科创载体。",
    ),
    (1, "三、总体目标"),
    (
        0,
        "经过三年努力，围绕创新链完善服务链，以建设高质量孵化器、增加国家级孵化器为牵引，"
        "在企业孵化、项目引进、人才集聚和产业集聚等方面取得明显进展。",
    ),
    (2, "（一）打造“1+1+3”科创载体新标杆"),
    (
        0,
        "到2026年，争取建成上海市高质量（培育）孵化器1家，力争新增国家级科技企业孵化器1家，"
        "新增市级科创载体3家，全区孵化体系做到各有侧重、错位发展。",
    ),
    (2, "（二）营造“1+1+3”科创载体新生态"),
    (
        0,
        "到2026年，引进高端孵化领军人才1名，建成专业性公共服务平台1家，"
        "推动3个孵化基金（含自有、合作及外部基金）有效运作，为载体发展提供人才、平台和资本支撑。",
    ),
    (2, "（三）深化“硬+高”科创载体新成果"),
    (
        0,
        "到2026年，全区各镇（园区）科创载体实现全覆盖，“全域孵化”格局基本形成；"
        "依托科创载体带动全区新增“硬科技”企业300家、新增高新技术企业200家。",
    ),
    (1, "四、重点任务"),
    (2, "（一）聚焦主导产业方向"),
    (
        0,
        "引导科创载体面向新材料、智能装备、生命健康、信息技术等金山优势产业的细分领域招引项目，"
        "提前布局未来产业。推广“飞地孵化”“超前孵化”模式，围绕链主企业招引上下游初创企业。",
    ),
    (2, "（二）推动重点区域集聚"),
    (
        0,
        "发挥张江高新区金山园的引领作用，支持上海湾区科创城加快孵化载体建设，"
        "推动新材料孵化器对标高质量孵化器标准提升能级，支持华东无人机基地创建国家级科技企业孵化器。"
        "对经认定的上海市高质量（培育）孵化器，区级按市级资助额1:1给予配套；"
        "对新认定的国家级科技企业孵化器，一次性给予100万元资助。",
    ),
    (2, "（三）建设公共服务平台"),
    (
        0,
        "支持上海湾区科创城布局概念验证中心、检验检测和认证平台；支持华东无人机基地整合试飞场地和检测设备，"
        "建设无人机领域公共服务平台，面向区内外企业开放共享。",
    ),
    (2, "（四）深化科技金融融合"),
    (
        0,
        "鼓励科创载体设立直投资金池，运作好自有、合作和外部基金，引导社会资本投早、投小、投硬科技；"
        "推动银行为在孵企业提供信用贷款、知识产权质押融资等产品。",
    ),
    (2, "（五）健全人才引育机制"),
    (
        0,
        "鼓励科创载体引进科学家、连续创业者、科技投资人等孵化人才，建立创业导师队伍。"
        "对引进的高端孵化人才，优先推荐申报区领军人才等人才计划，并在落户、子女就学等方面做好服务。",
    ),
    (2, "（六）提升载体运营能级"),
    (
        0,
        "依托“孵化动态”数据库开展月度监测和年度绩效评价。对年度绩效评价为优秀的市级科技企业孵化器给予最高50万元补贴，"
        "评价为良好的给予最高25万元补贴；对评价为优秀、良好的市级众创空间分别给予最高30万元、15万元补贴。"
        "支持亭林镇建设孵化器，实现该镇科创载体零的突破。",
    ),
    (1, "五、保障措施"),
    (2, "（一）健全统筹推进机制"),
    (
        0,
        "落实科技联络员制度，区科委与各镇（园区）、科创载体建立“一对一”联系，每月收集载体运营数据，"
        "定期开展实地走访。",
    ),
    (2, "（二）强化政策保障"),
    (0, "在空间改造、资质认定、人才招引、成果转化、平台建设和基金运作等方面完善配套政策。"),
    (2, "（三）加强考核宣传"),
    (
        0,
        "将科创载体建设纳入对各镇（园区）的年度考核，重点考察在孵企业数量、入驻率、毕业企业数量、"
        "科技型中小企业和高新技术企业数量等指标，对优秀在孵企业进行宣传推介。",
    ),
    (0, "附件：重点项目清单"),
]

HEADER = ["序号", "目标", "重点项目", "主要内容", "实施单位"]

# (goal group, [(project, content, owners), ...])
PROJECTS = [
    (
        "打造“1+1+3”科创载体新标杆",
        [
            (
                "到2026年，争取建成1家上海市高质量（培育）孵化器",
                "发挥张江高新区金山园的带动作用，支持新材料孵化器和上海湾区科创城对照高质量孵化器标准开展建设。",
                "区科委、山阳镇、碳谷绿湾",
            ),
            (
                "到2026年，力争新增1家国家级科技企业孵化器",
                "支持华东无人机基地导入链主企业、集聚高端人才，完善孵化服务功能，创建国家级科技企业孵化器。",
                "区科委、高新区",
            ),
            (
                "到2026年，新增市级科创载体3家",
                "支持各镇（园区）结合重点产业布局孵化器和众创空间，提升区域创新能级。",
                "区科委、各镇（园区）",
            ),
        ],
    ),
    (
        "营造“1+1+3”科创载体新生态",
        [
            (
                "到2026年，引进高端孵化领军人才1名",
                "支持科创载体面向海内外引进高端孵化人才，在事业发展、薪酬待遇和生活保障等方面给予支持。",
                "区委组织部、区人社局、区科委、各镇（园区）",
            ),
            (
                "到2026年，建成1家专业性公共服务平台",
                "支持上海湾区科创城建设概念验证中心和检测认证平台，支持华东无人机基地建设无人机领域公共服务平台。",
                "区科委、山阳镇、高新区",
            ),
            (
                "到2026年，推动3个孵化基金有效运作",
                "支持科创载体设立直投资金池或合作基金，引入外部基金，对在孵企业和中试项目开展精准投资。",
                "区科委、各镇（园区）",
            ),
        ],
    ),
    (
        "深化“硬+高”科创载体新成果",
        [
            (
                "到2026年，各镇（园区）科创载体建设全覆盖",
                "支持亭林镇建设孵化器；引导朱泾、漕泾、张堰、吕巷、廊下等镇现有载体对照孵化器标准优化布局。",
                "区科委、亭林镇、朱泾镇、漕泾镇、张堰镇、吕巷镇、廊下镇",
            ),
            (
                "到2026年，带动全区新增“硬科技”企业300家",
                "引导科创载体布局未来产业新赛道，围绕重点细分领域招引和孵化硬科技项目。",
                "区科委、各镇（园区）",
            ),
            (
                "到2026年，带动全区新增高新技术企业200家",
                "扩大孵化服务半径，开展深度孵化和二次孵化，帮助在孵企业申报高新技术企业。",
                "区科委、各镇（园区）",
            ),
        ],
    ),
]


def set_font(run, size=None, bold=False):
    run.font.name = "仿宋_GB2312"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def para(doc, text, size=14, bold=False, align=None):
    p = doc.add_paragraph()
    set_font(p.add_run(text), size, bold)
    if align is not None:
        p.alignment = align
    return p


def build(output=DEFAULT_OUTPUT):
    doc = Document()
    props = doc.core_properties
    props.title = TITLE
    props.author = ISSUER
    props.created = props.modified = datetime.datetime(2024, 1, 31, 1, 0, 0, tzinfo=datetime.UTC)

    # notice
    para(doc, ISSUER, 22, True, WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "关于印发《" + TITLE + "》的通知", 16, True, WD_ALIGN_PARAGRAPH.CENTER)
    for text in NOTICE:
        para(doc, text)
    para(doc, "（联系单位：区科委创新服务科）")
    para(doc, ISSUER, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(doc, "2024年1月31日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(doc, "（此件公开发布）")
    doc.add_page_break()

    # plan text
    para(doc, TITLE, 18, True, WD_ALIGN_PARAGRAPH.CENTER)
    for level, text in BODY:
        if level == 0:
            para(doc, text)
        else:
            h = doc.add_heading(level=level)
            set_font(h.add_run(text), 16 if level == 1 else 14, True)
    doc.add_page_break()

    # appendix: project list with the 目标 column merged vertically
    para(doc, "附件", 14, True)
    para(doc, "《" + TITLE + "》重点项目清单", 16, True, WD_ALIGN_PARAGRAPH.CENTER)
    n_rows = 1 + sum(len(rows) for _, rows in PROJECTS)
    table = doc.add_table(rows=n_rows, cols=len(HEADER))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        set_font(cell.paragraphs[0].add_run(text), 12, True)
    r = 1
    seq = 1
    for goal, rows in PROJECTS:
        first, last = r, r + len(rows) - 1
        for project, content, owners in rows:
            cells = table.rows[r].cells
            for idx, text in ((0, str(seq)), (2, project), (3, content), (4, owners)):
                set_font(cells[idx].paragraphs[0].add_run(text), 12)
            r += 1
            seq += 1
        merged = table.cell(first, 1).merge(table.cell(last, 1))
        set_font(merged.paragraphs[0].add_run(goal), 12)
    doc.save(output)
    return output


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    print(build(out))
