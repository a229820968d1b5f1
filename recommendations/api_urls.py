from django.urls import path, re_path

from . import api

app_name = "api"

urlpatterns = [
    path("items/", api.items, name="items"),
    path("recommendations/", api.recommendations, name="recommendations"),
    path("recommendations.csv", api.recommendations_csv, name="recommendations_csv"),
    path("pillars/", api.pillars, name="pillars"),
    path("programs/", api.programs, name="programs"),
    path("topics/", api.topics, name="topics"),
    path("search/", api.search, name="search"),
    path("openapi.json", api.openapi, name="openapi"),
    re_path(r"^(?P<path>.*)$", api.not_found),
]
