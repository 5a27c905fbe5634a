"""Reading the app's table downloads and the tables of its pages the way a person would compare them."""

from __future__ import annotations

import csv
import io

import lxml.html
from openpyxl import load_workbook

BOM = "\ufeff"


def csv_rows(response: object) -> list[list[str]]:
    """Header and rows of a CSV download (checked to be UTF-8 with a byte-order mark)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_sheet(response: object) -> object:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def xlsx_rows(response: object) -> list[list[object]]:
    """Header and rows of a workbook download, up to the blank line above its notes."""
    rows = []
    for row in xlsx_sheet(response).iter_rows(values_only=True):
        if all(v is None for v in row):
            break
        rows.append(list(row))
    return rows


def column(rows: list[list[object]], label: str) -> list[object]:
    """The values of the column headed ``label`` (its unit may follow: “面积（㎡）”)."""
    header = rows[0]
    [index] = [i for i, h in enumerate(header) if str(h) == label or str(h).startswith(label + "（")]
    return [row[index] for row in rows[1:]]


def page_texts(response: object, xpath: str) -> list[str]:
    """The text of every node ``xpath`` finds on the page, stripped."""
    assert response.status_code == 200, response.status_code
    tree = lxml.html.fromstring(response.content.decode("utf-8"))
    return [
        node.text_content().strip() if hasattr(node, "text_content") else str(node).strip()
        for node in tree.xpath(xpath)
    ]
