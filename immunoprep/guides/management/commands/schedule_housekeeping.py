from django.core.management.base import BaseCommand

from immunoprep.guides.tasks import daily_housekeeping, housekeeping_scheduled


class Command(BaseCommand):
    help = "Queue the daily housekeeping task (idle guides, expired sessions) unless it is queued."

    def handle(self, *args, **options):
        if housekeeping_scheduled():
            self.stdout.write("Daily housekeeping is already queued.")
        else:
            daily_housekeeping.enqueue()
            self.stdout.write("Daily housekeeping queued: the worker runs it now and every day after.")
