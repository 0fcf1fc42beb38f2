from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "studyapp.study"
    label = "study"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from studyapp.catalog.progress import register_progress
        from studyapp.learners.identity import register_merge
        from studyapp.study.merge import merge_study
        from studyapp.study.progress import studied_per_topic

        register_progress(studied_per_topic)
        register_merge(merge_study)
