from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "studyapp.quiz"
    label = "quiz"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from studyapp.learners.identity import register_merge
        from studyapp.quiz.merge import merge_quiz

        register_merge(merge_quiz)

        from studyapp.quiz.drill import merge_drill
        from studyapp.quiz.picker import merge_picker

        register_merge(merge_picker)
        register_merge(merge_drill)
