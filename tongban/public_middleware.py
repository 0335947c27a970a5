"""The public progress site knows no signed-in user: every request is anonymous, whatever
cookie it brings (cdpf.settings_public)."""

from django.contrib.auth.models import AnonymousUser


class AnonymousOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = AnonymousUser()
        return self.get_response(request)
