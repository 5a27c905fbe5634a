"""The blank observation workbook: headers, the plan's indicator and area lists, drop-downs."""

from __future__ import annotations

from kechuang.common.spreadsheets import workbook_bytes
from kechuang.observations.enums import ObservationStatus, Source
from kechuang.observations.imports.rows import COLUMN_LABELS, FIELDS, MAX_ROWS
from kechuang.plans.models import Plan
from kechuang.tenancy.models import Area


def build_template(plan: Plan) -> bytes:
    """An .xlsx to fill in: Chinese headers, lists of the plan's indicators, areas and sources.

    Drop-down validation on the indicator, area, source and status columns keeps
    typing errors out; the period column is text so that Excel does not turn
    ``2023-05`` into a date.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    indicators = list(plan.indicators.select_related("catalog").order_by("role", "position", "pk"))
    areas = list(Area.objects.filter(pk__in=plan.area.descendant_ids()).order_by("code"))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7FF")

    wb = Workbook()
    ws = wb.active
    ws.title = "观测值"
    headers = [COLUMN_LABELS[f] for f in FIELDS]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    for letter, width in zip("ABCDEFG", (14, 36, 10, 14, 12, 10, 30), strict=True):
        ws.column_dimensions[letter].width = width
    last = MAX_ROWS + 1
    for row in ws.iter_rows(min_row=2, max_row=200, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = "@"
    ws.freeze_panes = "A2"

    lists = wb.create_sheet("指标")
    lists.append(["指标名称", "单位", "对应标准指标", "类型"])
    for ind in indicators:
        lists.append([ind.name, ind.unit, ind.catalog.name_zh if ind.catalog else "", ind.get_role_display()])
    for cell in lists[1]:
        cell.font = bold
        cell.fill = fill
    lists.column_dimensions["A"].width = 40
    lists.column_dimensions["C"].width = 28

    help_ws = wb.create_sheet("取值说明")
    help_ws.append(["地区名称", "地区代码", "", "来源", "来源代码", "", "状态", "", "期间写法"])
    sources = [(label, value) for value, label in Source.choices]
    statuses = [label for _, label in ObservationStatus.choices]
    period_help = ["2023（年）", "2023Q2（季度）", "2023-05（月）"]
    for i in range(max(len(areas), len(sources), len(statuses), len(period_help))):
        help_ws.append(
            [
                areas[i].name if i < len(areas) else None,
                areas[i].code if i < len(areas) else None,
                None,
                sources[i][0] if i < len(sources) else None,
                sources[i][1] if i < len(sources) else None,
                None,
                statuses[i] if i < len(statuses) else None,
                None,
                period_help[i] if i < len(period_help) else None,
            ]
        )
    for cell in help_ws[1]:
        cell.font = bold
        cell.fill = fill
    help_ws.column_dimensions["A"].width = 16
    help_ws.column_dimensions["I"].width = 18

    def add_list(formula: str, column: str, prompt: str) -> None:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
        dv.promptTitle = COLUMN_LABELS[{"A": "area", "B": "indicator", "E": "source", "F": "status"}[column]]
        dv.prompt = prompt
        ws.add_data_validation(dv)
        dv.add(f"{column}2:{column}{last}")

    if areas:
        add_list(f"'取值说明'!$A$2:$A${len(areas) + 1}", "A", "地区名称或代码")
    if indicators:
        add_list(f"'指标'!$A$2:$A${len(indicators) + 1}", "B", "规划中的指标名称，或标准指标代码")
    add_list(f'"{",".join(label for label, _ in sources)}"', "E", "数据来源")
    add_list(f'"{",".join(statuses)}"', "F", "可不填，默认为最终数")

    return workbook_bytes(wb)  # names and units are users' words: text, never formulas
