"""Build gaoxinqu_2026.docx, a held-out 高新区 implementation opinion (invented figures).

Run: .venv/bin/python tests/reader/heldout3/make_docx.py
"""

from datetime import UTC, datetime
from pathlib import Path

from docx import Document

OUT = Path(__file__).with_name("gaoxinqu_2026.docx")

TITLE = "青禾高新区科技创新高质量发展实施意见（2026—2028年）"

INDICATORS = [
    ("序号", "指标", "单位", "2025年现状", "2028年目标", "备注"),
    ("1", "高新技术企业", "家", "412", "600", "累计"),
    ("2", "科技型中小企业评价入库", "家", "530", "800", "年度"),
    ("3", "全社会研发经费投入强度", "%", "3.6", "4.2", ""),
    ("4", "技术合同登记成交额", "亿元", "18.5", "30", "年度"),
    ("5", "市级以上研发机构", "家", "96", "140", "累计"),
    ("6", "专精特新“小巨人”企业", "家", "7", "5", "新增"),
    ("7", "每万人高价值发明专利拥有量", "件", "21.3", "30", "市场监管局"),
    ("8", "孵化载体在孵企业", "家", "680", "1000以上", ""),
    ("9", "科技企业境内外上市", "家", "—", "3-5", "新增"),
]

TASKS = [
    ("序号", "任务类别", "具体任务", "牵头单位", "责任单位", "完成时限"),
    (
        "1",
        "壮大创新主体",
        "实施高新技术企业倍增行动，2028年总数达到600家",
        "高新区科技创新局",
        "高新区经济发展局、各园区平台公司",
        "2028年",
    ),
    (
        "2",
        "壮大创新主体",
        "建立科技型中小企业梯度培育库",
        "高新区科技创新局",
        "高新区财政金融局",
        "2026年底",
    ),
    (
        "3",
        "建设创新平台",
        "推动组建国家级制造业创新中心",
        "高新区经济发展局",
        "高新区科技创新局、澄川大学",
        "2028年",
    ),
    (
        "4",
        "建设创新平台",
        "完善市级以上研发机构绩效评价办法",
        "高新区科技创新局",
        "各园区平台公司",
        "持续推进",
    ),
    (
        "5",
        "优化创新生态",
        "建设青禾科技成果转化服务中心",
        "高新区科技创新局",
        "高新区建设管理局",
        "2027年",
    ),
    (
        "6",
        "优化创新生态",
        "开展科技人才安居保障",
        "高新区党群工作部",
        "高新区人力资源局，高新区建设管理局",
        "持续推进",
    ),
]


def add_table(doc, rows, merge_col=None):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if merge_col is not None:
        start = 1
        for r in range(2, len(rows) + 1):
            if r == len(rows) or rows[r][merge_col] != rows[start][merge_col]:
                if r - 1 > start:
                    top = table.cell(start, merge_col)
                    merged = top.merge(table.cell(r - 1, merge_col))
                    merged.text = rows[start][merge_col]
                start = r
    return table


def build():
    doc = Document()
    doc.add_paragraph("青禾高新区管委会关于印发《" + TITLE + "》的通知")
    doc.add_paragraph("青高管发〔2026〕5号")
    doc.add_paragraph("各部门、各园区平台公司：")
    doc.add_paragraph("现将《" + TITLE + "》印发给你们，请结合实际认真贯彻执行。")
    doc.add_paragraph("澄川市青禾高新技术产业开发区管理委员会")
    doc.add_paragraph("2026年3月18日")
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(
        "为深入实施创新驱动发展战略，推动青禾高新区由要素集聚向创新引领转变，"
        "打造澄川西部科创走廊的核心引擎，结合高新区实际，提出如下实施意见。"
    )
    doc.add_heading("一、发展基础", level=2)
    doc.add_paragraph(
        "近年来，高新区创新能力稳步提升。2025年，区内高新技术企业达到412家，"
        "技术合同登记成交额18.5亿元，获批省级以上创新平台11个。"
        "同时，龙头企业研发投入偏弱、成果就地转化不足等问题依然存在。"
    )
    doc.add_heading("二、主要目标", level=2)
    doc.add_paragraph(
        "到2028年，高新区创新主体规模和质量同步跃升，力争高新技术企业总数突破600家，"
        "创新链产业链融合水平显著提高。"
    )
    doc.add_paragraph(
        "到2028年，企业创新投入持续加大，力争规上工业企业研发经费支出较2025年增长50%，"
        "战略性新兴产业产值达到1200亿元。"
    )
    doc.add_paragraph(
        "到2028年，高端创新资源加速汇聚，力争引进培育高层次科技创新人才团队40个，"
        "实现国家级制造业创新中心零的突破。"
    )
    doc.add_paragraph("主要指标见下表。")
    doc.add_paragraph("表1  青禾高新区科技创新主要指标")
    add_table(doc, INDICATORS)
    doc.add_heading("三、重点任务", level=2)
    doc.add_paragraph(
        "（一）壮大创新主体。完善“科技型中小企业—高新技术企业—领军企业”成长链，"
        "鼓励企业建设研发中心，支持龙头企业牵头组建创新联合体。"
    )
    doc.add_paragraph(
        "（二）建设创新平台。围绕智能传感、先进材料两大主导产业，"
        "布局一批概念验证与中试平台，推动高校院所成果在区内转化。"
    )
    doc.add_paragraph("（三）优化创新生态。健全科技金融服务体系，加强知识产权保护，营造尊重创新的氛围。")
    doc.add_heading("四、保障措施", level=2)
    doc.add_paragraph(
        "加大财政支持力度，对首次认定的高新技术企业给予20万元奖励，"
        "对新获批的国家级研发平台给予最高500万元资助。"
        "建立年度监测评估机制，每半年通报一次指标进展。"
    )
    doc.add_paragraph("附件：重点任务分工表")
    doc.add_paragraph("表2  重点任务分工表")
    add_table(doc, TASKS, merge_col=1)
    props = doc.core_properties
    props.title = TITLE
    props.created = datetime(2026, 3, 18, tzinfo=UTC)
    props.modified = datetime(2026, 3, 18, tzinfo=UTC)
    doc.save(OUT)


if __name__ == "__main__":
    build()
