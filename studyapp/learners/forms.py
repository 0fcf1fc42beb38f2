from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import UserCreationForm

from studyapp.learners.models import Learner

EXAM_CHOICES = [
    ("", "No exam chosen"),
    ("SAA-C03", "SAA-C03 · Solutions Architect – Associate"),
    ("DVA-C02", "DVA-C02 · Developer – Associate"),
    ("SOA-C02", "SOA-C02 · SysOps Administrator – Associate"),
    ("CLF-C02", "CLF-C02 · Cloud Practitioner"),
]


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=False, help_text="Only used to reset your password.")

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=[(z, z) for z in sorted(available_timezones())],
        help_text="Your study day follows this time zone.",
    )
    exam = forms.ChoiceField(choices=EXAM_CHOICES, required=False)
    exam_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="Optional."
    )

    class Meta:
        model = Learner
        fields = [
            "time_zone",
            "day_rollover_hour",
            "desired_retention",
            "new_cards_per_day",
            "exam",
            "exam_date",
        ]
        labels = {
            "day_rollover_hour": "A new study day starts at (hour, 0–23)",
            "desired_retention": "Desired retention (0.70–0.97)",
            "new_cards_per_day": "New cards per day",
        }
        help_texts = {
            "desired_retention": "Higher means more reviews and fewer forgotten cards. 0.90 suits most people.",
        }
        widgets = {
            "desired_retention": forms.NumberInput(
                attrs={"step": "0.01", "min": "0.70", "max": "0.97"}
            )
        }


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label="Type DELETE to remove your account and all its history",
        help_text="This cannot be undone.",
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"] != "DELETE":
            raise forms.ValidationError("Type DELETE in capitals to confirm.")
        return self.cleaned_data["confirm"]
