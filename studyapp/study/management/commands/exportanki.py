from django.core.management.base import BaseCommand, CommandError

from studyapp.study.anki import build_package
from studyapp.study.cards import catalogue


class Command(BaseCommand):
    help = "Write every card as an Anki deck (.apkg), one subdeck per topic."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default="decoupled.apkg", help="where to write the deck"
        )
        parser.add_argument("--topic", action="append", help="only this topic (repeatable)")

    def handle(self, *args, path, topic, **options):
        cards = catalogue()
        unknown = sorted(set(topic or []) - set(cards.topic_titles))
        if unknown:
            raise CommandError(
                f"No such topic: {', '.join(unknown)}. Known: {', '.join(cards.topic_titles)}"
            )
        if not cards.specs:
            raise CommandError("There are no cards: run `python manage.py loadcontent` first.")
        package = build_package(cards, topic)
        package.write_to_file(path)
        count = sum(len(deck.notes) for deck in package.decks)
        self.stdout.write(f"Wrote {count} cards in {len(package.decks)} decks to {path}")
