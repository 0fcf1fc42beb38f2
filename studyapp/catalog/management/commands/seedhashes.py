from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from studyapp.catalog.originality import seed_hashes


class Command(BaseCommand):
    help = "Write content/seed_shingles.txt: hashes of every 9-word run of the seed documents."

    def handle(self, *args, **options):
        seeds = Path(settings.SEEDS_DIR)
        if not seeds.is_dir():
            raise CommandError(f"{seeds} is not there: the seeds live in ../shared/seeds/")
        hashes = sorted(seed_hashes(seeds))
        target = Path(settings.CONTENT_DIR) / "seed_shingles.txt"
        target.write_text("\n".join(hashes) + "\n")
        self.stdout.write(f"wrote {len(hashes)} hashes to {target}")
