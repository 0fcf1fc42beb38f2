from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("studyapp.catalog.urls")),
    path("account/", include("studyapp.learners.urls")),
    path("study/", include("studyapp.study.urls")),
    path("quiz/", include("studyapp.quiz.urls")),
    path("sims/", include("studyapp.sims.urls")),
    path("class/", include("studyapp.classroom.urls")),
    path("admin/", admin.site.urls),
]
