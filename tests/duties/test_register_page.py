import pytest
from django.urls import reverse

from cdpf import roles
from duties.models import WorkItem
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = reverse("duties:register")


def test_staff_see_the_whole_register(client_for, office_user):
    response = client_for(office_user).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "永年区残疾人联合会责任清单" in body
    assert body.count("<tr>") == 30 + 4 + 2  # items, services, two header rows
    assert 'rowspan="10"' in body  # duty 4's ten items share its cells
    assert "6633005" in body


def test_search_finds_the_item_its_unit_and_phone(client_for, office_user):
    response = client_for(office_user).get(URL, {"q": "遗失补办"})
    body = response.content.decode()
    assert response.context["shown_items"] == 1
    assert "承担残疾人证的<mark>遗失补办</mark>、换证工作。" in body
    assert "办公室" in body and "6858512" in body
    assert "帮助残疾人用品" not in body
    assert response.context["register"]["services"][0]["name"] == "《残疾人证》核发"


def test_a_search_with_no_match_says_so(client_for, office_user):
    response = client_for(office_user).get(URL, {"q": "不存在的事项"})
    assert response.context["shown_items"] == 0
    assert "其中 0 项与“不存在的事项”匹配" in response.content.decode()


def test_a_too_long_query_is_an_error_not_a_crash(client_for, office_user):
    response = client_for(office_user).get(URL, {"q": "长" * 51})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert response.context["shown_items"] == 30


def test_search_text_is_escaped(client_for, office_user):
    response = client_for(office_user).get(URL, {"q": "<script>x</script>"})
    assert "<script>x</script>" not in response.content.decode()


def test_items_link_to_their_page_only_once_it_exists(client_for, office_user):
    levy = WorkItem.objects.get(duty__number=9)
    assert levy.link_name == "employment_quota:index"  # that app has no page yet
    body = client_for(office_user).get(URL).content.decode()
    assert 'href="/employment-quota/' not in body
    levy.link_name = "duties:versions"
    levy.save()
    body = client_for(office_user).get(URL).content.decode()
    assert f'<a href="{reverse("duties:versions")}">{levy.text}</a>' in body


def test_a_link_shows_only_to_roles_that_may_open_the_page(client_for, office_user):

    WorkItem.objects.filter(duty__number=9).update(link_name="audit_log")
    education = make_user("yn_edu", "130408", roles.EDUCATION_EMPLOYMENT)
    assert 'href="/audit/"' not in client_for(education).get(URL).content.decode()
    supervisor = make_user("yn_sup", "130408", roles.SUPERVISOR)
    assert 'href="/audit/"' in client_for(supervisor).get(URL).content.decode()


def test_another_districts_register_is_404(client_for, office_user):
    assert client_for(office_user).get(URL, {"region": "130403"}).status_code == 404
    assert client_for(office_user).get(URL, {"region": "999999"}).status_code == 404


def test_a_district_without_a_register_shows_an_empty_one(client_for, outsider_admin):
    response = client_for(outsider_admin).get(URL)
    assert response.status_code == 200 and response.context["total_items"] == 0


def test_a_city_user_picks_a_district(client_for, city_supervisor):
    response = client_for(city_supervisor).get(URL, {"region": "130408"})
    assert response.status_code == 200 and response.context["total_items"] == 30


def test_an_account_without_a_role_gets_403(client_for, no_role_user):
    assert client_for(no_role_user).get(URL).status_code == 403


def test_the_query_count_is_pinned(client_for, office_user, django_assert_max_num_queries):
    client = client_for(office_user)
    with django_assert_max_num_queries(13):
        client.get(URL, {"q": "办公室"})
