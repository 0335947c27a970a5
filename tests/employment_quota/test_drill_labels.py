"""The drill-down list names its filter in words, not `state=approved` (issue 19 item 18)."""

import pytest
from django.urls import reverse

from cdpf import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"state": "approved"}, "状态：已认定"),
        ({"late": "0"}, "按期申报"),  # lateness follows receipt (issue 14)
        ({"rate": "0.9"}, "按应缴额的 90% 征收"),
        ({"type": "social_org"}, "单位类型：社会团体"),
        ({"meeting": "1"}, "达到规定比例"),
    ],
)
def test_the_filter_is_named_in_chinese(client, query, words):
    client.force_login(make_user("sup", "130408", roles.SUPERVISOR))
    html = client.get(reverse("employment_quota:dashboard_list"), {"year": 2025, **query})
    html = html.content.decode()
    assert words in html
    key, value = next(iter(query.items()))
    assert f">{key}={value}<" not in html
