#!/usr/bin/env python3
"""Rebuild the generated documents of this writer (w_*) from w_src/.

- w_shanxi_qixian_kjcx_15th_plan.html : w_src/shanxi_qixian_kjcx_15th.html.in
  (authored in UTF-8) re-encoded to GBK; the page declares charset=gb2312 in a meta tag.
- w_neimenggu_baotou_xtgxq_ssyj_oneline.txt : the blocks of
  w_src/neimenggu_baotou_xtgxq_ssyj.parts.txt (one block per line) joined by a single
  space into ONE line (no line break anywhere, not even at the end).
The other w_*.txt / w_*.html documents are hand-written and kept as they are.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "w_src"


def main():
    html = (SRC / "shanxi_qixian_kjcx_15th.html.in").read_text(encoding="utf-8")
    assert "charset=gb2312" in html
    (HERE / "w_shanxi_qixian_kjcx_15th_plan.html").write_bytes(html.encode("gbk"))

    parts = [
        ln.strip()
        for ln in (SRC / "neimenggu_baotou_xtgxq_ssyj.parts.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip()
    ]
    line = " ".join(parts)
    assert "\n" not in line
    (HERE / "w_neimenggu_baotou_xtgxq_ssyj_oneline.txt").write_text(line, encoding="utf-8")


if __name__ == "__main__":
    main()
