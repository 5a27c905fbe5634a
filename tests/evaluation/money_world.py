"""A small district with three carriers, a confirmed carrier run and a town run, known by hand.

金山区 → 朱泾镇 (甲孵化器 national incubator, 乙孵化器 municipal → raised to national this year,
丙众创空间 district maker space) and 枫泾镇. One indicator ``x`` scored min-max:
甲 100 → 100 优秀 (rank 1), 乙 70 → 70 良好 (rank 2), 丙 0 → 0 合格 (rank 3).
"""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from kechuang.evaluation.domain import confirm_run, import_scheme, run_scheme
from kechuang.registry.domain import save_carrier
from kechuang.tenancy.models import Membership, Role

SCHEME = {
    "name": "孵化载体绩效评价",
    "normalisation": "minmax",
    "pillars": [{"name": "孵化成效", "indicators": [{"code": "x", "name": "综合指标"}]}],
    "ratings": {
        "cutoffs": [{"label": "优秀", "min_score": 80}, {"label": "良好", "min_score": 60}],
        "otherwise": "合格",
    },
}
TOWN_SCHEME = {**SCHEME, "name": "街镇园区考核"}


def build(shanghai: dict, django_user_model, *, confirm: bool = True) -> SimpleNamespace:
    district, town = shanghai["jinshan"], shanghai["town"]
    from kechuang.tenancy.models import Area

    other_town = Area.objects.create(code="310116002", name="枫泾镇", kind="town", parent=district)
    year = timezone.localdate().year
    a, _ = save_carrier(acting_user=None, name="甲孵化器", kind="incubator", level="national", area=town)
    b, _ = save_carrier(acting_user=None, name="乙孵化器", kind="incubator", level="municipal", area=town)
    c, _ = save_carrier(acting_user=None, name="丙众创空间", kind="maker_space", level="district", area=town)
    save_carrier(acting_user=None, carrier=b, level="national")  # recognised as national this year

    def user(name: str, role: str | None, area=None, carrier=None) -> object:
        u = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
        if role:
            Membership.objects.create(user=u, role=role, area=area, carrier=carrier)
        return u

    people = SimpleNamespace(
        root=django_user_model.objects.create_superuser("root", "root@example.org", "pw"),
        admin=user("admin", Role.DISTRICT_ADMIN, district),
        admin_other=user("admin_other", Role.DISTRICT_ADMIN, shanghai["songjiang"]),
        liaison=user("liaison", Role.LIAISON, town),
        liaison_other=user("liaison_other", Role.LIAISON, other_town),
        viewer=user("viewer", Role.VIEWER, district),
        op_a=user("op_a", Role.CARRIER_OPERATOR, town, a),
        op_b=user("op_b", Role.CARRIER_OPERATOR, town, b),
        op_c=user("op_c", Role.CARRIER_OPERATOR, town, c),
    )
    scheme = import_scheme(SCHEME, area=district)
    units = {
        f"carrier:{x.pk}": {"kind": "carrier", "id": x.pk, "name": x.name, "area_id": town.pk}
        for x in (a, b, c)
    }
    values = {f"carrier:{a.pk}": {"x": 100}, f"carrier:{b.pk}": {"x": 70}, f"carrier:{c.pk}": {"x": 0}}
    run = run_scheme(scheme, values, year=year, units=units)
    if confirm:
        confirm_run(run)
    town_scheme = import_scheme(TOWN_SCHEME, area=district)
    town_units = {
        f"area:{t.pk}": {"kind": "area", "id": t.pk, "name": t.name, "area_id": t.pk}
        for t in (town, other_town)
    }
    town_run = run_scheme(
        town_scheme,
        {f"area:{town.pk}": {"x": 10}, f"area:{other_town.pk}": {"x": 20}},
        year=year,
        units=town_units,
    )
    confirm_run(town_run)
    return SimpleNamespace(
        district=district,
        town=town,
        other_town=other_town,
        a=a,
        b=b,
        c=c,
        ka=f"carrier:{a.pk}",
        kb=f"carrier:{b.pk}",
        kc=f"carrier:{c.pk}",
        run=run,
        town_run=town_run,
        year=year,
        people=people,
    )
