"""Accounts: sign-up, sign-in with throttling, profile and deletion."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from .. import throttle
from ..forms import DeleteAccountForm, ProfileForm, SignUpForm
from .access import safe_next


class LoginView(auth_views.LoginView):
    """Django's login, slowed down and then locked after repeated failures."""

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        wait = throttle.wait_seconds(request, username)
        if wait:
            # Trying again too soon counts too, so hammering reaches the lock sooner.
            throttle.record_failure(request, username)
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                f"Too many failed sign-in attempts. Please wait {wait} seconds and try again.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.record_failure(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        throttle.clear(self.request, form.get_user().get_username())
        return super().form_valid(form)


def signup(request):
    if request.user.is_authenticated:
        return redirect("agencies:me")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome. Your account is ready.")
        return redirect(safe_next(request, reverse("agencies:me")))
    return render(request, "registration/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("agencies:profile")
    return render(request, "agencies/profile.html", {"form": form})


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        # Bookmarks, collections and memberships go with the account; tracker
        # history keeps the change but no longer names the person.
        user.delete()
        messages.success(request, "Your account and your private data have been deleted.")
        return redirect("home")
    return render(request, "agencies/delete_account.html", {"form": form})
