"""Status bands, configurable thresholds and the alert helpers."""

import json

import pytest

from kechuang.observations.progress import (
    SEVERITY,
    STATUS_WORDS,
    TargetProgress,
    Thresholds,
    alert_level,
    band,
    forecast_miss,
    severity,
    status_changes,
)


def progress(code: str, likelihood: float | None = None) -> TargetProgress:
    p = TargetProgress(likelihood=likelihood)
    p.set_status(code)
    return p


@pytest.mark.parametrize(
    ("ratio", "code"),
    [
        (1.10, "ahead"),
        (1.0999, "on_track"),
        (0.95, "on_track"),
        (0.9499, "behind"),
        (0.60, "behind"),
        (0.5999, "seriously_behind"),
        (-0.2, "seriously_behind"),
    ],
)
def test_default_bands_follow_methods_md(ratio, code):
    assert band(ratio, Thresholds()) == code


def test_thresholds_defaults_and_json_round_trip():
    t = Thresholds()

    stored = json.dumps(t.to_dict())

    assert (t.ahead, t.on_track, t.behind) == (1.10, 0.95, 0.60)
    assert (t.approx_tolerance, t.likelihood_warn, t.likelihood_red, t.confidence) == (0.05, 0.5, 0.2, 0.8)
    assert Thresholds.from_dict(json.loads(stored)) == t


def test_thresholds_from_dict_partial_and_unknown_keys():
    t = Thresholds.from_dict({"on_track": 0.9, "retired_setting": 1})

    assert (t.on_track, t.ahead) == (0.9, 1.10)
    assert band(0.92, t) == "on_track"
    assert Thresholds.from_dict(None) == Thresholds()


@pytest.mark.parametrize(
    "bad",
    [
        {"ahead": 0.9},  # below on_track
        {"behind": -0.1},
        {"confidence": 1.0},
        {"likelihood_red": 0.6},  # above likelihood_warn
        {"forecast_min_points": 2},
        {"forecast_max_points": 2.5},
        {"approx_tolerance": "5%"},
        {"on_track": float("nan")},
    ],
)
def test_thresholds_reject_nonsense(bad):
    with pytest.raises(ValueError):
        Thresholds.from_dict(bad)


def test_status_words_match_codes():
    assert STATUS_WORDS == {
        "met": "已完成",
        "nearly_met": "基本完成",
        "missed": "未完成",
        "awaiting_data": "待数据",
        "ahead": "超前",
        "on_track": "正常",
        "behind": "滞后",
        "seriously_behind": "严重滞后",
        "within_ceiling": "未超上限",
        "ceiling_rising": "未超上限，但趋势上升",
        "over_ceiling": "超出上限",
        "no_data": "无数据",
        "not_applicable": "不适用",
        "undeterminable": "无法判断",
    }
    assert progress("behind").status == "滞后"


def test_severity_order():
    assert [c for c, _ in sorted(SEVERITY.items(), key=lambda kv: kv[1])] == [
        "met",
        "within_ceiling",
        "ahead",
        "on_track",
        "nearly_met",
        "behind",
        "ceiling_rising",
        "seriously_behind",
        "over_ceiling",
        "missed",
    ]
    assert severity("no_data") is None
    assert severity("awaiting_data") is None


@pytest.mark.parametrize(
    ("before", "after", "slipped"),
    [
        ("on_track", "behind", True),
        ("ahead", "on_track", True),
        ("met", "ahead", True),
        ("behind", "seriously_behind", True),
        ("behind", "on_track", False),
        ("on_track", "on_track", False),
        ("no_data", "seriously_behind", False),
        ("behind", "undeterminable", False),
    ],
)
def test_status_changes_flags_only_slips(before, after, slipped):
    assert status_changes(progress(before), progress(after)) is slipped


def test_forecast_miss_uses_the_likelihood_cutoff():
    assert forecast_miss(progress("on_track", 0.41))
    assert not forecast_miss(progress("on_track", 0.5))
    assert not forecast_miss(progress("on_track", None))
    assert not forecast_miss(progress("on_track", 0.41), Thresholds(likelihood_warn=0.4, likelihood_red=0.2))


def test_alert_level():
    assert alert_level(progress("behind", 0.1)) == "red"
    assert alert_level(progress("on_track", 0.3)) == "warn"
    assert alert_level(progress("behind", 0.9), previous=progress("on_track")) == "warn"
    assert alert_level(progress("on_track", 0.9), previous=progress("behind")) is None


def test_alerts_from_codes_agree_with_the_judgement_helpers_for_every_status():
    """A rebuild reads alerts, slips and likely misses from status codes (`alert_of`): the slip and
    the likely miss are the helpers' on judgements, and the alert is red for 未完成, 超出上限 or a
    likely miss below the red line, warn for a rising ceiling, a likely miss or a slip, for every
    status, previous status and likelihood."""
    from kechuang.observations.progress.status import alert_of

    seen = set()
    for t in (Thresholds(), Thresholds(likelihood_warn=0.7, likelihood_red=0.05)):
        for code in STATUS_WORDS:
            for likelihood in (None, 0.0, 0.04, 0.1, 0.3, 0.5, 0.69, 0.7, 1.0):
                now = progress(code, likelihood)
                for before in (None, *STATUS_WORDS):
                    previous = progress(before) if before else None
                    got = alert_of(code, likelihood, before, t)
                    slipped = previous is not None and status_changes(previous, now)
                    miss = forecast_miss(now, t)
                    if code in ("missed", "over_ceiling") or (miss and likelihood < t.likelihood_red):
                        alert = "red"
                    else:
                        alert = "warn" if code == "ceiling_rising" or miss or slipped else None
                    assert got == (alert, slipped, miss) and alert_level(now, previous, t) == alert
                    seen.add(got)
    assert {a for a, _, _ in seen} == {"red", "warn", None} and {(True, True), (False, False)} <= {
        (s, m) for _, s, m in seen
    }
