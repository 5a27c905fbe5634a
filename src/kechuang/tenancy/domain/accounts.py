"""Accounts an installation starts with, and accounts an administrator locks or unlocks."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from kechuang.tenancy.domain.audit import RuleError, record_audit
from kechuang.tenancy.models import Area, Membership, Role


@dataclass(frozen=True)
class FirstAdmin:
    user: object
    created: bool


def create_first_admin(*, username: str, email: str, password: str, area: Area, full_name: str = "") -> FirstAdmin:
    """The installation's first administrator: may use the admin pages, and is district admin of ``area``.

    Why: a fresh install has no account at all; `kechuang setup` makes this one. Run again with
    the same user name it keeps the account (and its password) and only adds the membership.
    Raises :class:`RuleError` with a Chinese reason for a bad name, address or weak password.
    """
    username = (username or "").strip()
    if not username:
        raise RuleError("管理员用户名不能为空")
    try:
        validate_email(email)
    except ValidationError:
        raise RuleError(f"电子邮箱“{email}”格式不正确") from None
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.filter(username=username).first()
        created = user is None
        if created:
            candidate = user_model(username=username, email=email, first_name=full_name)
            try:
                validate_password(password, candidate)
            except ValidationError as exc:
                raise RuleError("密码不符合要求：" + "；".join(exc.messages)) from None
            user = user_model.objects.create_superuser(username, email, password, first_name=full_name)
            record_audit(
                acting_user=None,
                action="create",
                obj=user,
                area=area,
                changes={"username": [None, username], "email": [None, email]},
            )
        membership, new_membership = Membership.objects.get_or_create(
            user=user, role=Role.DISTRICT_ADMIN, area=area
        )
        if new_membership:
            record_audit(
                acting_user=None,
                action="create",
                obj=membership,
                changes={"role": [None, Role.DISTRICT_ADMIN], "area": [None, area.pk]},
            )
    return FirstAdmin(user=user, created=created)
