from django.apps import AppConfig


class LevyReliefConfig(AppConfig):
    name = "levy_relief"
