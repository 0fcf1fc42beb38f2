from django.urls import path

from . import views_labs, views_stepfunctions

app_name = "sims"
urlpatterns = [
    path("", views_labs.index, name="index"),
    path("stepfunctions/", views_stepfunctions.index, name="stepfunctions"),
    path("stepfunctions/editor/", views_stepfunctions.editor, name="stepfunctions-editor"),
    path("stepfunctions/<slug:scenario_id>/", views_stepfunctions.play, name="stepfunctions-play"),
    # After stepfunctions/: any other single segment is a messaging lab (404 if unknown).
    path("<slug:service>/", views_labs.lab, name="lab"),
]
