"""What the quota audit's pages show of levy relief (the employer's record of a year)."""

from django import template

from cdpf import roles
from cdpf.models import GeneratedDocument
from levy_relief.selectors import reliefs_of_employer

register = template.Library()


@register.inclusion_tag("levy_relief/includes/declaration_reliefs.html", takes_context=True)
def declaration_reliefs(context, declaration):
    """The employer's relief applications for the declaration's year, and a link to apply."""
    user = context["request"].user
    return {
        "reliefs": list(
            reliefs_of_employer(declaration.employer, levy_year=declaration.audit_year.year)
        ),
        "declaration": declaration,
        "can_apply": user.has_role(roles.LABOUR_SERVICE) and declaration.state == "approved",
    }


@register.inclusion_tag("levy_relief/includes/employer_reliefs.html")
def employer_reliefs(employer):
    """Every relief application of an employer, with the decisions printed for them."""
    reliefs = list(reliefs_of_employer(employer))
    documents = GeneratedDocument.objects.filter(
        object_type="levy_relief.reliefapplication", object_id__in=[str(a.pk) for a in reliefs]
    ).order_by("-created_at")
    return {"reliefs": reliefs, "documents": documents.only("number", "title", "created_at")}
