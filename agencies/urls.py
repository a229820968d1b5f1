from django.urls import path

from .views import accounts, bookmarks, joining, members, public, tracker

app_name = "agencies"

urlpatterns = [
    path("me/", bookmarks.me, name="me"),
    path("me/profile/", accounts.profile, name="profile"),
    path("me/delete/", accounts.delete_account, name="delete_account"),
    path("me/join/", joining.join_agency, name="join_agency"),
    path("me/register-agency/", joining.register_agency, name="register_agency"),
    path("me/bookmarks/toggle/", bookmarks.toggle_bookmark, name="toggle_bookmark"),
    path("me/bookmarks/<int:pk>/", bookmarks.edit_bookmark, name="edit_bookmark"),
    path("me/collections/new/", bookmarks.collection_create, name="collection_create"),
    path("collections/<int:pk>/", bookmarks.collection_detail, name="collection_detail"),
    path("collections/<int:pk>/edit/", bookmarks.collection_edit, name="collection_edit"),
    path("collections/<int:pk>/delete/", bookmarks.collection_delete, name="collection_delete"),
    path("collections/<int:pk>/export.csv", bookmarks.collection_csv, name="collection_csv"),
    path("collections/<int:pk>/print/", bookmarks.collection_print, name="collection_print"),
    path("invitations/<str:token>/", members.accept_invitation, name="accept_invitation"),
    path("agencies/", public.agency_list, name="agency_list"),
    # Before the agencies' own addresses: "national" is reserved (models.RESERVED_SLUGS).
    path("agencies/national/", public.national, name="national"),
    path("agencies/<slug:slug>/", public.agency_detail, name="agency_detail"),
    path("agencies/<slug:slug>/preview/", public.agency_preview, name="agency_preview"),
    path("agencies/<slug:slug>/members/", members.members, name="members"),
    path("agencies/<slug:slug>/members/<int:pk>/", members.change_member, name="change_member"),
    path(
        "agencies/<slug:slug>/members/requests/<int:pk>/",
        joining.decide_join_request,
        name="decide_join_request",
    ),
    path("agencies/<slug:slug>/tracker/", tracker.tracker, name="tracker"),
    path("agencies/<slug:slug>/tracker/publish/", tracker.tracker_publish, name="tracker_publish"),
    path("agencies/<slug:slug>/tracker/bulk/", tracker.tracker_bulk, name="tracker_bulk"),
    path("agencies/<slug:slug>/tracker.csv", public.tracker_csv, name="tracker_csv"),
    path(
        "agencies/<slug:slug>/tracker/<slug:recommendation>/",
        tracker.tracker_edit,
        name="tracker_edit",
    ),
]
