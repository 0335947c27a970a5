"""Admin for the shared core. The audit log and stored documents are read only for everyone."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cdpf.models import (
    AuditEntry,
    CalendarDay,
    GeneratedDocument,
    Job,
    PolicyParameter,
    Region,
    User,
)

admin.site.site_header = "残联通 · 管理"
admin.site.site_title = "残联通"


class RegionScopedAdmin(admin.ModelAdmin):
    """Admin lists and edits only the records of the admin's region and below."""

    region_field = "region"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        region = request.user.region
        if region is None:
            return qs.none()
        return qs.filter(**{f"{self.region_field}__code__startswith": region.scope_prefix})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Region and not request.user.is_superuser:
            region = request.user.region
            kwargs["queryset"] = Region.objects.filter(
                code__startswith=region.scope_prefix if region else "-"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")


@admin.register(User)
class StaffAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("残联通", {"fields": ("region", "display_name")}),)
    list_display = ("username", "display_name", "region", "is_active", "is_staff")
    list_filter = ("region", "groups", "is_active")


@admin.register(PolicyParameter)
class PolicyParameterAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "region",
        "value",
        "unit",
        "valid_from",
        "valid_to",
        "confirmed",
        "description",
    )
    list_filter = ("name", "confirmed")
    search_fields = ("name", "description", "source")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind",)
    date_hierarchy = "date"


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "object_type", "object_repr", "success", "ip")
    list_filter = ("action", "success")
    search_fields = ("username", "object_repr", "object_type")
    date_hierarchy = "at"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        region = request.user.region
        return qs.filter(region_code__startswith=region.scope_prefix) if region else qs.none()


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    list_display = ("number", "title", "kind", "created_by", "created_at", "size")
    exclude = ("content",)


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    list_display = ("id", "title", "status", "progress", "total", "created_by", "created_at")
    exclude = ("input_file",)
