"""Figures that are queries over certificates: valid HNTE on a date, renewals due, the ladder funnel."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.registry import queries
from kechuang.registry.domain import add_qualification, move_enterprise_stage, save_enterprise
from tests.registry.conftest import uscc

pytestmark = pytest.mark.django_db


def _enterprise(n, area):
    e, _ = save_enterprise(acting_user=None, uscc=uscc(1000 + n), name=f"企业{n}", area=area)
    return e


def test_valid_hnte_count_follows_the_three_year_certificate(shanghai, qtypes):
    e = _enterprise(1, shanghai["town"])
    add_qualification(e, qtype=qtypes["hnte"], issued_on=dt.date(2021, 3, 1))

    on = {
        d: queries.valid_hnte_count(shanghai["jinshan"], dt.date.fromisoformat(d))
        for d in ["2021-02-28", "2021-03-01", "2023-12-31", "2024-02-29", "2024-03-01", "2024-03-02"]
    }

    assert on == {
        "2021-02-28": 0,
        "2021-03-01": 1,
        "2023-12-31": 1,
        "2024-02-29": 1,
        "2024-03-01": 0,
        "2024-03-02": 0,
    }


def test_valid_hnte_count_includes_descendant_areas_only(shanghai, qtypes):
    add_qualification(_enterprise(1, shanghai["town"]), qtype=qtypes["hnte"], issued_on=dt.date(2022, 1, 1))
    add_qualification(
        _enterprise(2, shanghai["songjiang"]), qtype=qtypes["hnte"], issued_on=dt.date(2022, 1, 1)
    )
    day = dt.date(2023, 6, 30)

    counts = [
        queries.valid_hnte_count(a, day) for a in (shanghai["town"], shanghai["jinshan"], shanghai["city"])
    ]

    assert counts == [1, 1, 2]


def test_valid_hnte_count_counts_a_renewed_enterprise_once(shanghai, qtypes):
    e = _enterprise(1, shanghai["town"])
    add_qualification(e, qtype=qtypes["hnte"], issued_on=dt.date(2020, 12, 1))
    add_qualification(e, qtype=qtypes["hnte"], issued_on=dt.date(2023, 11, 1))

    assert queries.valid_hnte_count(shanghai["jinshan"], dt.date(2023, 11, 15)) == 1


def test_expiring_certificates_lists_those_due_within_n_months_soonest_first(shanghai, qtypes):
    soon = _enterprise(1, shanghai["town"])
    later = _enterprise(2, shanghai["town"])
    renewed = _enterprise(3, shanghai["town"])
    expired = _enterprise(4, shanghai["town"])
    add_qualification(later, qtype=qtypes["hnte"], issued_on=dt.date(2021, 9, 1))  # valid to 2024-08-31
    add_qualification(soon, qtype=qtypes["hnte"], issued_on=dt.date(2021, 5, 1))  # valid to 2024-04-30
    add_qualification(renewed, qtype=qtypes["hnte"], issued_on=dt.date(2021, 6, 1))
    add_qualification(renewed, qtype=qtypes["hnte"], issued_on=dt.date(2024, 3, 1))
    add_qualification(expired, qtype=qtypes["hnte"], issued_on=dt.date(2020, 1, 1))

    due = queries.expiring_certificates(shanghai["jinshan"], 6, today=dt.date(2024, 3, 15))
    due_3 = queries.expiring_certificates(shanghai["jinshan"], 3, today=dt.date(2024, 3, 15))

    assert [(q.enterprise.name, q.valid_until) for q in due] == [
        ("企业1", dt.date(2024, 4, 30)),
        ("企业2", dt.date(2024, 8, 31)),
    ]
    assert [q.enterprise.name for q in due_3] == ["企业1"]


def test_ladder_funnel_counts_moves_up_and_drop_outs_per_stage(shanghai):
    a, b, c = (_enterprise(n, shanghai["town"]) for n in (1, 2, 3))
    move_enterprise_stage(a, stage="surveyed", since=dt.date(2022, 5, 1))
    move_enterprise_stage(a, stage="cultivating", since=dt.date(2023, 2, 1))
    move_enterprise_stage(a, stage="recognised", since=dt.date(2023, 10, 1))
    move_enterprise_stage(b, stage="surveyed", since=dt.date(2023, 3, 1))
    move_enterprise_stage(c, stage="cultivating", since=dt.date(2022, 1, 1))
    move_enterprise_stage(c, stage="cultivating", since=dt.date(2023, 7, 1), dropped=True)
    other = _enterprise(9, shanghai["songjiang"])
    move_enterprise_stage(other, stage="surveyed", since=dt.date(2023, 3, 1))

    rows = {
        r.stage: (r.at_start, r.entered, r.moved_up, r.dropped, r.at_end)
        for r in queries.ladder_funnel(shanghai["jinshan"], 2023)
    }

    assert rows == {
        "surveyed": (1, 1, 0, 0, 1),
        "cultivating": (1, 1, 1, 1, 0),
        "recognised": (0, 1, 1, 0, 1),
        "leading": (0, 0, 0, 0, 0),
    }
    assert shanghai["town"].enterprises.get(pk=c.pk).stage == ""
