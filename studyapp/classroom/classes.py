"""Classes and their rosters: created by an instructor, joined by students with a code.

Joining needs an account (a learner with a user), so a student's results follow
them to any device; the instructor sees usernames on the roster.
"""

from __future__ import annotations

import random
import re
from datetime import datetime

from django.db import IntegrityError, transaction

from studyapp.classroom.models import Classroom, Membership

# No 0/O, 1/I/L: a code read off a projector or a whiteboard must not be misread.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


class JoinRefused(Exception):
    """Why a learner cannot join; the message is shown to them."""


def normalise_code(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "").upper()


def new_join_code(rng: random.Random) -> str:
    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Classroom.objects.filter(join_code=code).exists():
            return code


def create_class(owner, name: str, rng: random.Random) -> Classroom:
    name = name.strip()
    if not name:
        raise ValueError("Give the class a name.")
    for _ in range(5):  # two instructors may draw the same fresh code at the same moment
        try:
            with transaction.atomic():
                return Classroom.objects.create(
                    owner=owner, name=name[:200], join_code=new_join_code(rng)
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not find a free join code.")


def rotate_code(classroom: Classroom, rng: random.Random) -> str:
    """A new code (the old one and its link stop working); the roster stays."""
    classroom.join_code = new_join_code(rng)
    classroom.save(update_fields=["join_code"])
    return classroom.join_code


def class_for_code(code: str) -> Classroom | None:
    code = normalise_code(code)
    if not code:
        return None
    return Classroom.objects.filter(join_code=code).select_related("owner").first()


def join_class(classroom: Classroom, learner, now: datetime) -> tuple[Membership, bool]:
    """Put the learner on the roster; joining twice changes nothing. Returns (membership, created)."""
    if learner is None or learner.user_id is None:
        raise JoinRefused(
            "Joining a class needs an account, so your results follow you. Log in or sign up first."
        )
    if learner.user_id == classroom.owner_id:
        raise JoinRefused("You teach this class, so you cannot join it as a student.")
    try:
        with transaction.atomic():
            return Membership.objects.get_or_create(
                classroom=classroom, learner=learner, defaults={"joined_at": now}
            )
    except IntegrityError:  # a double click raced us: the first join stands
        return Membership.objects.get(classroom=classroom, learner=learner), False


def remove_student(classroom: Classroom, learner_id: int) -> bool:
    """Take a student off the roster; their past attempts stay in the results."""
    deleted, _ = Membership.objects.filter(classroom=classroom, learner_id=learner_id).delete()
    return deleted > 0


def roster(classroom: Classroom) -> list[Membership]:
    return list(
        classroom.memberships.select_related("learner__user").order_by("learner__user__username")
    )


def classes_of(learner) -> list[Classroom]:
    if learner is None:
        return []
    return list(Classroom.objects.filter(memberships__learner=learner).select_related("owner"))


def is_member(classroom: Classroom, learner) -> bool:
    return (
        learner is not None
        and Membership.objects.filter(classroom=classroom, learner=learner).exists()
    )
