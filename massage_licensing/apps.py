from django.apps import AppConfig


class MassageLicensingConfig(AppConfig):
    name = "massage_licensing"
