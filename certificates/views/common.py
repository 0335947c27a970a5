"""The role sets the certificate register views share."""

from cdpf import roles

READERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN, roles.SUPERVISOR)


WORKERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN)
