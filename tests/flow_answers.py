"""The one answer every app gives to a wrong step (cdpf.flows, decision 0210), as assertions
the apps' tests share: a wrong state returns to the record's page with the flow's message, a
wrong role is a 403, a step no flow declares is a 404."""

from django.contrib.messages import get_messages

# the wording of cdpf.flows.WrongState, in either language of the interface
WRONG_STATE = ("is not possible while the", "状态，不能进行“")


def assert_wrong_state(response, page: str) -> str:
    assert response.status_code == 302, response.status_code
    assert response.url == page
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts and any(w in texts[-1] for w in WRONG_STATE), texts  # the newest message
    return texts[-1]


def assert_wrong_role(response) -> None:
    assert response.status_code == 403, response.status_code


def assert_unknown_step(response) -> None:
    assert response.status_code == 404, response.status_code
