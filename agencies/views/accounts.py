"""The parts of an account that allauth does not cover: the profile and deleting it."""

from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from ..forms import DeleteAccountForm, ProfileForm


class LoginView(allauth_views.LoginView):
    """allauth's sign-in, answering 429 Too Many Requests (with the form and its message) when
    the address is locked out, so clients and access logs can tell a lock from a typo."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        codes = [error.code for error in form.errors.as_data().get("__all__", [])]
        if "too_many_login_attempts" in codes:
            response.status_code = 429
        return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Your profile is saved."))
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
        messages.success(request, gettext("Your account and your private data have been deleted."))
        return redirect("home")
    return render(request, "agencies/delete_account.html", {"form": form})
