from django import forms

from studyapp.classroom.assignments import (
    MAX_EXTRA_MINUTES,
    MAX_TIME_LIMIT_MINUTES,
    schedule_errors,
)
from studyapp.classroom.authoring import MAX_QUIZ_BYTES
from studyapp.classroom.models import Assignment, InstructorQuiz

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class QuizTextForm(forms.Form):
    source = forms.CharField(
        label="Quiz (YAML)",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "yaml-editor"}),
        help_text="title:, optional description:, and questions: in the content format.",
        strip=False,
    )


class QuizUploadForm(forms.Form):
    file = forms.FileField(label="Quiz file (.yaml)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_QUIZ_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_QUIZ_BYTES // 1024} KiB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text; save it as UTF-8 YAML."
            ) from None


class ClassForm(forms.Form):
    name = forms.CharField(label="Class name", max_length=200)


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Class code", max_length=20, help_text="The 8-letter code your instructor gave you."
    )


class AssignmentForm(forms.Form):
    quiz = forms.ModelChoiceField(queryset=InstructorQuiz.objects.none(), empty_label=None)
    opens_at = forms.DateTimeField(label="Opens at", widget=LOCAL_DATETIME)
    closes_at = forms.DateTimeField(label="Closes at", widget=LOCAL_DATETIME)
    time_limit_minutes = forms.IntegerField(
        label="Time limit (minutes)",
        required=False,
        min_value=1,
        max_value=MAX_TIME_LIMIT_MINUTES,
        help_text="Leave empty for no limit: students then have until the close time.",
    )
    review = forms.ChoiceField(
        label="After the assignment closes, students see",
        choices=Assignment.Review.choices,
        initial=Assignment.Review.FEEDBACK,
        widget=forms.RadioSelect,
        help_text="Students see their score as soon as they submit.",
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = InstructorQuiz.objects.filter(owner=owner)

    def clean(self):
        data = super().clean()
        for message in schedule_errors(
            data.get("opens_at"), data.get("closes_at"), data.get("time_limit_minutes")
        ):
            self.add_error(None, message)
        return data


class ExtraTimeForm(forms.Form):
    learner = forms.TypedChoiceField(label="Student", coerce=int)
    minutes = forms.IntegerField(
        label="Extra minutes", min_value=0, max_value=MAX_EXTRA_MINUTES, help_text="0 removes it."
    )

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].choices = [
            (m.learner_id, m.learner.user.get_username()) for m in students
        ]
