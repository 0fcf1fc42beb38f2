from django.urls import path

from studyapp.classroom import views_assignments, views_authoring, views_classes, views_live
from studyapp.classroom.live import streams

app_name = "classroom"
urlpatterns = [
    path("", views_classes.home, name="home"),
    # quizzes
    path("quizzes/", views_authoring.quiz_list, name="quiz_list"),
    path("quizzes/new/", views_authoring.quiz_new, name="quiz_new"),
    path("quizzes/upload/", views_authoring.quiz_upload, name="quiz_upload"),
    path("quizzes/bank/", views_authoring.bank, name="bank"),
    path("quizzes/<int:pk>/", views_authoring.quiz_detail, name="quiz_detail"),
    path("quizzes/<int:pk>/edit/", views_authoring.quiz_edit, name="quiz_edit"),
    path("quizzes/<int:pk>/duplicate/", views_authoring.quiz_duplicate, name="quiz_duplicate"),
    path("quizzes/<int:pk>/delete/", views_authoring.quiz_delete, name="quiz_delete"),
    path("quizzes/<int:pk>/order/", views_authoring.quiz_move, name="quiz_move"),
    # classes
    path("classes/new/", views_classes.class_new, name="class_new"),
    path("classes/<int:pk>/", views_classes.class_detail, name="class_detail"),
    path("classes/<int:pk>/code/", views_classes.class_new_code, name="class_new_code"),
    path(
        "classes/<int:pk>/remove/", views_classes.class_remove_student, name="class_remove_student"
    ),
    path("classes/<int:pk>/assign/", views_assignments.assignment_new, name="assignment_new"),
    path("join/", views_classes.join, name="join"),
    path("join/<str:code>/", views_classes.join_link, name="join_link"),
    # assignments
    path("assignments/<int:pk>/", views_assignments.assignment_detail, name="assignment_detail"),
    path(
        "assignments/<int:pk>/extra-time/",
        views_assignments.assignment_extra_time,
        name="assignment_extra_time",
    ),
    path(
        "assignments/<int:pk>/close/", views_assignments.assignment_close, name="assignment_close"
    ),
    path(
        "assignments/<int:pk>/results/",
        views_assignments.assignment_results,
        name="assignment_results",
    ),
    path(
        "assignments/<int:pk>/results.csv",
        views_assignments.assignment_results_csv,
        name="assignment_results_csv",
    ),
    path("assignments/<int:pk>/take/", views_assignments.take, name="take"),
    path("assignments/<int:pk>/answers/", views_assignments.save_answers, name="save_answers"),
    path("assignments/<int:pk>/result/", views_assignments.result, name="result"),
    # live games: the instructor's projector, the players' phones
    path("live/", views_live.live_home, name="live_home"),
    path("live/new/<int:quiz_pk>/", views_live.game_new, name="game_new"),
    path("live/<int:pk>/", views_live.projector, name="projector"),
    path("live/<int:pk>/stage/", views_live.projector_stage, name="projector_stage"),
    path("live/<int:pk>/control/", views_live.control, name="live_control"),
    path("live/<int:pk>/events/", streams.projector_events, name="projector_events"),
    path("live/<int:pk>/results.csv", views_live.results_csv, name="live_results_csv"),
    path("play/", views_live.play_join, name="play_join"),
    path("play/<str:pin>/", views_live.play, name="play"),
    path("play/<str:pin>/answer/", views_live.play_answer, name="play_answer"),
    path("play/<str:pin>/stage/", views_live.play_stage, name="play_stage"),
    path("play/<str:pin>/me/", views_live.play_me, name="play_me"),
    path("play/<str:pin>/events/", streams.phone_events, name="play_events"),
]
