"""What the monitoring page shows for each target, read from its HTML, to compare reports against."""

from __future__ import annotations

import html as html_lib
import re


def overview_rows(html: str) -> list[dict[str, str]]:
    """Each row of the overview table: indicator, latest (figure only), completion, status word."""
    table = html.split('<table class="data overview">')[1].split("</table>")[0]
    rows = []
    for tr in re.findall(r'<tr class="row-\w+" data-status="\w+">(.*?)</tr>', table, re.S):
        cells = [
            html_lib.unescape(re.sub(r"<[^>]+>", " ", c)).split()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        ]
        name = cells[0][0].split("（")[0]
        latest = cells[5][0].split("（")[0]
        rows.append(
            {
                "indicator": name,
                "latest": latest,
                "completion": cells[7][0],  # after the trend line (走势)
                "status": cells[13][0],
            }
        )
    return rows
