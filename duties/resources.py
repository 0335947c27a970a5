"""Spreadsheet import and export of work items (django-import-export), scoped to one region."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from cdpf.spreadsheets import SafeExportMixin
from duties.models import Duty, Unit, WorkItem

HEADERS = {
    "duty_number": "序号",
    "order": "事项顺序",
    "text": "具体工作事项",
    "unit": "责任科室",
    "phone": "联系电话",
    "remarks": "备注",
}


class RegionForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related row up by a field, only inside one region, with a clear error."""

    def __init__(self, model, field, region, label):
        super().__init__(model, field=field)
        self.region, self.label = region, label

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(region=self.region)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError(_("%(label)s is empty.") % {"label": self.label})
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as exc:
            raise ValueError(
                _("%(label)s “%(value)s” does not exist in this region.")
                % {"label": self.label, "value": value}
            ) from exc


class WorkItemResource(SafeExportMixin, resources.ModelResource):
    """One row per work item; rows are matched to existing items by duty number and order."""

    def __init__(self, *, region):
        super().__init__()
        self.region = region
        self.fields["duty"] = fields.Field(
            attribute="duty",
            column_name=HEADERS["duty_number"],
            widget=RegionForeignKeyWidget(Duty, "number", region, HEADERS["duty_number"]),
        )
        self.fields["unit"] = fields.Field(
            attribute="unit",
            column_name=HEADERS["unit"],
            widget=RegionForeignKeyWidget(Unit, "name", region, HEADERS["unit"]),
        )

    order = fields.Field(
        attribute="order",
        column_name=HEADERS["order"],
        widget=widgets.IntegerWidget(coerce_to_string=False),
    )
    text = fields.Field(attribute="text", column_name=HEADERS["text"])
    phone = fields.Field(attribute="phone", column_name=HEADERS["phone"])
    remarks = fields.Field(attribute="remarks", column_name=HEADERS["remarks"])

    class Meta:
        model = WorkItem
        fields = ("duty", "order", "text", "unit", "phone", "remarks")
        export_order = ("duty", "order", "text", "unit", "phone", "remarks")
        import_id_fields = ("duty", "order")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_queryset(self):
        return WorkItem.objects.filter(duty__region=self.region).select_related("duty", "unit")

    def before_import_row(self, row, **kwargs):
        for key in ("text", "phone", "remarks"):
            column = HEADERS[key]
            value = row.get(column)
            if value is None:
                value = ""
            elif isinstance(value, float) and value.is_integer():
                value = int(value)  # a phone typed as a number comes back as 6858512.0
            row[column] = str(value).strip()
        if not row.get(HEADERS["text"]):
            raise ValidationError(_("具体工作事项 is empty."))

    def dehydrate_duty(self, item):
        return item.duty.number

    def dehydrate_unit(self, item):
        return item.unit.name
