import random

import pytest

from studyapp.classroom import classes
from studyapp.classroom.models import Membership
from studyapp.learners.models import Learner
from tests.classroom.conftest import NOW

pytestmark = pytest.mark.django_db


def test_join_codes_avoid_letters_that_are_misread(instructor):
    classroom = classes.create_class(instructor, "  Period 2  ", random.Random(4))
    assert classroom.name == "Period 2"
    assert (len(classroom.join_code), set(classroom.join_code) & set("01OIL")) == (8, set())


def test_class_for_code_ignores_case_spaces_and_hyphens(instructor):
    classroom = classes.create_class(instructor, "P2", random.Random(4))
    typed = f" {classroom.join_code[:4].lower()}-{classroom.join_code[4:].lower()} "
    assert classes.class_for_code(typed) == classroom
    assert classes.class_for_code("") is None


def test_joining_twice_keeps_one_membership(instructor, student):
    classroom = classes.create_class(instructor, "P2", random.Random(4))
    first = classes.join_class(classroom, student.learner, NOW)
    second = classes.join_class(classroom, student.learner, NOW)
    assert (first[1], second[1], Membership.objects.count()) == (True, False, 1)


def test_a_guest_cannot_join(instructor):
    classroom = classes.create_class(instructor, "P2", random.Random(4))
    with pytest.raises(classes.JoinRefused, match="needs an account"):
        classes.join_class(classroom, Learner.objects.create(), NOW)
    assert Membership.objects.count() == 0


def test_the_instructor_cannot_join_their_own_class(instructor):
    classroom = classes.create_class(instructor, "P2", random.Random(4))
    with pytest.raises(classes.JoinRefused, match="You teach this class"):
        classes.join_class(classroom, instructor.learner, NOW)


def test_rotate_code_keeps_the_roster_and_retires_the_old_code(instructor, student):
    classroom = classes.create_class(instructor, "P2", random.Random(4))
    old = classroom.join_code
    classes.join_class(classroom, student.learner, NOW)
    new = classes.rotate_code(classroom, random.Random(5))
    assert (
        new != old,
        classes.class_for_code(old),
        classes.is_member(classroom, student.learner),
    ) == (True, None, True)


def test_remove_student_reports_whether_anyone_was_removed(instructor, student):
    classroom = classes.create_class(instructor, "P2", random.Random(4))
    classes.join_class(classroom, student.learner, NOW)
    assert classes.remove_student(classroom, student.learner.pk) is True
    assert classes.remove_student(classroom, student.learner.pk) is False
