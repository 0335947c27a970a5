"""The register every install starts with is exactly the seed's."""

from pathlib import Path

import pytest

from duties.models import Duty, PublicService, Unit, WorkItem

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_16aeee545332a64a.txt"


def test_ten_duties_and_thirty_items_in_order():
    duties = list(Duty.objects.filter(region__code="130408"))
    assert [d.number for d in duties] == list(range(1, 11))
    counts = [d.items.count() for d in duties]
    assert counts == [3, 2, 1, 10, 4, 2, 3, 3, 1, 1] and sum(counts) == 30


def test_units_and_phones_are_the_seeds():
    phones = dict(Unit.objects.filter(region__code="130408").values_list("name", "phone"))
    assert phones == {
        "办公室": "6858512",
        "教育就业科": "6633938",
        "劳动就业服务所": "6791166",
        "办证室": "6633005",
    }
    for item in WorkItem.objects.select_related("unit"):
        assert item.phone == item.unit.phone
    assert set(WorkItem.objects.values_list("phone", flat=True)) == {
        "6858512",
        "6633938",
        "6791166",
    }


def test_the_text_is_verbatim():
    first = WorkItem.objects.get(duty__number=1, order=1)
    assert first.text == "承担残疾人需求信息收集工作。" and first.unit.name == "办公室"
    lost = WorkItem.objects.get(duty__number=8, order=3)
    assert lost.text == "承担残疾人证的遗失补办、换证工作。"
    levy = Duty.objects.get(number=9)
    assert levy.text == "协助地税部门征收残疾人就业保障金。"
    assert levy.items.get().unit.name == "劳动就业服务所"


@pytest.mark.skipif(not SEED.exists(), reason="shared/ seed not beside the checkout")
def test_every_item_and_duty_text_stands_in_the_seed_file():
    seed = SEED.read_text()
    for duty in Duty.objects.all():
        assert duty.text in seed
    for item in WorkItem.objects.all():
        assert item.text in seed


def test_four_public_services():
    services = list(PublicService.objects.select_related("unit"))
    assert [(s.number, s.unit.name, s.phone) for s in services] == [
        (1, "劳动就业服务所", "6791166"),
        (2, "办证室", "6633005"),
        (3, "劳动就业服务所", "6791166"),
        (4, "劳动就业服务所", "6791166"),
    ]
    assert services[1].name == "《残疾人证》核发"
