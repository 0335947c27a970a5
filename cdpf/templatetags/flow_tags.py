"""Templates ask a flow what the user may do (decision 0210), never role names:
`{% flow_can "certificates.register" "receive" as may_receive %}` for the menus that every
page of an app shares; pages pass `can` (Flow.can) for their own record."""

from django import template

from cdpf.flows import flow_named

register = template.Library()


@register.simple_tag(takes_context=True)
def flow_can(context, flow: str, step: str) -> bool:
    return flow_named(flow).may(context.get("user"), None, step)
