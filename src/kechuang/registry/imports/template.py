"""The empty import workbook: both sheets with their headers and an instructions sheet."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from kechuang.common.spreadsheets import workbook_bytes
from kechuang.registry.imports.workbook import (
    ENTERPRISE_COLUMNS,
    ENTERPRISE_SHEET,
    QUALIFICATION_COLUMNS,
    QUALIFICATION_SHEET,
)
from kechuang.registry.models import QualificationType, Stage


def build_template() -> bytes:
    """An empty import workbook with the two sheets, their headers and an instructions sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = ENTERPRISE_SHEET
    ws.append([label for _, label, _ in ENTERPRISE_COLUMNS])
    ws2 = wb.create_sheet(QUALIFICATION_SHEET)
    ws2.append([label for _, label, _ in QUALIFICATION_COLUMNS])
    for sheet in (ws, ws2):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for col in "ABCDEFGHI":
            sheet.column_dimensions[col].width = 20
    notes = wb.create_sheet("说明")
    types = "、".join(f"{t.code}（{t.name}）" for t in QualificationType.objects.all())
    for line in [
        "企业表：统一社会信用代码、企业名称、所在地区（地区代码或名称）为必填；统一社会信用代码按 GB 32100-2015 校验。",
        f"培育阶段可填：{'、'.join(Stage.labels)}；阶段起始日期缺省为导入当天。",
        f"资质表：资质类型填代码或名称：{types}。",
        "有有效期的资质（如高新技术企业，3 年）须填发证/认定日期；按年度登记的资质（科技型中小企业）须填登记年度。",
        "资质表中的企业须在企业表中或已在系统中登记。",
        "整份文件校验通过才会写入；有任何错误时不写入任何数据，并列出所有错误的行号。重复导入同一文件不会产生变化。",
        "示例：91310116MA1J8Y4X1K | 上海某某科技有限公司 | 朱泾镇 | 新材料",
    ]:
        notes.append([line])
    return workbook_bytes(wb)
