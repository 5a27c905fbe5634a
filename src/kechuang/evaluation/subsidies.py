"""Subsidy rules per district and year, and the payment list computed from a confirmed run.

How a carrier's amount is found (amounts in 万元, kept to the yuan):
1. 评级补助: the amount the rules give for the carrier's effective rating × kind × level
   (kind and level as the registry has them when the list is computed).
2. 区级配套: the municipal amount the city granted the carrier (entered with the rules) × the
   district's matching ratio (1 = 1:1).
3. 一次性奖励: when the carrier's level was raised to national (or municipal) during the run's year,
   as the registry's audit trail records the change of 级别 (a carrier registered at that level
   from the start is not a recognition).
4. 每个载体年度上限: the sum of 1–3 is cut to the cap; the cut is shown on the line.
5. 全区年度总额上限: when the capped amounts add up to more, every carrier's amount is multiplied by
   the same factor (cap ÷ total) and rounded down to the yuan, so the total never exceeds the cap;
   each line shows what it lost.
A list is computed as a new version each time (after an appeal, say) and is final once approved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from kechuang.evaluation.appeals import can_decide, effective_results
from kechuang.evaluation.models import (
    EvaluationRun,
    PaymentLine,
    PaymentList,
    PaymentStatus,
    RunStatus,
    SubsidyRules,
)
from kechuang.evaluation.units import parse_unit_key
from kechuang.registry.models import Carrier, CarrierKind, CarrierLevel
from kechuang.tenancy.access import administered_area_ids, can_see_area
from kechuang.tenancy.domain.audit import RuleError, diff, record_audit, snapshot
from kechuang.tenancy.models import Area, AuditEntry

YUAN = Decimal("0.0001")  # 万元 to the yuan
MAX_AMOUNT = Decimal("100000000")
RULE_FIELDS = [
    "amounts",
    "carrier_cap",
    "total_cap",
    "matching_ratio",
    "municipal",
    "national_award",
    "municipal_award",
]
FIELD_LABELS = {
    "year": "年度",
    "amounts": "补助标准",
    "carrier_cap": "每个载体年度上限",
    "total_cap": "全区年度总额上限",
    "matching_ratio": "区级配套比例",
    "municipal": "市级资助金额",
    "national_award": "一次性奖励：认定为国家级",
    "municipal_award": "一次性奖励：认定为市级",
}
AWARD_EVENTS = {
    "national": ("national_award", "认定为国家级"),
    "municipal": ("municipal_award", "认定为市级"),
}


class SubsidyRulesError(RuleError):
    """Rules that cannot be saved: ``errors`` maps each field to its Chinese messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(
            "；".join(f"{FIELD_LABELS.get(k, k)}：{m}" for k, msgs in errors.items() for m in msgs)
        )


def wan(value: Decimal | int | float | str | None) -> str:
    """An amount as people write it: 50, 12.5, 0.3333 (no trailing zeros, never 5E+1)."""
    if value in (None, ""):
        return "0"
    d = Decimal(str(value)).quantize(YUAN)
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def ratio_text(ratio: Decimal) -> str:
    return f"1:{wan(ratio)}"


# --- parsing the rules form ----------------------------------------------------------------------

_LINE = re.compile(r"^(?P<head>.*?)[\s:：,，=]*(?P<amount>[-+]?\d+(?:\.\d+)?)\s*(?:万元|万)?$")
_SPLIT = re.compile(r"[\s×xX*，,、/]+")


def _label_lookup(choices: type) -> dict[str, str]:
    out = {}
    for value, label in choices.choices:
        out[str(label)] = value
        out[value] = value
    return out


KIND_BY_LABEL = _label_lookup(CarrierKind)
LEVEL_BY_LABEL = _label_lookup(CarrierLevel)


def _amount(raw: object, label: str, errors: list[str], *, ratio: bool = False) -> Decimal | None:
    text = str(raw if raw is not None else "").strip().removesuffix("万元").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(f"“{raw}”不是数字")
        return None
    if not value.is_finite() or value < 0:
        errors.append(f"不能为负数（{raw}）" if value.is_finite() else f"“{raw}”不是数字")
        return None
    if value > (Decimal(100) if ratio else MAX_AMOUNT):
        errors.append(f"数值过大（{raw}）")
        return None
    return value


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(str(text or "").splitlines(), 1) if line.strip()]


def parse_amounts(text: str, errors: list[str]) -> list[dict[str, str]]:
    """“优秀 孵化器 国家级 50” per line → rating × kind × level → amount (万元)."""
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    kinds, levels = "、".join(CarrierKind.labels), "、".join(CarrierLevel.labels)
    for n, line in _lines(text):
        m = _LINE.match(line)
        parts = [p for p in _SPLIT.split(m.group("head")) if p] if m else []
        if not m or len(parts) != 3:
            errors.append(f"第 {n} 行：应写作“评级 载体类型 级别 金额”，如“优秀 孵化器 国家级 50”")
            continue
        rating, kind_label, level_label = parts
        kind, level = KIND_BY_LABEL.get(kind_label), LEVEL_BY_LABEL.get(level_label)
        if kind is None:
            errors.append(f"第 {n} 行：载体类型“{kind_label}”无效，可选：{kinds}")
        if level is None:
            errors.append(f"第 {n} 行：级别“{level_label}”无效，可选：{levels}")
        problems: list[str] = []
        amount = _amount(m.group("amount"), "", problems)
        errors.extend(f"第 {n} 行：金额{p}" for p in problems)
        if kind is None or level is None or amount is None:
            continue
        if (rating, kind, level) in seen:
            errors.append(f"第 {n} 行：“{rating} × {kind_label} × {level_label}”重复")
            continue
        seen.add((rating, kind, level))
        rows.append({"rating": rating, "kind": kind, "level": level, "amount": wan(amount)})
    return rows


def parse_municipal(text: str, district: Area, errors: list[str]) -> list[dict[str, Any]]:
    """“载体名称 30” per line: the city's grant to a carrier of the district, which the district matches."""
    carriers = {c.name: c for c in Carrier.objects.filter(area_id__in=district.descendant_ids())}
    rows: list[dict[str, Any]] = []
    seen: set[int] = set()
    for n, line in _lines(text):
        m = _LINE.match(line)
        name = m.group("head").strip() if m else ""
        if not m or not name:
            errors.append(f"第 {n} 行：应写作“载体名称 金额”，如“湾区科创孵化中心 30”")
            continue
        carrier = carriers.get(name)
        if carrier is None:
            errors.append(f"第 {n} 行：本区没有名为“{name}”的载体")
            continue
        problems: list[str] = []
        amount = _amount(m.group("amount"), "", problems)
        errors.extend(f"第 {n} 行：金额{p}" for p in problems)
        if amount is None:
            continue
        if carrier.pk in seen:
            errors.append(f"第 {n} 行：载体“{name}”重复")
            continue
        seen.add(carrier.pk)
        rows.append({"carrier_id": carrier.pk, "name": carrier.name, "amount": wan(amount)})
    return rows


def parse_rules(district: Area, data: Mapping[str, object]) -> dict[str, Any]:
    """The rules form's values checked; ``SubsidyRulesError`` with every problem by field."""
    errors: dict[str, list[str]] = {}

    def field(name: str) -> list[str]:
        return errors.setdefault(name, [])

    parsed: dict[str, Any] = {
        "amounts": parse_amounts(str(data.get("amounts") or ""), field("amounts")),
        "municipal": parse_municipal(str(data.get("municipal") or ""), district, field("municipal")),
    }
    for name in ("carrier_cap", "total_cap", "national_award", "municipal_award"):
        parsed[name] = _amount(data.get(name), FIELD_LABELS[name], field(name))
    parsed["matching_ratio"] = _amount(data.get("matching_ratio"), "", field("matching_ratio"), ratio=True)
    if parsed["municipal"] and parsed["matching_ratio"] is None:
        field("matching_ratio").append("填写了市级资助金额时须填写配套比例（1 表示 1:1）")
    if parsed["carrier_cap"] == 0:
        field("carrier_cap").append("上限不能为 0；不设上限请留空")
    if parsed["total_cap"] == 0:
        field("total_cap").append("上限不能为 0；不设上限请留空")
    errors = {k: v for k, v in errors.items() if v}
    if errors:
        raise SubsidyRulesError(errors)
    return parsed


def check_year(raw: object) -> int:
    try:
        year = int(str(raw).strip())
    except (TypeError, ValueError):
        raise SubsidyRulesError({"year": [f"“{raw}”不是年份"]}) from None
    if not 2000 <= year <= 2100:
        raise SubsidyRulesError({"year": [f"{year} 不在 2000 至 2100 年之间"]})
    return year


def rules_for(district: Area, year: int) -> SubsidyRules | None:
    return SubsidyRules.objects.filter(area=district, year=year).first()


def save_rules(
    district: Area, year: object, data: Mapping[str, object], *, acting_user: object | None
) -> tuple[SubsidyRules, bool]:
    """Validate and store a district's rules for a year; (rules, changed). Nothing saved on error."""
    year = check_year(year)
    parsed = parse_rules(district, data)
    with transaction.atomic():
        rules = SubsidyRules.objects.select_for_update().filter(area=district, year=year).first()
        created = rules is None
        if created:
            rules = SubsidyRules(area=district, year=year)
            before: dict[str, object] = {}
        else:
            before = _readable(rules)
        for name, value in parsed.items():
            setattr(rules, name, value)
        changes = diff(before, _readable(rules))
        if not created and not changes:
            return rules, False
        rules.updated_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        rules.save()
        record_audit(
            acting_user=acting_user, action="create" if created else "update", obj=rules, changes=changes
        )
    return rules, True


def _readable(rules: SubsidyRules) -> dict[str, object]:
    """The rules as the audit trail shows them: the form's own text, never stored codes."""
    text = rules_form_values(rules)
    return {name: text.get(name) or None for name in RULE_FIELDS}


def rules_form_values(rules: SubsidyRules | None) -> dict[str, str]:
    """The stored rules as the form shows them (the same text ``parse_rules`` reads)."""
    if rules is None:
        return {}
    kinds, levels = dict(CarrierKind.choices), dict(CarrierLevel.choices)
    return {
        "amounts": "\n".join(
            f"{r['rating']} {kinds.get(r['kind'], r['kind'])} {levels.get(r['level'], r['level'])} {r['amount']}"
            for r in rules.amounts
        ),
        "municipal": "\n".join(f"{r['name']} {r['amount']}" for r in rules.municipal),
        **{
            name: wan(getattr(rules, name)) if getattr(rules, name) is not None else ""
            for name in ("carrier_cap", "total_cap", "national_award", "municipal_award")
        },
        "matching_ratio": wan(rules.matching_ratio) if rules.matching_ratio is not None else "",
    }


def rules_summary(rules: SubsidyRules) -> dict[str, Any]:
    """The rules as a payment list keeps them (what it was computed with)."""
    return {
        "year": rules.year,
        **{k: (wan(v) if isinstance(v, Decimal) else v) for k, v in snapshot(rules, RULE_FIELDS).items()},
    }


# --- registry events -----------------------------------------------------------------------------


def level_events(carrier_ids: list[int], year: int) -> dict[int, list[str]]:
    """Carrier id → levels it was raised to during ``year`` (``national``, ``municipal``).

    Read from the audit trail of carrier records: an update whose 级别 changed to that level,
    dated within the year. Registering a carrier at a level is not a recognition.
    """
    found: dict[int, list[str]] = {}
    entries = AuditEntry.objects.filter(
        model="registry.carrier",
        action="update",
        object_id__in=[str(pk) for pk in carrier_ids],
        at__year=year,
    ).order_by("at", "pk")
    for entry in entries:
        pair = (entry.changes or {}).get("level")
        if not isinstance(pair, list) or len(pair) != 2 or pair[0] == pair[1]:
            continue
        if pair[1] in AWARD_EVENTS:
            events = found.setdefault(int(entry.object_id), [])
            if pair[1] not in events:
                events.append(pair[1])
    return found


# --- computing -----------------------------------------------------------------------------------


def district_of(run: EvaluationRun) -> Area:
    return run.area.district() or run.area


def compute_lines(run: EvaluationRun, rules: SubsidyRules) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One line per carrier of the run (effective results) with each amount and its rule; totals."""
    results = [
        r for r in effective_results(run) if (parse_unit_key(r.get("unit", "")) or (None,))[0] == "carrier"
    ]
    ids = [parse_unit_key(r["unit"]).pk for r in results]
    carriers = Carrier.objects.in_bulk(ids)
    events = level_events(ids, run.year)
    table = {(a["rating"], a["kind"], a["level"]): Decimal(a["amount"]) for a in rules.amounts}
    municipal = {m["carrier_id"]: Decimal(m["amount"]) for m in rules.municipal}
    cap, total_cap, ratio = rules.carrier_cap, rules.total_cap, rules.matching_ratio
    lines: list[dict[str, Any]] = []
    for r in results:
        pk = parse_unit_key(r["unit"]).pk
        carrier = carriers.get(pk)
        name = (run.units.get(r["unit"]) or {}).get("name") or (carrier.name if carrier else r["unit"])
        rating = r.get("rating") or ""
        line: dict[str, Any] = {
            "unit": r["unit"],
            "carrier": carrier,
            "name": name,
            "kind_label": carrier.get_kind_display() if carrier else "",
            "level_label": carrier.get_level_display() if carrier else "",
            "rating": rating,
            "adjusted": bool(r.get("adjusted")),
            "rating_amount": Decimal(0),
            "matching_amount": Decimal(0),
            "award_amount": Decimal(0),
            "cap_cut": Decimal(0),
            "scale_cut": Decimal(0),
            "basis": [],
        }
        if carrier is not None and rating:
            key = (rating, carrier.kind, carrier.level)
            what = f"{rating} × {line['kind_label']} × {line['level_label']}"
            if key in table:
                line["rating_amount"] = table[key]
                line["basis"].append(f"{what}：{wan(table[key])} 万元")
            else:
                line["basis"].append(f"{what}：无补助标准")
        if r.get("adjusted"):
            line["basis"].append(f"评级{r.get('note', '经申诉调整')}")
        if pk in municipal and ratio is not None:
            amount = (municipal[pk] * ratio).quantize(YUAN, rounding=ROUND_DOWN)
            line["matching_amount"] = amount
            line["basis"].append(
                f"区级配套 {ratio_text(ratio)}（市级资助 {wan(municipal[pk])} 万元）：{wan(amount)} 万元"
            )
        for event in events.get(pk, []):
            field, words = AWARD_EVENTS[event]
            amount = getattr(rules, field)
            if amount:
                line["award_amount"] += amount
                line["basis"].append(f"一次性奖励：{words}（{run.year}年）：{wan(amount)} 万元")
        subtotal = line["rating_amount"] + line["matching_amount"] + line["award_amount"]
        if cap is not None and subtotal > cap:
            line["cap_cut"] = subtotal - cap
            line["basis"].append(f"每个载体年度上限 {wan(cap)} 万元：核减 {wan(line['cap_cut'])} 万元")
        line["amount"] = subtotal - line["cap_cut"]
        lines.append(line)
    before_cap = sum((x["amount"] for x in lines), Decimal(0))
    scale = None
    if total_cap is not None and before_cap > total_cap:
        scale = total_cap / before_cap
        for x in lines:
            scaled = (x["amount"] * scale).quantize(YUAN, rounding=ROUND_DOWN)
            x["scale_cut"] = x["amount"] - scaled
            if x["scale_cut"]:
                x["basis"].append(
                    f"全区年度总额上限 {wan(total_cap)} 万元，按同一比例缩减：核减 {wan(x['scale_cut'])} 万元"
                )
            x["amount"] = scaled
    total = sum((x["amount"] for x in lines), Decimal(0))
    for x in lines:
        if not x["amount"] and not x["basis"]:
            x["basis"].append("无补助")
    totals = {
        "total": total,
        "total_before_cap": before_cap,
        "scale": scale.quantize(Decimal("0.0000000001"), rounding=ROUND_DOWN) if scale is not None else None,
        "rating_amount": sum((x["rating_amount"] for x in lines), Decimal(0)),
        "matching_amount": sum((x["matching_amount"] for x in lines), Decimal(0)),
        "award_amount": sum((x["award_amount"] for x in lines), Decimal(0)),
        "cap_cut": sum((x["cap_cut"] for x in lines), Decimal(0)),
        "scale_cut": sum((x["scale_cut"] for x in lines), Decimal(0)),
    }
    return lines, totals


def compute_payment_list(run: EvaluationRun, *, acting_user: object | None) -> PaymentList:
    """A new version of the run's payment list (draft) from its effective results and the rules."""
    if acting_user is not None and not can_decide(acting_user, run):
        raise PermissionDenied("只有区科委（本区管理员）可以计算支付清单")
    if run.status != RunStatus.CONFIRMED:
        raise RuleError("该次评价尚未确认，不能计算支付清单")
    district = district_of(run)
    rules = rules_for(district, run.year)
    if rules is None:
        raise RuleError(f"{district.name}尚未设置{run.year}年补助规则，请先设置补助规则")
    lines, totals = compute_lines(run, rules)
    with transaction.atomic():
        EvaluationRun.objects.select_for_update().filter(pk=run.pk).first()
        last = PaymentList.objects.filter(run=run).aggregate(v=Max("version"))["v"] or 0
        payment_list = PaymentList.objects.create(
            run=run,
            area=district,
            year=run.year,
            version=last + 1,
            rules=rules_summary(rules),
            total=totals["total"],
            total_before_cap=totals["total_before_cap"],
            scale=totals["scale"],
            note=(
                f"超过全区年度总额上限 {wan(rules.total_cap)} 万元：各载体按同一比例缩减"
                if totals["scale"] is not None
                else ""
            ),
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        PaymentLine.objects.bulk_create(
            PaymentLine(
                payment_list=payment_list,
                position=n,
                unit=x["unit"],
                carrier=x["carrier"],
                name=x["name"][:200],
                kind_label=x["kind_label"],
                level_label=x["level_label"],
                rating=x["rating"],
                adjusted=x["adjusted"],
                rating_amount=x["rating_amount"],
                matching_amount=x["matching_amount"],
                award_amount=x["award_amount"],
                cap_cut=x["cap_cut"],
                scale_cut=x["scale_cut"],
                amount=x["amount"],
                basis=x["basis"],
            )
            for n, x in enumerate(lines, 1)
        )
        record_audit(
            acting_user=acting_user,
            action="compute",
            obj=payment_list,
            changes={"version": [None, payment_list.version], "total": [None, wan(payment_list.total)]},
        )
    return payment_list


def approve_payment_list(payment_list: PaymentList, *, acting_user: object) -> PaymentList:
    """The district approves the latest version; from then on it is final."""
    if not can_decide(acting_user, payment_list.run):
        raise PermissionDenied("只有区科委（本区管理员）可以审批支付清单")
    with transaction.atomic():
        locked = PaymentList.objects.select_for_update().get(pk=payment_list.pk)
        if locked.approved:
            raise RuleError("该支付清单已审批，不能再次审批")
        latest = PaymentList.objects.filter(run_id=locked.run_id).aggregate(v=Max("version"))["v"]
        if locked.version != latest:
            raise RuleError(f"已有更新的第 {latest} 版，只能审批最新版本")
        locked.status = PaymentStatus.APPROVED
        locked.approved_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        locked.approved_at = timezone.now()
        locked.save()
        record_audit(
            acting_user=acting_user,
            action="approve",
            obj=locked,
            changes={"status": [PaymentStatus.DRAFT, PaymentStatus.APPROVED], "total": wan(locked.total)},
        )
    payment_list.refresh_from_db()
    return payment_list


def latest_approved(run: EvaluationRun) -> PaymentList | None:
    return PaymentList.objects.filter(run=run, status=PaymentStatus.APPROVED).order_by("-version").first()


# --- who sees ------------------------------------------------------------------------------------


def can_see_payments(user: object, run: EvaluationRun) -> bool:
    """Those who may read the run's district see its payment lists; only the district changes them."""
    return getattr(user, "is_authenticated", False) and can_see_area(user, run.area)


def get_run_for_payments(user: object, pk: int) -> EvaluationRun:
    run = EvaluationRun.objects.select_related("area", "scheme").filter(pk=pk).first()
    if run is None or not can_see_payments(user, run):
        raise Http404("评价不存在或无权访问")
    return run


def get_payment_list_for_user(user: object, pk: int) -> PaymentList:
    pl = PaymentList.objects.select_related("run", "run__area", "run__scheme", "area").filter(pk=pk).first()
    if pl is None or not can_see_payments(user, pl.run):
        raise Http404("支付清单不存在或无权访问")
    return pl


def get_district_for_rules(user: object, pk: int) -> Area:
    """A district the user administers, else 404."""
    from kechuang.tenancy.models import AreaKind

    district = Area.objects.filter(pk=pk, kind=AreaKind.DISTRICT).first()
    ids = administered_area_ids(user)
    if (
        district is None
        or not getattr(user, "is_authenticated", False)
        or (ids is not None and district.pk not in ids)
    ):
        raise Http404("该区不存在或无权访问")
    return district
