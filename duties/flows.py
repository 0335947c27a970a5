"""Who may take the duty register's actions, declared with the flow engine (decision 0210)."""

from __future__ import annotations

from cdpf import roles
from cdpf.flows import ANY, Flow, Step

REGISTER = Flow(
    name="duties.register",
    steps=[
        Step("publish", ANY, None, (roles.ADMIN,), "duties.services.register_publish"),
        Step("import", ANY, None, (roles.ADMIN,)),
        Step("export", ANY, None, (roles.ADMIN,), post=False),
    ],
)
