"""The two steps every spreadsheet import shares: checking an uploaded file in a dry-run job,
and applying a dry run that found no errors."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cdpf.jobs import apply_job_of, enqueue_job
from cdpf.models import Job
from cdpf.selectors import get_scoped_or_404, jobs_for


def start_checked_import(request, upload, *, kind: str, title: str, params=None, region=None):
    """Check an uploaded file in a background job that changes nothing (the dry run); the
    user follows its progress on the job page."""
    job = enqueue_job(
        actor=request.user,
        kind=kind,
        title=title % {"name": upload.name},
        params={"dry_run": True, **(params or {})},
        input_file=upload.read(),
        input_name=upload.name,
        region=region,
    )
    return redirect("job_detail", pk=job.pk)


def import_start(
    request,
    *,
    form_class,
    template: str,
    kind: str,
    title: str,
    context: dict | None = None,
    params: dict | None = None,
    region=None,
    refusal=None,
):
    """The upload page of every spreadsheet import: the form, and once a valid file is posted
    its dry run (start_checked_import). `refusal()` may give a reason not to start (shown on
    the form, as a 400); the apps' views keep their roles and URLs and call this."""
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    if request.method == "POST" and form.is_valid():
        reason = refusal() if refusal is not None else None
        if reason:
            form.add_error(None, reason)
        else:
            return start_checked_import(
                request, form.cleaned_data["file"], kind=kind, title=title, params=params,
                region=region,
            )
    return render(
        request, template, {"form": form, **(context or {})}, status=400 if form.errors else 200
    )


def apply_checked_import(request, pk: int, *, kind: str, title: str):
    """Run the same file again for real, in a new job, once its dry run passed."""
    checked = get_scoped_or_404(jobs_for(request.user).filter(kind=kind), request.user, pk=pk)
    if not (checked.status == Job.Status.SUCCEEDED and checked.params.get("dry_run")):
        messages.error(request, _("Only a dry run that found no errors can be applied."))
        return redirect("job_detail", pk=checked.pk)
    if checked.input_file is None:  # deleted under the retention rule (cdpf.retention)
        messages.error(
            request,
            _("The uploaded file has been deleted under the retention rule; upload it again."),
        )
        return redirect("job_detail", pk=checked.pk)
    with transaction.atomic():
        Job.objects.select_for_update().get(pk=checked.pk)  # two presses apply once
        applied = apply_job_of(checked)
        if applied is not None:
            messages.error(
                request, _("This file has already been applied (job %(id)s).") % {"id": applied.pk}
            )
            return redirect("job_detail", pk=applied.pk)
        job = enqueue_job(
            actor=request.user,
            kind=kind,
            title=title % {"name": checked.input_name},
            params={"dry_run": False, "checked_job": checked.pk},
            input_file=bytes(checked.input_file),
            input_name=checked.input_name,
            region=checked.region,
        )
    return redirect("job_detail", pk=job.pk)
