"""Name search through the index of two-character pieces (certificates/names.py)."""

import pytest
from django.urls import reverse

from certificates import names, selectors
from certificates.models import NameGram, Person
from tests.factories import id_number, make_user


def test_bigrams_are_the_overlapping_pairs_once_each():
    assert names.bigrams("王秀英") == ["王秀", "秀英"]
    assert names.bigrams("欧阳娜娜娜") == ["欧阳", "阳娜", "娜娜"]
    assert names.bigrams("买买提·艾力") == ["买买", "买提", "提·", "·艾", "艾力"]
    assert names.bigrams("𠇔明") == ["𠇔明"]  # a character outside the BMP is one character
    assert names.bigrams("喆") == []


@pytest.mark.django_db
def test_a_saved_holder_is_found_by_any_part_of_the_name(person_factory, office_user):
    person = person_factory(name="王秀英")
    assert set(NameGram.objects.filter(person=person).values_list("gram", flat=True)) == {
        "王秀",
        "秀英",
    }
    for text in ("王秀英", "秀英", "王秀"):
        assert list(selectors.holders_named(office_user, text)) == [person], text
    assert not selectors.holders_named(office_user, "英王").exists()
    person.name = "李秀兰"
    person.save()
    assert not selectors.holders_named(office_user, "秀英").exists()
    assert list(selectors.holders_named(office_user, "秀兰")) == [person]


@pytest.mark.django_db
def test_a_holder_of_another_district_is_not_found(person_factory, office_user, congtai):
    person = person_factory(name="王秀英", number=id_number("19850315", region="130403"))
    person.region = congtai  # moved away: the index follows the holder
    person.save()
    assert not selectors.holders_named(office_user, "秀英").exists()
    city = make_user("hd_office", "130400", "office")
    assert selectors.holders_named(city, "秀英").count() == 1


@pytest.mark.django_db
def test_the_backfill_indexes_holders_loaded_without_signals(person_factory):
    person = person_factory(name="张建国")
    NameGram.objects.all().delete()
    names.backfill()
    assert set(NameGram.objects.filter(person=person).values_list("gram", flat=True)) == {
        "张建",
        "建国",
    }
    names.backfill()  # again: nothing twice
    assert NameGram.objects.count() == 2


@pytest.mark.django_db
def test_the_list_page_finds_a_given_name(client, person_factory, flow, office_user):
    flow("approved", person=person_factory(name="王秀英"))
    client.force_login(office_user)
    response = client.get(reverse("certificates:index"), {"q": "秀英"})
    assert response.context["page"].paginator.count == 1
    assert Person.objects.count() == 1
