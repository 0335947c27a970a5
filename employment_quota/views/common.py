"""The role sets the quota audit views share."""

from cdpf import roles

CENTRE = (roles.LABOUR_SERVICE,)


READERS = (
    roles.LABOUR_SERVICE,
    roles.SUPERVISOR,
    roles.CHAIRMAN,
    roles.EDUCATION_EMPLOYMENT,
)
