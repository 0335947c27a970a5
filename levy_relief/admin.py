"""Relief applications in admin are read only: every change goes through the services."""

from django.contrib import admin

from cdpf.selectors import scope_to_user
from levy_relief.models import ReliefApplication


@admin.register(ReliefApplication)
class ReliefApplicationAdmin(admin.ModelAdmin):
    list_display = ("employer", "levy_year", "kind", "amount", "state", "decision_number")
    list_filter = ("state", "kind", "levy_year")
    search_fields = ("employer__name", "employer__credit_code", "decision_number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request).select_related("employer"), request.user)
