"""The collection tests' world (two towns of 金山区, a carrier in each, one user per role), plus
an administrator of another district, and e-mail sent when a transaction commits, as in production."""

from __future__ import annotations

import pytest

from tests.collection import conftest as collection
from tests.collection.conftest import PERIOD, VALID, login

__all__ = ["PERIOD", "VALID", "login"]

world = collection.world  # the fixtures, by name
form = collection.form


@pytest.fixture
def other_admin(world, django_user_model):
    """松江区's administrator: sees nothing of 金山区."""
    from kechuang.tenancy.models import Membership, Role

    u = django_user_model.objects.create_user("songjiang", "songjiang@example.org")
    Membership.objects.create(user=u, role=Role.DISTRICT_ADMIN, area=world["songjiang"])
    return u


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what waits for the commit (sending e-mail) at the end of each block, as a real request does."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


def kinds(user) -> list[str]:
    from kechuang.notifications.models import Notification

    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def mail_to(address: str) -> list:
    from django.core import mail

    return [m for m in mail.outbox if address in m.to]
