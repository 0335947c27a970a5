"""Keeps the name-piece index (certificates/names.py) in step with every saved holder."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from certificates import names
from certificates.models import Person


@receiver(post_save, sender=Person)
def reindex_name(sender, instance, raw=False, **kwargs):
    if not raw:
        names.index_people([instance])
