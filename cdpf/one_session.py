"""One active session per staff account (decision 0125): a new sign-in ends the older session,
which is told so on its next request; the new one is told that an older session was ended.
A signed-in user whose password has expired is sent to change it first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.models import AuditEntry, User
from cdpf.passwords import password_expired

MUST_CHANGE = "_cdpf_must_change_password"


@receiver(user_logged_in)
def end_the_older_session(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    key = request.session.session_key
    older = user.current_session_key
    if older and older != key:
        # The older session is not deleted here: on its next request OneSessionMiddleware
        # signs it out and tells whoever is there why.
        messages.info(
            request,
            _("Your account was signed in elsewhere; that session has ended."),
            fail_silently=True,  # force_login in tests and scripts has no message store
        )
        audit.record(
            action=AuditEntry.Action.LOGOUT,
            user=user,
            ip=audit.client_ip(request),
            detail={"ended_by": "a newer sign-in"},
        )
    User.objects.filter(pk=user.pk).update(current_session_key=key)
    user.current_session_key = key

    if password_expired(user):
        request.session[MUST_CHANGE] = True


def end_sessions(*, actor, user: User) -> None:
    """The security administrator ends an account's session."""
    if user.current_session_key:
        Session.objects.filter(session_key=user.current_session_key).delete()
    User.objects.filter(pk=user.pk).update(current_session_key="")
    audit.record(
        action=AuditEntry.Action.LOGOUT, obj=user, user=actor, detail={"ended_by": actor.username}
    )


class OneSessionMiddleware:
    """After authentication: a session that is no longer the account's current one is signed
    out with a message; an expired password must be changed before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            key = request.session.session_key
            if user.current_session_key and key and key != user.current_session_key:
                logout(request)
                messages.warning(
                    request,
                    _("You were signed out because your account signed in on another computer."),
                )
                return redirect("login")
            if request.session.get(MUST_CHANGE) and not self._exempt(request):
                messages.warning(request, _("Your password has expired; choose a new one."))
                return redirect("password_change")
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        return request.path in {
            reverse("password_change"),
            reverse("logout"),
            reverse("second_factor_verify"),  # the second factor comes before the new password
            reverse("second_factor_enrol"),
        }
