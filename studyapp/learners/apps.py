from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "studyapp.learners"
    label = "learners"
    default_auto_field = "django.db.models.BigAutoField"
