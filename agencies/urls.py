from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import accounts, bookmarks, members, tracker

app_name = "agencies"

urlpatterns = [
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("agencies:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("agencies:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("agencies:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("me/", bookmarks.me, name="me"),
    path("me/profile/", accounts.profile, name="profile"),
    path("me/delete/", accounts.delete_account, name="delete_account"),
    path("me/bookmarks/toggle/", bookmarks.toggle_bookmark, name="toggle_bookmark"),
    path("me/bookmarks/<int:pk>/", bookmarks.edit_bookmark, name="edit_bookmark"),
    path("me/collections/new/", bookmarks.collection_create, name="collection_create"),
    path("collections/<int:pk>/", bookmarks.collection_detail, name="collection_detail"),
    path("collections/<int:pk>/edit/", bookmarks.collection_edit, name="collection_edit"),
    path("collections/<int:pk>/delete/", bookmarks.collection_delete, name="collection_delete"),
    path("collections/<int:pk>/export.csv", bookmarks.collection_csv, name="collection_csv"),
    path("collections/<int:pk>/print/", bookmarks.collection_print, name="collection_print"),
    path("invitations/<str:token>/", members.accept_invitation, name="accept_invitation"),
    path("agencies/", tracker.agency_list, name="agency_list"),
    path("agencies/<slug:slug>/", tracker.agency_detail, name="agency_detail"),
    path("agencies/<slug:slug>/members/", members.members, name="members"),
    path("agencies/<slug:slug>/members/<int:pk>/", members.change_member, name="change_member"),
    path("agencies/<slug:slug>/tracker/", tracker.tracker, name="tracker"),
    path("agencies/<slug:slug>/tracker/publish/", tracker.tracker_publish, name="tracker_publish"),
    path("agencies/<slug:slug>/tracker.csv", tracker.tracker_csv, name="tracker_csv"),
    path(
        "agencies/<slug:slug>/tracker/<slug:recommendation>/",
        tracker.tracker_edit,
        name="tracker_edit",
    ),
]
