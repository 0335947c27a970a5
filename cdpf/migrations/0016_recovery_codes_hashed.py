"""Recovery codes were kept as django-otp keeps them, in clear: keep only their keyed hashes
(cdpf.crypto.recovery_code_digest). Codes already handed out keep working: each is hashed in
place, once."""

from django.db import migrations


def hash_codes(apps, schema_editor):
    from cdpf.crypto import recovery_code_digest

    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.all().iterator():
        token.token = recovery_code_digest(token.token)
        token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("cdpf", "0015_merge_20261130_0756"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_codes, migrations.RunPython.noop)]
