"""Who is studying: find or create the learner for a request, and merge two learners.

Other apps register a merge function for their own tables with
`register_merge`; `merge_learners` runs them all in one transaction so that
logging in with guest progress loses nothing and doubles nothing.
"""

from collections.abc import Callable

from django.contrib.auth.models import Group
from django.db import transaction

from studyapp.learners.models import Learner

SESSION_KEY = "learner_id"
INSTRUCTORS_GROUP = "Instructors"

_merge_functions: list[Callable[[Learner, Learner], None]] = []


def register_merge(fn: Callable[[Learner, Learner], None]) -> Callable:
    """fn(source, target) moves source's rows of one app onto target."""
    if fn not in _merge_functions:
        _merge_functions.append(fn)
    return fn


def learner_for(request, create: bool = True) -> Learner | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        learner = getattr(user, "learner", None)
        if learner is None:
            learner, _ = Learner.objects.get_or_create(user=user)
        return learner
    learner_id = request.session.get(SESSION_KEY)
    if learner_id is not None:
        learner = Learner.objects.filter(pk=learner_id, user__isnull=True).first()
        if learner is not None:
            return learner
    if not create:
        return None
    learner = Learner.objects.create()
    request.session[SESSION_KEY] = learner.pk
    return learner


def guest_learner(request) -> Learner | None:
    learner_id = request.session.get(SESSION_KEY)
    if learner_id is None:
        return None
    return Learner.objects.filter(pk=learner_id, user__isnull=True).first()


@transaction.atomic
def adopt_guest(guest: Learner, user) -> Learner:
    """Signing up: the guest learner becomes the account's learner, history and all."""
    guest.user = user
    guest.save(update_fields=["user"])
    return guest


@transaction.atomic
def merge_learners(source: Learner, target: Learner) -> Learner:
    """Logging in with guest progress: fold source into target, then delete source."""
    if source.pk == target.pk:
        return target
    for fn in _merge_functions:
        fn(source, target)
    if not target.exam and source.exam:
        target.exam, target.exam_date = source.exam, source.exam_date
        target.save(update_fields=["exam", "exam_date"])
    source.delete()
    return target


def is_instructor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=INSTRUCTORS_GROUP).exists()


def make_instructor(user) -> None:
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    user.groups.add(group)
