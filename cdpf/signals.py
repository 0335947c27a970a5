"""Every create, update and delete of the project's records, and every login, is audited."""

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from cdpf import audit, roles
from cdpf.models import AuditEntry, User
from cdpf.second_factor import mark_pending
from cdpf.signin import note_failure


@receiver(pre_save)
def remember_old_values(sender, instance, raw=False, **kwargs):
    if raw or not audit.is_audited(sender) or instance.pk is None:
        return
    if getattr(instance, "_audit_keep_old", False):
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_old = audit.field_values(old) if old is not None else None


@receiver(post_save)
def audit_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not audit.is_audited(sender):
        return
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # the login itself is audited below
    new = audit.field_values(instance)
    if created:
        audit.record(action=AuditEntry.Action.CREATE, obj=instance, detail={"values": new})
        return
    old = getattr(instance, "_audit_old", None) or {}
    changes = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
    if changes or not old:
        audit.record(action=AuditEntry.Action.UPDATE, obj=instance, detail={"changes": changes})


@receiver(pre_delete)
def remember_deleted_pk(sender, instance, **kwargs):
    instance._audit_pk = instance.pk


@receiver(post_delete)
def audit_delete(sender, instance, **kwargs):
    if audit.is_audited(sender):
        audit.record(
            action=AuditEntry.Action.DELETE,
            obj=instance,
            detail={"values": audit.field_values(instance)},
        )


@receiver(m2m_changed)
def refuse_a_second_administrator_role(sender, instance, action, model, pk_set, **kwargs):
    """三员分立: an administrator role is never held together with another role."""
    if action != "pre_add" or not (isinstance(instance, User) and model is Group):
        return
    names = set(instance.groups.values_list("name", flat=True))
    names |= set(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    if roles.roles_conflict(names):
        raise ValidationError(
            _("An administrator role (system, security or audit) cannot be held with another role.")
        )


@receiver(m2m_changed)
def audit_role_change(sender, instance, action, model, pk_set, reverse, **kwargs):
    """Granting or removing a role (a group) is a change of the account."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not (isinstance(instance, User) and model is Group):
        return
    names = sorted(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    audit.record(
        action=AuditEntry.Action.UPDATE,
        obj=instance,
        detail={"roles": {action.replace("post_", ""): names}},
    )


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    """A sign-in that still owes its second factor is only a password step: it does not end
    the count of failures (cdpf.signin), the second factor's success does."""
    due = mark_pending(request, user)
    audit.record(
        action=AuditEntry.Action.LOGIN_PASSWORD if due else AuditEntry.Action.LOGIN,
        user=user,
        ip=audit.client_ip(request) if request is not None else None,
    )


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(action=AuditEntry.Action.LOGOUT, user=user, ip=audit.client_ip(request))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    """Every failure, known name or not; an attempt refused while waiting or locked is a
    separate action, which does not lengthen the wait (cdpf.signin)."""
    username = str(credentials.get("username", ""))[:150]
    known = User.objects.filter(username=username).select_related("region").first()
    refused = getattr(request, "cdpf_signin_refused", None) if request is not None else None
    detail = {"region": known.region.code} if known and known.region else {}
    if refused is not None:
        detail.update(wait_seconds=refused.wait_seconds, locked=refused.locked)
    if not known:
        detail["unknown_name"] = True
    audit.record(
        object_type="cdpf.user" if known else "",
        object_repr=username,
        detail=detail,
        action=AuditEntry.Action.LOGIN_REFUSED if refused else AuditEntry.Action.LOGIN_FAILED,
        username=username,
        success=False,
        ip=audit.client_ip(request) if request is not None else None,
    )
    if refused is None:
        note_failure(username)
