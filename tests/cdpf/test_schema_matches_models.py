"""The database holds every index and constraint the models declare (a migration that drops an
index by its columns can take a declared rule with it: decision 0310), and the certificate's
holder and region keys have no index of their own beside the orders that lead with them."""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

OURS = ("cdpf", "duties", "certificates", "employment_quota", "levy_relief",
        "massage_licensing", "supervision", "tongban")  # fmt: skip


def declared(model) -> set[str]:
    return {i.name for i in model._meta.indexes} | {c.name for c in model._meta.constraints}


def test_every_declared_index_and_constraint_is_in_the_database():
    missing = {}
    with connection.cursor() as cursor:
        for config in apps.get_app_configs():
            if config.label not in OURS:
                continue
            for model in config.get_models():
                if not model._meta.managed or model._meta.proxy:
                    continue
                table = model._meta.db_table
                there = set(connection.introspection.get_constraints(cursor, table))
                lost = declared(model) - there
                if lost:
                    missing[table] = sorted(lost)
    assert missing == {}


def test_the_certificates_keys_are_indexed_by_the_orders_only():
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "certificates_certificate")
    plain = {
        name: c["columns"]
        for name, c in found.items()
        if c["index"] and not c["unique"] and c["columns"] in (["person_id"], ["region_id"])
    }
    assert plain == {}
    assert found["one_valid_certificate"]["unique"]
    assert found["one_valid_certificate"]["columns"] == ["person_id"]
    assert found["cert_person_region"]["columns"][:2] == ["person_id", "region_id"]
