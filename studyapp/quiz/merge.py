"""Logging in with guest progress: the guest's attempts and reports move to the account."""

from studyapp.quiz.models import Attempt, ProblemReport


def merge_quiz(source, target) -> None:
    Attempt.objects.filter(learner=source).update(learner=target)
    ProblemReport.objects.filter(learner=source).update(learner=target)
