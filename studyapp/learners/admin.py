from django.contrib import admin

from studyapp.learners.models import Learner


@admin.register(Learner)
class LearnerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "time_zone", "exam", "exam_date", "created_at"]
    search_fields = ["user__username"]
