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


def create_first_admin(
    *, username: str, email: str, password: str, area: Area, full_name: str = ""
) -> FirstAdmin:
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


def reset_link(user: object) -> str:
    """The address where ``user`` sets a new password (Django's one-time reset token)."""
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return getattr(settings, "KECHUANG_SITE_URL", "").rstrip("/") + path


def send_welcome(user: object) -> None:
    """Tell a new account holder their user name and where to set their password.

    Sent directly (not through the notification queue, which sits above this layer); a mail
    server that refuses is logged, and the person can ask again on the 忘记密码 page.
    """
    import logging

    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    context = {
        "user": user,
        "link": reset_link(user),
        "site_name": getattr(settings, "KECHUANG_SITE_NAME", "") or "科创规划监测评估平台",
    }
    try:
        send_mail(
            f"【{context['site_name']}】您的账号已开通，请设置密码",
            render_to_string("tenancy/welcome_email.txt", context),
            None,
            [user.email],
        )
    except OSError:
        logging.getLogger(__name__).exception("welcome mail to user %s failed", user.pk)


@transaction.atomic
def set_locked(user: object, *, locked: bool, acting_user: object, area: Area | None = None) -> bool:
    """Lock (``is_active`` off) or unlock an account; returns whether anything changed.

    A locked account's session and API tokens stop working at once: Django's session
    backend and the token check both refuse inactive users. Nobody locks their own account.
    """
    if getattr(acting_user, "pk", None) == user.pk:
        raise RuleError("不能锁定自己的账号")
    if user.is_active != locked:
        return False
    user.is_active = not locked
    user.save(update_fields=["is_active"])
    record_audit(
        acting_user=acting_user,
        action="lock" if locked else "unlock",
        obj=user,
        area=area,
        changes={"is_active": [locked, not locked]},
    )
    return True
