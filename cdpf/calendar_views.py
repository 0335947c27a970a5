"""The working-day calendar: which years are loaded, and loading a year (administrators)."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from openpyxl import Workbook

from cdpf import holidays, roles
from cdpf.forms import CalendarYearForm
from cdpf.home import register_provider
from cdpf.models import CalendarDay, CalendarYear
from cdpf.permissions import require_roles


@require_roles(roles.ADMIN)
@require_GET
def calendar_years(request):
    """The loaded years with their days, and the year to load next."""
    years = CalendarYear.objects.select_related("loaded_by")
    days = {}
    for day in CalendarDay.objects.filter(date__year__in=[y.year for y in years]).order_by("date"):
        days.setdefault(day.date.year, []).append(day)
    return render(
        request,
        "cdpf/calendar_years.html",
        {
            "years": [(y, days.get(y.year, [])) for y in years],
            "missing": holidays.next_year_warning(),
            "changes": request.session.pop("calendar_changes", None),
        },
    )


@require_roles(roles.ADMIN)
@require_http_methods(["GET", "POST"])
def calendar_load(request):
    """Enter a year's holidays and adjusted working days; provisional deadlines are then
    recomputed and audited."""
    initial = {"year": holidays.next_year_warning()}
    form = CalendarYearForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = holidays.calendar_year_load(
                actor=request.user,
                year=data["year"],
                source=data["source"],
                entries=data["entries"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("The %(year)s calendar is loaded (%(days)s days); %(n)s deadline(s) recomputed.")
                % {"year": data["year"], "days": result.days, "n": len(result.changes)},
            )
            request.session["calendar_changes"] = [
                {
                    "object": str(c.obj),
                    "field": str(c.obj._meta.get_field(c.field).verbose_name),
                    "before": str(c.before),
                    "after": str(c.after),
                }
                for c in result.changes[:200]
            ]
            return redirect("calendar_years")
    return render(request, "cdpf/calendar_load.html", {"form": form})


@require_roles(roles.ADMIN)
@require_GET
def calendar_template(request):
    """The .xlsx to fill in: 日期, 类型, 名称."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(holidays.SHEET_COLUMNS))
    sheet.append(["2027-01-01", "放假", "元旦"])
    sheet.append(["2027-02-06", "上班", "春节调休"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="calendar-template.xlsx"'
    return response


@register_provider
def calendar_warning(user):
    """Administrators are told from 1 November which year's holidays to load."""
    if not user.has_role(roles.ADMIN):
        return []
    year = holidays.next_year_warning()
    if year is None:
        return []
    text = _(
        "⚠ The %(year)s holidays are not loaded: every working-day deadline reaching %(year)s "
        "is provisional. Load them now."
    ) % {"year": year}
    return [(roles.ADMIN, text, reverse("calendar_load"))]
