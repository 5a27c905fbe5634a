"""The access matrix's world (two districts, towns, plans, a draft) and token clients for its people."""

from __future__ import annotations

import pytest

from kechuang.tenancy.domain.tokens import issue_api_token
from tests.access.world import build_world


@pytest.fixture
def w(db, django_user_model):
    return build_world(django_user_model)


@pytest.fixture
def bearer(w):
    """``bearer("liaison_here")``: the headers of a fresh token of that person."""

    def make(role: str) -> dict:
        _, raw = issue_api_token(w.users[role], name="接口测试")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
