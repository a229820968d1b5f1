from django.urls import path, re_path

from . import api, api_guide, open_data

app_name = "api"

urlpatterns = [
    path("", api_guide.guide, name="guide"),
    path("items/", api.items, name="items"),
    path("items.csv", open_data.items_csv, name="items_csv"),
    path("pillars.csv", open_data.pillars_csv, name="pillars_csv"),
    path("programs.csv", open_data.programs_csv, name="programs_csv"),
    path("topics.csv", open_data.topics_csv, name="topics_csv"),
    path("open-data.zip", open_data.open_data_zip, name="open_data_zip"),
    path("recommendations/", api.recommendations, name="recommendations"),
    path("recommendations.csv", api.recommendations_csv, name="recommendations_csv"),
    path("pillars/", api.pillars, name="pillars"),
    path("programs/", api.programs, name="programs"),
    path("topics/", api.topics, name="topics"),
    path("search/", api.search, name="search"),
    path("openapi.json", api.openapi, name="openapi"),
    re_path(r"^(?P<path>.*)$", api.not_found),
]
