"""The reader on documents it was not tuned on, scored against hand-written gold.

The held-out documents were written without reading the reader, so a floor on
their scores keeps the rules general: a change that only fits the seeds shows
up here. The demo documents get the same floor against their own gold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kechuang.reader import extract_path

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "heldout"
HELDOUT2 = HERE / "heldout2"
DEMO_DOCS = HERE.parents[1] / "src" / "kechuang" / "demo" / "documents"
DEMO_GOLD = HERE / "demo_gold"

# achieved − 0.03 (held-out: targets, all facts and owners 1.000; demo: 1.000)
HELDOUT_TARGETS_FLOOR = 0.97
HELDOUT_ALL_FLOOR = 0.97
HELDOUT_OWNERS_FLOOR = 0.97
DEMO_TARGETS_FLOOR = 0.97
DEMO_ALL_FLOOR = 0.97
# held-out set 2, first seen after the reader was written: achieved (1.000) − 0.03
HELDOUT2_TARGETS_FLOOR = 0.97
HELDOUT2_ALL_FLOOR = 0.97

GROUPS = (
    "targets",
    "baselines",
    "actuals",
    "series",
    "tasks",
    "owners",
    "comparator",
    "kind",
    "document",
    "all",
)


def _tallies(scorer, docs: Path, gold_dir: Path, suffixes: tuple[str, ...]):
    tallies = {g: scorer.Tally() for g in GROUPS}
    paths = sorted(
        p for p in docs.iterdir() if p.suffix in suffixes and (gold_dir / f"{p.stem}.json").is_file()
    )
    if not paths:
        pytest.skip(f"no scored documents in {docs}")
    for path in paths:
        gold = json.loads((gold_dir / f"{path.stem}.json").read_text(encoding="utf-8"))
        # scores, not speed: a scan read while the machine is busy may take longer than an upload may
        pred = json.loads(json.dumps(extract_path(path, timeout_s=300), ensure_ascii=False))
        scorer.score_document(gold, pred, tallies, False, path.stem)
    return tallies


def test_heldout_scores_hold_the_floor(scorer):
    tallies = _tallies(scorer, HELDOUT, HELDOUT / "gold", (".txt", ".md", ".docx", ".pdf"))
    assert tallies["targets"].f1 >= HELDOUT_TARGETS_FLOOR, tallies["targets"].row("targets")
    assert tallies["all"].f1 >= HELDOUT_ALL_FLOOR, tallies["all"].row("all")
    assert tallies["owners"].f1 >= HELDOUT_OWNERS_FLOOR, tallies["owners"].row("owners")


def test_demo_scores_hold_the_floor(scorer):
    tallies = _tallies(scorer, DEMO_DOCS, DEMO_GOLD, (".txt", ".md", ".docx"))
    assert tallies["targets"].f1 >= DEMO_TARGETS_FLOOR, tallies["targets"].row("targets")
    assert tallies["all"].f1 >= DEMO_ALL_FLOOR, tallies["all"].row("all")


def test_second_heldout_scores_hold_the_floor(scorer):
    tallies = _tallies(scorer, HELDOUT2, HELDOUT2 / "gold", (".txt", ".md", ".docx", ".pdf"))
    assert tallies["targets"].f1 >= HELDOUT2_TARGETS_FLOOR, tallies["targets"].row("targets")
    assert tallies["all"].f1 >= HELDOUT2_ALL_FLOOR, tallies["all"].row("all")


# Held-out 3 was scored on first sight at targets 0.986 / all facts 0.994 / owners 0.571; owners were then
# fixed generally (a second unit column), so the floors sit 0.03 under the present figures.
HELDOUT3 = HERE / "heldout3"


def test_third_heldout_scores_hold_the_floor(scorer):
    tallies = _tallies(scorer, HELDOUT3, HELDOUT3 / "gold", (".txt", ".md", ".docx", ".pdf"))
    assert tallies["targets"].f1 >= 0.95, tallies["targets"].row("targets")
    assert tallies["all"].f1 >= 0.96, tallies["all"].row("all")
    assert tallies["owners"].f1 >= 0.97, tallies["owners"].row("owners")


# Held-out sets 4–6 (issue 10) are plans as governments publish them — flattened web pages, saved
# HTML (GBK and UTF-8, with navigation, 政策解读 wrappers), Word 97–2003 .doc and WPS .wps, scanned
# PDFs read by OCR, one-year 工作要点 — from provinces other than Shanghai, each written by someone
# who never read the reader. First sight: set 4 0.400 (before any issue-10 change; web part 0.54,
# the other formats unreadable), set 5 0.881 (after set-4 fixes), set 6 0.964 (the reader as it
# stood when set 6 arrived). Floors: the figure each reached after fixes (0.988, 0.993, 0.985) − 0.03.
# Set 7: four plans whose goals name a town, park or class of things by a reference word (该镇、其、
# 上述、这些…), written blind on 2026-12-04. First sight: targets 0.844, all facts 0.895 (the reader
# as it stood that morning, and the same with the two name rules of that day, written before the set
# arrived); 0.957 / 0.967 after that day's fixes. Floors: those − 0.03.
PUBLISHED_SETS = {
    "heldout4": (0.95, 0.95),
    "heldout5": (0.96, 0.95),
    "heldout6": (0.95, 0.95),
    "heldout7": (0.92, 0.93),
}
PUBLISHED_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps")


@pytest.mark.parametrize("name", sorted(PUBLISHED_SETS))
def test_published_document_sets_hold_the_floor(scorer, name):
    folder = HERE / name
    targets_floor, all_floor = PUBLISHED_SETS[name]
    tallies = _tallies(scorer, folder, folder / "gold", PUBLISHED_SUFFIXES)
    assert tallies["targets"].f1 >= targets_floor, tallies["targets"].row("targets")
    assert tallies["all"].f1 >= all_floor, tallies["all"].row("all")
