"""Views of the shared core: sign-in, the role home page, audit log, jobs, documents."""

from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from cdpf import audit, roles
from cdpf.forms import AuditFilterForm, LoginForm
from cdpf.home import home_sections
from cdpf.models import AuditEntry, GeneratedDocument
from cdpf.permissions import public, require_roles
from cdpf.selectors import audit_entries_for, get_scoped_or_404, jobs_for


@public
def login_view(request):
    """Sign in; failures are audited and lock the account after the configured limit."""
    return auth_views.LoginView.as_view(
        authentication_form=LoginForm, redirect_authenticated_user=True
    )(request)


@public
@require_POST
def logout_view(request):
    return auth_views.LogoutView.as_view()(request)


@public
@require_POST
def set_language(request):
    """Switch the interface language (Simplified Chinese or English)."""
    return django_set_language(request)


@require_roles(*roles.ALL_ROLES)
@require_GET
def home(request):
    """The signed-in user's pending work, one section per role they hold."""
    return render(request, "cdpf/home.html", {"sections": home_sections(request.user)})


@require_roles(roles.AUDIT_ADMIN, roles.SUPERVISOR)
@require_GET
def audit_log(request):
    """Browse and filter the audit trail of the user's region (read only)."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries_for(request.user, filters=filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cdpf/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_roles(*roles.ALL_ROLES)
@require_GET
def job_detail(request, pk: int):
    """A background job's progress, result and per-row errors."""
    from django.urls import reverse

    from cdpf.jobs import APPLY_URLS, DONE_URLS

    job = get_scoped_or_404(jobs_for(request.user), request.user, pk=pk)
    can_apply = (
        job.status == job.Status.SUCCEEDED and job.result.get("dry_run") and job.kind in APPLY_URLS
    )
    return render(
        request,
        "cdpf/job_detail.html",
        {
            "job": job,
            "apply_url": reverse(APPLY_URLS[job.kind], args=[job.pk]) if can_apply else "",
            "done_url": reverse(DONE_URLS[job.kind]) if job.kind in DONE_URLS else "",
        },
    )


@require_roles(*roles.ALL_ROLES)
@require_GET
def job_status(request, pk: int):
    """The job's progress as JSON, polled by the job page."""
    job = get_scoped_or_404(jobs_for(request.user), request.user, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "percent": job.percent,
            "progress": job.progress,
            "total": job.total,
            "message": job.message,
            "finished": job.is_finished,
        }
    )


@require_roles(*roles.ALL_ROLES)
@require_GET
def document_download(request, number: str):
    """A stored document, exactly as it was printed."""
    document = get_scoped_or_404(GeneratedDocument.objects.all(), request.user, number=number)
    if not request.user.has_role(*roles.document_readers(document.kind)):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    audit.record(action=AuditEntry.Action.VIEW, obj=document, user=request.user)
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.number}.pdf"'
    return response
