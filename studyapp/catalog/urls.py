from django.urls import path

from studyapp.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("topics/<slug:topic_id>/", views.topic_detail, name="topic"),
]
