"""Import and export of plans in the extraction format."""

from __future__ import annotations

import copy

import pytest

from kechuang.observations.models import Observation, ObservationRevision
from kechuang.plans.models import Indicator, Plan, Target, Task
from kechuang.plans.transfer import PlanImportError, export_plan, import_plan
from tests.conftest import gold_files, load_gold

pytestmark = pytest.mark.django_db

GOLDS = gold_files()


def _strip_extras(data: dict) -> dict:
    out = copy.deepcopy(data)
    for ind in out["indicators"]:
        ind.pop("catalog", None)
    return out


@pytest.mark.skipif(not GOLDS, reason="../shared/gold is not beside the repository")
@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_gold_plan_round_trips_losslessly(shanghai, gold_path):
    gold = load_gold(gold_path)

    plan = import_plan(gold)
    exported = export_plan(plan)

    assert _strip_extras(exported) == gold


@pytest.mark.skipif(not GOLDS, reason="../shared/gold is not beside the repository")
def test_import_places_plan_in_the_area_the_document_names(shanghai):
    gold = load_gold(GOLDS[1])

    plan = import_plan(gold)

    assert plan.area == shanghai[gold["document"]["region"] == "松江区" and "songjiang" or "jinshan"]
    assert plan.indicators.filter(role="goal").count() == len(gold["indicators"])
    assert plan.indicators.filter(role="series").count() == len(gold["series"])


def _minimal(**doc) -> dict:
    return {
        "document": {
            "title": "某区科技创新行动方案",
            "region": "金山区",
            "period": {"start": 2024, "end": 2026},
            **doc,
        },
        "indicators": [
            {
                "name": "高新技术企业数量",
                "unit": "家",
                "baseline": {"year": 2023, "value": 900},
                "targets": [
                    {"year": 2026, "value": 1200, "comparator": ">=", "kind": "level", "text": "1200"}
                ],
                "actuals": [{"year": 2023, "value": 910}],
            }
        ],
        "series": [{"name": "研发投入强度", "unit": "%", "points": [{"year": 2022, "value": 3.1}]}],
        "tasks": [
            {
                "code": "1",
                "goal": "建设孵化器",
                "title": None,
                "owners": ["区科委", "朱泾镇"],
                "deadline": 2026,
            }
        ],
    }


def test_actuals_and_series_become_plan_document_observations_with_history(shanghai):
    plan = import_plan(_minimal())

    observations = Observation.objects.filter(indicator__plan=plan).order_by("year")
    assert [(o.year, o.value, o.source) for o in observations] == [
        (2022, 3.1, "plan_document"),
        (2023, 910.0, "plan_document"),
    ]
    assert ObservationRevision.objects.filter(observation__in=observations, action="create").count() == 2


def test_import_maps_indicators_to_the_catalogue(shanghai):
    plan = import_plan(_minimal())

    indicator = plan.indicators.get(name="高新技术企业数量")
    assert indicator.catalog is not None
    assert "高新技术企业" in indicator.catalog.name_zh


def test_same_plan_twice_is_refused_and_nothing_is_duplicated(shanghai):
    import_plan(_minimal())

    with pytest.raises(PlanImportError, match="已存在"):
        import_plan(_minimal())

    assert Plan.objects.count() == 1
    assert Indicator.objects.count() == 2


def test_replace_rebuilds_the_plan_in_place(shanghai):
    first = import_plan(_minimal())
    changed = _minimal()
    changed["indicators"][0]["targets"][0]["value"] = 1500

    second = import_plan(changed, replace=True)

    assert second.pk == first.pk
    assert list(Target.objects.values_list("value", flat=True)) == [1500.0]
    assert Task.objects.count() == 1


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["indicators"][0]["targets"][0].update(comparator="≥≥"),
            "indicators[0].targets[0].comparator",
        ),
        (lambda d: d["indicators"][0]["targets"][0].update(value="一千"), "indicators[0].targets[0].value"),
        (lambda d: d["indicators"][0]["targets"][0].update(year=3025), "年份 3025 超出合理范围"),
        (lambda d: d["indicators"][0].pop("name"), "indicators[0].name：不能为空"),
        (lambda d: d["document"].pop("title"), "document.title：不能为空"),
        (lambda d: d["document"].update(region="火星区"), "地区“火星区”不存在"),
        (lambda d: d["series"][0]["points"][0].update(value=None), "series[0].points[0].value"),
        (lambda d: d["tasks"][0].update(owners="区科委"), "tasks[0].owners：应为数组"),
        (lambda d: d["document"]["period"].update(end=2020), "终止年 2020 早于起始年 2024"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(shanghai, mutate, message):
    data = _minimal()
    mutate(data)

    with pytest.raises(PlanImportError) as excinfo:
        import_plan(data)

    assert message in str(excinfo.value)
    assert Plan.objects.count() == 0
    assert Observation.objects.count() == 0


def test_failure_late_in_the_file_rolls_back_everything(shanghai):
    data = _minimal()
    data["tasks"].append({"code": "2", "goal": "", "title": "", "owners": []})

    with pytest.raises(PlanImportError, match=r"tasks\[1\]\.goal"):
        import_plan(data)

    assert (Plan.objects.count(), Indicator.objects.count(), Task.objects.count()) == (0, 0, 0)
