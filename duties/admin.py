"""Admin of the duty register: edit duties with their items inline, units, services; export."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from cdpf.admin import ReadOnlyAdmin, RegionScopedAdmin
from duties import services
from duties.models import Duty, PublicService, RegisterVersion, Unit, WorkItem
from duties.resources import WorkItemResource


class WorkItemInline(admin.TabularInline):
    model = WorkItem
    extra = 0
    fields = ("order", "text", "unit", "phone", "remarks", "link_name")
    ordering = ("order",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit" and not request.user.is_superuser and request.user.region:
            kwargs["queryset"] = Unit.objects.filter(
                region__code__startswith=request.user.region.scope_prefix
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Unit)
class UnitAdmin(RegionScopedAdmin):
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
        for item in items:
            services.work_item_save(actor=request.user, item=item)
        formset.save_m2m()


@admin.register(WorkItem)
class WorkItemAdmin(ExportMixin, RegionScopedAdmin):
    region_field = "duty__region"
    list_display = ("duty_number", "order", "text", "unit", "phone", "remarks")
    list_display_links = ("text",)
    list_editable = ("phone",)
    list_filter = ("unit",)
    search_fields = ("text", "remarks", "unit__name", "phone")
    list_select_related = ("duty", "unit")
    import_export_change_list_template = "admin/duties/workitem_change_list.html"
    ordering = ("duty__region__code", "duty__number", "order")

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"region": request.user.region}

    def get_export_resource_classes(self, request):
        return [WorkItemResource]

    @admin.display(description=_("number"), ordering="duty__number")
    def duty_number(self, obj):
        return obj.duty.number

    def save_model(self, request, obj, form, change):
        services.work_item_save(actor=request.user, item=obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["import_url"] = reverse("duties:import")
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
