"""Admin for the shared core. The audit log and stored documents are read only for everyone."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cdpf import admin_chinese, one_session, param_changes, roles, second_factor, signin
from cdpf.audit_reading import changes_text, object_text, type_name
from cdpf.models import (
    AuditEntry,
    CalendarDay,
    GeneratedDocument,
    Job,
    ParameterChange,
    PolicyParameter,
    Region,
    User,
)
from cdpf.permissions import is_province_admin

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


class PasswordSetWidget(ReadOnlyPasswordHashWidget):
    """Says whether a password is set, without the hash's algorithm, salt or digest."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if value and not value.startswith("!"):
            context["summary"] = [{"label": _("A password is set (kept only as a one-way hash).")}]
        return context


class StaffForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordSetWidget()

    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        if groups is not None and roles.roles_conflict(g.name for g in groups):
            raise ValidationError(
                _(
                    "An administrator role (system, security or audit) cannot be held with "
                    "another role."
                )
            )
        return groups


@admin.register(User)
class StaffAdmin(UserAdmin):
    """三员分立 (decision 0124): the system administrator creates accounts and keeps their
    names, regions and activity; the security administrator grants roles and unlocks; neither
    grants superuser status or single permissions. A superuser sees everything."""

    form = StaffForm
    add_form_template = "admin/cdpf/user/add_form.html"  # its hint in the reader's language
    fieldsets = UserAdmin.fieldsets + (("残联通", {"fields": ("region", "display_name")}),)
    SYSTEM_FIELDSETS = (
        (None, {"fields": ("username", "password")}),
        ("残联通", {"fields": ("display_name", "region", "is_active")}),
    )
    SECURITY_FIELDSETS = (
        (None, {"fields": ("username", "display_name", "region", "is_active")}),
        (_("Roles"), {"fields": ("groups",)}),
        (_("Sign-in"), {"fields": ("last_login", "signin_locked_at", "signin_unlocked_at")}),
    )
    list_display = (
        "username",
        "display_name",
        "region",
        "is_active",
        "is_staff",
        "signin_locked_at",
    )
    list_filter = ("region", "groups", "is_active")
    readonly_fields = ("signin_locked_at", "signin_unlocked_at")
    actions = ("unlock", "end_sessions", "reset_second_factor")

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return self.add_fieldsets + (("残联通", {"fields": ("display_name", "region")}),)
        if request.user.has_role(roles.SECURITY_ADMIN):
            return self.SECURITY_FIELDSETS
        return self.SYSTEM_FIELDSETS

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        name = form.base_fields.get("display_name")
        if name is not None:
            # documents print it as 经办人/承办人: an account without it would print its login
            name.required = True
        return form

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        if request.user.has_role(roles.SECURITY_ADMIN):
            return (
                "username",
                "display_name",
                "region",
                "is_active",
                "last_login",
                *self.readonly_fields,
            )
        return self.readonly_fields

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("region")
        if request.user.is_superuser:
            return qs
        region = request.user.region
        if region is None:
            return qs.none()
        return qs.filter(region__code__startswith=region.scope_prefix)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = scoped_foreignkey_kwargs(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    filter_horizontal = ("user_permissions",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            # the roles by their Chinese names, as ticks (not the group codes)
            field.widget = forms.CheckboxSelectMultiple()
            field.label_from_instance = lambda group: roles.ROLE_LABELS.get(group.name, group.name)
            field.help_text = _(
                "The system, security and audit administrators hold no other role (三员分立)."
            )
        return field

    def has_add_permission(self, request):
        return request.user.is_superuser or (
            request.user.has_role(roles.ADMIN) and super().has_add_permission(request)
        )

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # accounts are deactivated, not deleted

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        staff = user.is_superuser or bool(
            set(user.groups.values_list("name", flat=True)) & set(roles.ADMIN_ROLES)
        )
        if user.is_staff != staff:
            user.is_staff = staff
            user.save(update_fields=["is_staff"])

    def has_unlock_permission(self, request):
        return request.user.is_superuser or request.user.has_role(roles.SECURITY_ADMIN)

    @admin.action(description=_("Unlock the selected accounts"), permissions=["unlock"])
    def unlock(self, request, queryset):
        for user in queryset.filter(signin_locked_at__isnull=False):
            signin.account_unlock(actor=request.user, user=user)
            self.message_user(request, f"{user.username}: {_('unlocked')}", messages.SUCCESS)

    @admin.action(
        description=_("End the sessions of the selected accounts"), permissions=["unlock"]
    )
    def end_sessions(self, request, queryset):
        for user in queryset:
            one_session.end_sessions(actor=request.user, user=user)
        self.message_user(request, _("Sessions ended."), messages.SUCCESS)

    @admin.action(
        description=_("Reset the two-step sign-in of the selected accounts"),
        permissions=["unlock"],
    )
    def reset_second_factor(self, request, queryset):
        """A lost phone: the account enrols a new authenticator at its next sign-in."""
        for user in queryset:
            second_factor.reset(actor=request.user, user=user)
        self.message_user(
            request,
            _("Two-step sign-in reset; the accounts set it up again at their next sign-in."),
            messages.SUCCESS,
        )


admin.site.unregister(Group)

# Authenticators and recovery codes are secrets: not browsable in admin; the security
# administrator resets them with the account action above (decision 0150).
for _otp_model in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
    from django.apps import apps as _apps

    if admin.site.is_registered(_apps.get_model(_otp_model)):
        admin.site.unregister(_apps.get_model(_otp_model))


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """Roles by their labels, and permissions in the reader's language (cdpf.admin_chinese)."""

    list_display = ("__str__",)
    VIEW_FIELDS = ("role_name", "permission_list")

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.VIEW_FIELDS  # read only (the security administrator): labels, not codes
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.VIEW_FIELDS
        return super().get_readonly_fields(request, obj)

    @admin.display(description=_("name"))
    def role_name(self, group):
        return str(group)

    @admin.display(description=_("Permissions"))
    def permission_list(self, group):
        permissions = group.permissions.select_related("content_type")
        return "、".join(admin_chinese.permission_label(p) for p in permissions) or "—"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "permissions":
            field.label_from_instance = admin_chinese.permission_label
        return field


@admin.register(PolicyParameter)
class PolicyParameterAdmin(admin.ModelAdmin):
    """Every value is read only here: a change is proposed as a parameter change and put in
    force by a second administrator (four eyes, decision 0120)."""

    list_display = (
        "name",
        "region",
        "value",
        "unit",
        "valid_from",
        "valid_to",
        "confirmed",
        "description",
        "propose_link",
    )
    list_filter = ("name", "confirmed")
    search_fields = ("name", "description", "source")
    readonly_fields = ("propose_link",)

    @admin.display(description=_("change"))
    def propose_link(self, obj):
        url = reverse("admin:cdpf_parameterchange_add") + f"?parameter={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Propose a change"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ParameterChangeForm(forms.ModelForm):
    class Meta:
        model = ParameterChange
        fields = ("parameter", *param_changes.FIELDS, "reason")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        change = ParameterChange(**{k: v for k, v in cleaned.items()})
        try:
            param_changes.validate_change(change)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, exc)
        return cleaned


@admin.register(ParameterChange)
class ParameterChangeAdmin(admin.ModelAdmin):
    """Proposals of new values; another administrator approves or rejects them."""

    form = ParameterChangeForm
    list_display = (
        "name",
        "region",
        "value",
        "valid_from",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
    )
    list_filter = ("status", "name")
    actions = ("approve", "reject")
    readonly_fields = ("status", "proposed_by", "decided_by", "decided_at", "decision_note")

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("region", "proposed_by", "decided_by")
        if request.user.is_superuser:
            return qs
        region = request.user.region
        if region is None:
            return qs.none()
        return qs.filter(region__code__startswith=region.scope_prefix)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        row = PolicyParameter.objects.filter(pk=request.GET.get("parameter") or None).first()
        if row is not None:
            initial.update({field: getattr(row, field) for field in param_changes.FIELDS})
            initial["region"] = row.region_id
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = scoped_foreignkey_kwargs(db_field, request, kwargs)
        if db_field.name == "parameter" and not request.user.is_superuser:
            region = request.user.region
            kwargs["queryset"] = PolicyParameter.objects.filter(
                region__code__startswith=region.scope_prefix if region else "-"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        param_changes.parameter_change_propose(actor=request.user, change=obj)

    def has_change_permission(self, request, obj=None):
        return False  # a proposal is never edited: reject it and propose again

    def has_delete_permission(self, request, obj=None):
        return False

    def has_approve_permission(self, request):
        return request.user.has_perm("cdpf.add_parameterchange")

    @admin.action(
        description=_("Approve the selected changes (puts them in force)"), permissions=["approve"]
    )
    def approve(self, request, queryset):
        self._decide(request, queryset, param_changes.parameter_change_approve)

    @admin.action(description=_("Reject the selected changes"), permissions=["approve"])
    def reject(self, request, queryset):
        self._decide(request, queryset, param_changes.parameter_change_reject)

    def _decide(self, request, queryset, service):
        for change in queryset:
            try:
                service(actor=request.user, change=change)
            except (ValidationError, PermissionDenied) as exc:
                text = " ".join(getattr(exc, "messages", [])) or _("Not allowed.")
                self.message_user(request, f"{change}: {text}", messages.ERROR)
            else:
                self.message_user(request, f"{change}: {_('done')}", messages.SUCCESS)


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
        return type_name(entry.object_type) if entry.object_type else "—"

    @admin.display(description=_("object"))
    def object_name(self, entry):
        return object_text(entry)

    @admin.display(description=_("Changes"))
    def change_list(self, entry):
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
