from django.urls import path

from . import feeds, glossary_views, guides, views

app_name = "recommendations"

urlpatterns = [
    path("pillars/", views.PillarListView.as_view(), name="pillar_list"),
    path("pillars/<int:number>-<slug:slug>/", views.pillar_detail, name="pillar_detail"),
    path("pillars/<int:number>/", views.pillar_detail, {"slug": ""}, name="pillar_number"),
    path("chapters/<int:number>-<slug:slug>/", views.chapter_detail, name="chapter_detail"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation_list"),
    path(
        # Any form of the key is accepted and redirected to the canonical address.
        "recommendations/<str:slug>/",
        views.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        "implementation-guide/",
        views.StakeholderActionListView.as_view(),
        name="stakeholder_action_list",
    ),
    path(
        "implementation-guide/<slug:slug>/",
        views.stakeholder_action_detail,
        name="stakeholder_action_detail",
    ),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/<slug:slug>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", guides.topic_detail, name="topic_detail"),
    path("crosswalk/", guides.crosswalk, name="crosswalk"),
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    path("search/", views.search_page, name="search"),
    path("glossary/", glossary_views.GlossaryView.as_view(), name="glossary"),
    path("glossary/<slug:slug>/", glossary_views.glossary_term, name="glossary_term"),
    path("whats-new/", views.whats_new, name="whats_new"),
    path("whats-new/feed/", feeds.WhatsNewFeed(), name="whats_new_feed"),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
]
