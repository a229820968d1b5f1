import csv
import io

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from recommendations import search
from recommendations.api import OPENAPI

pytestmark = pytest.mark.django_db

REGISTRY = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(OPENAPI))


def assert_matches_openapi(response, path):
    """Validate a response body against the schema the OpenAPI document gives for it."""
    operation = OPENAPI["paths"][path]["get"]
    described = operation["responses"][str(response.status_code)]
    schema = described["content"]["application/json"]["schema"]
    validator = jsonschema.Draft202012Validator(
        {"$ref": "urn:openapi" + schema["$ref"]}, registry=REGISTRY
    )
    validator.validate(response.json())


def assert_matches_openapi_path(data, path):
    schema = OPENAPI["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    validator = jsonschema.Draft202012Validator(
        {"$ref": "urn:openapi" + schema["schema"]["$ref"]}, registry=REGISTRY
    )
    validator.validate(data)


ENDPOINTS = [
    ("/api/items/", "", 22),  # every type, and the crosswalk and program maps
    ("/api/items/", "type=recommendation", 6),
    ("/api/items/", "type=action-item&page=1", 4),
    ("/api/items/", "source=ig", 22),
    ("/api/recommendations/", "", 6),  # + the crosswalk and program maps, once a page
    ("/api/recommendations/", "source=ne&pillar=2&topic=use-of-force", 8),
    ("/api/pillars/", "", 2),
    ("/api/programs/", "", 4),
    ("/api/topics/", "", 2),
    ("/api/items/", "type=glossary", 2),
    ("/api/search/", "q=body+cams", 1),
    ("/api/search/", "q=use+of+force&type=recommendation&pillar=2&topic=use-of-force", 1),
    ("/api/search/", "q=", 0),
]


@pytest.mark.parametrize("path,query,queries", ENDPOINTS)
def test_endpoint_matches_its_openapi_description(
    client, django_assert_max_num_queries, path, query, queries
):
    search.index_data()  # the search vocabulary is cached between requests
    with django_assert_max_num_queries(queries):
        response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    assert_matches_openapi(response, path)


def test_items_cover_every_public_item(client):
    first = client.get("/api/items/").json()
    assert first["count"] == 6 + 21 + 6 + 12 + 167 + 83 + 15 + 5 + 111
    assert first["pages"] == 5
    assert first["next"] == "http://testserver/api/items/?page=2"
    keys = set()
    page = "/api/items/"
    while page:
        data = client.get(page).json()
        keys |= {item["key"] for item in data["results"]}
        page = data["next"]
    assert len(keys) == first["count"]
    assert {"NE-3.2", "TF-1.4.2", "TF-P1", "NE-3", "IG-community-1", "program:cri-tac"} <= keys


def test_item_shape(client):
    data = client.get("/api/items/?type=recommendation").json()
    by_key = {item["key"]: item for item in data["results"]}
    assert by_key["NE-3.2"] == {
        "key": "NE-3.2",
        "type": "recommendation",
        "title": "Ban formal and informal quotas.",
        "source": "ne",
        "pillars": by_key["NE-3.2"]["pillars"],
        "topics": by_key["NE-3.2"]["topics"],
        "url": "http://testserver/recommendations/ne-3-2/",
        "summary": "Ban quotas, both written and unwritten, that set how many stops, tickets or "
        "arrests officers must make.",
        "related": ["TF-2.9"],
        "programs": by_key["NE-3.2"]["programs"],
    }
    assert by_key["NE-3.2"]["pillars"] == [2]
    actions = client.get("/api/items/?type=action-item").json()["results"]
    first = next(item for item in actions if item["key"] == "TF-1.4.2")
    assert first["url"] == "http://testserver/recommendations/tf-1-4/#tf-1-4-2"
    assert first["pillars"] == [1]
    assert first["recommendation"] == "TF-1.4"
    guide = client.get("/api/items/?type=stakeholder-action").json()["results"]
    assert {item["key"]: item["stakeholder"] for item in guide}["IG-law-enforcement-1"] == (
        "law-enforcement"
    )


def test_recommendation_filters(client):
    data = client.get("/api/recommendations/?source=tf&pillar=3").json()
    assert data["count"] == 7
    assert [r["key"] for r in data["results"]] == [f"TF-3.{n}" for n in range(1, 8)]
    overarching = client.get("/api/recommendations/?source=tf&chapter=1").json()
    assert overarching["count"] == 0


def test_csv_has_the_same_rows(client):
    response = client.get("/api/recommendations.csv?source=ne&chapter=3")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["key"] for row in rows] == [f"NE-3.{n}" for n in range(1, 12)]
    assert rows[1]["wording"] == "Ban formal and informal quotas."
    assert rows[1]["url"] == "http://testserver/recommendations/ne-3-2/"


@pytest.mark.parametrize(
    "url,status",
    [
        ("/api/items/?type=nonsense", 400),
        ("/api/items/?source=Not%20a%20slug", 400),
        ("/api/items/?type=", 400),
        ("/api/items/?page=", 400),
        ("/api/items/?page=1&page=2", 400),
        ("/api/search/?q=x&exact=null", 400),
        ("/api/search/?q=x&chapter=13", 400),
        ("/api/search/?q=x&page=10001", 400),
        ("/api/items/?page=abc", 400),
        ("/api/items/?page=99", 404),
        ("/api/recommendations/?pillar=0", 400),
        ("/api/recommendations/?topic=%00", 400),
        ("/api/recommendations/?source=ne%27;DROP%20TABLE", 400),
        ("/api/recommendations.csv?chapter=x", 400),
        ("/api/items.csv?type=nonsense", 400),
        ("/api/items.csv?source=A%00", 400),
    ],
)
def test_bad_input_gets_a_json_error(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert set(response.json()) == {"error"}
    assert response.json()["error"]


def test_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    validate_openapi(document)
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/api/items/",
        "/api/recommendations/",
        "/api/recommendations.csv",
        "/api/pillars/",
        "/api/programs/",
        "/api/topics/",
        "/api/search/",
        "/api/openapi.json",
        "/api/agencies/{slug}/tracker/",
        "/api/items.csv",
        "/api/pillars.csv",
        "/api/programs.csv",
        "/api/topics.csv",
        "/api/open-data.zip",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/api/items/?source=com1",
        "/api/recommendations/?topic=x",
        "/api/recommendations.csv?topic=x",
        "/api/search/?q=force&source=com1",
        "/api/search/?q=force&topic=x",
    ],
)
def test_well_formed_unknown_slugs_match_nothing(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if url.startswith("/api/recommendations.csv"):
        assert response.content.decode().count("\n") == 1  # the header row only
    else:
        assert response.json()["count"] == 0


def test_a_chosen_facet_value_is_listed_with_its_count_even_when_zero(client):
    data = client.get("/api/search/?q=force&topic=x").json()
    assert data["facets"]["topic"][-1] == {"value": "x", "label": "x", "count": 0}
    assert_matches_openapi_path(data, "/api/search/")


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/nothing/here")
    assert response.status_code == 404
    assert "error" in response.json()


def test_items_list_recommendations_with_their_crosswalk_and_programs(client):
    data = client.get("/api/items/", {"type": "recommendation", "source": "ne"}).json()
    by_key = {row["key"]: row for row in data["results"]}
    listed = client.get("/api/recommendations/", {"source": "ne"}).json()["results"]
    for row in listed:
        if row["key"] in by_key:
            assert by_key[row["key"]]["related"] == row["related"]
            assert by_key[row["key"]]["programs"] == row["programs"]
    pillars = client.get("/api/items/", {"type": "pillar"}).json()["results"]
    assert all("related" not in row for row in pillars)
