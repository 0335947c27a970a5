"""The list-index migration (issue 16) drops only the unused number indexes: the rule that a
number is valid once (the partial unique index one_valid_number) stays, on the number's blind
index since the number is encrypted (decision 0200)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_valid_number_rule_and_the_new_indexes_are_there():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "certificates_certificate")
    assert constraints["one_valid_number"]["unique"]
    assert constraints["one_valid_number"]["columns"] == ["number_index"]
    for name in ("cert_number_index", "cert_region_status_order", "cert_status_order"):
        assert name in constraints
    assert "cert_number" not in constraints  # no index on the (encrypted) number itself
    like = [
        n for n, c in constraints.items()
        if n.endswith("_like") and c["columns"] in (["number"], ["number_index"])
    ]
    assert like == []
