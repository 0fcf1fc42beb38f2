from django.urls import path

from studyapp.quiz import views, views_exam, views_practice, views_reports, views_tools

app_name = "quiz"
urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("practice/start/", views_practice.start, name="practice_start"),
    path("practice/<int:attempt_id>/", views_practice.resume, name="practice"),
    path(
        "practice/<int:attempt_id>/q/<int:position>/",
        views_practice.question,
        name="practice_question",
    ),
    path("practice/<int:attempt_id>/answer/", views_practice.answer, name="practice_answer"),
    path("practice/<int:attempt_id>/summary/", views_practice.summary, name="practice_summary"),
    path("exam/start/", views_exam.start, name="exam_start"),
    path("exam/<int:attempt_id>/", views_exam.resume, name="exam"),
    path("exam/<int:attempt_id>/q/<int:position>/", views_exam.question, name="exam_question"),
    path("exam/<int:attempt_id>/answer/", views_exam.answer, name="exam_answer"),
    path("exam/<int:attempt_id>/review/", views_exam.review, name="exam_review"),
    path("exam/<int:attempt_id>/submit/", views_exam.submit, name="exam_submit"),
    path("exam/<int:attempt_id>/clock/", views_exam.clock, name="exam_clock"),
    path("exam/<int:attempt_id>/result/", views_exam.result, name="exam_result"),
    path("report/", views_reports.report, name="report"),
    path("reports/", views_reports.queue, name="report_queue"),
    path("reports/fixed/", views_reports.mark_fixed, name="report_fixed"),
    path("picker/", views_tools.picker_page, name="picker"),
    path("picker/pick/", views_tools.picker_pick, name="picker_pick"),
    path("picker/pick/<int:answer_id>/", views_tools.picker_answer, name="picker_answer"),
    path("drill/", views_tools.drill_index, name="drill_index"),
    path("drill/<slug:table_id>/", views_tools.drill_page, name="drill"),
    path("drill/<slug:table_id>/check/", views_tools.drill_check, name="drill_check"),
    path("decode/", views_tools.decoder_page, name="decoder"),
]
