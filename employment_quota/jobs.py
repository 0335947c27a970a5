"""Background jobs of the quota audit: importing an employer register, and the dashboard
laid out as a document (decision 0230)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf.document_jobs import document_job
from cdpf.jobs import JobError, job_handler, saving
from cdpf.models import Job
from cdpf.pdf import render_and_store
from cdpf.replica import reading_replica
from certificates.lookups import chunks, existing_values
from employment_quota import selectors, services
from employment_quota.figures import deferred
from employment_quota.levies import recompute_levies as run
from employment_quota.models import AuditYear, Declaration, DeclaredEmployee, Employer
from employment_quota.selectors import employers_for
from employment_quota.spreadsheets import read_declarations, read_employers

IMPORT_KIND = "employment_quota.import_employers"


@job_handler(
    IMPORT_KIND, apply_url="employment_quota:import_apply", done_url="employment_quota:employers"
)
def import_employers(job: Job, progress) -> dict:
    """Dry run or apply; any bad row stops the whole import and nothing is changed. A row of
    an employer already registered in the region updates it where it differs (the export is
    the template), and is left alone where it is the same."""
    dry_run = bool(job.params.get("dry_run", True))
    fields = ("name", "employer_type", "address", "contact_name", "contact_phone")
    mine = employers_for(job.created_by).filter(region__code__startswith=job.region.code)
    own: dict = {}

    def own_codes(codes: list[str]) -> set[str]:
        # the region's employers named in the file, not the whole region's register
        for batch in chunks(codes):
            own.update((e.credit_code, e) for e in mine.filter(credit_code__in=batch))
        return set(own)

    try:
        check = read_employers(
            bytes(job.input_file or b""),
            existing_codes=lambda codes: existing_values(Employer.objects, "credit_code", codes),
            own_codes=own_codes,
        )
    except ValidationError as exc:
        raise JobError(" ".join(exc.messages)) from exc
    new_rows, updates, same = [], [], 0
    for row in check.rows:
        current = own.get(row["credit_code"])
        if current is None:
            new_rows.append(row)
        elif any(getattr(current, f) != row[f] for f in fields):
            updates.append((current, row))
        else:
            same += 1
    total = len(check.rows) + len(check.errors)
    summary = {
        "dry_run": dry_run,
        "rows": total,
        "new": len(new_rows),
        "update": len(updates),
        "skip": same,
    }
    if check.errors:
        raise JobError(
            _("%(count)s row(s) have errors; nothing was changed.") % {"count": len(check.errors)},
            errors=check.errors,
            result=summary,
        )
    if not dry_run:
        with saving(job):
            for done, row in enumerate(new_rows, start=1):
                services.employer_register(actor=job.created_by, region=job.region, **row)
                if done % 100 == 0:
                    progress(done, total, _("Importing"))
            for current, row in updates:
                services.employer_update(
                    actor=job.created_by, employer=current, **{f: row[f] for f in fields}
                )
    progress(total, total, _("Done"))
    return summary


# --- Declarations from the published template -------------------------------------------------

DECLARATION_IMPORT_KIND = "employment_quota.import_declarations"
LEVY_KIND = "employment_quota.recompute_levies"


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that everything it did is rolled back."""


def _audit_year_of(job: Job):
    params = job.params
    if "audit_year" not in params and params.get("checked_job"):
        params = Job.objects.get(pk=params["checked_job"]).params
    year = (
        AuditYear.objects.select_related("region")
        .filter(pk=params.get("audit_year"), region__code__startswith=job.region.scope_prefix)
        .first()
    )
    if year is None:
        raise JobError(_("The audit year of this import is not in your region."))
    return year


@job_handler(
    DECLARATION_IMPORT_KIND,
    apply_url="employment_quota:declarations_import_apply",
    done_url="employment_quota:index",
)
def import_declarations(job: Job, progress) -> dict:
    """Check every row against the register (employer, certificate, months), then save every
    employer's declaration as a draft inside one transaction; a dry run, or any error, rolls
    the whole of it back, so nothing is ever half-imported."""
    dry_run = bool(job.params.get("dry_run", True))
    audit_year = _audit_year_of(job)
    if audit_year.status != AuditYear.Status.OPEN:
        raise JobError(_("The %(y)s audit is closed.") % {"y": audit_year.year})
    try:
        check = read_declarations(bytes(job.input_file or b""))
    except ValidationError as exc:
        raise JobError(" ".join(exc.messages)) from exc
    errors = list(check.errors)
    employers = {
        e.credit_code: e for e in Employer.objects.filter(credit_code__in=list(check.employers))
    }
    declared = set(
        Declaration.objects.filter(
            audit_year=audit_year, employer__credit_code__in=list(check.employers)
        ).values_list("employer__credit_code", flat=True)
    )
    total = len(check.employers)
    summary = {
        "dry_run": dry_run,
        "rows": len(errors) + sum(len(e["rows"]) for e in check.employers.values()),
        "new": total,
        "lines": check.line_count,
        "update": 0,
        "skip": 0,
    }

    people: dict[int, tuple[str, int]] = {}  # person → (credit code, row) of this file
    try:
        with saving(job) if not dry_run else transaction.atomic(), deferred():
            for done, (code, group) in enumerate(check.employers.items(), start=1):
                problems = _check_group(code, group, employers, declared, audit_year)
                for line in group["lines"]:
                    try:
                        checked = services._check_line(line, audit_year.year)
                    except ValidationError as exc:
                        problems.setdefault(line["row"], []).extend(exc.messages)
                        continue
                    found = _person_problems(checked, code, line["row"], people, audit_year)
                    if found:
                        problems.setdefault(line["row"], []).extend(found)
                if not problems:
                    try:
                        with transaction.atomic():
                            services.declaration_save(
                                actor=job.created_by,
                                audit_year=audit_year,
                                employer=employers[code],
                                staff=group["staff"],
                                wage_bill=group["wage_bill"],
                                employees=group["lines"],
                            )
                    except ValidationError as exc:
                        problems[group["rows"][0]] = list(exc.messages)
                errors.extend({"row": row, "messages": m} for row, m in problems.items())
                if done % 200 == 0:
                    progress(done, total, _("Checking"))
            if errors or dry_run:
                raise _DryRun
    except _DryRun:
        pass
    if errors:
        errors.sort(key=lambda e: e["row"])
        raise JobError(
            _("%(count)s row(s) have errors; nothing was changed.") % {"count": len(errors)},
            errors=errors,
            result=summary,
        )
    progress(total, total, _("Done"))
    return summary


def _person_problems(checked: dict, code: str, row: int, people: dict, audit_year) -> list[str]:
    """A person on two employers' rows of the file, or already declared by another employer
    this year (the second approval would silently drop the months), or holding a certificate
    of another district (its holder is not in this district's register to check)."""
    certificate = checked["certificate"]
    person, name = certificate.person_id, certificate.person.name
    problems = []
    earlier = people.setdefault(person, (code, row))
    if earlier[0] != code:
        problems.append(
            _("%(name)s is also declared on row %(row)s by another employer (%(code)s).")
            % {"name": name, "row": earlier[1], "code": earlier[0]}
        )
    other = (
        DeclaredEmployee.objects.filter(
            person_id=person, declaration__audit_year__year=audit_year.year
        )
        .exclude(declaration__state=Declaration.State.REJECTED)
        .exclude(declaration__employer__credit_code=code)
        .select_related("declaration__employer")
        .first()
    )
    if other is not None:
        problems.append(
            _("%(name)s is already on the %(y)s declaration of %(employer)s.")
            % {"name": name, "y": audit_year.year, "employer": other.declaration.employer.name}
        )
    if not certificate.region.code.startswith(audit_year.region.scope_prefix):
        problems.append(
            _(
                "Certificate %(n)s was issued in %(region)s, not in %(here)s: check it with "
                "that federation and enter the line on the declaration form."
            )
            % {
                "n": certificate.number,
                "region": certificate.region.name,
                "here": audit_year.region.name,
            }
        )
    return problems


def _check_group(code, group, employers, declared, audit_year) -> dict[int, list[str]]:
    first = group["rows"][0]
    employer = employers.get(code)
    if employer is None:
        return {first: [_("No employer with this code is registered; register it first.")]}
    problems: dict[int, list[str]] = {}
    if employer.region_id != audit_year.region_id:
        problems[first] = [_("The employer belongs to another region.")]
    elif code in declared:
        problems[first] = [
            _("This employer already has a declaration for %(y)s.") % {"y": audit_year.year}
        ]
    elif group["name"] and group["name"] != employer.name:
        problems[first] = [
            _("单位名称 “%(given)s” differs from the register (“%(name)s”): check the code.")
            % {"given": group["name"], "name": employer.name}
        ]
    seen: dict[str, int] = {}
    for line in group["lines"]:
        number = line["certificate_number"]
        if number in seen:
            problems.setdefault(line["row"], []).append(
                _("The same certificate is already on row %(row)s.") % {"row": seen[number]}
            )
        seen.setdefault(number, line["row"])
    return problems


@job_handler(LEVY_KIND, done_url="employment_quota:index")
def recompute_levies(job: Job, progress) -> dict:
    """Every approved declaration's levy of one year in the job's region, set-based."""
    year = int(job.params["year"])
    with saving(job):
        return run(year=year, region=job.region, actor=job.created_by, progress=progress)


DASHBOARD_KIND = "employment_quota.dashboard"


@document_job(DASHBOARD_KIND, document_kind="quota_dashboard")
def dashboard(job: Job, laying_out):
    """The dashboard as a printed, numbered document: its figures are counted over every
    declaration of the year in the requester's region (the replica's, where there is one)."""


    user, year = job.created_by, int(job.params["year"])
    with reading_replica():
        context = {
            "f": selectors.dashboard(user, year),
            "trend": selectors.yearly_trend(user, [year - 2, year - 1, year]),
            "region": job.region,
        }
    context["printed_on"] = timezone.localdate()
    context["printed_by"] = user
    laying_out()
    return render_and_store(
        "pdf/employment_quota/dashboard.html",
        context,
        actor=user,
        kind="quota_dashboard",
        title=f"按比例安排残疾人就业年审统计 {job.region.name} {year}",
        region=job.region,
        prefix="NSTJ",
    )
