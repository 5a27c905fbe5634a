"""Stored judgements: what the pages read for today agrees with the engine, and stays fresh."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import transaction
from django.utils import timezone

from kechuang.cli import main
from kechuang.observations.domain import record_observation
from kechuang.observations.models import Audience, PlanJudgementSummary, TargetJudgement
from kechuang.observations.monitoring import judge_plan, load_thresholds
from kechuang.observations.monitoring.settings import save_thresholds, settings_version
from kechuang.observations.progress import TargetProgress
from kechuang.observations.stored import refresh, store
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Target
from tests.monitor.builders import add_indicator, build_plan


def _stored(plan, audience=Audience.STAFF) -> dict[int, TargetJudgement]:
    """The plan's stored judgements as `audience` reads them (a staff row that is also the
    public one shows the public alert, as `store.read` gives it)."""
    out = {}
    for j in TargetJudgement.objects.filter(store.of_audience(audience), plan=plan):
        if audience == Audience.PUBLIC and j.audience == Audience.STAFF:
            j.alert, j.slipped, j.previous_status_code = j.public_alert, False, ""
        out[j.target_id] = j
    return out


def _add_simulated(plan) -> None:
    """An indicator judged on a simulated figure only (staff see it, the public does not)."""
    add_indicator(
        plan, "模拟指标", unit="家", category="", source="", target=50, baseline=10,
        figures={2023: 30}, simulated=True,
    )  # fmt: skip


@pytest.mark.django_db
def test_stored_judgements_agree_with_judging_on_demand(shanghai):
    plan = build_plan(shanghai["jinshan"])
    _add_simulated(plan)
    today = timezone.localdate()

    refresh.rebuild(today=today)

    for audience, flags in (
        (Audience.STAFF, {}),
        (Audience.PUBLIC, {"include_provisional": False, "include_simulated": False, "with_previous": False}),
    ):
        fresh = judge_plan(plan, as_of=today, stored=False, **flags)
        stored = _stored(plan, audience)
        assert set(stored) == {r.spec.target_id for r in fresh}
        for row in fresh:
            kept = stored[row.spec.target_id]
            assert kept.as_of == today
            assert store.progress_of(kept) == row.progress
            assert (kept.status_code, kept.completion, kept.likelihood) == (
                row.progress.status_code,
                row.progress.completion,
                row.progress.likelihood,
            )
        read = judge_plan(plan, as_of=today, **flags)  # today's pages: read from storage
        assert [r.progress for r in read] == [r.progress for r in fresh]
        assert [r.alert for r in read] == [stored[r.spec.target_id].alert or None for r in fresh]
    # The simulated figure counts for staff and never for the public.
    simulated = Target.objects.get(indicator__name="模拟指标").pk
    assert _stored(plan)[simulated].simulated is True
    assert _stored(plan, Audience.PUBLIC)[simulated].latest_value is None
    assert _stored(plan)[simulated].latest_value is not None
    summary = PlanJudgementSummary.objects.get(plan=plan, audience=Audience.STAFF)
    assert sum(summary.counts.values()) == 5 and summary.simulated


@pytest.mark.django_db
def test_a_past_date_is_judged_on_demand_not_read_from_storage(shanghai):
    plan = build_plan(shanghai["jinshan"])
    refresh.rebuild()
    TargetJudgement.objects.update(
        status_code="met", progress=json.dumps({"status_code": "met", "status": "已完成"})
    )

    past = judge_plan(plan, as_of=dt.date(2024, 6, 30))
    today = judge_plan(plan, as_of=timezone.localdate())

    assert [r.status_code for r in past] == ["ahead", "seriously_behind", "no_data", "on_track"]
    assert {r.status_code for r in today} == {"met"}  # proof that today's rows come from storage


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_recorded_figure_refreshes_what_depends_on_it_once_committed(shanghai):
    plan = build_plan(shanghai["jinshan"])
    refresh.rebuild()
    target = Target.objects.get(indicator__name="技术合同成交额")
    assert _stored(plan)[target.pk].latest_value is None

    with transaction.atomic():
        for year, value in ((2021, 10.0), (2022, 400.0), (2025, 900.0)):
            record_observation(
                indicator=target.indicator, area=plan.area, period=str(year), value=value, source="statistics"
            )
        assert _stored(plan)[target.pk].latest_value is None  # not before the commit

    after = _stored(plan)[target.pk]
    assert after.latest_value == 900.0
    fresh = judge_plan(plan, as_of=timezone.localdate(), stored=False)
    assert store.progress_of(after) == next(r for r in fresh if r.spec.target_id == target.pk).progress


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_figure_leaves_the_stored_judgement_alone(shanghai):
    plan = build_plan(shanghai["jinshan"])
    refresh.rebuild()
    target = Target.objects.get(indicator__name="技术合同成交额")
    with pytest.raises(RuntimeError), transaction.atomic():
        record_observation(
            indicator=target.indicator, area=plan.area, period="2023", value=5, source="statistics"
        )
        raise RuntimeError("导入中止")
    assert _stored(plan)[target.pk].latest_value is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editing_a_target_withdrawing_a_plan_and_new_thresholds_refresh_storage(shanghai, admin_user):
    plan = build_plan(shanghai["jinshan"])
    refresh.rebuild()
    target = Target.objects.get(indicator__name="高新技术企业数")
    record_observation(
        indicator=target.indicator, area=plan.area, period="2025", value=190, source="statistics"
    )
    assert _stored(plan)[target.pk].status_code == "nearly_met"  # 190 of 200 (95 %)

    target.value = 400
    target.save()
    assert _stored(plan)[target.pk].status_code == "missed"

    th = load_thresholds()
    save_thresholds(
        type(th).from_dict({**th.to_dict(), "nearly_met": 0.4}),
        acting_user=admin_user,
        version=settings_version(),
    )
    assert _stored(plan)[target.pk].status_code == "nearly_met"  # 190 of 400 is now enough

    plan.status = PlanStatus.WITHDRAWN
    plan.save()
    assert not TargetJudgement.objects.filter(plan=plan).exists()
    assert not PlanJudgementSummary.objects.filter(plan=plan).exists()


@pytest.mark.django_db
def test_a_plan_leaving_force_drops_its_stored_counts_even_when_the_refresh_fails(
    shanghai, admin_client, monkeypatch
):
    kept, leaving = build_plan(shanghai["jinshan"]), build_plan(shanghai["songjiang"])
    refresh.rebuild()
    before = admin_client.get("/monitor/").content.decode()
    assert "共 2 个规划" in before

    def broken(*args, **kwargs):
        raise RuntimeError("刷新失败")

    monkeypatch.setattr(refresh, "refresh_plans", broken)  # the refresh after the commit fails
    leaving.status = PlanStatus.WITHDRAWN
    leaving.save()

    assert not PlanJudgementSummary.objects.filter(plan=leaving).exists()
    page = admin_client.get("/monitor/").content.decode()
    assert "共 1 个规划" in page
    tiles = [int(n) for n in re.findall(r'<span class="count">(\d+)</span>', page)]
    assert sum(tiles) == Target.objects.filter(indicator__plan=kept).count()  # the withdrawn plan's are gone


@pytest.mark.django_db
def test_the_daily_run_judges_everything_again_when_the_date_rolls(shanghai):
    plan = build_plan(shanghai["jinshan"])
    today = timezone.localdate()
    refresh.rebuild(today=today - dt.timedelta(days=1))

    assert refresh.roll_date(today) == 4  # 4 targets judged again
    assert set(TargetJudgement.objects.filter(plan=plan).values_list("as_of", flat=True)) == {today}
    assert refresh.roll_date(today) == 0  # nothing to do the second time


@pytest.mark.django_db
def test_overview_counts_come_from_storage_for_today(shanghai, admin_client):
    plan = build_plan(shanghai["jinshan"])
    refresh.rebuild()
    PlanJudgementSummary.objects.filter(plan=plan, audience=Audience.STAFF).update(
        counts={"met": 3, "behind": 1}, alerts=7
    )

    page = admin_client.get("/monitor/").content.decode()

    assert "预警 7 项" in page  # read from the stored summary, not judged again


@pytest.mark.django_db
def test_rebuild_command_reports_what_it_stored(shanghai, capsys):
    plan = build_plan(shanghai["jinshan"])

    assert main(["judgements", "rebuild", "--quiet"]) == 0

    assert "已保存 4 个目标的评估结果" in capsys.readouterr().out
    assert TargetJudgement.objects.filter(plan=plan, audience=Audience.STAFF).count() == 4


def test_stored_progress_leaves_out_defaults_and_columns_and_reads_back_whole():
    """The progress column omits fields at their defaults and those held in other columns (and
    the status's word); reading it back with those columns restores every field."""
    bare = TargetProgress()
    assert store.stored_progress(bare) == {}
    judged = TargetProgress(latest_value=0.0, completion=0.0, stretch_met=False, year_over=True, note="说明")
    judged.set_status("missed")
    kept = store.stored_progress(judged)
    assert kept == {"note": "说明", "year_over": True, "stretch_met": False}
    columns = [0.0, None, None, 0.0, ""]  # completion, 时序进度, likelihood, latest value and period
    text = store.progress_json(judged)
    assert json.loads(text) == kept
    assert store.progress_from(text, "missed", columns) == judged
    assert store.progress_from(text, "missed", columns).status == "未完成"


@pytest.mark.django_db
def test_a_large_plan_is_stored_in_one_stream_and_reads_back_as_judged(shanghai):
    """More than a hundred rows go in through COPY on PostgreSQL (executemany elsewhere): every
    target of a 120-target plan is stored for both audiences and reads back as judged on demand."""
    plan = build_plan(shanghai["jinshan"])
    for k in range(116):
        add_indicator(
            plan,
            f"指标{k}",
            unit="家" if k % 2 else "%",
            category="",
            source="",
            target=100 + k,
            baseline=50 if k % 3 else None,
            figures={2021: 60 + k, 2022: 70 + k / 2, 2023: 75 + k} if k % 5 else {},
            comparator="<=" if k % 7 == 0 else ">=",
        )
    refresh.rebuild()
    staff, public = _stored(plan), _stored(plan, Audience.PUBLIC)
    assert len(staff) == len(public) == 120
    # Only 科技小巨人企业 rests on a provisional figure and has a public row of its own; every other
    # staff row is also the public one (121 rows, not 240).
    assert TargetJudgement.objects.filter(plan=plan).count() == 121
    public_rows = judge_plan(
        plan,
        as_of=timezone.localdate(),
        stored=False,
        include_provisional=False,
        include_simulated=False,
        with_previous=False,
    )
    assert {r.spec.target_id: r.alert or "" for r in public_rows} == {t: j.alert for t, j in public.items()}
    summary = PlanJudgementSummary.objects.get(plan=plan, audience=Audience.PUBLIC)
    assert summary.alerts == sum(1 for r in public_rows if r.alert and not r.earlier)
    fresh = judge_plan(plan, as_of=timezone.localdate(), stored=False)
    for row in fresh:
        assert store.progress_of(staff[row.spec.target_id]) == row.progress
        assert staff[row.spec.target_id].alert == (row.alert or "")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_split_across_processes_stores_what_one_process_stores(shanghai, monkeypatch):
    """Each forked worker judges and writes its own chunks of plans: the stored judgements and
    summaries are those of a rebuild in this process, and every plan is counted once."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("forked workers reach the test database only on PostgreSQL (SQLite's is in memory)")
    plans = [
        build_plan(area, title=f"规划{k}")
        for k in range(3)
        for area in (shanghai["jinshan"], shanghai["songjiang"])
    ]
    monkeypatch.setattr(refresh, "_PLAN_CHUNK", 1)  # six chunks: enough for the workers to start
    told = []

    def columns() -> tuple[list, list]:
        judged = TargetJudgement.objects.order_by("target_id", "audience").values_list(
            *[f for f in store._COLUMNS if f != "refreshed_at"]
        )
        summaries = PlanJudgementSummary.objects.order_by("plan_id", "audience").values_list(
            "plan_id", "audience", "as_of", "counts", "alerts", "simulated", "without_figures"
        )
        return list(judged), list(summaries)

    alone = refresh.rebuild(workers=1)
    one_process = columns()
    TargetJudgement.objects.all().delete()
    PlanJudgementSummary.objects.all().delete()
    split = refresh.rebuild(workers=2, progress=lambda done, total: told.append((done, total)))

    assert split == alone == 4 * len(plans)
    assert columns() == one_process and len(one_process[1]) == 2 * len(plans)
    assert told[-1] == (len(plans), len(plans)) and len(told) == len(plans)


@pytest.mark.django_db
def test_summaries_counted_while_writing_agree_with_those_counted_from_storage(shanghai):
    """A rebuild counts each plan's summary from the rows it writes; counting them again from
    the stored rows (as a single target's refresh does) gives the same summaries."""
    plans = [build_plan(shanghai["jinshan"]), build_plan(shanghai["songjiang"])]
    _add_simulated(plans[1])
    refresh.rebuild()

    def summaries():
        rows = PlanJudgementSummary.objects.filter(plan__in=plans).order_by("plan_id", "audience")
        return [
            (s.plan_id, s.audience, s.as_of, s.counts, s.alerts, s.simulated, s.without_figures) for s in rows
        ]

    written = summaries()
    assert {s[1] for s in written} == {Audience.STAFF, Audience.PUBLIC}
    assert any(s[4] for s in written) and any(s[5] for s in written)  # alerts and simulated counted
    store.summarise([p.pk for p in plans])
    assert summaries() == written


def test_progress_text_keeps_huge_finite_numbers_and_refuses_infinite_ones():
    """Two finite numbers whose sum overflows are kept; an infinite one never reaches the column."""
    progress = TargetProgress(forecast_value=1e308, forecast_low=1e308, note="目标年已达到目标")
    assert json.loads(store.progress_json(progress)) == {
        "forecast_value": 1e308,
        "forecast_low": 1e308,
        "note": "目标年已达到目标",
    }
    progress.forecast_high = float("inf")
    with pytest.raises(ValueError, match="非有限数"):
        store.progress_json(progress)
