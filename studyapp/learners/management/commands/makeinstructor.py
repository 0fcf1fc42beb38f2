from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from studyapp.learners.identity import make_instructor


class Command(BaseCommand):
    help = "Give a user the instructor role (they can author quizzes and run classes)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}; they must sign up first.")
        make_instructor(user)
        self.stdout.write(self.style.SUCCESS(f"{username} is now an instructor."))
