from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from studyapp.learners.forms import DeleteAccountForm, PreferencesForm, SignupForm
from studyapp.learners.identity import SESSION_KEY, adopt_guest, guest_learner, merge_learners
from studyapp.learners.models import Learner


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            guest = guest_learner(request)
            if guest is not None:
                adopt_guest(guest, user)  # the guest's history becomes the account's
            else:
                Learner.objects.create(user=user)
        login(request, user)  # login() cycles the session key
        messages.success(request, "Your account is ready; everything you studied so far is in it.")
        return redirect("catalog:home")
    return render(request, "learners/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Logging in while holding guest progress merges it into the account."""

    template_name = "learners/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        guest = guest_learner(self.request)
        response = super().form_valid(form)  # login() gives a new session key
        user = form.get_user()
        target, _ = Learner.objects.get_or_create(user=user)
        if guest is not None and guest.pk != target.pk:
            merge_learners(guest, target)
            messages.success(self.request, "Your guest progress was added to your account.")
        self.request.session.pop(SESSION_KEY, None)
        return response


@require_POST
def logout_view(request):
    logout(request)  # flushes the session: a new key, no learner attached
    messages.success(request, "You are logged out.")
    return redirect("catalog:home")


@require_http_methods(["GET", "POST"])
def preferences(request):
    learner = request.learner
    form = PreferencesForm(request.POST or None, instance=learner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("learners:preferences")
    return render(request, "learners/preferences.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()  # cascades to the learner and every row keyed on it
        messages.success(request, "Your account and its history are deleted.")
        return redirect("catalog:home")
    return render(request, "learners/delete.html", {"form": form})


password_reset = auth_views.PasswordResetView.as_view(
    template_name="learners/password_reset.html",
    email_template_name="learners/password_reset_email.txt",
    success_url=reverse_lazy("learners:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="learners/message.html",
    extra_context={
        "heading": "Check your email",
        "text": "If an account has that address, a reset link is on its way.",
    },
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="learners/password_reset_confirm.html",
    success_url=reverse_lazy("learners:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="learners/message.html",
    extra_context={"heading": "Password changed", "text": "You can log in with your new password."},
)
