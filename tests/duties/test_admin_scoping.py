"""Django admin keeps each district to its own register, and reordering works."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cdpf.models import AuditEntry
from duties.models import Duty, Unit, WorkItem

pytestmark = pytest.mark.django_db


def inline_post(duty, items):
    data = {
        "region": duty.region_id,
        "number": duty.number,
        "text": duty.text,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for i, (item, order) in enumerate(items):
        data.update(
            {
                f"items-{i}-id": item.pk,
                f"items-{i}-duty": duty.pk,
                f"items-{i}-order": order,
                f"items-{i}-text": item.text,
                f"items-{i}-unit": item.unit_id,
                f"items-{i}-phone": item.phone,
                f"items-{i}-remarks": item.remarks,
                f"items-{i}-link_name": item.link_name,
            }
        )
    return data


def test_two_items_swap_their_order(client_for, admin_user):
    duty = Duty.objects.get(number=1)
    first, second = duty.items.order_by("order")[:2]
    third = duty.items.get(order=3)
    data = inline_post(duty, [(first, 2), (second, 1), (third, 3)])
    response = client_for(admin_user).post(
        reverse("admin:duties_duty_change", args=[duty.pk]), data
    )
    assert response.status_code == 302
    assert list(duty.items.order_by("order").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
        third.pk,
    ]

    change = AuditEntry.objects.filter(
        object_type="duties.workitem", object_id=str(first.pk), action="update"
    ).latest("id")
    assert change.detail["changes"]["order"] == [1, 2]


def test_an_admin_cannot_attach_an_item_to_another_districts_duty(client_for, admin_user, congtai):
    Unit.objects.create(region=congtai, name="丛台办公室", phone="1234567")
    foreign = Duty.objects.create(region=congtai, number=1, text="丛台区职责")
    own_unit = Unit.objects.get(region=admin_user.region, name="办公室")
    response = client_for(admin_user).post(
        reverse("admin:duties_workitem_add"),
        {
            "duty": foreign.pk,
            "order": 9,
            "text": "越权添加",
            "unit": own_unit.pk,
            "phone": "",
            "remarks": "",
            "link_name": "",
        },
    )
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not WorkItem.objects.filter(text="越权添加").exists()
    page = client_for(admin_user).get(reverse("admin:duties_workitem_add")).content.decode()
    assert "丛台区职责" not in page and "丛台办公室" not in page


def test_a_unit_of_another_region_is_refused_by_the_model(congtai, yongnian):
    foreign_unit = Unit.objects.create(region=congtai, name="外区科室", phone="1234567")
    item = WorkItem.objects.first()
    item.unit = foreign_unit
    with pytest.raises(ValidationError, match="该科室属于其他区划。"):
        item.full_clean()


def test_the_changelist_links_to_import_and_export(client_for, admin_user):
    page = client_for(admin_user).get(reverse("admin:duties_workitem_changelist"))
    body = page.content.decode()
    assert reverse("duties:import") in body and reverse("duties:export") in body
