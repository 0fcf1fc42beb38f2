from django.contrib import admin
from django.utils import timezone

from studyapp.quiz.models import Attempt, ProblemReport
from studyapp.quiz.reports import mark_fixed


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["item", "part", "status", "created_at", "note"]
    list_filter = ["status", "part"]
    search_fields = ["item__id", "note"]
    readonly_fields = ["created_at", "closed_at", "closed_by", "learner"]
    actions = ["close_items"]

    @admin.action(description="Mark these reports' items fixed (closes all their open reports)")
    def close_items(self, request, queryset):
        now = timezone.now()
        closed = sum(
            mark_fixed(item_id, request.user, now)
            for item_id in set(queryset.values_list("item_id", flat=True))
        )
        self.message_user(request, f"{closed} report(s) closed.")


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["pk", "learner", "mode", "exam", "started_at", "submitted_at", "scaled_score"]
    list_filter = ["mode", "exam"]
    readonly_fields = ["seed"]
