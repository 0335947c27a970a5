"""The signed-in user's own account: changing the password (issue 15 item 10)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cdpf import audit, roles
from cdpf.models import AuditEntry, User
from cdpf.one_session import MUST_CHANGE
from cdpf.permissions import require_roles


@require_roles(*roles.ALL_ROLES)
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Change one's own password: the old one first; the rules and the last ones are checked."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # a new session key: remember it as current
        User.objects.filter(pk=user.pk).update(current_session_key=request.session.session_key)
        request.session.pop(MUST_CHANGE, None)
        audit.record(action=AuditEntry.Action.UPDATE, obj=user, detail={"password": "changed"})
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(
        request,
        "registration/password_change.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
