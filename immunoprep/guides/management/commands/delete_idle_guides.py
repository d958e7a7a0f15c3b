from django.core.management.base import BaseCommand

from immunoprep.guides.models import IDLE_DAYS
from immunoprep.guides.services import guides_delete_idle


class Command(BaseCommand):
    help = f"Delete guides not opened for {IDLE_DAYS} days (run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=IDLE_DAYS)

    def handle(self, *args, days, **options):
        count = guides_delete_idle(days=days)
        self.stdout.write(f"Deleted {count} guide(s) idle for more than {days} days.")
