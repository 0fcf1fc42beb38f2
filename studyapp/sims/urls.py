from django.urls import path  # noqa: F401

app_name = "sims"
urlpatterns = []

from . import views_stepfunctions  # noqa: E402

urlpatterns += [
    path("stepfunctions/", views_stepfunctions.index, name="stepfunctions"),
    path("stepfunctions/editor/", views_stepfunctions.editor, name="stepfunctions-editor"),
    path("stepfunctions/<slug:scenario_id>/", views_stepfunctions.play, name="stepfunctions-play"),
]
