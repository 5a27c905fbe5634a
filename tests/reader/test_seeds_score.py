"""The reader on the three real seed plans, scored against their gold files."""

from __future__ import annotations

import json

from kechuang.reader import extract_path

from .conftest import GOLD


def _score(scorer, paths):
    groups = (
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
    tallies = {g: scorer.Tally() for g in groups}
    for path in paths:
        gold_path = GOLD / f"{path.stem}.json"
        if not gold_path.is_file():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = json.loads(json.dumps(extract_path(path), ensure_ascii=False))
        scorer.score_document(gold, pred, tallies, False, path.stem)
    return tallies


def test_seed_scores_meet_the_bar(seed_paths, scorer):
    tallies = _score(scorer, seed_paths)
    assert tallies["targets"].f1 >= 0.90, tallies["targets"].row("targets")
    assert tallies["all"].f1 >= 0.85, tallies["all"].row("all")


def test_seed_documents_and_tasks(seed_paths, scorer):
    tallies = _score(scorer, seed_paths)
    assert tallies["document"].f1 >= 0.9
    assert tallies["tasks"].f1 >= 0.8
    assert tallies["owners"].f1 >= 0.8


def test_every_indicator_and_target_carries_evidence(seed_paths):
    for path in seed_paths:
        result = extract_path(path)
        for ind in result["indicators"]:
            assert ind["evidence"]
            assert "catalog" in ind
            for target in ind["targets"]:
                assert target["evidence"]
