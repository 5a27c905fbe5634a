"""Login with failed attempts slowed down: after 5 failures for a user name from one address in
15 minutes, further attempts are refused until the window passes (passwords stay hashed with
Django's default hasher; nothing here touches them).

The site's login page and the admin's share one counter: a password guessed at ``/admin/login/``
counts against the same name and address as at ``/login/``, so neither is a way around the other.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
# A name tried from many addresses is refused too, at a higher count.
MAX_FAILURES_PER_NAME = 20


def client_ip(request: HttpRequest | None) -> str:
    return (request.META.get("REMOTE_ADDR") or "") if request is not None else ""


def _keys(username: str, ip: str) -> tuple[str, str]:
    name = hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"kechuang:login-fail:{name}:{ip}", f"kechuang:login-fail:{name}"


def is_throttled(username: str, ip: str) -> bool:
    pair, name = _keys(username, ip)
    return cache.get(pair, 0) >= MAX_FAILURES or cache.get(name, 0) >= MAX_FAILURES_PER_NAME


def note_failure(username: str, ip: str) -> None:
    for key in _keys(username, ip):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


def clear_failures(username: str, ip: str) -> None:
    cache.delete_many(list(_keys(username, ip)))


THROTTLED_MESSAGE = "登录失败次数过多，请 15 分钟后再试。"


class _ThrottledLogin:
    """Refuses further attempts once a name has failed too often; counts each failure."""

    def clean(self) -> dict:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        if username and is_throttled(username, ip):
            raise forms.ValidationError(THROTTLED_MESSAGE, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                note_failure(username, ip)
            raise
        clear_failures(username, ip)
        return cleaned


class ThrottledAuthenticationForm(_ThrottledLogin, AuthenticationForm):
    """Django's login form, refusing further attempts once a name has failed too often."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确，请重试。",
    }


class ThrottledAdminAuthenticationForm(_ThrottledLogin, AdminAuthenticationForm):
    """The admin's login form (staff only), throttled with the same counter as the site's."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确，或该账号无权进入管理后台。",
    }


class LoginView(auth_views.LoginView):
    """The site's login page, showing the throttling reason among the form's errors."""

    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"


# Password reset by e-mail: a person asks at most RESET_PER_ADDRESS times an hour for one address,
# and one network address at most RESET_PER_IP times; the page never says whether an account exists.
RESET_WINDOW_SECONDS = 60 * 60
RESET_PER_IP = 10
RESET_PER_ADDRESS = 3
RESET_THROTTLED = "找回密码的请求过于频繁，请一小时后再试。"


def _count(key: str) -> int:
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        return 1


class ThrottledPasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form with the Chinese mail, refusing a flood from one address."""

    request: HttpRequest | None = None

    def clean(self) -> dict:
        cleaned = super().clean()
        ip = client_ip(self.request)
        if _count(f"kechuang:reset-ip:{hashlib.sha256(ip.encode()).hexdigest()[:32]}") > RESET_PER_IP:
            raise forms.ValidationError(RESET_THROTTLED, code="throttled")
        return cleaned

    def save(self, *args: object, **kwargs: object) -> None:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        key = f"kechuang:reset-mail:{hashlib.sha256(email.encode()).hexdigest()[:32]}"
        if _count(key) > RESET_PER_ADDRESS:
            return  # same page as a sent mail: nothing tells a prober whether the address is known
        super().save(*args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """忘记密码: asks for the e-mail address and sends a one-time link (valid 3 days)."""

    form_class = ThrottledPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def get_form(self, form_class: type | None = None) -> forms.Form:
        form = super().get_form(form_class)
        form.request = self.request
        return form

    def form_valid(self, form: forms.Form) -> object:
        from django.conf import settings

        self.extra_email_context = {
            "site_name": getattr(settings, "KECHUANG_SITE_NAME", "") or "科创规划监测评估平台",
            "site_url": getattr(settings, "KECHUANG_SITE_URL", "").rstrip("/"),
        }
        return super().form_valid(form)
