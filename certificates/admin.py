"""Admin of the certificate register: designated hospitals and assessing doctors. Holders,
certificates and applications change only through the pages and their services."""

from django.contrib import admin

from cdpf.admin import RegionScopedAdmin, scoped_foreignkey_kwargs
from cdpf.admin_labels import LabelledTableInputs
from certificates.models import Doctor, Hospital


class DoctorInline(LabelledTableInputs, admin.TabularInline):
    model = Doctor
    extra = 1
    fields = ("name", "categories", "active")


@admin.register(Hospital)
class HospitalAdmin(RegionScopedAdmin):
    list_display = ("name", "region", "active")
    list_filter = ("active",)
    search_fields = ("name",)
    inlines = [DoctorInline]


@admin.register(Doctor)
class DoctorAdmin(RegionScopedAdmin):
    region_field = "hospital__region"
    list_display = ("name", "hospital", "categories", "active")
    list_filter = ("active",)
    search_fields = ("name", "hospital__name")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = scoped_foreignkey_kwargs(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
