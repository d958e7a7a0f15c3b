from django.core.management.base import BaseCommand

from immunoprep.clinics.services import demo_clinic_ensure


class Command(BaseCommand):
    help = "Create or refresh the demo clinic (slug 'demo', fictional 555 numbers)."

    def handle(self, *args, **options):
        clinic = demo_clinic_ensure()
        self.stdout.write(f"Demo clinic ready at /c/{clinic.slug}/")
