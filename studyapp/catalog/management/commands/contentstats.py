from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from studyapp.catalog.stats import bank_stats, render_stats
from studyapp.catalog.validate import read_content


class Command(BaseCommand):
    help = "Print the bank's size: items per kind per topic, questions per exam domain."

    def handle(self, *args, **options):
        catalog, _ = read_content(Path(settings.CONTENT_DIR))
        self.stdout.write(render_stats(bank_stats(catalog), catalog.registry))
