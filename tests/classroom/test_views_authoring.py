import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from studyapp.classroom.models import InstructorQuiz
from tests.classroom.conftest import QUIZ_YAML

pytestmark = pytest.mark.django_db


def test_anonymous_authoring_redirects_to_login(client):
    response = client.get("/class/quizzes/new/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/account/login/?next=/class/quizzes/new/",
    )


def test_a_student_is_told_authoring_is_for_instructors(client, student):
    client.force_login(student)
    response = client.get("/class/quizzes/new/")
    assert response.status_code == 403
    assert "Only instructors can write quizzes" in response.content.decode()


def test_editor_saves_a_valid_quiz_and_shows_it(client, instructor, small_catalog):
    client.force_login(instructor)
    response = client.post("/class/quizzes/new/", {"source": QUIZ_YAML}, follow=True)
    quiz = InstructorQuiz.objects.get()
    page = response.content.decode()
    assert (quiz.owner, quiz.source_yaml, response.redirect_chain[-1][0]) == (
        instructor,
        QUIZ_YAML,
        f"/class/quizzes/{quiz.pk}/",
    )
    assert "Which service <strong>pushes</strong> to subscribers?" in page


def test_editor_with_errors_saves_nothing_and_shows_each_error_beside_its_line(
    client, instructor, small_catalog
):
    client.force_login(instructor)
    text = QUIZ_YAML.replace("difficulty: 1", "difficulty: 9").replace(
        "answer: [a, c]", "answer: [a]"
    )
    response = client.post("/class/quizzes/new/", {"source": text})
    page = response.content.decode()
    assert (response.status_code, InstructorQuiz.objects.count()) == (400, 0)
    assert "2 errors: nothing was saved" in page
    line_16 = page[page.index('id="line-16"') : page.index('id="line-17"')]
    assert "difficulty: 9" in line_16
    assert "question w3-1.difficulty: must be 1 (easy), 2 (medium) or 3 (hard)" in line_16
    assert (
        "choose: 2 needs exactly two answers, found 1"
        in page[page.index('id="line-30"') : page.index('id="line-31"')]
    )
    assert "difficulty: 9" in page[page.index("<textarea") : page.index("</textarea>")]


def test_upload_with_errors_changes_an_existing_quiz_not_at_all(client, instructor, quiz):
    client.force_login(instructor)
    broken = SimpleUploadedFile("week3.yaml", b"title: [unclosed\n")
    response = client.post("/class/quizzes/upload/", {"file": broken})
    assert response.status_code == 400
    assert [str(e) for e in response.context["errors"]] == [
        "week3.yaml:2: yaml: syntax error: expected ',' or ']', but got '<stream end>'"
    ]
    assert InstructorQuiz.objects.count() == 1


def test_upload_of_a_valid_file_creates_the_quiz(client, instructor, small_catalog):
    client.force_login(instructor)
    response = client.post(
        "/class/quizzes/upload/", {"file": SimpleUploadedFile("w3.yaml", QUIZ_YAML.encode())}
    )
    quiz = InstructorQuiz.objects.get()
    assert (response["Location"], quiz.title) == (f"/class/quizzes/{quiz.pk}/", "Week 3 quiz")


def test_upload_that_is_not_utf8_is_refused(client, instructor, small_catalog):
    client.force_login(instructor)
    response = client.post(
        "/class/quizzes/upload/", {"file": SimpleUploadedFile("w3.yaml", b"\xff\xfe\x00t")}
    )
    assert "The file is not UTF-8 text" in response.content.decode()
    assert InstructorQuiz.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/class/quizzes/{pk}/"),
        ("get", "/class/quizzes/{pk}/edit/"),
        ("post", "/class/quizzes/{pk}/duplicate/"),
        ("post", "/class/quizzes/{pk}/delete/"),
        ("post", "/class/quizzes/{pk}/order/"),
    ],
)
def test_another_instructors_quiz_is_not_found_and_unchanged(
    client, other_instructor, quiz, method, path
):
    client.force_login(other_instructor)
    response = getattr(client, method)(
        path.format(pk=quiz.pk), {"question": "w3-1", "action": "down"}
    )
    assert response.status_code == 404
    assert "You can only open your own." in response.content.decode()
    quiz.refresh_from_db()
    assert ([q["id"] for q in quiz.questions], InstructorQuiz.objects.count()) == (
        ["w3-1", "w3-2"],
        1,
    )


def test_edit_shows_the_text_as_written(client, instructor, quiz):
    client.force_login(instructor)
    page = client.get(f"/class/quizzes/{quiz.pk}/edit/").content.decode()
    assert "Which service **pushes** to subscribers?" in page


def test_duplicate_and_delete(client, instructor, quiz):
    client.force_login(instructor)
    client.post(f"/class/quizzes/{quiz.pk}/duplicate/")
    client.post(f"/class/quizzes/{quiz.pk}/delete/")
    assert list(InstructorQuiz.objects.values_list("title", flat=True)) == ["Copy of Week 3 quiz"]


def test_reorder_buttons_move_a_question(client, instructor, quiz):
    client.force_login(instructor)
    response = client.post(f"/class/quizzes/{quiz.pk}/order/", {"question": "w3-2", "action": "up"})
    quiz.refresh_from_db()
    assert response["Location"] == f"/class/quizzes/{quiz.pk}/#question-w3-2"
    assert [q["id"] for q in quiz.questions] == ["w3-2", "w3-1"]


def test_bank_filters_by_type_and_difficulty(client, instructor, small_catalog):
    client.force_login(instructor)
    single = client.get("/class/quizzes/bank/", {"type": "single"}).context["items"]
    hard = client.get(
        "/class/quizzes/bank/", {"difficulty": "2", "domain": "saa.resilient"}
    ).context["items"]
    none = client.get("/class/quizzes/bank/", {"domain": "clf.billing"}).context["items"]
    assert ([i.id for i in single], [i.id for i in hard], none) == (["t-q-1"], ["t-q-2"], [])


def test_bank_picks_make_a_new_quiz(client, instructor, small_catalog):
    client.force_login(instructor)
    client.post(
        "/class/quizzes/bank/", {"item": ["t-q-2", "t-q-1"], "quiz": "new", "title": "Picked"}
    )
    quiz = InstructorQuiz.objects.get()
    assert (quiz.title, [q["id"] for q in quiz.questions]) == ("Picked", ["t-q-2", "t-q-1"])


def test_bank_picks_into_another_instructors_quiz_are_refused(client, other_instructor, quiz):
    client.force_login(other_instructor)
    response = client.post("/class/quizzes/bank/", {"item": ["t-q-1"], "quiz": str(quiz.pk)})
    quiz.refresh_from_db()
    assert (response.status_code, len(quiz.questions)) == (404, 2)
