"""Instructors' quizzes: write or upload YAML, pick from the bank, reorder, copy, delete."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from studyapp.classroom import authoring
from studyapp.classroom.access import instructor_required, not_yours, own_quiz
from studyapp.classroom.bank import BankFilters, bank_questions, filter_choices
from studyapp.classroom.forms import QuizTextForm, QuizUploadForm
from studyapp.classroom.models import Classroom, InstructorQuiz, question_html

STARTER_YAML = """title: My quiz
description: What this quiz is for.
questions:
  - id: my-q-1
    stem: Which service lets a consumer pull messages when it is ready?
    choose: 1
    options:
      - {id: a, text: Amazon SQS, why: "Right: consumers poll the queue."}
      - {id: b, text: Amazon SNS, why: "Wrong: SNS pushes to subscribers."}
      - {id: c, text: Amazon EventBridge, why: "Wrong: a bus pushes to targets."}
      - {id: d, text: AWS Step Functions, why: "Wrong: it runs workflows."}
    answer: [a]
    services: [sqs]
    exams: [CLF-C02]
    domains: [clf.technology]
    difficulty: 1
    source: aws-docs
    checked: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/welcome.html
    points: 1000        # live games: 0, 1000 or 2000
    time_limit: 20      # live games: seconds
"""


@instructor_required
@require_GET
def quiz_list(request):
    quizzes = InstructorQuiz.objects.filter(owner=request.user)
    return render(request, "classroom/quiz_list.html", {"quizzes": quizzes})


def _editor(request, form, quiz=None, errors=(), text=""):
    context = {
        "form": form,
        "quiz": quiz,
        "errors": list(errors),
        "lines": authoring.annotated_lines(text, errors) if errors else [],
    }
    return render(request, "classroom/quiz_editor.html", context, status=400 if errors else 200)


def _save_from_text(request, text, quiz=None, display=authoring.QUIZ_FILE):
    """Save the quiz or return the editor showing every error beside its line."""
    try:
        saved = authoring.save_quiz(request.user, text, quiz, display)
    except authoring.QuizInvalid as invalid:
        form = QuizTextForm(initial={"source": text})  # the page itself says nothing was saved
        return _editor(request, form, quiz, invalid.errors, text)
    messages.success(request, f"Saved “{saved.title}” with {len(saved.questions)} question(s).")
    return redirect("classroom:quiz_detail", pk=saved.pk)


@instructor_required
@require_http_methods(["GET", "POST"])
def quiz_new(request):
    form = QuizTextForm(request.POST or None, initial={"source": STARTER_YAML})
    if request.method == "POST" and form.is_valid():
        return _save_from_text(request, form.cleaned_data["source"])
    return _editor(request, form)


@instructor_required
@require_http_methods(["GET", "POST"])
def quiz_edit(request, pk):
    quiz = own_quiz(request, pk)
    if quiz is None:
        return not_yours(request, "quiz")
    form = QuizTextForm(request.POST or None, initial={"source": quiz.source_yaml})
    if request.method == "POST" and form.is_valid():
        return _save_from_text(request, form.cleaned_data["source"], quiz)
    return _editor(request, form, quiz)


@instructor_required
@require_http_methods(["GET", "POST"])
def quiz_upload(request):
    form = QuizUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name = request.FILES["file"].name.rsplit("/", 1)[-1][:100] or authoring.QUIZ_FILE
        return _save_from_text(request, form.cleaned_data["file"], display=name)
    return render(request, "classroom/quiz_upload.html", {"form": form})


@instructor_required
@require_GET
def quiz_detail(request, pk):
    quiz = own_quiz(request, pk)
    if quiz is None:
        return not_yours(request, "quiz")
    questions = [{"data": q, "html": question_html(q)} for q in quiz.questions]
    classes = Classroom.objects.filter(owner=request.user)
    return render(
        request,
        "classroom/quiz_detail.html",
        {"quiz": quiz, "questions": questions, "classes": classes},
    )


@instructor_required
@require_POST
def quiz_duplicate(request, pk):
    quiz = own_quiz(request, pk)
    if quiz is None:
        return not_yours(request, "quiz")
    copy = authoring.duplicate_quiz(quiz, request.user)
    messages.success(request, f"Made “{copy.title}”.")
    return redirect("classroom:quiz_detail", pk=copy.pk)


@instructor_required
@require_http_methods(["GET", "POST"])
def quiz_delete(request, pk):
    quiz = own_quiz(request, pk)
    if quiz is None:
        return not_yours(request, "quiz")
    if request.method == "POST":
        title = quiz.title
        quiz.delete()  # assignments keep their own copy of the questions
        messages.success(request, f"Deleted “{title}”.")
        return redirect("classroom:quiz_list")
    return render(request, "classroom/quiz_delete.html", {"quiz": quiz})


@instructor_required
@require_POST
def quiz_move(request, pk):
    quiz = own_quiz(request, pk)
    if quiz is None:
        return not_yours(request, "quiz")
    question_id = request.POST.get("question", "")
    action = request.POST.get("action")
    if action == "remove":
        if not authoring.remove_question(quiz, question_id):
            messages.error(
                request, "That question cannot be removed (a quiz keeps at least one question)."
            )
    elif action in {"up", "down"}:
        if not authoring.move_question(quiz, question_id, -1 if action == "up" else 1):
            messages.error(request, "That question cannot move further.")
    else:
        messages.error(request, "Choose up, down or remove.")
    anchor = f"#question-{question_id}" if quiz.question(question_id) else ""
    return redirect(reverse("classroom:quiz_detail", kwargs={"pk": quiz.pk}) + anchor)


@instructor_required
@require_http_methods(["GET", "POST"])
def bank(request):
    """Filter the bank (GET), then add the ticked questions to a new or existing quiz (POST)."""
    own_quizzes = InstructorQuiz.objects.filter(owner=request.user)
    if request.method == "POST":
        picked = request.POST.getlist("item")
        target = request.POST.get("quiz", "new")
        if not picked:
            messages.error(request, "Tick at least one question to add; nothing changed.")
            return redirect(request.get_full_path())
        if target == "new":
            quiz = authoring.quiz_from_bank(request.user, request.POST.get("title", ""), picked)
            messages.success(
                request, f"Made “{quiz.title}” with {len(quiz.questions)} question(s)."
            )
            return redirect("classroom:quiz_detail", pk=quiz.pk)
        quiz = own_quizzes.filter(pk=target if target.isdigit() else 0).first()
        if quiz is None:
            return not_yours(request, "quiz")
        added = authoring.add_bank_questions(quiz, picked)
        messages.success(request, f"Added {added} question(s) to “{quiz.title}”.")
        return redirect("classroom:quiz_detail", pk=quiz.pk)
    filters = BankFilters.from_query(request.GET)
    items = bank_questions(filters)
    context = {"items": items, "filters": filters, "quizzes": own_quizzes, **filter_choices()}
    return render(request, "classroom/bank.html", context)
