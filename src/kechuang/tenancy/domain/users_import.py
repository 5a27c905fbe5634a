"""Accounts in bulk from a table (name, login, e-mail, role, area or carrier): all rows checked, then all written.

Why: a district starts with dozens of liaisons, viewers and carrier operators; typing
each into the admin is slow and error-prone. New accounts get a random password nobody
sees and an e-mail with a link to set their own (``accounts.send_welcome``). A login
already present keeps its password; the row only adds the role if it is missing.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from kechuang.tenancy.domain.accounts import send_welcome
from kechuang.tenancy.domain.areas import AreaNotFound, find_area
from kechuang.tenancy.domain.audit import record_audit
from kechuang.tenancy.models import Area, Membership, Role

HEADERS = {
    "name": "name",
    "姓名": "name",
    "login": "login",
    "username": "login",
    "用户名": "login",
    "登录名": "login",
    "email": "email",
    "e-mail": "email",
    "电子邮箱": "email",
    "邮箱": "email",
    "role": "role",
    "角色": "role",
    "area": "area",
    "地区": "area",
    "地区代码": "area",
    "carrier": "carrier",
    "载体": "carrier",
}
REQUIRED = ("name", "login", "email", "role")
ROLE_BY_LABEL = {label: value for value, label in Role.choices} | {value: value for value, _ in Role.choices}
ROLE_NAMES = "、".join(label for _, label in Role.choices)
MAX_ROWS = 5_000
MAX_ERRORS = 50
LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.+-_")

CarrierLookup = Callable[[str], object | None]


def find_carrier(ref: str) -> object | None:
    """A carrier by number or by its name when no other carrier shares it (through the membership's link)."""
    carriers = Membership._meta.get_field("carrier").related_model._default_manager.select_related("area")
    if ref.isdigit():
        found = carriers.filter(pk=int(ref)).first()
        if found is not None:
            return found
    named = list(carriers.filter(name=ref)[:2])
    return named[0] if len(named) == 1 else None


class UserImportError(ValueError):
    """The file was refused; ``errors`` are row-numbered Chinese messages. Nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class UserRow:
    line: int
    name: str
    login: str
    email: str
    role: str
    area: str
    carrier: str


@dataclass
class UserImportResult:
    created: list[str] = field(default_factory=list)
    roles_added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"新增账号 {len(self.created)} 个（已发送设置密码邮件），"
            f"已有账号新增角色 {len(self.roles_added)} 个，未变 {len(self.unchanged)} 个"
        )


def _text(value: object, *, as_written: bool = False) -> str:
    """A cell as text; codes and labels folded to half-width (NFKC), names kept as written (（新）)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text if as_written else unicodedata.normalize("NFKC", text).strip()


def user_rows_from_table(table: Sequence[tuple[int, Sequence[object]]]) -> list[UserRow]:
    """Rows of a user table; the first non-blank row is the header (姓名、用户名、电子邮箱、角色、地区、载体)."""
    table = [(n, values) for n, values in table if any(_text(v) for v in values)]
    if not table:
        raise UserImportError(["文件为空：第一行应为表头 姓名,用户名,电子邮箱,角色,地区,载体"])
    header_line, header = table[0]
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = HEADERS.get(_text(cell).lower())
        if key is not None and key not in columns:
            columns[key] = position
    missing = [k for k in REQUIRED if k not in columns] or (
        [] if {"area", "carrier"} & set(columns) else ["地区"]
    )
    if missing:
        raise UserImportError(
            [
                f"第 {header_line} 行：表头应为 姓名,用户名,电子邮箱,角色,地区,载体（缺少 {'、'.join(missing)}）"
            ]
        )
    if len(table) - 1 > MAX_ROWS:
        raise UserImportError([f"文件超过 {MAX_ROWS} 行上限，请拆分后导入"])

    def cell(values: Sequence[object], key: str) -> str:
        position = columns.get(key)
        if position is None or position >= len(values):
            return ""
        return _text(values[position], as_written=key in ("name", "carrier"))

    return [
        UserRow(
            n,
            cell(v, "name"),
            cell(v, "login"),
            cell(v, "email"),
            cell(v, "role"),
            cell(v, "area"),
            cell(v, "carrier"),
        )
        for n, v in table[1:]
    ]


@dataclass
class _Checked:
    row: UserRow
    role: str
    area: Area
    carrier: object | None


def _check(
    rows: Sequence[UserRow],
    *,
    carrier_lookup: CarrierLookup = find_carrier,
    allowed_area_ids: set[int] | None,
) -> list[_Checked]:
    errors: list[str] = []
    checked: list[_Checked] = []
    user_model = get_user_model()
    logins: dict[str, int] = {}
    emails: dict[str, int] = {}
    areas = {a.code: a for a in Area.objects.filter(code__in={r.area for r in rows if r.area})}
    for row in rows:
        where = f"第 {row.line} 行"
        problems: list[str] = []
        if not row.name:
            problems.append("姓名不能为空")
        if not row.login:
            problems.append("用户名不能为空")
        elif not set(row.login) <= LOGIN_CHARS or len(row.login) > 150:
            problems.append(f"用户名“{row.login}”只能包含英文字母、数字和 @.+-_")
        elif row.login.lower() in logins:
            problems.append(f"用户名“{row.login}”与第 {logins[row.login.lower()]} 行重复")
        else:
            logins[row.login.lower()] = row.line
        try:
            validate_email(row.email)
        except ValidationError:
            problems.append(f"电子邮箱“{row.email}”格式不正确" if row.email else "电子邮箱不能为空")
        else:
            key = row.email.lower()
            if key in emails:
                problems.append(f"电子邮箱“{row.email}”与第 {emails[key]} 行重复")
            emails.setdefault(key, row.line)
            other = user_model.objects.filter(email__iexact=row.email).exclude(username=row.login).first()
            if other is not None:
                problems.append(f"电子邮箱“{row.email}”已被账号“{other.get_username()}”使用")
        role = ROLE_BY_LABEL.get(row.role)
        if role is None:
            problems.append(f"角色“{row.role}”无法识别，应为{ROLE_NAMES}之一" if row.role else "角色不能为空")
        area, carrier = None, None
        if role == Role.CARRIER_OPERATOR:
            if not row.carrier:
                problems.append("载体运营方须填写载体")
            else:
                carrier = carrier_lookup(row.carrier)
                if carrier is None:
                    problems.append(f"载体“{row.carrier}”不存在或重名，请写载体编号")
                else:
                    area = carrier.area
        elif role is not None:
            if not row.area:
                problems.append("地区不能为空（填写地区代码或名称）")
            elif row.area.isdigit():
                area = areas.get(row.area)
                if area is None:
                    problems.append(f"地区代码“{row.area}”不存在")
            else:  # a name as people write it: a shared one settled by the importer's areas
                try:
                    area = find_area(row.area, within=allowed_area_ids)
                except AreaNotFound as exc:
                    problems.append(str(exc))
        if area is not None and allowed_area_ids is not None and area.pk not in allowed_area_ids:
            problems.append(f"您不能为“{area.name}”创建账号：只能在您管理的地区内")
        if problems:
            errors.extend(f"{where}：{p}" for p in problems)
        elif role is not None and area is not None:
            checked.append(_Checked(row, role, area, carrier))
    if errors:
        more = [f"……另有 {len(errors) - MAX_ERRORS} 处错误"] if len(errors) > MAX_ERRORS else []
        raise UserImportError(errors[:MAX_ERRORS] + more)
    return checked


def check_user_rows(
    rows: Sequence[UserRow],
    *,
    carrier_lookup: CarrierLookup = find_carrier,
    allowed_area_ids: set[int] | None = None,
) -> list[str]:
    """Row-numbered problems of ``rows`` (empty when the import would go through); writes nothing."""
    try:
        _check(rows, carrier_lookup=carrier_lookup, allowed_area_ids=allowed_area_ids)
    except UserImportError as exc:
        return exc.errors
    return []


def import_users(
    rows: Sequence[UserRow],
    *,
    carrier_lookup: CarrierLookup = find_carrier,
    acting_user: object | None = None,
    allowed_area_ids: set[int] | None = None,
) -> UserImportResult:
    """Create the accounts and roles of ``rows`` in one transaction; welcome mail goes out after it commits.

    ``allowed_area_ids``: the areas the importing person administers (``None``: any, for the
    command line and superusers). Raises :class:`UserImportError`.
    """
    user_model = get_user_model()
    result = UserImportResult()
    with transaction.atomic():
        checked = _check(rows, carrier_lookup=carrier_lookup, allowed_area_ids=allowed_area_ids)
        for item in checked:
            row = item.row
            user = user_model.objects.filter(username=row.login).first()
            created = user is None
            if created:
                user = user_model(username=row.login, email=row.email, first_name=row.name)
                user.set_password(secrets.token_urlsafe(24))  # nobody knows it: the e-mail link sets one
                user.save()
                record_audit(
                    acting_user=acting_user,
                    action="create",
                    obj=user,
                    area=item.area,
                    changes={
                        "username": [None, row.login],
                        "email": [None, row.email],
                        "first_name": [None, row.name],
                    },
                )
                transaction.on_commit(lambda user=user: send_welcome(user))
            lookup = {"user": user, "role": item.role, "area": item.area, "carrier": item.carrier}
            membership, new_role = Membership.objects.get_or_create(**lookup)
            if new_role:
                record_audit(
                    acting_user=acting_user,
                    action="create",
                    obj=membership,
                    changes={"role": [None, item.role], "area": [None, item.area.pk]},
                )
            if created:
                result.created.append(row.login)
            elif new_role:
                result.roles_added.append(row.login)
            else:
                result.unchanged.append(row.login)
    return result


def preview_users(
    rows: Sequence[UserRow],
    *,
    carrier_lookup: CarrierLookup = find_carrier,
    allowed_area_ids: set[int] | None = None,
) -> dict[str, list[dict[str, object]]]:
    """What an import would do: ``{"created": [...], "roles_added": [...], "unchanged": [...]}``; writes nothing."""
    checked = _check(rows, carrier_lookup=carrier_lookup, allowed_area_ids=allowed_area_ids)
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=[c.row.login for c in checked])
    }
    out: dict[str, list[dict[str, object]]] = {"created": [], "roles_added": [], "unchanged": []}
    for item in checked:
        user = users.get(item.row.login)
        line = {
            "line": item.row.line,
            "name": item.row.name,
            "login": item.row.login,
            "email": item.row.email,
            "role": Role(item.role).label,
            "where": str(item.carrier) if item.carrier is not None else item.area.name,
        }
        if user is None:
            out["created"].append(line)
        elif Membership.objects.filter(
            user=user, role=item.role, area=item.area, carrier=item.carrier
        ).exists():
            out["unchanged"].append(line)
        else:
            out["roles_added"].append(line)
    return out
