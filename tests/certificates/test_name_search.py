"""Name search through the index of two-character pieces (certificates/names.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import names, selectors
from certificates.models import NameGram, Person
from tests.factories import id_number, make_holder, make_user, practitioner_id_number


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


@pytest.mark.django_db
def test_a_name_search_counts_its_rows_in_the_page_query(client_for, office_user):
    """More rows than a page: the count comes with the first page's rows (COUNT(*) OVER ()),
    no COUNT query runs, and a later page counts the same rows as the ORM does."""
    for i in range(27):
        make_holder(practitioner_id_number(700 + i), f"王秀{i}")
    make_holder(practitioner_id_number(760), "王秀外", region="130402")  # another district
    make_holder(practitioner_id_number(761), "李娜")
    client = client_for(office_user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("certificates:index"), {"q": "王秀"})
    html = response.content.decode()
    assert "共 27 本残疾人证" in html and "王秀外" not in html and "李娜" not in html
    assert html.count('href="/certificates/people/') == 25
    assert not [q for q in ctx.captured_queries if q["sql"].upper().startswith("SELECT COUNT")]
    later = client.get(reverse("certificates:index"), {"q": "王秀", "page": "2"})
    assert "共 27 本残疾人证" in later.content.decode()
    assert later.content.decode().count('href="/certificates/people/') == 2
    expected = selectors.search_certificates(office_user, filters={"q": "王秀"}).count()
    assert expected == 27
