import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_chinese_is_the_default_whatever_the_browser_says(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-Hans">' in response.content.decode()
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_the_switch_turns_the_interface_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in body and "Sign in" in body
