"""Areas named as people write them, when a nation's areas share names (普陀区 is in Shanghai
and in Zhoushan): a shared name is settled by the user's areas or refused, never taken at random."""

from __future__ import annotations

import pytest

from kechuang.plans.drafts import DraftError, create_draft_from_document
from kechuang.tenancy.domain import AreaAmbiguous, AreaNotFound, find_area
from kechuang.tenancy.models import Area, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_putuos(shanghai):
    zhejiang = Area.objects.create(code="330000", name="浙江省", kind="province")
    zhoushan = Area.objects.create(code="330900", name="舟山市", kind="city", parent=zhejiang)
    theirs = Area.objects.create(code="330903", name="普陀区", kind="district", parent=zhoushan)
    ours = Area.objects.create(code="310107", name="普陀区", kind="district", parent=shanghai["city"])
    return {"zhoushan": theirs, "shanghai": ours}


def test_a_shared_name_is_refused_with_each_areas_full_name(two_putuos):
    with pytest.raises(AreaAmbiguous) as refused:
        find_area("普陀区")
    assert str(refused.value) == (
        "有多个名为“普陀区”的地区：上海市普陀区（310107）、舟山市普陀区（330903），请写地区代码或带上级的全称"
    )


def test_a_full_name_or_a_code_or_the_users_areas_settle_it(two_putuos, shanghai):
    theirs = two_putuos["zhoushan"]
    assert find_area("舟山市普陀区") == theirs
    assert find_area("浙江省舟山市普陀区") == theirs
    assert find_area("上海市普陀区") == two_putuos["shanghai"]
    assert find_area("330903") == theirs
    assert find_area("普陀区", within={theirs.pk}) == theirs
    assert find_area("上海市金山区") == shanghai["jinshan"]  # a name no other area has, as before
    with pytest.raises(AreaNotFound, match="地区“杭州市普陀区”不存在"):
        find_area("杭州市普陀区")


def test_a_plan_naming_a_shared_district_goes_to_the_uploaders_own(two_putuos, django_user_model):
    admin = django_user_model.objects.create_user("zsadmin", "zs@example.cn", "pw-zs-admin-1")
    Membership.objects.create(user=admin, role=Role.DISTRICT_ADMIN, area=two_putuos["zhoushan"])
    text = (
        "普陀区科技创新三年行动方案（2024—2026年）\n\n一、主要目标\n\n到2026年，科技型中小企业达到500家。\n"
    )

    plan = create_draft_from_document(text.encode("utf-8"), "规划.txt", area=None, acting_user=admin)

    assert plan.area == two_putuos["zhoushan"]


def test_a_superuser_uploading_it_is_asked_which_one(two_putuos, admin_user):
    text = (
        "普陀区科技创新三年行动方案（2024—2026年）\n\n一、主要目标\n\n到2026年，科技型中小企业达到500家。\n"
    )

    with pytest.raises(DraftError, match="有多个名为“普陀区”的地区.*也可在上传时选择地区"):
        create_draft_from_document(text.encode("utf-8"), "规划.txt", area=None, acting_user=admin_user)
    chosen = create_draft_from_document(
        text.encode("utf-8"), "规划.txt", area=two_putuos["shanghai"], acting_user=admin_user
    )
    assert chosen.area == two_putuos["shanghai"]
