"""Views of the shared core: sign-in, the role home page, audit log, jobs, documents."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from cdpf import audit, job_errors, jobs, roles, void_marks
from cdpf.audit_reading import export_workbook
from cdpf.forms import AuditFilterForm, LoginForm
from cdpf.home import home_sections
from cdpf.job_access import may_apply, may_read
from cdpf.models import AuditEntry, GeneratedDocument
from cdpf.permissions import public, require_roles
from cdpf.responses import document_response
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
    if form.is_bound and not form.is_valid():
        entries = AuditEntry.objects.none()  # a bad filter lists nothing, not everything
    else:
        entries = audit_entries_for(
            request.user, filters=form.cleaned_data if form.is_bound else {}
        )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cdpf/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_roles(roles.AUDIT_ADMIN, roles.SUPERVISOR)
@require_GET
def audit_log_export(request):
    """The filtered audit log as xlsx, in the reader's language; the export is itself audited."""
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    filters = form.cleaned_data if form.is_bound else {}
    content, count = export_workbook(audit_entries_for(request.user, filters=filters))
    audit.record(
        action=AuditEntry.Action.EXPORT,
        object_type=AuditEntry._meta.label_lower,
        object_repr=str(AuditEntry._meta.verbose_name_plural),
        detail={"filters": request.GET.dict(), "rows": count},
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="audit-log.xlsx"'
    return response


def readable_job(user, pk: int):
    """The job in the user's region (404 otherwise), if their role may read it (403), after
    failing it if its worker stopped beating (nothing stays 'running')."""
    job = get_scoped_or_404(jobs_for(user), user, pk=pk)
    if not may_read(user, job):
        raise PermissionDenied
    if job.status == job.Status.RUNNING:
        try:
            if jobs.fail_stale_jobs(pk=job.pk):
                job.refresh_from_db()
        except DatabaseError:  # the job's own transaction holds SQLite: the worker will do it
            pass
    return job


@require_roles(*roles.ALL_ROLES)
@require_GET
def job_errors_download(request, pk: int):
    """Every error of a job whose page shows only the first ones, as xlsx; audited."""
    job = readable_job(request.user, pk)
    if not job.result.get("errors_file"):
        raise Http404
    content = job_errors.read(job)
    audit.record(
        action=AuditEntry.Action.EXPORT,
        obj=job,
        detail={"errors": job.result.get("errors_total"), "kind": job.kind},
    )
    response = HttpResponse(content, content_type=job_errors.XLSX)
    response["Content-Disposition"] = f'attachment; filename="job-{job.pk}-errors.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@require_roles(*roles.ALL_ROLES)
@require_GET
def job_detail(request, pk: int):
    """A background job's progress, result and per-row errors."""
    job = readable_job(request.user, pk)
    applied = None
    if job.status == job.Status.SUCCEEDED and job.result.get("dry_run"):
        applied = jobs.apply_job_of(job)
    can_apply = (
        job.status == job.Status.SUCCEEDED
        and job.result.get("dry_run")
        and job.kind in jobs.APPLY_URLS
        and applied is None
        and may_apply(request.user, job)
    )
    waiting = job.status == job.Status.QUEUED and timezone.now() - job.created_at > timedelta(
        seconds=settings.JOB_STALE_SECONDS
    )
    return render(
        request,
        "cdpf/job_detail.html",
        {
            "job": job,
            "apply_url": reverse(jobs.APPLY_URLS[job.kind], args=[job.pk]) if can_apply else "",
            "applied": applied,
            "done_url": reverse(jobs.DONE_URLS[job.kind]) if job.kind in jobs.DONE_URLS else "",
            "can_retry": jobs.can_retry(job, request.user),
            "retried": job.retries.order_by("pk").first() if job.interrupted else None,
            "waiting": waiting,
        },
    )


@require_roles(*roles.ALL_ROLES)
@require_POST
def job_retry(request, pk: int):
    """Run a job stopped by a fault again (its owner only), as a new job."""
    job = readable_job(request.user, pk)
    if job.created_by_id != request.user.pk:
        raise PermissionDenied
    try:
        retry = jobs.retry_job(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("job_detail", pk=job.pk)
    return redirect("job_detail", pk=retry.pk)


@require_roles(*roles.ALL_ROLES)
@require_GET
def job_status(request, pk: int):
    """The job's progress as JSON, polled by the job page."""
    job = readable_job(request.user, pk)
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
    """A stored document as it was printed; where part of it no longer stands (a voided card of
    a print batch), with a later revision stamping "作废" on those pages, unless the signed
    original is asked for (?original=1) (decision 0170)."""
    document = get_scoped_or_404(GeneratedDocument.objects.all(), request.user, number=number)
    if not request.user.has_role(*roles.document_readers(document.kind)):
        raise PermissionDenied
    content = bytes(document.content)
    marks = {} if request.GET.get("original") == "1" else void_marks.marks_for(document)
    if marks:
        content = void_marks.with_void_marks(content, marks)
    audit.record(
        action=AuditEntry.Action.VIEW,
        obj=document,
        user=request.user,
        detail={"void_marks": sorted(i + 1 for i in marks)} if marks else None,
    )
    return document_response(document, content=content)
