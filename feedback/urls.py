from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.report, name="report"),
    path("thanks/", views.thanks, name="thanks"),
]
