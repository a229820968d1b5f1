import pytest

from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

# Every page type, with the most queries it may make whatever the amount of content.
# Item pages that link glossary terms read the terms once per content change in each
# process (recommendations/glossary_links.py); the budgets count that first render.
PAGES = [
    ("/", 3, "Policing reform guidance, in one place"),
    ("/about/", 0, "About Common Ground"),
    ("/pillars/", 1, "Pillar 6: Officer Wellness and Safety"),
    ("/pillars/1-building-trust-and-legitimacy/", 9, "TF-1.1"),
    ("/chapters/3-stops-searches-and-arrests/", 5, "Ban formal and informal quotas."),
    ("/recommendations/", 8, "167 recommendations"),
    ("/recommendations/?source=ne&pillar=2&topic=use-of-force", 10, "NE-4.3"),
    ("/recommendations/?chapter=3&linked_pillar=2", 10, "Ban formal and informal quotas."),
    ("/recommendations/ne-3-2/", 10, "Ban formal and informal quotas."),
    ("/recommendations/tf-1-4/", 10, "TF-1.4.2"),
    ("/implementation-guide/", 1, "IG-community-1"),
    ("/implementation-guide/law-enforcement-3/", 4, "Call on the POST Commission"),
    ("/programs/", 2, "Collaborative Reform Initiative Technical Assistance Center"),
    ("/programs/cri-tac/", 5, "Is this for us, and how do we ask?"),
    ("/topics/", 1, "Use of force"),
    ("/topics/use-of-force/", 7, "Questions to ask your department"),
    ("/crosswalk/", 4, "by New Era chapter"),
    ("/sources/", 5, "Executive Order 13929"),
    ("/glossary/", 1, "Body-worn camera"),
    ("/glossary/chokehold/", 4, "Also called"),
]


@pytest.mark.parametrize("url,queries,text", PAGES)
def test_page(client, django_assert_max_num_queries, url, queries, text):
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert text in response.text


def test_pages_have_landmarks_and_skip_link(client):
    html = client.get("/recommendations/ne-3-2/").text
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<nav aria-label="Main">' in html
    assert html.count("<h1") == 1


def test_recommendation_page_shows_key_citation_and_neighbours(client):
    response = client.get("/recommendations/ne-3-2/")
    html = response.text
    assert "NE-3.2" in html
    assert "The Leadership Conference Education Fund. New Era of Public Safety" in html
    assert "Recommendation 3.2: &quot;Ban formal and informal quotas.&quot;" in html
    assert "http://testserver/recommendations/ne-3-2/" in html
    assert response.context["previous"].key == "NE-3.1"
    assert response.context["next"].key == "NE-3.3"
    assert "chapter 3: <a" in html


def test_neighbours_cross_chapters_and_stop_at_the_ends(client):
    assert client.get("/recommendations/ne-1-12/").context["next"].key == "NE-2.1"
    # The neighbours are read lazily (only when the page's content part is rendered).
    assert not client.get("/recommendations/ne-1-1/").context["previous"]
    assert not client.get("/recommendations/ne-12-7/").context["next"]
    assert not client.get("/recommendations/tf-0-1/").context["previous"]
    assert 'rel="prev"' not in client.get("/recommendations/tf-0-1/").content.decode()


def test_unverified_task_force_summary_is_labelled(client):
    unverified = Recommendation.objects.filter(uncertain=True).first()
    html = client.get(unverified.get_absolute_url()).text
    assert "Summary not yet verified against the report" in html


def test_pillar_page_lists_its_recommendations_new_era_and_programs(client):
    response = client.get("/pillars/6-officer-wellness-and-safety/")
    keys = [r.key for r in response.context["task_force_recommendations"]]
    assert keys[:3] == ["TF-6.1", "TF-6.2", "TF-6.3"]
    assert {r.chapter.number for r in response.context["new_era_recommendations"]} >= {12}


@pytest.mark.parametrize(
    "url,target",
    [
        ("/pillars/1/", "/pillars/1-building-trust-and-legitimacy/"),
        ("/pillars/1-wrong-slug/", "/pillars/1-building-trust-and-legitimacy/"),
        ("/chapters/8-robust-data-collection/", "/chapters/8-data-information-and-video-footage/"),
    ],
)
def test_non_canonical_urls_redirect(client, url, target):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == target


@pytest.mark.parametrize(
    "url",
    [
        "/recommendations/ne-99-1/",
        "/recommendations/ne-3/",
        "/recommendations/NE-99.1/",
        "/recommendations/tf-1-4-9/",
        "/pillars/7-nothing/",
        "/programs/no-such-program/",
        "/topics/nope/",
        "/implementation-guide/community-9/",
        "/no/such/page/",
    ],
)
def test_unknown_keys_give_a_real_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Skip to main content" in response.text


def test_filters_narrow_and_count(client):
    response = client.get("/recommendations/?source=ne&chapter=4")
    assert response.context["paginator"].count == 10
    assert "10 recommendations" in response.text
    pillar = client.get("/recommendations/?pillar=6")
    keys = {r.key for r in pillar.context["paginator"].object_list}
    assert "TF-6.1" in keys and "NE-12.7" in keys and "TF-1.1" not in keys


def test_title_search_for_now(client):
    response = client.get("/recommendations/?q=quotas")
    assert {r.key for r in response.context["page_obj"]} == {"TF-2.9", "NE-3.2"}


def test_pagination_keeps_filters(client):
    response = client.get("/recommendations/?source=ne&page=2")
    assert response.status_code == 200
    assert "?source=ne&amp;page=3" in response.text
    assert "?source=ne&amp;page=1" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "source=xx",
        "pillar=9",
        "pillar=abc",
        "chapter=13",
        "topic=<script>",
        "q=" + "x" * 300,
    ],
)
def test_bad_filter_values_get_a_clear_400(client, query):
    response = client.get(f"/recommendations/?{query}")
    assert response.status_code == 400
    assert "Those filters could not be used" in response.text
    assert "<script>" not in response.text


@pytest.mark.parametrize("page", ["999", "abc", "0", "-1"])
def test_bad_page_numbers_are_404_not_500(client, page):
    assert client.get(f"/recommendations/?page={page}").status_code == 404


def test_user_input_is_escaped(client):
    response = client.get('/recommendations/?q=<img src=x onerror=alert(1)>"')
    assert response.status_code == 200
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text


def test_health(client):
    response = client.get("/healthz/")
    assert response.json() == {"status": "ok", "database": "ok"}


HOSTILE_QUERIES = [
    "q=%FF%FE%00",
    "q=" + "a" * 10_000,
    "page=" + "9" * 400,
    "source=%27%20OR%201%3D1--",
    "topic=../../etc/passwd",
    "x=%3Cscript%3Ealert(1)%3C/script%3E",
]


@pytest.mark.parametrize("path", [url for url, _q, _t in PAGES if "?" not in url])
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_query_strings_never_cause_a_server_error(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code in {200, 400, 404}
    assert "<script>alert(1)" not in response.text


def test_admin_lists_content(admin_client):
    response = admin_client.get("/admin/recommendations/recommendation/?q=quotas")
    assert response.status_code == 200
    assert "NE-3.2" in response.text
    assert admin_client.get("/admin/recommendations/recommendation/1/change/").status_code == 200
