"""Admin of the duty register: edit duties with their items inline, units, services; export."""

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cdpf.admin import ReadOnlyAdmin, RegionScopedAdmin, scoped_foreignkey_kwargs
from cdpf.admin_labels import LabelledTableInputs
from duties import services
from duties.models import Duty, PublicService, RegisterVersion, Unit, WorkItem


class WorkItemInline(LabelledTableInputs, admin.TabularInline):
    model = WorkItem
    extra = 0
    fields = ("order", "text", "unit", "phone", "remarks", "link_name")
    ordering = ("order",)
    # admin's 48em text box pushed 联系电话, 备注 and 删除 off a 1366 px screen (decision 0140)
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 36})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 12})},
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = scoped_foreignkey_kwargs(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Unit)
class UnitAdmin(LabelledTableInputs, RegionScopedAdmin):
    list_display = ("name", "phone", "order", "region")
    list_editable = ("phone", "order")


@admin.register(Duty)
class DutyAdmin(RegionScopedAdmin):
    list_display = ("number", "short_text", "item_count", "region")
    list_display_links = ("short_text",)
    inlines = [WorkItemInline]
    ordering = ("region__code", "number")

    @admin.display(description=_("main duty"))
    def short_text(self, obj):
        return obj.text[:40]

    @admin.display(description=_("work items"))
    def item_count(self, obj):
        return obj.items.count()

    def save_formset(self, request, form, formset, change):
        items = formset.save(commit=False)
        for item in formset.deleted_objects:
            item.delete()
        services.work_items_save(actor=request.user, items=items)
        formset.save_m2m()


@admin.register(WorkItem)
class WorkItemAdmin(LabelledTableInputs, RegionScopedAdmin):
    region_field = "duty__region"
    list_display = ("duty_number", "order", "text", "unit", "phone", "remarks")
    list_display_links = ("text",)
    list_editable = ("phone",)
    list_filter = (("unit", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("text", "remarks", "unit__name", "phone")
    list_select_related = ("duty", "unit")
    change_list_template = "admin/duties/workitem_change_list.html"
    ordering = ("duty__region__code", "duty__number", "order")

    @admin.display(description=_("number"), ordering="duty__number")
    def duty_number(self, obj):
        return obj.duty.number

    def save_model(self, request, obj, form, change):
        services.work_item_save(actor=request.user, item=obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["import_url"] = reverse("duties:import")
        extra_context["export_url"] = reverse("duties:export")
        return super().changelist_view(request, extra_context)


@admin.register(PublicService)
class PublicServiceAdmin(RegionScopedAdmin):
    list_display = ("number", "name", "unit", "phone", "region")


@admin.register(RegisterVersion)
class RegisterVersionAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    list_display = ("region", "number", "published_on", "published_by", "view_link")
    exclude = ("snapshot",)

    @admin.display(description=_("view"))
    def view_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("duties:version_detail", args=[obj.pk]), _("Open")
        )
