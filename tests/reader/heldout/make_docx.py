"""Build county_action_2024.docx, a held-out test document for the plan reader.

Run from anywhere:  python tests/reader/heldout/make_docx.py
The indicator table and the task table are real Word tables (the task table's
first column is vertically merged, as county offices lay them out).
"""

import datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).with_name("county_action_2024.docx")

FONT = "宋体"


def set_font(run, size=None, bold=False, font=FONT):
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def para(doc, text, size=12, bold=False, center=False, font=FONT):
    p = doc.add_paragraph()
    set_font(p.add_run(text), size, bold, font)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def heading(doc, text):
    return para(doc, text, size=14, bold=True, font="黑体")


def widths(table, cms):
    table.autofit = False
    for column, cm in zip(table.columns, cms, strict=False):
        column.width = Cm(cm)
    for row in table.rows:
        for cell, cm in zip(row.cells, cms, strict=False):
            cell.width = Cm(cm)


def fill(cell, text, bold=False):
    cell.text = ""
    set_font(cell.paragraphs[0].add_run(text), 10.5, bold)


INDICATORS = [
    ("序号", "指标名称", "单位", "2023年", "2024年", "2025年", "2026年"),
    ("1", "R&D经费支出占GDP比重", "%", "2.45", "2.6", "2.75", "2.9以上"),
    ("2", "高新技术企业数", "家", "186", "215", "245", "280"),
    ("3", "科技型中小企业数", "家", "520", "600", "680", "760"),
    ("4", "规上工业企业研发活动覆盖率", "%", "61", "65", "70", "75"),
    ("5", "有效发明专利拥有量", "件", "1350", "1500", "1680", "1900"),
    ("6", "技术交易额", "亿元", "8.2", "9.5", "11", "13"),
    ("7", "高新技术产业投资增速", "%", "12.3", "15", "15", "15"),
    ("8", "科技企业孵化器和众创空间", "家", "9", "10", "12", "14"),
    ("9", "每万人高价值发明专利拥有量", "件", "3.1", "3.6", "4.2", "5"),
]

# (category, task, content, owners, deadline); category None = merged with the row above
TASKS = [
    (
        "创新主体培育",
        "实施科技企业“双倍增”行动",
        "建立科技型中小企业和高新技术企业培育库，推行科技特派员结对服务，落实研发费用加计扣除等政策。",
        "县科技局、县经信局、县税务局",
        "2026年12月",
    ),
    (
        None,
        "推动规上工业企业研发机构全覆盖",
        "按照有场所、有人员、有投入、有项目的标准，指导规上工业企业建设企业研究开发中心。",
        "县经信局、县科技局、各乡镇（街道）",
        "2025年底",
    ),
    (
        "创新平台建设",
        "建设青溪县产业创新服务综合体",
        "围绕竹木制品、绿色食品、新能源材料三大产业，集成研发设计、检验检测、成果交易等功能。",
        "县科技局、县发改局、青溪经济开发区",
        "2026年",
    ),
    (
        None,
        "争创省级新型研发机构",
        "支持龙头企业联合高校院所共建研究院，按省级新型研发机构标准进行建设和管理。",
        "县科技局、县财政局",
        "2025年",
    ),
    (
        "成果转化与人才",
        "建设县科技成果转化中心",
        "对接省技术市场，常态化发布企业技术需求和高校院所成果清单，组织线上线下对接活动。",
        "县科技局、县市场监管局",
        "2024年底",
    ),
    (
        None,
        "实施“青溪英才”引育工程",
        "面向主导产业引进领军型创新创业团队，为入选人才提供安居、医疗、子女入学等服务。",
        "县委人才办、县人力社保局、县科技局",
        "持续推进",
    ),
    (
        "科技金融",
        "设立县科技成果转化引导基金",
        "完成基金设立和管理机构遴选，以参股方式引导社会资本投向县内科技型企业。",
        "县财政局、县金融服务中心、县科技局",
        "2024年6月",
    ),
]


def build():
    doc = Document()
    doc.core_properties.created = datetime.datetime(2024, 3, 12)
    doc.core_properties.author = "青溪县人民政府办公室"

    para(doc, "青溪县人民政府办公室文件", 20, True, True)
    para(doc, "青政办发〔2024〕8号", 12, False, True)
    para(doc, "青溪县人民政府办公室关于印发青溪县科技创新三年行动计划（2024—2026年）的通知", 15, True, True)
    para(doc, "各乡镇人民政府、街道办事处，县政府各部门：")
    para(
        doc,
        "《青溪县科技创新三年行动计划（2024—2026年）》已经县政府同意，现印发给你们，请结合实际抓好贯彻落实。",
    )
    p = para(doc, "青溪县人民政府办公室")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = para(doc, "2024年3月12日")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    para(doc, "青溪县科技创新三年行动计划（2024—2026年）", 18, True, True)
    para(
        doc,
        "近年来，我县坚持把科技创新摆在县域发展的突出位置，2023年全县R&D经费支出占GDP比重达到2.45%，"
        "高新技术企业186家，获评省级创新型县（市）。但同时，县内企业研发投入总体偏低，高端人才引不来、留不住，"
        "创新平台数量少、能级低的问题依然突出。为加快建设山区创新强县，制定本行动计划。",
    )

    heading(doc, "一、总体目标")
    para(
        doc,
        "到2026年，县域创新体系更加健全，科技对经济增长的贡献明显提升。全县R&D经费支出占GDP比重达到2.9%以上，"
        "高新技术企业数量达到280家，科技型中小企业突破760家；规上工业企业研发费用年均增长15%以上；"
        "三年内引进培育县级以上科技创新团队15个，建成产业创新服务综合体3家。",
    )
    para(doc, "表1 青溪县科技创新主要指标", 12, True, True)
    table = doc.add_table(rows=len(INDICATORS), cols=len(INDICATORS[0]))
    table.style = "Table Grid"
    for r, row in enumerate(INDICATORS):
        for c, text in enumerate(row):
            fill(table.cell(r, c), text, bold=(r == 0))
    widths(table, (1.2, 5.6, 1.4, 1.7, 1.7, 1.7, 1.9))
    para(doc, "注：2023年为基期实际值，2024—2026年为年度目标值。", 10.5)

    heading(doc, "二、重点任务")
    para(
        doc,
        "（一）壮大创新主体。深入实施科技企业“双倍增”行动，建立“微成长、小升规、规改股、股上市”梯次培育机制。"
        "对首次认定的高新技术企业给予15万元奖励，重新认定的给予5万元奖励。",
    )
    para(
        doc,
        "（二）建强创新平台。聚焦竹木制品、绿色食品、新能源材料等主导产业，布局建设产业创新服务综合体，"
        "对新认定的省级重点企业研究院一次性补助50万元。",
    )
    para(
        doc,
        "（三）加速成果转化。建设县科技成果转化中心，深化与浙江大学、浙江农林大学等高校的县校合作，"
        "对企业购买高校院所科技成果并在县内转化的，按技术交易额的10%给予补助，单项最高30万元。",
    )
    para(
        doc, "（四）集聚创新人才。实施“青溪英才”引育工程，对入选的领军型创新创业团队给予最高300万元项目资助。"
    )
    para(
        doc,
        "（五）深化科技金融。设立县科技成果转化引导基金，推广“科技贷”“人才贷”，县财政按贷款额的1%给予贴息。",
    )

    heading(doc, "三、保障措施")
    para(
        doc,
        "成立县科技创新工作领导小组，由县长任组长，领导小组办公室设在县科技局。"
        "建立重点任务月报告、季通报制度，将科技创新指标纳入乡镇（街道）和县级部门年度综合考评。",
    )

    para(doc, "附件：青溪县科技创新三年行动计划重点任务分解表", 12, True)
    header = ("序号", "任务类别", "重点任务", "主要内容", "责任单位", "完成时限")
    t2 = doc.add_table(rows=len(TASKS) + 1, cols=len(header))
    t2.style = "Table Grid"
    for c, text in enumerate(header):
        fill(t2.cell(0, c), text, bold=True)
    start = None
    for i, (cat, task, content, owners, deadline) in enumerate(TASKS, start=1):
        fill(t2.cell(i, 0), str(i))
        if cat is not None:
            fill(t2.cell(i, 1), cat)
            start = i
        else:
            merged = t2.cell(start, 1).merge(t2.cell(i, 1))
            fill(merged, TASKS[start - 1][0])
        fill(t2.cell(i, 2), task)
        fill(t2.cell(i, 3), content)
        fill(t2.cell(i, 4), owners)
        fill(t2.cell(i, 5), deadline)
    widths(t2, (1.1, 2.2, 3.4, 5.6, 2.9, 2.0))
    doc.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())
