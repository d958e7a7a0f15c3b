from django.core.management.base import BaseCommand, CommandError

from immunoprep.knowledge.coverage import main


class Command(BaseCommand):
    help = "Validate the knowledge files and print coverage (items per cancer x therapy)."

    def add_arguments(self, parser):
        parser.add_argument("--lang", default="en")
        parser.add_argument("--quiet", action="store_true", help="Print only the summary line.")

    def handle(self, *args, lang, quiet, **options):
        lines = []
        if main(["validate", "--lang", lang], out=lines.append) != 0:
            raise CommandError("\n".join(lines))
        self.stdout.write("\n".join(lines[:1] if quiet else lines))
