"""Admin for the shared core. The audit log and stored documents are read only for everyone."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from cdpf import admin_chinese
from cdpf.models import (
    AuditEntry,
    CalendarDay,
    GeneratedDocument,
    Job,
    PolicyParameter,
    Region,
    User,
)

admin_chinese.install()
admin.site.site_header = "残联通 · 管理"
admin.site.site_title = "残联通"


def scoped_foreignkey_kwargs(db_field, request, kwargs):
    """Limit a related-record dropdown to the user's region and below, when it has a region."""
    if request.user.is_superuser:
        return kwargs
    region = request.user.region
    prefix = region.scope_prefix if region else "-"
    related = db_field.related_model
    if related is Region:
        kwargs["queryset"] = Region.objects.filter(code__startswith=prefix)
    elif any(f.name == "region" for f in related._meta.fields):
        kwargs["queryset"] = related._default_manager.filter(region__code__startswith=prefix)
    return kwargs


def is_province_admin(user) -> bool:
    return user.is_superuser or (
        user.region is not None and user.region.level == Region.Level.PROVINCE
    )


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
        kwargs = scoped_foreignkey_kwargs(db_field, request, kwargs)
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
    """Everyone with the permission reads every value; a region's admin changes only the values
    of their own region and below (national and parent values are read only to them)."""

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

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        region = request.user.region
        return obj.region is not None and region is not None and region.contains(obj.region)

    has_delete_permission = has_change_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = scoped_foreignkey_kwargs(db_field, request, kwargs)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "region" and not request.user.is_superuser:
            field.required = True  # only a superuser sets national values
        return field


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind",)
    date_hierarchy = "date"

    # The State Council calendar is national: only a province-level administrator edits it.
    def has_add_permission(self, request):
        return is_province_admin(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_province_admin(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_province_admin(request.user) and super().has_delete_permission(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "type_name", "object_name", "success", "ip")
    list_filter = ("action", "success")
    exclude = ("object_type", "object_repr", "detail")
    readonly_fields = ("type_name", "object_name", "change_list")

    @admin.display(description=_("object type"))
    def type_name(self, entry):
        from cdpf.audit_reading import type_name

        return type_name(entry.object_type) if entry.object_type else "—"

    @admin.display(description=_("object"))
    def object_name(self, entry):
        from cdpf.audit_reading import object_text

        return object_text(entry)

    @admin.display(description=_("Changes"))
    def change_list(self, entry):
        from cdpf.audit_reading import changes_text

        return changes_text(entry) or "—"

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
    list_display = ("number", "title", "created_by", "created_at", "size")
    exclude = ("content", "kind", "object_type", "object_id", "sha256")


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    list_display = ("id", "title", "status", "progress", "total", "created_by", "created_at")
    exclude = ("input_file",)
