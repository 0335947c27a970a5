"""The 500 page: it shows the request id, which is in the error's log line (decision 61)."""

from django.http import HttpResponseServerError
from django.template import loader


def server_error(request):
    request_id = getattr(request, "request_id", "")
    html = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponseServerError(html)
