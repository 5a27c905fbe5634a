"""The report workflow in the domain: transitions, who may make them, revisions and figures flowing out."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from kechuang.collection import domain
from kechuang.collection.models import CarrierReport, ReportRevision
from kechuang.observations.models import Observation
from tests.collection.conftest import PERIOD, VALID

pytestmark = pytest.mark.django_db


def _obs(code: str, area: object, period: str = PERIOD) -> float | None:
    row = Observation.objects.filter(catalog__code=code, area=area, period=period).first()
    return row.value if row else None


def test_open_report_starts_one_draft_and_finds_it_again(world, form):
    first, created = domain.open_report(carrier=world["carrier_a"], period="2025-5", form=form)
    again, created_again = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)

    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert first.period == PERIOD
    assert first.status == "draft"


def test_open_report_refuses_a_year_as_period(world, form):
    with pytest.raises(domain.ReportError) as error:
        domain.open_report(carrier=world["carrier_a"], period="2025", form=form)

    assert str(error.value) == "期间“2025”应为月份，例如 2024-05"


def test_unique_constraint_forbids_a_second_report_for_the_month(world, form):
    CarrierReport.objects.create(carrier=world["carrier_a"], form=form, period=PERIOD)

    with pytest.raises(IntegrityError), transaction.atomic():
        CarrierReport.objects.create(carrier=world["carrier_a"], form=form, period=PERIOD)

    assert CarrierReport.objects.filter(carrier=world["carrier_a"]).count() == 1


def test_draft_keeps_partial_values_with_a_revision(world, form):
    report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)

    domain.save_draft(report, values={"tenants": "40", "staff": ""}, acting_user=world["operator_a"])

    report.refresh_from_db()
    assert report.values == {"tenants": 40}
    edit = report.revisions.get()
    assert (edit.action, edit.old_values, edit.new_values, edit.user) == (
        "edit",
        {},
        {"tenants": 40},
        world["operator_a"],
    )


def test_draft_with_nonsense_is_refused_and_not_saved(world, form):
    report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)

    with pytest.raises(domain.ReportValidationError) as error:
        domain.save_draft(report, values={"tenants": "很多"}, acting_user=world["operator_a"])

    report.refresh_from_db()
    assert error.value.errors == {"tenants": "“在孵企业数”应为整数，填写的是“很多”"}
    assert report.values == {}


def test_submit_needs_every_required_field(world, form):
    report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)

    with pytest.raises(domain.ReportValidationError) as error:
        domain.submit_report(report, values={"tenants": 3}, acting_user=world["operator_a"])

    report.refresh_from_db()
    assert error.value.errors["graduates"] == "“当月毕业企业”为必填项"
    assert report.status == "draft"


def test_full_cycle_submit_return_resubmit_approve(world, form, submitted):
    admin = world["district_admin"]
    returned = domain.return_report(submitted, comment="融资额请核对", acting_user=admin)
    domain.save_draft(returned, values={**VALID, "financing": 800}, acting_user=world["operator_b"])
    domain.submit_report(returned, acting_user=world["operator_b"])
    approved = domain.approve_report(returned, acting_user=admin)

    approved.refresh_from_db()
    actions = list(approved.revisions.values_list("action", flat=True))
    assert approved.status == "approved"
    assert approved.values["financing"] == 800
    assert approved.reviewed_by == admin
    assert actions == ["submit", "return", "edit", "submit", "approve"]
    edit = approved.revisions.get(action="edit")
    assert (edit.old_values["financing"], edit.new_values["financing"]) == (1200.5, 800)
    assert approved.revisions.get(action="return").comment == "融资额请核对"


def test_return_needs_a_comment(world, submitted):
    with pytest.raises(domain.ReportValidationError) as error:
        domain.return_report(submitted, comment="  ", acting_user=world["district_admin"])

    submitted.refresh_from_db()
    assert error.value.errors == {"comment": "退回时必须填写退回意见"}
    assert submitted.status == "submitted"


def test_draft_cannot_be_approved(world, form):
    report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)

    with pytest.raises(domain.ReportStateError) as error:
        domain.approve_report(report, acting_user=world["district_admin"])

    assert str(error.value) == "只能审核通过已提交的月报（当前：草稿）"
    assert CarrierReport.objects.get(pk=report.pk).status == "draft"


@pytest.mark.parametrize("persona", ["operator_b", "liaison_x", "viewer_x", "operator_a"])
def test_only_district_administrators_approve(world, submitted, persona):
    with pytest.raises(PermissionDenied):
        domain.approve_report(submitted, acting_user=world[persona])

    assert CarrierReport.objects.get(pk=submitted.pk).status == "submitted"
    assert not Observation.objects.exists()


def test_submitting_twice_is_refused(world, submitted):
    with pytest.raises(domain.ReportStateError) as error:
        domain.submit_report(submitted, values=VALID, acting_user=world["operator_b"])

    assert str(error.value) == "月报已提交，不能重复提交"
    assert submitted.revisions.filter(action="submit").count() == 1


def test_approved_report_is_locked(world, submitted):
    domain.approve_report(submitted, acting_user=world["district_admin"])

    with pytest.raises(domain.ReportStateError):
        domain.save_draft(submitted, values=VALID, acting_user=world["operator_b"])
    with pytest.raises(domain.ReportStateError):
        domain.return_report(submitted, comment="再看看", acting_user=world["district_admin"])

    assert CarrierReport.objects.get(pk=submitted.pk).status == "approved"


def test_approval_flows_figures_to_area_and_ancestors_up_to_district(world, form, submitted):
    from kechuang.plans.models import CatalogIndicator

    # The shipped catalogue may or may not hold the occupancy entry; the flow writes it when it does.
    CatalogIndicator.objects.get_or_create(code="INCUBATOR_OCCUPANCY", defaults={"name_zh": "孵化载体入驻率"})
    domain.approve_report(submitted, acting_user=world["district_admin"])
    a, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)
    domain.submit_report(
        a,
        values={
            **VALID,
            "tenants": 10,
            "graduates": 1,
            "occupancy": 60,
            "new_entries": 1,
            "tech_smes": 2,
            "hnte_tenants": 1,
        },
        acting_user=world["operator_a"],
    )
    domain.approve_report(a, acting_user=world["district_admin"])

    assert _obs("INCUBATOR_TENANTS", world["town_y"]) == 40
    assert _obs("INCUBATOR_TENANTS", world["town_x"]) == 10
    assert _obs("INCUBATOR_TENANTS", world["jinshan"]) == 50
    assert _obs("INCUBATOR_GRADUATES", world["jinshan"]) == 3
    assert _obs("INCUBATOR_OCCUPANCY", world["jinshan"]) == 72.75  # mean of 85.5 and 60
    assert _obs("CARRIERS", world["jinshan"]) == 2
    assert _obs("INCUBATORS", world["jinshan"]) == 1
    assert _obs("MAKER_SPACES", world["town_y"]) == 1
    assert _obs("INCUBATOR_TENANTS", world["city"]) is None  # stops at the district
    assert Observation.objects.filter(source="monthly_report").count() == Observation.objects.count()


def test_by_level_counts_and_occupancy_flow_into_the_catalogue(world, submitted):
    domain.approve_report(submitted, acting_user=world["district_admin"])

    assert _obs("CARRIERS_MUNICIPAL", world["jinshan"]) == 1
    assert _obs("CARRIERS_NATIONAL", world["jinshan"]) is None
    assert _obs("INCUBATOR_OCCUPANCY", world["jinshan"]) == VALID["occupancy"]


def test_correction_after_approval_is_a_revision_and_updates_observations(world, submitted):
    admin = world["district_admin"]
    domain.approve_report(submitted, acting_user=admin)

    domain.correct_approved_report(
        submitted, values={**VALID, "tenants": 45}, reason="载体补报两家企业", acting_user=admin
    )

    submitted.refresh_from_db()
    revision = submitted.revisions.get(action="correct")
    obs = Observation.objects.get(catalog__code="INCUBATOR_TENANTS", area=world["jinshan"], period=PERIOD)
    assert submitted.status == "approved"
    assert (revision.old_values["tenants"], revision.new_values["tenants"]) == (40, 45)
    assert revision.comment == "载体补报两家企业"
    assert revision.user_name == "district"
    assert obs.value == 45
    assert list(obs.revisions.values_list("old_value", "new_value")) == [(40.0, 45.0), (None, 40.0)]


def test_correction_needs_a_reason_and_a_reviewer(world, submitted):
    domain.approve_report(submitted, acting_user=world["district_admin"])

    with pytest.raises(domain.ReportValidationError):
        domain.correct_approved_report(
            submitted, values=VALID, reason="", acting_user=world["district_admin"]
        )
    with pytest.raises(PermissionDenied):
        domain.correct_approved_report(
            submitted, values={**VALID, "tenants": 1}, reason="改", acting_user=world["operator_b"]
        )

    assert CarrierReport.objects.get(pk=submitted.pk).values["tenants"] == 40
    assert not ReportRevision.objects.filter(action="correct").exists()


def test_jump_is_judged_against_last_months_approved_report(world, form, submitted):
    domain.approve_report(submitted, acting_user=world["district_admin"])
    june, _ = domain.open_report(carrier=world["carrier_b"], period="2025-06", form=form)

    with pytest.raises(domain.ReportValidationError) as error:
        domain.submit_report(june, values={**VALID, "tenants": 500}, acting_user=world["operator_b"])

    assert error.value.errors == {
        "tenants": "“在孵企业数”（500）与上月已审核值（40）相比变化超过 10 倍，请核实"
    }


def test_operator_cannot_fill_another_carriers_report(world, form):
    report, _ = domain.open_report(carrier=world["carrier_b"], period=PERIOD, form=form)

    with pytest.raises(PermissionDenied):
        domain.save_draft(report, values={"tenants": 1}, acting_user=world["operator_a"])

    assert CarrierReport.objects.get(pk=report.pk).values == {}


def test_missing_reports_lists_carriers_without_a_filed_report(world, form, submitted):
    domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)  # a draft is not filed

    district = list(domain.missing_reports(world["jinshan"], PERIOD, form=form))
    town_y = list(domain.missing_reports(world["town_y"], PERIOD, form=form))

    assert district == [world["carrier_a"]]
    assert town_y == []


def test_deadline_and_reporting_period():
    import datetime as dt

    from kechuang.collection.models import ReportForm

    form = ReportForm(deadline_day=10)

    assert domain.deadline_for(form, "2025-12") == dt.date(2026, 1, 10)
    assert domain.reporting_period(dt.date(2026, 1, 5)) == "2025-12"
