from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "immunoprep.guides"
    verbose_name = "Visit guides"
