from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, **kwargs):
    from immunoprep.clinics.services import staff_group_ensure

    staff_group_ensure()


class ClinicsConfig(AppConfig):
    name = "immunoprep.clinics"
    verbose_name = "Clinics"

    def ready(self):
        # After auth has created this app's permissions: the "Clinic staff" group always exists.
        post_migrate.connect(_after_migrate, sender=self)
